"""The live 60-second coach: notice, while the candidate is still talking, that an answer runs on.

Pure: the words heard so far and the answer's audio clock in, a cue out.
Two clocks, each used for what it is good at:

- the commit point and check-ins come from the transcript (the live words,
  which lag the voice by a second or two: fine for a point a minute back);
- the time since then comes from the VAD's clock (samples heard), which is
  exact and never lags, so the cue lands when the limit passes, not when the
  transcript catches up.

The rule is the judge's run-on rule (`judge.stretches`): the clock starts
at the commit point (and, in the architecture phase, restarts after each
check-in with the interviewer); past `run_on_limit(phase)` with no hand-off
yet, the answer is running on. The commit point and check-ins are the judge's own acts.
The cue fires at most once per stretch, and only while the candidate is
speaking (a silence at the limit may be the end of the answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mockloop.judge.acts import tag
from mockloop.judge.answer import gives_floor, takes_position
from mockloop.judge.segment import segment
from mockloop.judge.stretches import run_on_limit, running_since
from mockloop.model import Word
from mockloop.settings import Settings

MODES = ("tone", "interrupt")
"""`--coach tone`: a short soft tone; `--coach interrupt`: the interviewer cuts in."""


@dataclass(frozen=True)
class Cue:
    """The moment the coach spoke up, on the answer's clock (seconds from listening start)."""

    t: float
    since: float
    """Where the stretch began: the commit point, or the end of the last check-in."""

    limit: float


class Coach:
    """Watches one answer at a time; `start` before each answer, `hear` as it goes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limit = settings.run_on_s
        self.phase: str | None = None
        self._anchor: float | None = None
        self._fired_for: float | None = None
        self._seen = (0, 0.0)

    def start(self, phase: str | None) -> None:
        self.limit = run_on_limit(phase, self.settings)
        self.phase = phase
        self._anchor = None
        self._fired_for = None
        self._seen = (0, 0.0)

    def anchor(self, words: Sequence[Word]) -> float | None:
        """Start of the current stretch: the last check-in's end after the commit, or the commit."""
        key = (len(words), words[-1].end if words else 0.0)
        if key == self._seen:
            return self._anchor
        self._seen = key
        tagged = tag(segment(words), self.phase)
        commit = next((t.sentence.start for t in tagged if takes_position(t)), None)
        checkins = [t.sentence.end for t in tagged if gives_floor(t)]
        self._anchor = running_since(commit, checkins, self.phase)
        return self._anchor

    def hear(self, words: Sequence[Word], now_s: float, in_speech: bool) -> Cue | None:
        """A cue when this stretch has just passed the limit, else None."""
        since = self.anchor(words)
        if since is None or not in_speech:
            return None
        if self._fired_for is not None and since < self._fired_for + 1.0:
            return None  # this stretch has had its cue (a revised word can nudge its start)
        if now_s - since < self.limit:
            return None
        self._fired_for = since
        return Cue(now_s, since, self.limit)
