"""Split an answer's timed words into sentences, the unit the rules judge."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Word

_LEADING = re.compile(
    r"^(?:(?:um+|uh+|hmm+|er+|erm|ah|oh|so|and|but|okay|ok|well|yeah|right|now|like|alright)[,.!]?\s+)+"
)
_FILLER_ONLY = re.compile(r"^(?:(?:um+|uh+|hmm+|er+|erm|ah|mm+)[,.!?]?\s*)+$")
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


def split_sentences(words: tuple[Word, ...] | list[Word]) -> list[Sentence]:
    """Sentences in order, each with the time of its first and last word."""
    out: list[Sentence] = []
    current: list[Word] = []

    def flush() -> None:
        if current:
            out.append(Sentence(" ".join(w.text for w in current), current[0].start, current[-1].end))
            current.clear()

    for word in words:
        current.append(word)
        if word.text.rstrip("\"')").endswith((".", "?", "!")) or len(current) >= _MAX_WORDS:
            flush()
    flush()
    return out
