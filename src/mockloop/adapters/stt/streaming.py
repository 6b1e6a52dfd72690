"""Transcribe an answer while it is spoken: LocalAgreement over a bounded buffer.

Each pass re-decodes the audio since the last trim point. A word is committed
once two consecutive passes agree on it (the LocalAgreement-2 policy of
ufal/whisper_streaming); what they do not yet agree on is the tentative tail
shown dimmed in the live view. Once the buffer grows past `trim_s`, it is cut
at the end of the last committed word, so a pass costs the same at minute 3
as at second 10.

At the end, `final_words` re-decodes the uncommitted tail, never less than
`tail_s` seconds of audio: a sliver of a few hundred milliseconds is where
Whisper invents words.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from mockloop.model import Word
from mockloop.settings import SAMPLE_RATE
from mockloop.ports import StreamDecoder

TRIM_S = 8.0
TAIL_S = 3.0
LONGEST_PASS_S = 20.0
"""A pass never decodes more than this. When the decoder falls behind (a busy CPU),
the live words skip ahead rather than decode an ever longer buffer, whose time and
memory grow with its length; the refine pass afterwards fills what was skipped."""

TAIL_LEAD_IN_S = 1.0
"""The tail's audio starts this far before the last committed word ends, not mid-word."""

CONTEXT_WORDS = 30
"""Committed words passed back as the prompt: enough to keep style and names."""

_NORM = re.compile(r"[^a-z0-9']+")


def _key(word: Word) -> str:
    return _NORM.sub("", word.text.lower())


@dataclass(frozen=True)
class Commit:
    """A committed word and how much audio had arrived when it was committed."""

    word: Word
    at_s: float

    @property
    def lag_s(self) -> float:
        """Seconds between the word's end and its commit, on the audio clock."""
        return max(0.0, self.at_s - self.word.end)


class AudioBuffer:
    """A growing mono 16 kHz buffer that one thread appends to and others read."""

    def __init__(self, capacity_s: float = 60.0) -> None:
        self._data = np.zeros(int(capacity_s * SAMPLE_RATE), dtype=np.float32)
        self._n = 0
        self._lock = threading.Lock()

    def append(self, chunk: npt.NDArray[np.float32]) -> None:
        with self._lock:
            need = self._n + len(chunk)
            if need > len(self._data):
                grown = np.zeros(max(need, 2 * len(self._data)), dtype=np.float32)
                grown[: self._n] = self._data[: self._n]
                self._data = grown
            self._data[self._n : need] = chunk
            self._n = need

    def __len__(self) -> int:
        return self._n

    def slice(self, start: int, end: int) -> npt.NDArray[np.float32]:
        with self._lock:
            return self._data[max(0, start) : min(end, self._n)].copy()

    def take(self) -> npt.NDArray[np.float32]:
        """All the audio, once the answer is over: the buffer's own memory when it is at
        least half full, so a long answer's audio is not held twice while the decoder
        finishes its last pass over it (8 MB for a 2-minute answer); a copy otherwise, so
        a short answer does not keep a mostly empty buffer alive. Appending later never
        changes what was taken."""
        with self._lock:
            if 2 * self._n >= len(self._data):
                return self._data[: self._n]
            return self._data[: self._n].copy()


class StreamingTranscriber:
    """Committed words of one answer, grown by `step` passes; used from one thread."""

    def __init__(
        self,
        decoder: StreamDecoder,
        audio: AudioBuffer,
        vocabulary: Sequence[str] = (),
        trim_s: float = TRIM_S,
        tail_s: float = TAIL_S,
    ) -> None:
        self.decoder = decoder
        self.audio = audio
        self.vocabulary = tuple(vocabulary)
        self.trim_s = trim_s
        self.tail_s = tail_s
        self.committed: list[Word] = []
        self.tentative: list[Word] = []
        self.commits: list[Commit] = []
        self.buffer_start = 0
        self.passes = 0
        self.lock = threading.Lock()
        """Guards `committed`/`tentative` against the live view reading mid-change."""

    @property
    def committed_end(self) -> float:
        return self.committed[-1].end if self.committed else 0.0

    def _context(self) -> str:
        return " ".join(w.text for w in self.committed[-CONTEXT_WORDS:])

    def _pass(self, start: int, end: int) -> list[Word]:
        """Decode [start, end) and keep only what comes after the committed words."""
        self.passes += 1
        offset = start / SAMPLE_RATE
        words = self.decoder.decode(self.audio.slice(start, end), self.vocabulary, self._context())
        shifted = [replace(w, start=w.start + offset, end=w.end + offset) for w in words]
        fresh = [w for w in shifted if w.start > self.committed_end - 0.1]
        return _drop_overlap(self.committed, fresh)

    def step(self, upto: int) -> list[Word]:
        """One pass over the buffer up to sample `upto`; returns the words newly committed."""
        if upto - self.buffer_start > LONGEST_PASS_S * SAMPLE_RATE:
            self.buffer_start = upto - int(LONGEST_PASS_S * SAMPLE_RATE)
            self.tentative = []
        new = self._pass(self.buffer_start, upto)
        agreed = 0
        while (
            agreed < min(len(new), len(self.tentative))
            and _key(new[agreed]) == _key(self.tentative[agreed])
        ):
            agreed += 1
        newly = new[:agreed]
        heard = len(self.audio) / SAMPLE_RATE  # audio that had arrived by the time the pass ended
        with self.lock:
            self.committed.extend(newly)
            self.tentative = new[agreed:]
        self.commits.extend(Commit(w, heard) for w in newly)
        if (upto - self.buffer_start) / SAMPLE_RATE > self.trim_s and self.committed:
            self.buffer_start = max(self.buffer_start, int(self.committed_end * SAMPLE_RATE))
        return newly

    def final_words(self, upto: int) -> list[Word]:
        """The whole answer up to `upto`: committed words plus a fresh decode of the tail.

        Does not change the committed words, so it can be run speculatively
        while the candidate is silent and thrown away if they speak again.
        """
        return [*self.committed, *self.final_tail(upto)]

    def final_tail(self, upto: int) -> list[Word]:
        """The words after the committed ones, decoded with the full beam (at least `tail_s` of audio)."""
        lead_in = int((self.committed_end - TAIL_LEAD_IN_S) * SAMPLE_RATE)
        start = min(lead_in, upto - int(self.tail_s * SAMPLE_RATE))
        start = max(start, upto - int(LONGEST_PASS_S * SAMPLE_RATE))
        return self._pass(max(0, start), upto)

    def words(self) -> list[Word]:
        """Committed then tentative words, as heard so far (a snapshot)."""
        with self.lock:
            return [*self.committed, *self.tentative]

    def text(self) -> tuple[str, str]:
        """(committed, tentative) text, for the live view."""
        with self.lock:
            return " ".join(w.text for w in self.committed), " ".join(w.text for w in self.tentative)


def _drop_overlap(committed: Sequence[Word], fresh: list[Word], longest: int = 5) -> list[Word]:
    """Remove a run of fresh words that repeats the last committed ones (re-heard at the seam)."""
    if not committed or not fresh:
        return fresh
    for n in range(min(longest, len(committed), len(fresh)), 0, -1):
        if [_key(w) for w in committed[-n:]] == [_key(w) for w in fresh[:n]]:
            return fresh[n:]
    return fresh
