"""study and quiz spoken, on a real PulseAudio server: the model answer is heard on the
speaker; a quiz round is read out and answered into the virtual microphone."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import yaml

from mockloop.adapters.audio.files import read_wav
from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.adapters.storage.quiz import load_quiz
from mockloop.conversation.quiz import pick_round, shuffled

from ..pulse import Pulse
from .conftest import drive_practice

POSITIONS = ("the first one", "the second one", "the third one", "the fourth one")


def _active_seconds(samples: object, rate: int, floor_db: float = -40.0) -> float:
    import numpy as np

    data = np.asarray(samples, dtype=np.float64)
    frame = rate // 50
    n = len(data) // frame
    frames = data[: n * frame].reshape(n, frame)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    return float(np.sum(rms > 10 ** (floor_db / 20))) * frame / rate


def test_study_speaks_the_model_answer(pulse: Pulse, tmp_path: Path, data_home: Path) -> None:
    answer = Bank([shipped_dir()]).get("build-cache").phases["api"].model_answer
    capture = tmp_path / "speaker.wav"
    recorder = pulse.record(capture)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mockloop", "study", "build-cache", "--phase", "api", "--rate", "260"],
            env={**pulse.env, "MOCKLOOP_HOME": str(data_home)},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    assert answer in result.stdout
    heard, rate = read_wav(capture)
    # About a hundred words at 260 a minute: some twenty seconds of voice on the speaker.
    spoken = _active_seconds(heard, rate)
    assert 12.0 < spoken < 45.0, spoken


def _say(text: str, path: Path) -> Path:
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(path), text], check=True, timeout=60)
    return path


def test_a_spoken_quiz_round_answered_by_voice(pulse: Pulse, tmp_path: Path, data_home: Path) -> None:
    rng = random.Random(5)
    items = [shuffled(i, rng) for i in pick_round(list(load_quiz([shipped_dir()]).items), rng)]
    replies = [POSITIONS[items[0].answer], POSITIONS[items[1].answer], POSITIONS[items[2].answer],
               POSITIONS[(items[3].answer + 1) % 4], POSITIONS[items[4].answer]]  # fmt: skip
    wavs = [_say(text, tmp_path / f"{i:02d}.wav") for i, text in enumerate(replies)]
    run = drive_practice(pulse, data_home, ["--seed", "5", "--rate", "400"], wavs, command="quiz", timeout=600)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "score: 4/5", run.stdout
    assert run.session is not None
    meta = yaml.safe_load((run.session / "session.yaml").read_text())
    assert meta["kind"] == "quiz" and meta["answers"] == "microphone" and meta["quiz"]["score"] == 4
    turns = json.loads((run.session / "transcript.json").read_text())["turns"]
    heard = [t["text"].lower() for t in turns if t["speaker"] == "candidate"]
    assert len(heard) == 5 and all("one" in h for h in heard), heard
    # A short answer, once finished, gets its reply soon: each turn is the wait before the
    # answer is played, about a second of speech, and under a second of silence (the turn
    # model doubts a two-word reply, and alone would wait 4.5 s of silence).
    lengths = [t["end"] - t["start"] for t in turns if t["speaker"] == "candidate"]
    assert max(lengths) < 4.0, lengths
    # The interviewer's turns were spoken and kept as audio for replay.
    assert all(t["source"] for t in turns if t["speaker"] == "interviewer")
