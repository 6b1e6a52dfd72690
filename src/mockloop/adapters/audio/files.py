"""Read audio files into 16 kHz mono float32 samples; write session audio.

Decoding goes through PyAV (bundled with faster-whisper), so anything FFmpeg
reads works: wav, flac, mp3, ogg, m4a. Every failure becomes an AudioError
that names the file and says what to do.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from mockloop.errors import AudioError, InputError
from mockloop.settings import SAMPLE_RATE

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".webm", ".mp4")

SILENCE_PEAK = 10 ** (-50 / 20)
"""Peak level (-50 dBFS) below which a recording is taken to hold no sound at all."""


def is_audio_file(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def read_audio(path: Path, allow_silent: bool = False) -> npt.NDArray[np.float32]:
    """Decode `path` to 16 kHz mono float32; raise AudioError if unusable.

    A silent recording is an error (a dead microphone) unless `allow_silent`:
    replaying a saved turn in which nothing was said is fine.
    """
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
    if not allow_silent and float(np.max(np.abs(audio))) < SILENCE_PEAK:
        raise AudioError(
            f"{path}: the recording is silent ({audio.size / SAMPLE_RATE:.1f} s, no sound above -50 dBFS)",
            "check the microphone and its level, then record again",
        )
    return audio


def duration_s(audio: npt.NDArray[np.float32]) -> float:
    return float(audio.size) / SAMPLE_RATE


def read_wav(path: Path) -> tuple[npt.NDArray[np.float32], int]:
    """A 16-bit PCM WAV as float32 mono samples and its own sample rate."""
    with wave.open(str(path), "rb") as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise AudioError(f"{path}: {8 * width}-bit audio; expected 16-bit PCM", "convert it to 16-bit WAV")
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


PCM_BLOCK = 1 << 16
"""Samples converted to 16-bit at a time (4 s at 16 kHz)."""


def _pcm16(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.int16]:
    """16-bit PCM, a block at a time: over a whole long answer at once the clipped and the
    scaled float copies would hold twice the answer's audio again (20 MB for a 2-minute
    answer, while the decoder is still at work on its last pass)."""
    out = np.empty(len(samples), dtype="<i2")
    for i in range(0, len(samples), PCM_BLOCK):
        block = np.clip(samples[i : i + PCM_BLOCK], -1.0, 1.0)
        block *= 32767.0
        out[i : i + PCM_BLOCK] = block.astype("<i2")
    return out


def write_wav(out: IO[bytes] | Path, samples: npt.NDArray[np.float32], rate: int = SAMPLE_RATE) -> None:
    """16-bit PCM mono WAV, into an open file (the store's temp file) or a path."""
    with wave.open(out if not isinstance(out, Path) else str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(_pcm16(samples).tobytes())


def write_flac(out: IO[bytes] | Path, samples: npt.NDArray[np.float32], rate: int = SAMPLE_RATE) -> None:
    """Lossless mono FLAC (about half the size of WAV for speech), through PyAV, into an
    open file (the store's temp file) or a path."""
    import av

    with av.open(out if not isinstance(out, Path) else str(out), "w", format="flac") as container:
        stream = container.add_stream("flac", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(_pcm16(samples)[None, :], format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
