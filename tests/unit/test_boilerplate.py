"""The video outro lines Whisper invents are taken out; what candidates say stays."""

from __future__ import annotations

import pytest

from mockloop.adapters.stt.boilerplate import drop_outros, is_outro
from mockloop.model import Word


def _words(text: str) -> list[Word]:
    return [Word(t, i * 0.5, i * 0.5 + 0.4, 0.9) for i, t in enumerate(text.split())]


def _said(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


@pytest.mark.parametrize(
    "line",
    [
        "Thanks for watching!",
        "Thank you so much for watching.",
        "Okay, we'll see you in the next one.",
        "See you next time!",
        "Please subscribe to my channel.",
        "Subtitles by the Amara.org community",
    ],
)
def test_a_whole_outro_line_is_invented(line: str) -> None:
    assert is_outro(line)
    words = _words(f"We shard by user id. {line}")
    kept, dropped = drop_outros(words)
    assert _said(kept) == "We shard by user id."
    assert dropped == [(words[5].start, words[-1].end)]


def test_an_outro_run_on_after_a_capitalised_word_is_cut_from_the_sentence() -> None:
    words = _words("the peak is in the tens of thousands We'll see you in the next one.")
    kept, dropped = drop_outros(words)
    assert _said(kept) == "the peak is in the tens of thousands"
    assert dropped == [(words[8].start, words[-1].end)]


@pytest.mark.parametrize(
    "said",
    [
        "Clients subscribe. Then the broker fans out.",
        "So consumers subscribe to the channel they follow.",
        "Thanks for listening.",
        "I'd like to see you in the next round argue for it.",
        "We can see you in the next region's logs, then replay.",
        "Thank you.",
        "and then the feed service will see you in the next one, the one after the cache",
    ],
)
def test_what_a_candidate_says_stays(said: str) -> None:
    kept, dropped = drop_outros(_words(said))
    assert _said(kept) == said
    assert dropped == []


class _Segment:
    def __init__(self, words: list[tuple[str, float, float]]) -> None:
        self.words = [_Said(*w) for w in words]
        self.seek = 0
        self.tokens: list[int] = []


class _Said:
    def __init__(self, word: str, start: float, end: float) -> None:
        self.word, self.start, self.end, self.probability = f" {word}", start, end, 0.9


class _Whisper:
    """A stand-in for faster-whisper that invents an outro over the end of the first
    call's audio and hears the words when that stretch is decoded again alone."""

    frames_per_second = 100
    time_precision = 0.02

    def __init__(self) -> None:
        self.calls: list[float] = []

    def transcribe(self, audio: object, **opts: object) -> tuple[list[_Segment], None]:
        self.calls.append(len(audio) / 16000)  # type: ignore[arg-type]
        if len(self.calls) == 1:
            return [_Segment([("We", 0.5, 0.8), ("shard.", 0.8, 1.2), ("Thanks", 1.4, 1.7), ("for", 1.7, 1.8), ("watching!", 1.8, 2.4)])], None
        return [_Segment([("by", 0.2, 0.5), ("user.", 0.5, 0.9)])], None


def test_an_invented_outro_is_taken_out_and_its_stretch_decoded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from mockloop.adapters.audio import vad
    from mockloop.adapters.stt.whisper import WhisperTranscriber

    monkeypatch.setattr(vad, "voiced_spans", lambda audio: [(0.4, 2.5)])
    t = WhisperTranscriber()
    fake = _Whisper()
    t._model = fake
    heard = t.recognize(np.zeros(16000 * 3, dtype=np.float32))
    assert [w.text for w in heard.words] == ["We", "shard.", "by", "user."]
    assert heard.redecoded == ((1.4, 2.4),)
    assert fake.calls == [3.0, pytest.approx(1.4)]
