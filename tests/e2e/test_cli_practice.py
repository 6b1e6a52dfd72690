"""`mockloop practice` without sound devices: typed answers, recorded answers, bad input, Ctrl-C."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from mockloop.adapters.stt.wer import wer

from tests.conftest import AUDIO_FIXTURES
from tests.e2e.conftest import Run


def _session(home: Path) -> Path:
    sessions = sorted((home / "sessions").iterdir())
    assert len(sessions) == 1, sessions
    return sessions[0]


def _turns(session: Path) -> list[dict[str, object]]:
    turns: list[dict[str, object]] = json.loads((session / "transcript.json").read_text())["turns"]
    return turns


def _practice(home: Path, *args: str, stdin: str = "", **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockloop", "practice", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "MOCKLOOP_HOME": str(home)},
        **kw,  # type: ignore[arg-type]
    )


def test_typed_session_walks_phases_and_saves_each_turn(data_home: Path) -> None:
    answers = [
        "I'd ask who the clients are and how big the artifacts get.",
        "Reads dominate, so hits must be fast. Let's move on.",
        "About ten thousand lookups per second at peak.",
    ]
    result = _practice(
        data_home, "build-cache", "--text", "--no-speech", "--minutes", "45", "--phases", "requirements,estimation",
        stdin="\n".join(answers) + "\n",
    )
    assert result.returncode == 0, result.stderr
    session = _session(data_home)
    assert f"saved in {session}" in result.stdout
    turns = _turns(session)
    said = [(t["speaker"], t["phase"]) for t in turns]
    assert said == [
        ("interviewer", None),  # greeting, question, reminder: before any phase opens
        ("interviewer", "requirements"),
        ("candidate", "requirements"),
        ("interviewer", "requirements"),  # a follow-up: the budget is not spent
        ("candidate", "requirements"),
        ("interviewer", "estimation"),  # the candidate asked to move on
        ("candidate", "estimation"),
        ("interviewer", "estimation"),
    ]
    assert [t["text"] for t in turns if t["speaker"] == "candidate"] == answers
    assert "Sure, let's move on." in str(turns[5]["text"])
    # Turns lie end to end on the session clock.
    assert all(a["end"] == b["start"] for a, b in zip(turns, turns[1:]))
    meta = yaml.safe_load((session / "session.yaml").read_text())
    assert meta["status"] == "answers ran out"
    assert meta["phases"] == ["requirements", "estimation"]
    assert meta["budgets_s"] == {"requirements": 1612.5, "estimation": 967.5}  # 43 min of phases, 5:3
    assert not list((session / "turns").iterdir())  # typed, unspoken: no audio
    # The session ends with its debrief, in three formats, judged on the budgets it ran to.
    assert "# Debrief: Build-cache service" in result.stdout
    assert f"debrief: {session / 'debrief.html'}" in result.stdout
    debrief = json.loads((session / "debrief.json").read_text())
    assert debrief["session"]["id"] == session.name
    assert debrief["metrics"]["answers"] == 3
    assert {p["phase"]: p["budget_s"] for p in debrief["timeline"]["phases"]} == meta["budgets_s"]
    assert (session / "debrief.md").read_text().startswith("# Debrief: Build-cache service")
    assert "<svg" in (session / "debrief.html").read_text()


def test_recorded_answers_are_transcribed_and_saved(data_home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    names = ["fillers-requirements", "concise-commit"]
    for i, name in enumerate(names, 1):
        shutil.copy(AUDIO_FIXTURES / f"{name}.wav", answers / f"{i:02d}-{name}.wav")
    result = _practice(data_home, "build-cache", "--answers-from", str(answers), "--no-speech", "--phases", "requirements")
    assert result.returncode == 0, result.stderr
    session = _session(data_home)
    candidate = [t for t in _turns(session) if t["speaker"] == "candidate"]
    assert len(candidate) == 2
    for turn, name in zip(candidate, names):
        assert wer((AUDIO_FIXTURES / f"{name}.txt").read_text(), str(turn["text"])) <= 0.3
        assert (session / str(turn["source"])).suffix == ".flac"
    assert yaml.safe_load((session / "session.yaml").read_text())["status"] == "answers ran out"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-question", "--text"], "no-such-question"),
        (["build-cache", "--text", "--phases", "requirements,lunch"], "unknown phase lunch"),
        (["build-cache", "--text", "--minutes", "0"], "--minutes 0: must be more than 0"),
        (["build-cache", "--answers-from", "{empty}", "--no-speech"], "the folder is empty"),
        (["build-cache", "--answers-from", "{notes}", "--no-speech"], "holds no audio files"),
        (["build-cache", "--answers-from", "{missing}", "--no-speech"], "no such folder"),
        (["build-cache", "--answers-from", "{broken}", "--no-speech"], "cannot decode the audio"),
    ],
)
def test_bad_input_is_one_line_and_records_nothing(data_home: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "answer.txt").write_text("not audio")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "01.wav").write_bytes(b"RIFF....WAVEfmt garbage")
    folders = {k: str(tmp_path / k) for k in ("empty", "notes", "missing", "broken")}
    result = _practice(data_home, *[a.format(**folders) for a in args])
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("mockloop: error: ") and message in lines[0], result.stderr
    assert all(line.startswith(("mockloop: error: ", "hint: ")) for line in lines)
    assert "Traceback" not in result.stderr
    assert not (data_home / "sessions").exists() or not any((data_home / "sessions").iterdir())


def test_unwritable_data_folder_fails_before_the_interview(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    for home in (blocker / "mockloop", Path("/proc/mockloop-test")):
        result = _practice(home, "build-cache", "--text", "--no-speech", stdin="hello\n")
        assert result.returncode == 5, result.stderr
        assert result.stderr.startswith("mockloop: error: cannot write to ")
        assert "MOCKLOOP_HOME" in result.stderr
        assert "interviewer" not in result.stdout


def _limit_file_size() -> None:
    # The data folder fills up: a file grown past 24 KB fails with EFBIG, as on a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (24_000, 24_000))


def test_full_data_folder_keeps_the_turns_already_saved(data_home: Path) -> None:
    answers = "\n".join(f"Answer number {i}: reads dominate, so the cache hit path must stay fast." for i in range(40))
    result = _practice(
        data_home, "build-cache", "--text", "--no-speech", "--phases", "requirements",
        stdin=answers + "\n", preexec_fn=_limit_file_size,
    )
    assert result.returncode == 5, result.stderr
    assert result.stderr.startswith("mockloop: error: the data folder is full")
    session = _session(data_home)
    turns = _turns(session)  # still valid JSON: the failed write never replaced it
    assert 3 <= len(turns) < 80
    assert turns[2]["text"] == "Answer number 0: reads dominate, so the cache hit path must stay fast."
    assert yaml.safe_load((session / "session.yaml").read_text())["status"] == "failed"
    assert f"saved in {session}" in result.stdout
    assert not list(session.glob("*.tmp"))


def test_ctrl_c_ends_cleanly_and_keeps_what_was_said(data_home: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockloop", "practice", "build-cache", "--text", "--no-speech"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MOCKLOOP_HOME": str(data_home)},
    )
    assert proc.stdin is not None
    proc.stdin.write("Reads dominate; a miss only costs a rebuild.\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until the first answer is on disk
        sessions = list((data_home / "sessions").glob("*/transcript.json"))
        if sessions and len(json.loads(sessions[0].read_text())["turns"]) >= 4:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    session = _session(data_home)
    assert f"saved in {session}" in out
    assert "mockloop: interrupted" in err and "Traceback" not in err
    # The preamble (greeting, question, reminder), the phase's opening, the answer, the reply.
    assert [t["speaker"] for t in _turns(session)] == ["interviewer", "interviewer", "candidate", "interviewer"]
    assert yaml.safe_load((session / "session.yaml").read_text())["status"] == "interrupted"


def test_devices_and_voices_list(mockloop: Run) -> None:
    voices = mockloop("voices")
    assert voices.returncode == 0, voices.stderr
    assert "en-us" in voices.stdout
    assert len(voices.stdout.splitlines()) > 10
