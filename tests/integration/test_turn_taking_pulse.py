"""End of turn through a real PulseAudio server, the real Smart Turn model and the real decoder.

A spoken answer with a 4 s thinking pause in the middle of a clause stays one
answer; after a finished answer the interviewer's voice starts within a
second of the candidate's last sample, timed on one recording of both
(`Pulse.record_both`). The answers are spoken by espeak-ng at test time.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import numpy as np
import yaml

from mockloop.adapters.audio.files import read_audio, read_wav

from ..pulse import Pulse, reply_gap
from .conftest import drive_practice

RATE = 16_000
BEFORE_PAUSE = "For the metadata I'd use Postgres, and for the blobs themselves we"
AFTER_PAUSE = "put them in object storage behind a CDN, because they never change. Does that match what you have in mind?"
SECOND = "Reads dominate, so I'd keep a small hot tier in memory on every node. So yeah, that's the shape of it."
PAUSE_S = 4.0


def _say(text: str, out: Path) -> np.ndarray:
    subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "165", "-w", str(out), text], check=True)
    audio = read_audio(out)
    loud = np.nonzero(np.abs(audio) > 0.01)[0]
    return audio[loud[0] : loud[-1] + 1]


def _wav(path: Path, audio: np.ndarray) -> Path:
    import wave

    tail = np.zeros(RATE * 3, dtype=np.float32)  # the candidate stays quiet after the answer
    samples = np.concatenate([audio, tail]) + 10 ** (-60 / 20) * np.random.default_rng(0).standard_normal(len(audio) + len(tail))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return path


def test_a_thinking_pause_stays_one_answer_and_a_finished_answer_gets_a_prompt_reply(
    pulse: Pulse, tmp_path: Path, data_home: Path
) -> None:
    first = np.concatenate(
        [_say(BEFORE_PAUSE, tmp_path / "a.wav"), np.zeros(int(PAUSE_S * RATE), dtype=np.float32), _say(AFTER_PAUSE, tmp_path / "b.wav")]
    )
    second = _say(SECOND, tmp_path / "c.wav")
    answers = [_wav(tmp_path / "1-paused.wav", first), _wav(tmp_path / "2-closing.wav", second)]
    both = tmp_path / "both.wav"
    recorder = pulse.record_both(both)
    started = time.monotonic()
    played_at: list[float] = []
    try:
        run = drive_practice(
            pulse,
            data_home,
            ["build-cache", "--minutes", "10", "--phases", "requirements", "--rate", "400"],
            answers,
            during_answer=lambda i, player: played_at.append(time.monotonic() - started),
            interrupt_at_end=True,
        )
    finally:
        time.sleep(0.5)
        recorder.terminate()
        recorder.wait(timeout=10)
    assert run.returncode == 130, run.stderr  # ended with Ctrl-C after the two answers; all kept
    assert run.session is not None
    assert "underrun" not in run.stdout + run.stderr

    turns = json.loads((run.session / "transcript.json").read_text())["turns"]
    answered = [t for t in turns if t["speaker"] == "candidate" and t["text"].strip()]  # not the one Ctrl-C ended
    assert len(answered) == 2, [t["text"] for t in answered]  # the pause did not split the first answer
    words = answered[0]["text"].lower()
    assert "postgres" in words.replace(" ", "") or "metadata" in words, words
    assert "storage" in words or "cdn" in words, words  # ...and its second half is in it
    meta = yaml.safe_load((run.session / "session.yaml").read_text())
    assert meta["settings"]["turn_detector"] == "smart" and meta["settings"]["end_silence_s"] == 8.0
    assert [e["input_overflows"] for e in meta["turn_taking"]] == [0, 0, 0]  # no audio dropped on the way in

    mixed, rate = read_wav(both)
    gaps = [reply_gap(mixed, read_audio(wav), at, rate) for wav, at in zip(answers, played_at)]
    assert all(0.0 < gap <= 1.0 for gap in gaps), gaps
