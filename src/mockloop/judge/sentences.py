"""Split an answer's timed words into sentences, the unit the rules judge."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from mockloop.model import Word

_LEADING = re.compile(
    r"^(?:(?:um+|uh+|hmm+|er+|erm|ah|oh|so|and|but|okay|ok|well|yeah|right|now|like|alright)[,.!]?\s+)+"
)
_FILLER_ONLY = re.compile(r"^(?:(?:um+|uh+|hmm+|er+|erm|ah|mm+)[,.!?]?\s*)+$")
T = TypeVar("T")

_MAX_WORDS = 60
"""An unpunctuated run is cut here so a rule never reads a whole minute as one sentence."""


@dataclass(frozen=True)
class Sentence:
    text: str
    start: float
    end: float

    @property
    def lower(self) -> str:
        """Lower case, straight quotes, single spaces: what the patterns match."""
        text = self.text.lower().replace("\u2019", "'").replace("\u2018", "'")
        return " ".join(text.split())

    @property
    def core(self) -> str:
        """`lower` without leading fillers and connectives ("um, so, actually" -> "actually")."""
        return _LEADING.sub("", self.lower)

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().endswith("?")

    @property
    def is_filler_only(self) -> bool:
        return bool(_FILLER_ONLY.match(self.lower))


def sentence_runs(items: Sequence[T], text: Callable[[T], str], max_words: int | None = None) -> list[list[T]]:
    """Consecutive words grouped into sentences: a run ends after '.', '?' or '!'
    (closing quotes allowed), or once it holds `max_words` words."""
    runs: list[list[T]] = []
    current: list[T] = []
    for item in items:
        current.append(item)
        ends = text(item).rstrip("\"')").endswith((".", "?", "!"))
        if ends or (max_words is not None and len(current) >= max_words):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def split_sentences(words: Sequence[Word]) -> list[Sentence]:
    """Sentences in order, each with the time of its first and last word."""
    return [
        Sentence(" ".join(w.text for w in run), run[0].start, run[-1].end)
        for run in sentence_runs(words, lambda w: w.text, _MAX_WORDS)
    ]
