"""The doctor's report and exit status, from fake probes: no device, model or disk."""

from __future__ import annotations

import io
import json

from mockloop.cli.context import Environment
from mockloop.services.doctor import Check, CheckFailed, Probe, format_line, passed, report_json, run_probe, summary
from mockloop.cli.doctor import report
from mockloop.errors import DeviceError


def _fails(exc: Exception, name: str = "microphone", fix: str = "plug one in", required: bool = True) -> Probe:
    def run() -> str:
        raise exc

    return Probe(name, run, fix, required)


def test_a_passing_probe_keeps_its_detail_and_no_fix() -> None:
    check = run_probe(Probe("voice", lambda: "espeak-ng renders a line", "install espeak-ng"))
    assert check == Check("voice", True, "espeak-ng renders a line", "", True)
    assert check.status == "ok"


def test_a_failure_gets_the_probe_fix_unless_it_names_its_own() -> None:
    assert run_probe(_fails(CheckFailed("muted"))) == Check("microphone", False, "muted", "plug one in")
    assert run_probe(_fails(CheckFailed("held", "close the other program"))).fix == "close the other program"


def test_a_mockloop_error_reports_its_message_but_not_its_hint() -> None:
    """A device error's hint points at doctor itself: the probe's own fix is the useful one."""
    check = run_probe(_fails(DeviceError("no microphone found", "run `mockloop doctor`")))
    assert (check.ok, check.detail, check.fix) == (False, "no microphone found", "plug one in")


def test_an_unexpected_exception_is_a_failed_check_not_a_crash() -> None:
    check = run_probe(_fails(RuntimeError("PortAudio said no")))
    assert (check.ok, check.detail) == (False, "RuntimeError: PortAudio said no")


def test_exit_logic_ignores_failed_optional_checks() -> None:
    ok = Check("a", True, "fine", "")
    warn = Check("browser", False, "no display", "use a desktop", required=False)
    fail = Check("speaker", False, "none", "connect one")
    assert passed([ok, warn]) and passed([])
    assert not passed([ok, warn, fail])
    assert (warn.status, fail.status) == ("warn", "FAIL")
    assert summary([ok, warn]) == "all required checks pass (1 warning)"
    assert summary([ok, fail, fail]) == "2 of 3 required checks failed"


def test_each_check_is_one_line_with_its_fix_only_when_it_failed() -> None:
    ok = Check("voice", True, "renders", "")
    fail = Check("speaker", False, "no speaker\nfound \x1b[31m(none)", "connect one")
    assert format_line(ok, 7) == "ok    voice    renders"
    assert format_line(fail, 7) == "FAIL  speaker  no speaker found [31m(none) — fix: connect one"


def test_json_has_exactly_the_documented_fields() -> None:
    doc = report_json([Check("browser", False, "no display", "use a desktop", required=False)])
    assert doc == {"checks": [{"name": "browser", "ok": False, "detail": "no display", "fix": "use a desktop", "required": False}]}


def _env() -> tuple[Environment, io.StringIO]:
    out = io.StringIO()
    return Environment(stdout=out, stderr=io.StringIO()), out


def test_report_exits_0_when_only_a_warning_fails() -> None:
    env, out = _env()
    probes = [
        Probe("sound server", lambda: "pulseaudio 16.1", "start it"),
        _fails(CheckFailed("no display"), "browser", "use a desktop", required=False),
    ]
    assert report(probes, env) == 0
    assert out.getvalue().splitlines() == [
        "ok    sound server  pulseaudio 16.1",
        "warn  browser       no display — fix: use a desktop",
        "all required checks pass (1 warning)",
    ]


def test_report_exits_1_when_a_required_check_fails_and_json_is_one_document() -> None:
    env, out = _env()
    probes = [Probe("voice", lambda: "renders", "install espeak-ng"), _fails(DeviceError("no microphone found"))]
    assert report(probes, env, as_json=True) == 1
    doc = json.loads(out.getvalue())
    assert [(c["name"], c["ok"], c["fix"]) for c in doc["checks"]] == [("voice", True, ""), ("microphone", False, "plug one in")]
