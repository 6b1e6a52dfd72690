"""Plain data shared by every layer: words, turns, transcripts.

Times are seconds from the start of the recording. These dataclasses are
frozen so that the judging core can pass them around without copying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from mockloop.errors import MockloopError

PHASES: tuple[str, ...] = (
    "requirements",
    "estimation",
    "api",
    "data_model",
    "architecture",
    "deep_dive",
)
"""The six phases of the framework, in interview order."""

PHASE_TITLES: dict[str, str] = {
    "requirements": "Requirements",
    "estimation": "Estimation",
    "api": "API",
    "data_model": "Data model",
    "architecture": "Architecture",
    "deep_dive": "Deep dive",
}
"""How each phase is named to people."""

SPEAKERS: tuple[str, ...] = ("interviewer", "candidate")

Span = tuple[float, float]
"""A stretch of time, (start, end) in seconds."""

TYPED_SECONDS_PER_WORD = 60.0 / 150
"""Typed words are timed at 150 words per minute, a speaking pace."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` without control characters (ESC, NUL, …): text from a file or a keyboard,
    cleaned where it is read, so no terminal is ever sent an escape sequence it held."""
    return _CONTROL.sub("", text)


@dataclass(frozen=True)
class Word:
    """One recognised (or typed) word with its time span."""

    text: str
    start: float
    end: float
    probability: float = 1.0
    heard: str = ""
    """What the recogniser printed, when a known mishearing was put right (`corrections`)."""

    def shifted(self, offset: float) -> Word:
        """The same word `offset` seconds later."""
        return replace(self, start=self.start + offset, end=self.end + offset)


def typed_words(text: str, start: float = 0.0, end: float | None = None) -> tuple[Word, ...]:
    """Times for words that were typed, not heard: a speaking pace from `start`,
    squeezed to fit before `end` when one is given."""
    tokens = text.split()
    if not tokens:
        return ()
    per_word = TYPED_SECONDS_PER_WORD
    if end is not None and end > start:
        per_word = min(per_word, (end - start) / len(tokens))
    return tuple(
        Word(tok, round(start + i * per_word, 3), round(start + (i + 1) * per_word, 3))
        for i, tok in enumerate(tokens)
    )


@dataclass(frozen=True)
class Turn:
    """One stretch of speech by one speaker, in one phase.

    A candidate turn is one whole answer: consecutive candidate lines belong
    to the same turn until the interviewer speaks again.
    """

    speaker: str
    start: float
    end: float
    words: tuple[Word, ...]
    phase: str | None = None
    text: str = ""
    source: str = ""
    redecoded: tuple[Span, ...] = ()
    """Stretches of the answer the recogniser decoded a second time, alone and without a
    prompt, because the first pass left voiced audio wordless (`Recognition.redecoded`)."""

    @property
    def duration(self) -> float:
        return max(0.0, self.end - self.start)

    def shifted(self, offset: float) -> Turn:
        """The same turn with every time moved by `offset` seconds."""
        words = tuple(w.shifted(offset) for w in self.words)
        redecoded = tuple((a + offset, b + offset) for a, b in self.redecoded)
        return replace(self, start=self.start + offset, end=self.end + offset, words=words, redecoded=redecoded)


@dataclass(frozen=True)
class Recognition:
    """The careful pass over one recording: its words, and the stretches decoded again."""

    words: tuple[Word, ...]
    redecoded: tuple[Span, ...] = ()

    def shifted(self, offset: float) -> Recognition:
        """The same result `offset` seconds later."""
        return Recognition(
            tuple(w.shifted(offset) for w in self.words),
            tuple((a + offset, b + offset) for a, b in self.redecoded),
        )


@dataclass(frozen=True)
class Transcript:
    """A whole conversation (or a single answer) as ordered turns."""

    turns: tuple[Turn, ...]
    question: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def answers(self) -> tuple[Turn, ...]:
        """The candidate's answers, in order."""
        return tuple(t for t in self.turns if t.speaker == "candidate")


@dataclass(frozen=True)
class KeyPoint:
    """One thing a strong answer covers, with phrasings that show it was covered."""

    point: str
    phrasings: tuple[str, ...]
    ask: str = ""
    """The follow-up aimed at this point, asked when the candidate has not touched it."""


@dataclass(frozen=True)
class Fact:
    """What the interviewer answers when asked about one thing (scale, scope, a constraint)."""

    kind: str
    """scale, scope or constraint."""
    answer: str
    phrasings: tuple[str, ...]
    """Words a clarifying question about this uses ("laptops", "how many builds")."""


FACT_KINDS: tuple[str, ...] = ("scale", "scope", "constraint")


@dataclass(frozen=True)
class PhaseScript:
    """What the interviewer says in one phase, and what a strong answer hits."""

    opening: str
    follow_ups: tuple[str, ...]
    key_points: tuple[KeyPoint, ...]
    probes: tuple[str, ...] = ()
    pushbacks: tuple[str, ...] = ()
    applies_to: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Pushback text → the components it is aimed at ("redis", "cache"), for those that name any."""
    model_answer: str = ""
    """A strong candidate's answer to this phase, for `mockloop study`."""


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    prompt: str
    phases: dict[str, PhaseScript]
    vocabulary: tuple[str, ...] = ()
    path: str = ""
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class InterviewerLines:
    greeting: str
    framework_reminder: str
    transitions: dict[str, str]
    stop_you_there: str
    move_on: str
    closing: str
    no_fact: str = "That's your call — state an assumption and go on."
    """The reply to a clarifying question the question's facts do not answer."""


@dataclass(frozen=True)
class Clip:
    """Mono audio at its own sample rate (espeak-ng renders at 22 050 Hz)."""

    samples: npt.NDArray[np.float32]
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate


@dataclass(frozen=True)
class Response:
    """One answer as a `Candidate` gives it: words timed from the answer's start, the audio
    if there is any, and how it ended. The runner turns it into a candidate `Turn`."""

    words: tuple[Word, ...]
    duration_s: float
    audio: npt.NDArray[np.float32] | None = None
    ended_by: str = "end"
    source: str = ""
    move_on: bool = False
    error: MockloopError | None = None
    """Set when the answer was cut short by a fault; the words so far are kept."""

    interrupted: bool = False
    """Ctrl-C during the answer: what was heard is kept, then the session ends."""

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)
