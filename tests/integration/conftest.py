"""Fixtures for the real audio path: a PulseAudio server and a driver that 'speaks' answers."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.pulse import Pulse, start_pulse


@pytest.fixture(scope="module")
def pulse() -> Iterator[Pulse]:
    server = start_pulse()
    yield server
    server.remove()


@dataclass
class SpokenRun:
    """The outcome of a practice session driven through the virtual microphone."""

    returncode: int
    stdout: str
    stderr: str
    session: Path | None
    played: list[Path] = field(default_factory=list)


def sessions_dir(home: Path) -> Path:
    return home / "sessions"


CLOSING = yaml.safe_load((ROOT / "prompts" / "interviewer.yaml").read_text())["closing"].strip()


def _turns(session: Path) -> list[dict[str, object]]:
    for _ in range(20):
        try:
            turns = json.loads((session / "transcript.json").read_text())["turns"]
            return list(turns)
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError):
            time.sleep(0.05)  # being replaced right now
    return []


def _closing(turn: dict[str, object]) -> bool:
    return str(turn["text"]).strip() == " ".join(CLOSING.split())


def drive_practice(
    pulse: Pulse,
    home: Path,
    args: list[str],
    answers: list[Path],
    during_answer: Callable[[int, subprocess.Popen[bytes]], None] | None = None,
    timeout: float = 420.0,
    command: str = "practice",
    interrupt_at_end: bool = False,
) -> SpokenRun:
    """Run `mockloop practice ARGS`; each time the interviewer finishes a turn, play the next answer.

    An interviewer turn is finished when it is saved in transcript.json (with
    speech, after its WAV has played), so this works with --no-speech too.
    `interrupt_at_end`: once the answers are used up, the next interviewer
    turn that wants an answer gets Ctrl-C (SIGINT), as a user ends a session.
    """
    env = {**pulse.env, "MOCKLOOP_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockloop", command, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answered = 0
    played: list[Path] = []
    session: Path | None = None
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"{command} did not finish in {timeout:.0f} s")
            time.sleep(0.1)
            if session is None:
                found = sorted(sessions_dir(home).glob("*/turns")) if sessions_dir(home).exists() else []
                if not found:
                    continue
                session = found[-1].parent
            turns = _turns(session)
            asked = sum(1 for t in turns if t["speaker"] == "interviewer")
            # A session's preamble (greeting, question, reminder) is saved before the phase
            # opens: wait for the turn the candidate is meant to answer.
            if not turns or turns[-1]["speaker"] != "interviewer":
                continue
            if command in ("practice", "drill") and len(turns) == 1 and turns[0]["phase"] is None:
                continue
            if asked <= answered or _closing(turns[-1]):
                continue
            answered = asked
            if len(played) >= len(answers):
                if interrupt_at_end:
                    time.sleep(0.5)
                    proc.send_signal(signal.SIGINT)
                continue
            time.sleep(0.3)
            wav = answers[len(played)]
            player = pulse.play(wav)
            played.append(wav)
            if during_answer is not None:
                during_answer(len(played) - 1, player)
            player.wait(timeout=300)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return SpokenRun(proc.returncode, out, err, session, played)
