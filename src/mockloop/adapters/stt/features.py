"""Whisper's log-mel features exactly as faster-whisper computes them, a block of frames at a time.

faster-whisper's `FeatureExtractor` takes the short-time Fourier transform of
the whole audio in one go: for a 30 s refine piece it holds the windowed
frames, their spectrum and a complex64 copy of it at once, about 30 MB, and
a session does this on two threads (the live decoder's and the refine's)
while the model works for the other. Here each block of frames is windowed,
transformed and reduced to its power spectrum before the next, so only the
power spectrum of the whole audio is ever held (6 MB for 30 s); the mel
projection, the log and the clamp are faster-whisper's own lines. Each
frame's transform is the same computation either way, so the features are
the same to the bit (tests/unit/test_features.py), and recognition with them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from faster_whisper.feature_extractor import FeatureExtractor

BLOCK_FRAMES = 512
"""Frames (10 ms each) transformed at a time."""


class BlockFeatures(FeatureExtractor):  # type: ignore[misc]  # faster-whisper is untyped
    """A drop-in for faster-whisper's extractor with the same attributes and output."""

    def __call__(self, waveform: npt.NDArray[Any], padding: int = 160, chunk_length: int | None = None) -> npt.NDArray[np.float32]:
        if waveform.ndim != 1:
            return super().__call__(waveform, padding, chunk_length)  # type: ignore[no-any-return]
        if chunk_length is not None:
            self.n_samples = chunk_length * self.sampling_rate
            self.nb_max_frames = self.n_samples // self.hop_length
        if waveform.dtype != np.float32:
            waveform = waveform.astype(np.float32)
        if padding:
            waveform = np.pad(waveform, (0, padding))
        window = np.hanning(self.n_fft + 1)[:-1].astype("float32")
        magnitudes = self._power(waveform, window)
        mel_spec = self.mel_filters @ magnitudes
        log_spec = np.log10(np.clip(mel_spec, a_min=1e-10, a_max=None))
        log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
        log_spec = (log_spec + 4.0) / 4.0
        result: npt.NDArray[np.float32] = log_spec
        return result

    def _power(self, waveform: npt.NDArray[np.float32], window: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """|STFT|^2 without its last frame, as `FeatureExtractor.stft` (centred, reflect-padded)
        then `np.abs(stft[..., :-1]) ** 2` give it, filled a block of frames at a time."""
        n_fft, hop = self.n_fft, self.hop_length
        padded = np.pad(waveform, (n_fft // 2, n_fft // 2), mode="reflect")
        if len(padded) < n_fft:
            raise ValueError(f"stft: expected 0 < n_fft <= {len(padded)}, but got n_fft={n_fft}")
        n_frames = 1 + (len(padded) - n_fft) // hop
        frames = np.lib.stride_tricks.as_strided(
            padded, (n_frames, n_fft), (hop * padded.strides[0], padded.strides[0]), writeable=False
        )
        out = np.empty((n_fft // 2 + 1, n_frames - 1), dtype=np.float32)
        for start in range(0, n_frames - 1, BLOCK_FRAMES):
            end = min(start + BLOCK_FRAMES, n_frames - 1)
            spectrum = np.fft.rfft(frames[start:end] * window, n=n_fft, axis=-1).astype("complex64")
            out[:, start:end] = (np.abs(spectrum) ** 2).T
        return out


def lean(extractor: Any) -> BlockFeatures:
    """The same extractor (its settings and mel filters), computing block by block."""
    features = BlockFeatures.__new__(BlockFeatures)
    features.__dict__.update(vars(extractor))
    return features
