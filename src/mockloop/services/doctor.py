"""`mockloop doctor`'s core: run probes, judge the outcome, render the report.

A `Probe` is a named check with the fix a user needs when it fails; its
`run()` returns what it found (the detail) or raises. `run_probe` turns
either outcome into a `Check`, and the rest of this module is pure: text
lines, the JSON document, and whether every required check passed. The real
probes (devices, voice, model, data folder, browser) live in `doctor_checks`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from mockloop.errors import MockloopError


class CheckFailed(Exception):
    """Raised by a probe that ran but found a problem; `fix` overrides the probe's own."""

    def __init__(self, detail: str, fix: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.fix = fix


@dataclass(frozen=True)
class Probe:
    name: str
    run: Callable[[], str]
    """Returns the detail of a pass; raises CheckFailed (or any error) on a failure."""
    fix: str
    """What to do when this check fails."""
    required: bool = True
    """A failed optional check is a warning and does not change the exit status."""


@dataclass(frozen=True)
class Check:
    """One line of the report. `fix` is empty when the check passed."""

    name: str
    ok: bool
    detail: str
    fix: str
    required: bool = True

    @property
    def status(self) -> str:
        return "ok" if self.ok else ("FAIL" if self.required else "warn")


def run_probe(probe: Probe) -> Check:
    """Run one probe; whatever goes wrong becomes a failed check, never a traceback."""
    try:
        detail = probe.run()
    except CheckFailed as exc:
        return Check(probe.name, False, exc.detail, exc.fix or probe.fix, probe.required)
    except MockloopError as exc:
        return Check(probe.name, False, exc.message, probe.fix, probe.required)
    except Exception as exc:  # a diagnosis must report a broken library, not die of it
        return Check(probe.name, False, f"{type(exc).__name__}: {exc}", probe.fix, probe.required)
    return Check(probe.name, True, detail, "", probe.required)


def passed(checks: Sequence[Check]) -> bool:
    """True when every required check passed (warnings do not count)."""
    return all(c.ok for c in checks if c.required)


def _one_line(text: str) -> str:
    """Device names and library errors can hold newlines or escape codes: show plain text."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def format_line(check: Check, width: int) -> str:
    """`ok    microphone    detail`, or `FAIL  …  detail — fix: what to do`."""
    line = f"{check.status:<5} {check.name:<{width}}  {_one_line(check.detail)}"
    if not check.ok and check.fix:
        line += f" — fix: {_one_line(check.fix)}"
    return line


def summary(checks: Sequence[Check]) -> str:
    failed = sum(1 for c in checks if c.required and not c.ok)
    warned = sum(1 for c in checks if not c.required and not c.ok)
    required = sum(1 for c in checks if c.required)
    head = "all required checks pass" if not failed else f"{failed} of {required} required checks failed"
    return head + (f" ({warned} warning{'s' if warned != 1 else ''})" if warned else "")


def report_json(checks: Sequence[Check]) -> dict[str, Any]:
    """`{"checks": [{"name", "ok", "detail", "fix", "required"}, …]}`."""
    return {"checks": [asdict(c) for c in checks]}
