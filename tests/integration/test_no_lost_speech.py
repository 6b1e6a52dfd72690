"""Nothing voiced comes back wordless: answers with 1, 4 and 8 s pauses through the real model.

Marked `model`; never skipped. The answers are spoken by espeak-ng at test
time (sox for the pauses). The two halves and the en-gb voice are the ones
that reproduced issue 16's est-with-pause: before the fix, with the
question's vocabulary in the prompt, the 4 s answer came back as its first
7 s of words, stamped 24 s late, and the second half was gone.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mockloop.adapters.audio.files import duration_s, read_audio
from mockloop.adapters.audio.vad import voiced_spans
from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.adapters.stt import coverage
from mockloop.adapters.stt.wer import normalize
from mockloop.adapters.stt.whisper import WhisperTranscriber
from mockloop.services.analyze import load_inputs

pytestmark = pytest.mark.model

FIRST = (
    "Let me size this. Say five thousand engineers, each running about ten builds a day, and every "
    "build asks the cache a few hundred times. That is roughly fifty thousand builds a day."
)
SECOND = (
    "Builds cluster in working hours, so the peak is maybe ten times the average. That puts us around "
    "two thousand lookups per second at peak, and with one megabyte artifacts we need a few terabytes "
    "of storage for a two week window."
)
LEAD_S = 0.3


def _sox(*args: str) -> None:
    subprocess.run(["sox", *args], check=True, capture_output=True)


def _answer(tmp: Path, pause: float) -> Path:
    """FIRST, `pause` seconds of silence, SECOND; 16 kHz mono, with a short lead-in and tail."""
    parts = []
    for name, text in (("a", FIRST), ("b", SECOND)):
        raw = tmp / f"{name}-raw.wav"
        subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "150", "-w", str(raw), text], check=True, capture_output=True)
        _sox(str(raw), "-r", "16000", "-c", "1", "-b", "16", str(tmp / f"{name}.wav"))
        parts.append(str(tmp / f"{name}.wav"))
    _sox("-n", "-r", "16000", "-c", "1", "-b", "16", str(tmp / "pause.wav"), "trim", "0", str(pause))
    out = tmp / f"answer-{pause:g}s.wav"
    _sox(parts[0], str(tmp / "pause.wav"), parts[1], str(out), "pad", str(LEAD_S), "0.5")
    return out


@pytest.fixture(scope="module")
def transcriber() -> WhisperTranscriber:
    return WhisperTranscriber()


@pytest.mark.parametrize("pause", [1.0, 4.0, 8.0])
def test_no_voiced_stretch_comes_back_wordless(transcriber: WhisperTranscriber, tmp_path: Path, pause: float) -> None:
    audio = read_audio(_answer(tmp_path, pause))
    vocabulary = Bank([shipped_dir()]).get("build-cache").vocabulary
    result = transcriber.recognize(audio, vocabulary)
    words = result.words
    length = duration_s(audio)
    assert coverage.uncovered(voiced_spans(audio), words) == [], " ".join(w.text for w in words)
    previous_end = 0.0
    for w in words:
        assert previous_end <= w.start <= w.end <= length
        previous_end = w.end
    # Each half is heard in its own time: the first before the pause, the second after it.
    first_end = LEAD_S + duration_s(read_audio(tmp_path / "a.wav"))
    before = [w for w in words if w.end <= first_end + 0.5]
    after = [w for w in words if w.start >= first_end + pause - 0.5]
    assert words[0].start < LEAD_S + 1.0
    assert len(normalize(" ".join(w.text for w in before))) >= 0.8 * len(normalize(FIRST))
    assert len(normalize(" ".join(w.text for w in after))) >= 0.8 * len(normalize(SECOND))


def test_analyze_keeps_both_halves_of_an_answer_with_a_pause(transcriber: WhisperTranscriber, tmp_path: Path) -> None:
    """The issue's command, `mockloop analyze est-with-pause.wav --question build-cache`, as a service call."""
    wav = _answer(tmp_path, 4.0)
    vocabulary = Bank([shipped_dir()]).get("build-cache").vocabulary
    (transcript,) = load_inputs([wav], lambda: transcriber, question="build-cache", vocabulary=vocabulary)
    (turn,) = transcript.turns
    spoken = len(normalize(FIRST + " " + SECOND))
    assert len(normalize(turn.text)) >= 0.9 * spoken
    assert turn.words[0].start < LEAD_S + 1.0
    assert all(a <= b for a, b in turn.redecoded)
