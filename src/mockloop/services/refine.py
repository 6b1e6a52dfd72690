"""The careful pass over an answer already heard: beam search, the question's vocabulary,
known mishearings put right, lost speech decoded again, in pieces of at most 30 s.

Used by the practice runner (in the background, while the interviewer speaks) and by
`rescore` (over a saved session).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from mockloop.adapters import heap
from mockloop.errors import MockloopError
from mockloop.model import Recognition, Span, Word
from mockloop.ports import SessionStore, Transcriber
from mockloop.settings import SAMPLE_RATE


class Refiner:
    """Re-transcribes live answers in full, in the background, and swaps in the better words.

    Live passes are greedy over short windows so they keep up with speech;
    one beam-search pass over the whole answer is more accurate. It runs
    while the interviewer speaks the next line; the turn on disk first holds
    the live words, then the refined ones. A crash keeps the live words.
    """

    def __init__(self, transcriber: Transcriber, vocabulary: tuple[str, ...]) -> None:
        self.transcriber = transcriber
        self.vocabulary = vocabulary
        self._done: list[tuple[int, float, Recognition]] = []
        self._lock = threading.Lock()
        # One thread for the session, one answer at a time: they share the CPU with
        # the live passes, and a thread per answer leaks the model's per-thread caches.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mockloop-refine")
        self._pending: list[Future[None]] = []

    def submit(
        self, index: int, start: float, audio: npt.NDArray[np.float32], live: tuple[Word, ...] = ()
    ) -> Future[None]:
        def work() -> None:
            try:
                result = transcribe_in_pieces(self.transcriber, audio, self.vocabulary, live)
            except MockloopError:
                return  # the live words stay
            with self._lock:
                self._done.append((index, start, result))

        future = self._pool.submit(work)
        self._pending.append(future)
        return future

    def apply(self, folder: SessionStore) -> None:
        """Write the refined answers that are ready into the session folder."""
        with self._lock:
            done, self._done = self._done, []
        for index, start, result in done:
            shifted = result.shifted(start)
            folder.replace_words(index, shifted.words, shifted.redecoded)

    def finish(self, folder: SessionStore) -> None:
        for future in self._pending:
            future.result()
        self._pool.shutdown()
        self.apply(folder)


REFINE_PIECE_S = 30.0
"""Longest stretch refined at once: faster-whisper's memory grows with the audio it is
given (a 6-minute answer in one call peaked near 700 MB), so long answers go in pieces."""


def transcribe_in_pieces(
    transcriber: Transcriber,
    audio: npt.NDArray[np.float32],
    vocabulary: Sequence[str],
    guide: Sequence[Word] = (),
) -> Recognition:
    """The best transcription of a whole answer (the careful pass), in pieces of at most
    REFINE_PIECE_S cut in pauses; `guide` (earlier words, if any) shows where the pauses are.
    Each piece's lost stretches are decoded again (`Recognition.redecoded`).
    Times are from the start of `audio`."""
    words: list[Word] = []
    redecoded: list[Span] = []
    for a, b in cut_points(guide, len(audio) / SAMPLE_RATE):
        piece = transcriber.recognize(audio[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)], vocabulary).shifted(a)
        heap.release()
        words += piece.words
        redecoded += piece.redecoded
    return Recognition(tuple(words), tuple(redecoded))


def cut_points(words: Sequence[Word], duration: float, longest: float = REFINE_PIECE_S) -> list[tuple[float, float]]:
    """Pieces of at most `longest` seconds, cut in the widest gap between words near each limit."""
    pieces: list[tuple[float, float]] = []
    start = 0.0
    while duration - start > longest:
        limit = start + longest
        gaps = [
            (b.start - a.end, (a.end + b.start) / 2)
            for a, b in zip(words, words[1:])
            if start + longest / 2 < (a.end + b.start) / 2 < limit
        ]
        cut = max(gaps)[1] if gaps else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, duration))
    return pieces


