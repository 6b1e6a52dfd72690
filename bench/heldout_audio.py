#!/usr/bin/env python3
"""Speak the held-out answer scripts (tests/heldout/audio/scripts.jsonl) into bench/out/heldout/.

The scripts were written by an independent helper and are never tuned on
(tests/heldout/README.md). They are spoken by espeak-ng with voices, speeds
and pitches that audio_fixtures/make_fixtures.py does not use, so a decoding
choice that wins here did not win by fitting the fixtures' speakers. A
`<pause N>` mark becomes N seconds of silence (numpy). The WAVs are made at
bench time and never committed (bench/out/ is git-ignored); a file already
made with the same voice, speed and text is kept.

    python3 bench/heldout_audio.py          # make what is missing, print the folder
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "tests" / "heldout" / "audio" / "scripts.jsonl"
OUT = ROOT / "bench" / "out" / "heldout"
RATE = 16_000

VOICES = (
    "en-gb-scotland", "en-029", "en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
    "en-gb-scotland+f2", "en-029+m1", "en-us-nyc+f4", "en-gb-x-gbclan+m7", "en-gb-x-gbcwmd+f1",
)
"""None of these is a voice of audio_fixtures/ (en-us, en-gb, en-us+m3, en-us+f3, en-gb-x-rp)."""

SPEEDS = (135, 142, 175, 188)
"""Words per minute; the fixtures use 145-180 in steps of 145, 150, 152, 155, 160, 165, 170, 180."""

PITCHES = (35, 55, 65)

LEAD_S, TAIL_S = 0.3, 0.5
"""Silence before and after each answer, as a real recording has (the fixtures' own)."""

_PAUSE = re.compile(r"<pause\s+(\d+(?:\.\d+)?)>")


@dataclass(frozen=True)
class HeldOut:
    id: str
    question: str
    text: str
    """The words spoken, pause marks removed: the truth."""

    wav: Path
    voice: str
    speed: int
    pitch: int


def _parts(text: str) -> list[str | float]:
    out: list[str | float] = []
    pos = 0
    for m in _PAUSE.finditer(text):
        out.append(text[pos : m.start()].strip())
        out.append(float(m.group(1)))
        pos = m.end()
    out.append(text[pos:].strip())
    return [p for p in out if p != ""]


def _speak(text: str, voice: str, speed: int, pitch: int, tmp: Path) -> np.ndarray:
    raw, resampled = tmp / "raw.wav", tmp / "16k.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(raw), text],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    subprocess.run(
        ["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(resampled)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    with wave.open(str(resampled)) as f:
        return np.frombuffer(f.readframes(f.getnframes()), dtype=np.int16)


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.int16)


def build(out: Path = OUT) -> list[HeldOut]:
    """Every held-out answer as a WAV in `out` (made if missing or stale), in script order."""
    out.mkdir(parents=True, exist_ok=True)
    answers: list[HeldOut] = []
    lines = [json.loads(line) for line in SCRIPTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for i, doc in enumerate(lines):
            voice, speed, pitch = VOICES[i % len(VOICES)], SPEEDS[i % len(SPEEDS)], PITCHES[i % len(PITCHES)]
            parts = _parts(doc["text"])
            truth = " ".join(p for p in parts if isinstance(p, str))
            wav = out / f"{doc['id']}.wav"
            stamp = out / f"{doc['id']}.key"
            key = hashlib.sha256(json.dumps([voice, speed, pitch, doc["text"]]).encode()).hexdigest()
            if not (wav.is_file() and stamp.is_file() and stamp.read_text() == key):
                pieces = [_silence(LEAD_S)]
                for p in parts:
                    pieces.append(_silence(p) if isinstance(p, float) else _speak(p, voice, speed, pitch, tmp))
                pieces.append(_silence(TAIL_S))
                with wave.open(str(wav), "wb") as f:
                    f.setnchannels(1)
                    f.setsampwidth(2)
                    f.setframerate(RATE)
                    f.writeframes(np.concatenate(pieces).tobytes())
                stamp.write_text(key)
            answers.append(HeldOut(doc["id"], doc["question"], truth, wav, voice, speed, pitch))
    return answers


if __name__ == "__main__":
    made = build()
    print(f"{len(made)} held-out answers in {OUT}")
    sys.exit(0)
