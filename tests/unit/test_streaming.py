"""LocalAgreement streaming, the end-of-turn tail, and the session store, with plain data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt
import pytest
import yaml

from mockloop.judge.answer import ends_with_handoff
from mockloop.errors import StorageError
from mockloop.model import Recognition, Turn, Word
from mockloop.adapters.storage.store import SessionFolder, check_writable
from mockloop.adapters.stt.streaming import AudioBuffer, StreamingTranscriber


class ScriptedDecoder:
    """Hears a fixed script: each word is 0.5 s long; a pass sees the words its audio covers.

    `wobble` makes the last word of every pass come out wrong, as an unsettled
    word at the edge of the buffer does.
    """

    def __init__(self, script: Sequence[str], wobble: bool = False) -> None:
        self.script = list(script)
        self.wobble = wobble
        self.calls: list[tuple[float, float, str]] = []
        self.offset = 0.0

    def transcribe(self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = ()) -> list[Word]:
        return self.decode(audio, vocabulary)

    def recognize(self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = ()) -> Recognition:
        return Recognition(tuple(self.decode(audio, vocabulary)))

    def decode(
        self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = (), context: str = ""
    ) -> list[Word]:
        # The audio carries its own start time in its first sample (see `_audio`).
        start = float(audio[0]) if len(audio) else 0.0
        end = start + len(audio) / 16000
        self.calls.append((start, end, context))
        words = [
            Word(text, i * 0.5 - start, i * 0.5 + 0.45 - start)
            for i, text in enumerate(self.script)
            if i * 0.5 >= start - 0.01 and i * 0.5 + 0.45 <= end
        ]
        if self.wobble and words:
            words[-1] = Word(words[-1].text + "ish", words[-1].start, words[-1].end)
        return words


def _buffer(seconds: float) -> AudioBuffer:
    """Audio whose every sample holds its own time, so the fake decoder knows where a slice starts."""
    buffer = AudioBuffer(capacity_s=1.0)
    buffer.append((np.arange(int(seconds * 16000)) / 16000).astype(np.float32))
    return buffer


SCRIPT = "we write to the local region first and replicate asynchronously to a partner region".split()


def test_words_commit_once_two_passes_agree() -> None:
    decoder = ScriptedDecoder(SCRIPT, wobble=True)
    streamer = StreamingTranscriber(decoder, _buffer(8), trim_s=100)
    assert streamer.step(2 * 16000) == []  # one pass: nothing to agree with yet
    newly = streamer.step(3 * 16000)
    # Both passes heard "we write to the" (0-2 s); the wobbling edge word never commits.
    assert [w.text for w in newly] == ["we", "write", "to"]
    assert [w.text for w in streamer.tentative][-1].endswith("ish")
    streamer.step(4 * 16000)
    assert [w.text for w in streamer.committed] == SCRIPT[:5]
    assert all(c.lag_s >= 0 for c in streamer.commits)


def test_buffer_is_trimmed_after_committed_words_and_passes_stay_short() -> None:
    decoder = ScriptedDecoder(SCRIPT)
    streamer = StreamingTranscriber(decoder, _buffer(8), trim_s=2.0)
    for second in range(1, 9):
        streamer.step(second * 16000)
    assert streamer.buffer_start > 0
    assert max(end - start for start, end, _ in decoder.calls) <= 2.0 + 1.0 + 0.01
    assert [w.text for w in streamer.committed] == SCRIPT[: len(streamer.committed)]
    assert len(streamer.committed) >= 12
    # The prompt carries the committed words, so passes after a trim keep the thread.
    assert "region" in decoder.calls[-1][2]


def test_final_tail_completes_the_answer_without_repeating_words() -> None:
    decoder = ScriptedDecoder(SCRIPT)
    streamer = StreamingTranscriber(decoder, _buffer(8), trim_s=3.0)
    for second in range(1, 6):
        streamer.step(second * 16000)
    words = streamer.final_words(8 * 16000)
    assert [w.text for w in words] == SCRIPT
    start, end, _ = decoder.calls[-1]
    assert end - start >= 3.0  # never a sliver: at least tail_s of audio


@pytest.mark.parametrize(
    ("text", "handoff"),
    [
        ("I'd pick async replication. What do you want to pull on next?", True),
        ("Where should we go next?", True),
        ("Shall I go deeper on the write path?", True),
        ("How many lookups per second do we need to handle?", False),
        ("So the key is the hash.", False),
    ],
)
def test_fast_end_of_turn_only_for_explicit_handoffs(text: str, handoff: bool) -> None:
    words = [Word(t, i * 0.3, i * 0.3 + 0.25) for i, t in enumerate(text.split())]
    assert ends_with_handoff(words) is handoff


def test_store_writes_each_turn_as_it_ends(tmp_path: Path) -> None:
    folder = SessionFolder.create(tmp_path, "build-cache", {"minutes": 45})
    assert folder.path.parent == tmp_path / "sessions"
    assert yaml.safe_load((folder.path / "session.yaml").read_text())["status"] == "in progress"

    def writer(out: IO[bytes], audio: npt.NDArray[np.float32], rate: int) -> None:
        out.write(audio.tobytes())

    turn = Turn("interviewer", 0.0, 2.0, (Word("Hello.", 0.0, 2.0),), "requirements", "Hello.")
    saved = folder.add_turn(turn, np.zeros(10, dtype=np.float32), 16000, writer, ".wav")
    assert saved.source == "turns/01-interviewer.wav"
    assert (folder.path / saved.source).stat().st_size == 40
    doc = json.loads((folder.path / "transcript.json").read_text())
    assert [t["text"] for t in doc["turns"]] == ["Hello."]

    answer = Turn("candidate", 2.0, 4.0, (Word("hi", 2.0, 2.5),), "requirements", "hi")
    folder.add_turn(answer)
    folder.replace_words(1, (Word("high", 2.0, 2.5), Word("five", 2.5, 3.0)))
    doc = json.loads((folder.path / "transcript.json").read_text())
    assert doc["turns"][1]["text"] == "high five"
    assert not list(folder.path.glob("*.tmp")) and not list(folder.path.glob("turns/*.part*"))

    folder.finish("complete", minutes_spoken=0.07)
    meta = yaml.safe_load((folder.path / "session.yaml").read_text())
    assert meta["status"] == "complete" and meta["minutes"] == 45 and "ended" in meta
    assert "mockloop" in meta["versions"]


def test_two_sessions_in_the_same_second_get_their_own_folders(tmp_path: Path) -> None:
    a = SessionFolder.create(tmp_path, "q", {})
    b = SessionFolder.create(tmp_path, "q", {}, now=None)
    assert a.path != b.path


def test_unwritable_data_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot write to") as caught:
        check_writable(blocker / "home")
    assert "MOCKLOOP_HOME" in caught.value.hint


def test_long_answers_are_refined_in_pieces_cut_between_words() -> None:
    from mockloop.services.refine import cut_points

    # Words every 0.5 s, with a wider gap (a breath) at 24.0-25.0 s.
    words = [Word("w", t, t + 0.4) for t in np.arange(0.0, 24.0, 0.5)]
    words += [Word("w", t, t + 0.4) for t in np.arange(25.0, 70.0, 0.5)]
    pieces = cut_points(words, 70.0, longest=30.0)
    assert pieces[0] == (0.0, pytest.approx(24.45, abs=0.1))
    assert all(b - a <= 30.0 for a, b in pieces)
    assert pieces[-1][1] == 70.0
    assert all(p[1] == q[0] for p, q in zip(pieces, pieces[1:]))
    assert cut_points(words, 20.0) == [(0.0, 20.0)]


def test_the_live_window_ends_where_the_padding_begins() -> None:
    from mockloop.adapters.stt.whisper import content_frames

    features = np.zeros((1, 80, 3000), dtype=np.float32)
    features[0, :, :437] = -0.6  # log-mel of quiet audio is never 0 in every band
    features[0, 3, 436] = 0.0  # one band at 0 is still audio
    assert content_frames(features) == 438  # even, for the encoder's stride
    features[0, :, :438] = -0.6
    assert content_frames(features) == 438
    assert content_frames(np.zeros((80, 3000), dtype=np.float32)) == 0
