"""A spoken practice session end to end on a real PulseAudio server.

The interviewer speaks into the virtual speaker (recorded from its monitor);
fixture answers are played into the virtual microphone once the interviewer
has finished each turn; mockloop listens with the VAD, transcribes while the
answer plays, and saves every turn.
"""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import yaml

from mockloop.adapters.audio.files import read_audio, read_wav
from mockloop.adapters.stt.wer import wer

from tests.conftest import AUDIO_FIXTURES
from tests.pulse import Pulse
from tests.integration.conftest import drive_practice

ANSWERS = ["fillers-requirements", "concise-commit", "jargon-dedupe", "calibrated-estimate", "jargon-ratelimit"]


def _active_seconds(samples: np.ndarray, rate: int, floor_db: float = -40.0) -> float:
    """Seconds of 20 ms frames louder than `floor_db` dBFS: how long something was audible."""
    frame = rate // 50
    n = len(samples) // frame
    if n == 0:
        return 0.0
    frames = samples[: n * frame].reshape(n, frame)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    return float(np.sum(rms > 10 ** (floor_db / 20))) * frame / rate


def test_spoken_session_through_virtual_devices(pulse: Pulse, tmp_path: Path, data_home: Path) -> None:
    capture = tmp_path / "speaker.wav"
    recorder = pulse.record(capture)
    try:
        run = drive_practice(
            pulse,
            data_home,
            ["build-cache", "--minutes", "1", "--phases", "requirements,deep_dive", "--rate", "400", "--coach"],
            [AUDIO_FIXTURES / f"{name}.wav" for name in ANSWERS],
        )
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)
    assert run.returncode == 0, run.stderr
    assert run.session is not None
    assert f"saved in {run.session}" in run.stdout

    meta = yaml.safe_load((run.session / "session.yaml").read_text())
    assert meta["status"] == "complete"
    assert meta["question"] == "build-cache"
    assert meta["answers"] == "microphone"
    # Concise answers that hand off: the live coach never spoke up.
    assert meta["coach"] == {"mode": "tone", "cues": []}

    doc = json.loads((run.session / "transcript.json").read_text())
    turns = doc["turns"]
    speakers = [t["speaker"] for t in turns]
    assert speakers[0] == "interviewer" and speakers[-1] == "interviewer"
    # The preamble is its own turn before the first phase opens; then the speakers alternate.
    assert turns[0]["phase"] is None and speakers[1] == "interviewer"
    assert all(a != b for a, b in zip(speakers[1:], speakers[2:])), speakers
    phases = [t["phase"] for t in turns]
    assert phases[1] == "requirements" and "deep_dive" in phases
    assert phases.index("deep_dive") > phases.index("requirements")
    assert "That's our time" in turns[-1]["text"]

    answers = [t for t in turns if t["speaker"] == "candidate"]
    assert len(answers) == len(run.played) >= 2
    for turn, played in zip(answers, run.played):
        truth = played.with_suffix(".txt").read_text()
        assert wer(truth, turn["text"]) <= 0.35, (played.name, turn["text"])
        audio = read_audio(run.session / turn["source"])
        # The saved answer holds the whole played answer (plus the end-of-turn silence).
        assert len(audio) / 16000 >= len(read_audio(played)) / 16000 - 0.5
        assert turn["words"] and turn["words"][0]["start"] >= turn["start"]

    # The interviewer's voice reached the speaker: audible, and as long as the saved WAVs.
    heard, rate = read_wav(capture)
    spoken = 0.0
    for turn in (t for t in turns if t["speaker"] == "interviewer"):
        samples, wav_rate = read_wav(run.session / turn["source"])
        with wave.open(str(run.session / turn["source"])) as w:
            assert abs(w.getnframes() / w.getframerate() - (turn["end"] - turn["start"])) < 0.05
        spoken += _active_seconds(samples, wav_rate)
    assert spoken > 10
    assert abs(_active_seconds(heard, rate) - spoken) <= 0.1 * spoken, (_active_seconds(heard, rate), spoken)
