"""Hostile input, as a user runs the CLI: each gets one short error line and exit != 0, nothing
saved changes; and one damaged session never breaks `sessions` or `progress` for the others."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mockloop.adapters.storage.bank import shipped_dir

from tests.conftest import AUDIO_FIXTURES
from tests.helpers import write_wav
from tests.e2e.conftest import Run
from tests.e2e.test_cli_review import saved_session
from tests.e2e.test_cli_store_hardened import one_error, snapshot

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")
)
"""A billion-laughs YAML: a few hundred bytes, 9**9 values once expanded."""

MAX_ERROR_CHARS = 400


def short(result: subprocess.CompletedProcess[str]) -> None:
    assert len(result.stderr) < MAX_ERROR_CHARS and len(result.stdout) < 100_000, result.stderr[:500]


def typed(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockloop", "practice", *map(str, args)],
        input="I'd pick a cache.\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MOCKLOOP_HOME": str(home)},
    )


def no_sessions(home: Path) -> bool:
    return not (home / "sessions").exists() or not any((home / "sessions").iterdir())


def transcript_doc(**turn: Any) -> dict[str, Any]:
    base = {"speaker": "candidate", "phase": "deep_dive", "start": 0.0, "end": 2.0, "text": "I'd pick async.", "source": ""}
    base["words"] = [{"text": "I'd", "start": 0.0, "end": 0.5}, {"text": "pick", "start": 0.5, "end": 1.0}]
    return {"schema_version": 1, "question": None, "meta": {}, "turns": [{**base, **turn}]}


# --- resource exhaustion -----------------------------------------------------------------------


def test_an_alias_bomb_in_settings_yaml_is_one_short_line_at_once(mockloop: Run, data_home: Path) -> None:
    data_home.mkdir(parents=True)
    (data_home / "settings.yaml").write_text(BOMB)
    assert len(BOMB) < 400
    began = time.monotonic()
    result = mockloop("sessions")
    assert time.monotonic() - began < 20
    one_error(result, 2, "settings.yaml: cannot read it (more than 100000 values once its aliases are expanded)")
    short(result)


def test_an_alias_bomb_in_a_session_title_lists_that_session_as_damaged(mockloop: Run, data_home: Path) -> None:
    good = saved_session(data_home, "20261101-090000-url-shortener", "url-shortener-runs-on")
    bombed = saved_session(data_home, "20261102-090000-build-cache", "build-cache-relitigates")
    (bombed / "session.yaml").write_text(BOMB + "title: *i\n")
    began = time.monotonic()
    result = mockloop("sessions", "--json")
    assert time.monotonic() - began < 20 and result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows[good.name]["complete"] and not rows[bombed.name]["complete"]
    assert len(result.stdout) < 20_000


@pytest.mark.parametrize("where", ["settings.yaml", "transcript.json", "session.yaml"])
def test_5000_deep_nesting_is_one_line_not_a_recursion_error(mockloop: Run, data_home: Path, tmp_path: Path, where: str) -> None:
    if where == "settings.yaml":
        data_home.mkdir(parents=True)
        (data_home / "settings.yaml").write_text("run_on_s: " + "[" * 5000 + "]" * 5000 + "\n")
        result = mockloop("sessions")
        one_error(result, 2, "nested more than 64 levels deep")
    elif where == "transcript.json":
        path = tmp_path / "deep.json"
        path.write_text('{"schema_version": 1, "turns": ' + "[" * 5000 + "]" * 5000 + "}")
        result = mockloop("analyze", path)
        one_error(result, 2, "nested more than 64 levels deep")
    else:
        folder = saved_session(data_home, "20261102-090000-build-cache", "build-cache-relitigates")
        (folder / "session.yaml").write_text("title: " + "[" * 5000 + "]" * 5000 + "\n")
        result = mockloop("sessions")
        assert result.returncode == 0 and "Traceback" not in result.stderr
    short(result)


def test_a_huge_transcript_is_refused_unread(mockloop: Run, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(65 << 20)  # a sparse 65 MB file: costs no disk
    one_error(mockloop("analyze", path), 2, "larger than 64 MB")


# --- format strings ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["{name}", "{minutes.__class__.__mro__}", "{0}"])
def test_a_bank_line_is_never_a_format_string(data_home: Path, tmp_path: Path, mockloop: Run, field: str) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    text = (shipped_dir() / "interviewer.yaml").read_text()
    (bank / "interviewer.yaml").write_text(text.replace("We have about {minutes} minutes.", f"Hello {field}, {{minutes}} minutes."))
    result = typed(data_home, "build-cache", "--text", "--no-speech", "--bank", bank)
    one_error(result, 2, f"greeting: '{field}' is not a field mockloop fills in")
    assert "class" not in result.stdout and no_sessions(data_home)
    check = mockloop("questions", "--check", bank)
    assert check.returncode == 2 and "interviewer.yaml: greeting:" in check.stdout


def test_the_greeting_fills_in_minutes_by_replacement_only(data_home: Path) -> None:
    result = typed(data_home, "build-cache", "--text", "--no-speech", "--minutes", "20")
    assert result.returncode == 0, result.stderr
    assert "We have about 20 minutes." in result.stdout


def test_questions_check_reports_duplicate_ids_across_files(mockloop: Run, tmp_path: Path) -> None:
    shutil.copy(shipped_dir() / "url-shortener.yaml", tmp_path / "a.yaml")
    shutil.copy(shipped_dir() / "url-shortener.yaml", tmp_path / "b.yaml")
    shutil.copy(shipped_dir() / "interviewer.yaml", tmp_path / "interviewer.yaml")
    result = mockloop("questions", "--check", tmp_path)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert f"error {tmp_path / 'b.yaml'}: id: 'url-shortener' is also defined in {tmp_path / 'a.yaml'}" in lines
    assert any(line.startswith("ok    ") and "interviewer.yaml" in line for line in lines)
    assert lines[-1] == "2 valid, 1 with errors"


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--minutes", "inf"], "--minutes inf: must be more than 0"),
        (["--minutes", "nan"], "--minutes nan: must be more than 0"),
        (["--minutes", "-5"], "--minutes -5: must be more than 0"),
        (["--minutes", "0"], "--minutes 0: must be more than 0"),
        (["--minutes", "1e308"], "at most 1440"),
        (["--end-silence", "nan"], "--end-silence nan: must be more than 0"),
        (["--handoff-silence", "-1"], "--handoff-silence -1: must be more than 0"),
        (["--rate", "0"], "--rate 0: must be from 1"),
    ],
)
def test_bad_numbers_on_the_command_line_record_nothing(data_home: Path, args: list[str], words: str) -> None:
    result = typed(data_home, "build-cache", "--text", "--no-speech", *args)
    one_error(result, 2, words)
    assert no_sessions(data_home)


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        ("# minutes: -5\n", "# minutes: '-5' is not a session length"),
        ("# minutes: inf\n", "# minutes: 'inf' is not a session length"),
        ("# minutes: nan\n", "# minutes: 'nan' is not a session length"),
        (f"[{'9' * 400}:00:00.0] candidate: late.\n", "bad timestamp"),
    ],
)
def test_bad_numbers_in_timed_text(mockloop: Run, tmp_path: Path, lines: str, words: str) -> None:
    path = tmp_path / "t.txt"
    path.write_text(lines + "[00:00.0] interviewer: Go.\n[00:02.0] candidate: I'd pick async, because reads dominate.\n")
    result = mockloop("analyze", path)
    one_error(result, 2, words)
    short(result)
    assert mockloop("analyze", path, "--minutes", "nan").returncode == 2


@pytest.mark.parametrize("value", ["1e308", "NaN", "Infinity", "-Infinity", "1e400", "-1"])
def test_bad_times_in_transcript_json(mockloop: Run, tmp_path: Path, value: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(transcript_doc(end="END")).replace('"END"', value))
    one_error(mockloop("analyze", path), 2, str(path))


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("session_minutes: .inf", "session_minutes: inf is not a number of minutes"),
        ("session_minutes: .nan", "session_minutes: nan is not"),
        ("final_state_components: .inf", "final_state_components: inf is not a whole number"),
        ("final_state_components: 2.7", "final_state_components: 2.7 is not a whole number"),
        ("long_pause_s: " + "9" * 400, "long_pause_s: "),
    ],
)
def test_bad_numbers_in_settings_yaml(mockloop: Run, data_home: Path, setting: str, words: str) -> None:
    data_home.mkdir(parents=True)
    (data_home / "settings.yaml").write_text(setting + "\n")
    result = mockloop("sessions")
    one_error(result, 2, words)
    short(result)


# --- types -------------------------------------------------------------------------------------

DAMAGED: dict[str, dict[str, Any]] = {
    "meta a string": {**transcript_doc(), "meta": "oops"},
    "meta a list": {**transcript_doc(), "meta": [1, 2]},
    "words an int": transcript_doc(words=7),
    "text a dict": transcript_doc(text={"a": 1}),
    "a bool as a time": transcript_doc(start=True),
    "words out of order": transcript_doc(words=[{"text": "b", "start": 1.0, "end": 1.5}, {"text": "a", "start": 0.0, "end": 0.5}]),
    "a word ending before it starts": transcript_doc(words=[{"text": "a", "start": 1.0, "end": 0.5}]),
    "a turn ending before it starts": transcript_doc(start=5.0, end=1.0),
    "question a list": {**transcript_doc(), "question": ["x"]},
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_transcript_is_one_line_and_never_breaks_the_other_sessions(
    mockloop: Run, data_home: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(DAMAGED[name]))
    one_error(mockloop("analyze", path), 2, str(path))

    good = saved_session(data_home, "20261101-090000-url-shortener", "url-shortener-runs-on")
    bad = saved_session(data_home, "20261102-090000-build-cache", "build-cache-relitigates")
    shutil.copy(path, bad / "transcript.json")
    listed = mockloop("sessions", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert rows[good.name]["complete"] and not rows[bad.name]["complete"]
    progress = mockloop("progress", "--json")
    assert progress.returncode == 0, progress.stderr
    assert good.name in progress.stdout and bad.name not in progress.stdout
    one_error(mockloop("debrief", bad.name), 2, "transcript.json is damaged")


# --- nothing to judge --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[00:00.0] interviewer: Tell me about the cache.\n[00:05.0] interviewer: Anything?\n",
        "[00:00.0] interviewer: Go.\n[00:02.0] candidate:\n[00:04.0] candidate:   \n",
        "[00:00.0] interviewer: Go.\n[00:02.0] candidate: \x00\x00\x00\n",
    ],
    ids=["no candidate line", "only empty text", "only NUL bytes"],
)
def test_a_transcript_with_nothing_to_judge_says_so(mockloop: Run, tmp_path: Path, body: str) -> None:
    path = tmp_path / "t.txt"
    path.write_text(body)
    result = mockloop("analyze", path)
    one_error(result, 2, "no answer to judge")
    assert "verdict" not in result.stdout.lower()


def test_a_saved_session_with_no_answers_has_no_debrief(mockloop: Run, data_home: Path, tmp_path: Path) -> None:
    folder = saved_session(data_home, "20261101-090000-url-shortener", "url-shortener-runs-on")
    doc = json.loads((folder / "transcript.json").read_text())
    doc["turns"] = [t for t in doc["turns"] if t["speaker"] == "interviewer"]
    (folder / "transcript.json").write_text(json.dumps(doc))
    one_error(mockloop("debrief", "latest"), 2, "holds no answers, so there is nothing to judge")
    assert not (folder / "debrief.md").exists()


def _bad_audio(kind: str, folder: Path) -> Path:
    folder.mkdir()
    path = folder / "01.wav"
    if kind == "0.1 s":
        rng = np.random.default_rng(1)
        write_wav(path, (0.3 * rng.standard_normal(1600)).astype(np.float32))
    elif kind == "truncated":
        path.write_bytes((AUDIO_FIXTURES / "concise-commit.wav").read_bytes()[:2000])
    else:
        path.write_bytes((AUDIO_FIXTURES / "concise-commit.wav").read_bytes()[:44] + bytes(range(256)) * 40)
    return path


@pytest.mark.model
@pytest.mark.parametrize("kind", ["0.1 s", "truncated", "corrupt"])
def test_recorded_answers_with_nothing_to_judge_are_refused_like_analyze_refuses_them(
    mockloop: Run, data_home: Path, tmp_path: Path, kind: str
) -> None:
    path = _bad_audio(kind, tmp_path / "answers")
    analyzed = mockloop("analyze", path)
    assert analyzed.returncode == 2, analyzed.stdout
    practised = typed(data_home, "build-cache", "--answers-from", path.parent, "--no-speech")
    one_error(practised, 2, str(path))
    assert practised.stderr.splitlines()[0] == analyzed.stderr.splitlines()[0]
    assert no_sessions(data_home)


# --- display -----------------------------------------------------------------------------------


def test_escape_sequences_in_an_imported_transcript_never_reach_the_terminal(mockloop: Run, data_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("[00:00.0] interviewer: Go.\n[00:02.0] candidate: I'd pick \x1b[2J\x1b]0;pwned\x07async\x1b[31m, because reads dominate.\n")
    before = snapshot(tmp_path)
    shown = mockloop("analyze", path)
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout and "async" in shown.stdout
    assert mockloop("analyze", path, "--out", tmp_path / "out").returncode == 0
    saved = saved_session(data_home, "20261101-090000-url-shortener", "url-shortener-runs-on")
    shutil.copy(tmp_path / "out" / "transcript.json", saved / "transcript.json")
    for command in (["debrief", "latest"], ["replay", "latest", "--no-audio"], ["sessions"]):
        result = mockloop(*command)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert {k: v for k, v in snapshot(tmp_path).items() if k in before} == before
