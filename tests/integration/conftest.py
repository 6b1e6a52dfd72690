"""Fixtures for the real audio path: a PulseAudio server and a driver that 'speaks' answers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from ..conftest import ROOT
from ..pulse import Pulse, start_pulse


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


def _closed(session: Path) -> bool:
    """The interviewer's last turn was the closing line: no answer is wanted."""
    for _ in range(20):
        try:
            turns = json.loads((session / "transcript.json").read_text())["turns"]
            return bool(turns) and turns[-1]["text"].strip() == " ".join(CLOSING.split())
        except (OSError, ValueError, KeyError):
            time.sleep(0.05)  # being replaced right now
    return False


def drive_practice(
    pulse: Pulse,
    home: Path,
    args: list[str],
    answers: list[Path],
    during_answer: Callable[[int, subprocess.Popen[bytes]], None] | None = None,
    timeout: float = 420.0,
) -> SpokenRun:
    """Run `mockloop practice ARGS`; each time the interviewer finishes a turn, play the next answer.

    An interviewer turn is finished when its WAV appears in the session folder
    (it is written after playback ends).
    """
    env = {**pulse.env, "MOCKLOOP_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockloop", "practice", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[str] = set()
    played: list[Path] = []
    session: Path | None = None
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"practice did not finish in {timeout:.0f} s")
            time.sleep(0.1)
            if session is None:
                found = sorted(sessions_dir(home).glob("*/turns")) if sessions_dir(home).exists() else []
                if not found:
                    continue
                session = found[-1].parent
            new = sorted(p.name for p in (session / "turns").glob("*-interviewer.wav") if p.name not in seen)
            if not new:
                continue
            seen.update(new)
            if len(played) >= len(answers) or _closed(session):
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
