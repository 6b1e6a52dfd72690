"""Test helpers that make real files: encoded audio, WAVs of silence or noise."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

RATE = 16_000
CODECS = {"flac": "flac", "ogg": "libopus", "mp3": "libmp3lame", "m4a": "aac"}


def encode(samples: npt.NDArray[np.float32], path: Path) -> Path:
    """Encode 16 kHz mono samples into `path`, the codec chosen by its suffix."""
    codec = CODECS[path.suffix.lstrip(".")]
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=RATE, layout="mono")
        ctx = stream.codec_context
        resampler = av.AudioResampler(
            format=ctx.format.name, layout="mono", rate=RATE, frame_size=ctx.frame_size or 4096
        )
        src = av.AudioFrame.from_ndarray(
            (samples * 32767).astype(np.int16).reshape(1, -1), format="s16", layout="mono"
        )
        src.sample_rate = RATE
        for frame in resampler.resample(src) + resampler.resample(None):
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def write_wav(path: Path, samples: npt.NDArray[np.float32]) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path
