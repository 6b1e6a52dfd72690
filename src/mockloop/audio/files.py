"""Read audio files into 16 kHz mono float32 samples.

Decoding goes through PyAV (bundled with faster-whisper), so anything FFmpeg
reads works: wav, flac, mp3, ogg, m4a. Every failure becomes an AudioError
that names the file and says what to do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..errors import AudioError, InputError
from ..settings import SAMPLE_RATE

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".webm", ".mp4")

SILENCE_PEAK = 10 ** (-50 / 20)
"""Peak level (-50 dBFS) below which a recording is taken to hold no sound at all."""


def is_audio_file(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def read_audio(path: Path) -> npt.NDArray[np.float32]:
    """Decode `path` to 16 kHz mono float32; raise AudioError if unusable."""
    if not path.exists():
        raise InputError(f"{path}: no such file", "check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an audio file", "name the audio file itself")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: the file is empty", "record the answer again, or pick another file")
    from faster_whisper import decode_audio

    try:
        samples = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises many unrelated types for bad input
        raise AudioError(
            f"{path}: cannot decode the audio ({type(exc).__name__})",
            "give a wav, flac, mp3, ogg or m4a file; the file may be corrupt or truncated",
        ) from None
    audio = np.asarray(samples, dtype=np.float32)
    if audio.size == 0:
        raise AudioError(f"{path}: the file holds no audio samples", "record the answer again")
    if float(np.max(np.abs(audio))) < SILENCE_PEAK:
        raise AudioError(
            f"{path}: the recording is silent ({audio.size / SAMPLE_RATE:.1f} s, no sound above -50 dBFS)",
            "check the microphone level with 'mockloop doctor' and record again",
        )
    return audio


def duration_s(audio: npt.NDArray[np.float32]) -> float:
    return float(audio.size) / SAMPLE_RATE
