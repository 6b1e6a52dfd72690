"""The interviewer's voice: real espeak-ng through pyttsx3, line after line."""

from __future__ import annotations

import threading

import pytest

from mockloop.adapters.audio.voice import Pyttsx3Voice
from mockloop.errors import VoiceError
from mockloop.model import Clip

LINES = ["OK.", "Why?", "Three positions, no landing. 0 of 1.", "Committed in 2 seconds, handed off at 41: good. 2 of 2."]


def test_lines_from_two_threads_each_get_their_own_audio() -> None:
    # the practice runner synthesizes likely lines on one thread and the line it says on another
    voice = Pyttsx3Voice(rate=300)
    alone = {text: len(voice.synthesize(text).samples) for text in LINES}
    got: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def speak() -> None:
        try:
            for _ in range(5):
                for text in LINES:
                    got.append((text, len(voice.synthesize(text).samples)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=speak) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(got) == 2 * 5 * len(LINES)
    for text, n in got:  # no line empty, none glued to another (espeak's length varies by a few %)
        assert 0.75 * alone[text] < n < 1.25 * alone[text], (text, n, alone[text])


def test_an_empty_render_is_tried_once_more_and_then_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # a new voice after the one above was dropped: with an engine per voice, pyttsx3 then
    # returned every other line empty (half the runs of this test failed)
    voice = Pyttsx3Voice(rate=300)
    real = voice._render
    calls: list[str] = []

    def once_empty(text: str) -> Clip:
        calls.append(text)
        clip = real(text)
        return Clip(clip.samples[:0], clip.rate) if len(calls) == 1 else clip

    monkeypatch.setattr(voice, "_render", once_empty)
    assert len(voice.synthesize("Next question.").samples) > 0
    assert calls == ["Next question.", "Next question."]

    monkeypatch.setattr(voice, "_render", lambda text: Clip(real(text).samples[:0], 22050))
    with pytest.raises(VoiceError, match="no audio for 'Say the cost.'"):
        voice.synthesize("Say the cost.")
