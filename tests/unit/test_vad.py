"""The whole-recording VAD a block at a time: faster-whisper's probabilities and speech stretches, to the bit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from faster_whisper import vad as theirs
from faster_whisper.utils import get_assets_path

from mockloop.adapters.audio import vad
from mockloop.adapters.audio.files import read_audio
from tests.conftest import AUDIO_FIXTURES

RNG = np.random.default_rng(11)


def _frames(audio: np.ndarray) -> np.ndarray:
    return np.pad(audio, (0, vad.FRAME - len(audio) % vad.FRAME)).astype(np.float32)


@pytest.fixture(scope="module")
def original() -> Any:
    return theirs.SileroVADModel(f"{get_assets_path()}/silero_vad_v6.onnx")


@pytest.mark.parametrize(
    "audio",
    [
        (0.1 * RNG.standard_normal(700)).astype(np.float32),
        (0.1 * RNG.standard_normal(vad.FRAME * vad.BATCH_FRAMES)).astype(np.float32),
        read_audio(AUDIO_FIXTURES / "concise-commit.wav"),
        read_audio(AUDIO_FIXTURES / "relitigating-replication.wav"),
    ],
    ids=["one-frame", "one-block", "fixture", "2-minutes"],
)
def test_the_same_probabilities_as_faster_whisper(original: Any, audio: np.ndarray) -> None:
    padded = _frames(audio)
    expected = original(padded.copy())  # theirs writes into its input
    got = vad.BlockedSilero()(padded)
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)


def test_no_block_is_larger_than_batch_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    model = vad.BlockedSilero()
    sizes: list[int] = []
    session = model.session

    class Spy:
        def run(self, names: Any, feeds: dict[str, np.ndarray]) -> Any:
            sizes.append(len(feeds["input"]))
            return session.run(names, feeds)

    model.session = Spy()
    model(_frames(read_audio(AUDIO_FIXTURES / "relitigating-replication.wav")))
    assert len(sizes) > 1 and max(sizes) <= vad.BATCH_FRAMES


def test_faster_whisper_finds_the_same_speech_through_it(original: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    audio = read_audio(AUDIO_FIXTURES / "relitigating-replication.wav")
    options = theirs.VadOptions(min_silence_duration_ms=300, speech_pad_ms=100)
    monkeypatch.setattr(theirs, "get_vad_model", lambda: original)
    expected = theirs.get_speech_timestamps(audio, options)
    monkeypatch.undo()
    vad.use_blocked_vad()
    assert isinstance(theirs.get_vad_model(), vad.BlockedSilero)
    assert theirs.get_speech_timestamps(audio, options) == expected
    assert len(expected) > 3
