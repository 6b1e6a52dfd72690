"""The interviewer listens, as a user meets it: clarifying questions answered from the facts,
and a missed key point drawing its own follow-up, in a typed session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mockloop.adapters.storage.bank import Bank, shipped_dir

QUESTION = Bank([shipped_dir()]).get("build-cache")


def test_clarifying_questions_are_answered_and_a_missed_point_is_followed_up(data_home: Path) -> None:
    answers = [
        "Is it just CI, or developer laptops too? And how many builds a day do we run?",
        "Reads dominate, so a hit has to take a few milliseconds, and artifacts are immutable.",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "mockloop", "practice", "build-cache", "--text", "--no-speech", "--phases", "requirements"],
        input="\n".join(answers) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MOCKLOOP_HOME": str(data_home)},
    )
    assert result.returncode == 0, result.stderr
    session = next((data_home / "sessions").iterdir())
    turns = json.loads((session / "transcript.json").read_text())["turns"]
    # The preamble (greeting, question, reminder) is its own turn before the phase opens.
    assert [t["speaker"] for t in turns] == ["interviewer", "interviewer", "candidate", "interviewer", "candidate", "interviewer"]
    turns = turns[1:]
    reply = turns[2]["text"]
    laptops = next(f.answer for f in QUESTION.facts if "laptops" in f.answer)
    builds = next(f.answer for f in QUESTION.facts if "twenty thousand" in f.answer)
    points = QUESTION.phases["requirements"].key_points
    # Both questions answered from the facts, then the interviewer goes on: asking about
    # laptops scoped the clients, so the follow-up aims at the first point still untouched.
    assert reply == f"{laptops} {builds} {points[0].ask}"
    # The second answer covers reads and immutability, never what a lost artifact costs: that point's ask comes next.
    missed = points[1]
    assert turns[4]["text"] == missed.ask
    # The answers are interviewer turns like any other: saved, printed, replayable.
    assert laptops in result.stdout
    replay = subprocess.run(
        [sys.executable, "-m", "mockloop", "replay", "latest", "--no-audio"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MOCKLOOP_HOME": str(data_home)},
    )
    assert replay.returncode == 0, replay.stderr
    assert "developer laptops read from the same cache" in replay.stdout and missed.ask in replay.stdout
