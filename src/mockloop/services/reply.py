"""The interviewer's reply: its lines synthesized ahead, joined into one clip; an answer
merged from the two pieces a too-early reply split it into.

Used by the practice runner (`services/practice.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from mockloop.conversation.interview import Line
from mockloop.errors import MockloopError
from mockloop.model import Clip, Response
from mockloop.ports import Voice
from mockloop.settings import SAMPLE_RATE

LINE_GAP_S = 0.25
"""Silence between two lines of one interviewer turn (each line is synthesized on its own)."""


class Ahead:
    """The interviewer's likely next lines, synthesized while the candidate speaks.

    The conversation layer knows them (`Script.likely_next`); whichever one the
    interviewer then says is ready, so the voice starts as soon as the turn
    ends instead of after synthesis (0.7-3.2 s measured before). One thread,
    one line at a time: it shares the CPU with the live decoder."""

    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mockloop-voice")
        self._ready: dict[str, Future[Clip]] = {}

    def prepare(self, lines: Sequence[Line]) -> None:
        wanted = {line.text.strip() for line in lines if line.text.strip()}
        self._ready = {text: f for text, f in self._ready.items() if text in wanted}
        for text in wanted - set(self._ready):
            self._ready[text] = self._pool.submit(self.voice.synthesize, text)

    def clip(self, text: str) -> Clip:
        """The line's audio: synthesized ahead if it was likely, else now."""
        future = self._ready.pop(text, None)
        if future is not None:
            try:
                return future.result()
            except MockloopError:
                pass  # said fresh below; a fault there is the session's to report
        return self.voice.synthesize(text)

    def close(self) -> None:
        for future in self._ready.values():
            future.cancel()
        self._pool.shutdown(wait=True)


def joined(clips: Sequence[Clip]) -> Clip:
    """The lines of one interviewer turn as one clip, a short gap between them."""
    rate = clips[0].rate
    gap = np.zeros(int(LINE_GAP_S * rate), dtype=np.float32)
    parts: list[npt.NDArray[np.float32]] = []
    for clip in clips:
        if clip.rate != rate:
            raise ValueError("the voice changed its sample rate mid-turn")
        parts += [clip.samples, gap]
    return Clip(np.concatenate(parts[:-1]), rate)


def at_16k(clip: Clip) -> npt.NDArray[np.float32]:
    """The clip at the listener's rate (the echo check compares it with the microphone)."""
    if clip.rate == SAMPLE_RATE:
        return clip.samples
    n = int(len(clip.samples) * SAMPLE_RATE / clip.rate)
    t = np.arange(n) * (clip.rate / SAMPLE_RATE)
    return np.asarray(np.interp(t, np.arange(len(clip.samples)), clip.samples), dtype=np.float32)


def merged(first: Response, more: Response) -> Response:
    """One answer from two pieces heard back to back (the candidate went on after a pause
    the listener had taken for the end)."""
    offset = first.duration_s
    audio = None
    if first.audio is not None and more.audio is not None:
        audio = np.concatenate([first.audio, more.audio])
    return Response(
        (*first.words, *(w.shifted(offset) for w in more.words)),
        offset + more.duration_s,
        audio,
        more.ended_by,
        first.source,
        move_on=more.move_on,
        error=more.error,
        interrupted=more.interrupted,
    )
