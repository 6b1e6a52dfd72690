"""The block-by-block log-mel features are faster-whisper's own, to the bit (so recognition is unchanged)."""

from __future__ import annotations

import numpy as np
import pytest
from faster_whisper.feature_extractor import FeatureExtractor

from mockloop.adapters.audio.files import read_audio
from mockloop.adapters.stt import features
from tests.conftest import AUDIO_FIXTURES

RNG = np.random.default_rng(7)


@pytest.mark.parametrize(
    "audio",
    [
        (0.1 * RNG.standard_normal(400)).astype(np.float32),
        (0.1 * RNG.standard_normal(16000 * 8 + 3)).astype(np.float32),
        (0.1 * RNG.standard_normal(16000 * 30)).astype(np.float64),
        read_audio(AUDIO_FIXTURES / "concise-commit.wav"),
        read_audio(AUDIO_FIXTURES / "relitigating-replication.wav")[: 16000 * 30],
    ],
    ids=["25ms", "8s", "30s-float64", "fixture", "fixture-30s"],
)
@pytest.mark.parametrize("chunk_length", [None, 30])
def test_the_same_features_as_faster_whisper(audio: np.ndarray, chunk_length: int | None) -> None:
    theirs, ours = FeatureExtractor(feature_size=80), features.lean(FeatureExtractor(feature_size=80))
    expected, got = theirs(audio, chunk_length=chunk_length), ours(audio, chunk_length=chunk_length)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got, expected)
    assert (ours.n_samples, ours.nb_max_frames) == (theirs.n_samples, theirs.nb_max_frames)


def test_blocks_smaller_than_the_audio_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    audio = read_audio(AUDIO_FIXTURES / "concise-commit.wav")
    expected = features.lean(FeatureExtractor(feature_size=80))(audio)
    monkeypatch.setattr(features, "BLOCK_FRAMES", 7)
    assert np.array_equal(features.lean(FeatureExtractor(feature_size=80))(audio), expected)
