"""The 60-second drill: rapid deep-dive probes, a one-line verdict after each answer.

Pure, like `session.Interview` (and run by the same runner): the probes in,
the lines to speak out. After each answer the judge's signals become one
spoken line, the stopwatch's verdict, with the running score:

    "Committed in 8 seconds, handed off at 41: good. 2 of 2."
    "Three positions, no landing. 2 of 3."

An answer is good when it commits early (by `COMMIT_BY_S`), does not
re-argue the pick, and hands the floor back within the run-on limit of the
commit (the stopwatch rule: 60 seconds to elaborate, then ask where to go).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mockloop.judge.answer import AnswerSignals, judge_answer, run_on_limit
from mockloop.errors import InputError
from mockloop.model import Question, Turn
from mockloop.conversation.interview import Line
from mockloop.settings import Settings

PHASE = "deep_dive"
ANSWER_S = 60.0
"""Each answer's own minute, shown on the stopwatch."""

COMMIT_BY_S = 20.0
"""A pick later than this into the answer is buried: lead with it."""

DEFAULT_PROBES = 5

_NUMBERS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


@dataclass(frozen=True)
class Verdict:
    """The stopwatch's call on one answer; times are seconds from the answer's start."""

    good: bool
    line: str
    commit_s: float | None
    handoff_s: float | None
    end_s: float
    positions: int

    def as_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 1)

        return {
            "good": self.good,
            "verdict": self.line,
            "commit_s": r(self.commit_s),
            "handoff_s": r(self.handoff_s),
            "end_s": r(self.end_s),
            "positions": self.positions,
        }


def _secs(t: float) -> str:
    n = int(round(t))
    return "1 second" if n == 1 else f"{n} seconds"


def _count(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


def judge_drill_answer(turn: Turn, settings: Settings) -> Verdict:
    """One answer's verdict. Uses the judge's own signals, so the drill and the debrief agree."""
    s = judge_answer(turn, settings)
    return verdict_of(s, turn, settings)


def verdict_of(s: AnswerSignals, turn: Turn, settings: Settings) -> Verdict:
    start = turn.start
    spoken = [w for w in turn.words if w.text.strip()]
    end = (spoken[-1].end - start) if spoken else 0.0
    commit = None if s.commit_s is None else max(0.0, s.commit_s - start)
    handoff_at = next((e.t for e in reversed(s.evidence) if e.kind == "handoff"), None)
    handoff = None if handoff_at is None else max(0.0, handoff_at - start)

    def made(good: bool, line: str) -> Verdict:
        return Verdict(good, line, commit, handoff, end, s.positions)

    if not spoken:
        return made(False, "Nothing heard.")
    if commit is None:
        if s.positions >= 2:
            return made(False, f"{_count(s.positions)} positions, no landing.")
        return made(False, "No pick: name the options, choose one, say why.")
    committed = "Committed at once" if commit < 1.0 else f"Committed in {_secs(commit)}"
    if s.relitigated:
        again = next(
            (e.t - start for e in s.evidence if e.kind in ("reversal", "position") and e.t > (s.commit_s or 0.0)),
            None,
        )
        if s.positions >= 3:
            return made(False, f"{_count(s.positions)} positions before landing.")
        when = f" at {_secs(again)}" if again is not None else ""
        return made(False, f"{committed}, then reopened it{when}.")
    if commit > COMMIT_BY_S:
        return made(False, f"{committed}: lead with the pick.")
    limit = run_on_limit(PHASE, settings)
    over = end - (commit + limit)
    if s.run_on or over > 0:
        return made(False, f"{committed}, then ran {_secs(max(over, 1.0))} past the minute.")
    if handoff is None:
        return made(False, f"{committed}, but never handed it back: end with a question.")
    return made(True, f"{committed}, handed off at {int(round(handoff))}: good.")


class Drill:
    """The drill as a script for the practice runner (see `practice.Script`)."""

    def __init__(self, question: Question, probes: int, settings: Settings) -> None:
        script = question.phases[PHASE]
        pool = [*script.probes, *script.pushbacks, *script.follow_ups]
        if probes < 1:
            raise InputError(f"--probes {probes}: must be 1 or more", f"this question has {len(pool)}")
        if not pool:
            raise InputError(f"question {question.id} has no deep-dive probes to drill", "pick another question")
        self.question = question
        self.settings = settings
        self.probes = pool[:probes]
        self.budgets = {PHASE: ANSWER_S * len(self.probes)}
        self.done = False
        self.judges_each_answer = True
        self.verdicts: list[Verdict] = []
        self.asked: list[str] = []
        self._started = 0.0

    @property
    def phase(self) -> str:
        return PHASE

    @property
    def score(self) -> int:
        return sum(1 for v in self.verdicts if v.good)

    def start(self) -> list[Line]:
        n = len(self.probes)
        intro = (
            f"Sixty-second drill, {_count(n).lower()} {'question' if n == 1 else 'questions'} on {self.question.title}. "
            "For each one: name the options, pick one, say why, and hand it back within a minute."
        )
        return [Line(intro, PHASE, "greeting"), Line(self.question.prompt, PHASE, "prompt"), self._next()]

    def _next(self) -> Line:
        probe = self.probes[len(self.asked)]
        self.asked.append(probe)
        return Line(probe, PHASE, "probe")

    def likely_next(self) -> list[Line]:
        """The next probe (the verdict before it depends on the answer, so it is said fresh)."""
        if self.done or len(self.asked) >= len(self.probes):
            return []
        return [Line(self.probes[len(self.asked)], PHASE, "probe")]

    def spoken(self, lines: Sequence[Line], now: float, began: float | None = None) -> None:
        if any(line.kind == "greeting" for line in lines):
            self._started = now

    def phase_elapsed(self, now: float) -> float:
        return now - self._started

    def after_answer(
        self, now: float, text: str = "", move_on: bool = False, cut_in: bool = False, turn: Turn | None = None
    ) -> list[Line]:
        if self.done:
            return []
        if turn is None:
            raise ValueError("a drill judges each answer: pass the saved turn")
        verdict = judge_drill_answer(turn, self.settings)
        self.verdicts.append(verdict)
        said = Line(f"{verdict.line} {self.score} of {len(self.verdicts)}.", PHASE, "verdict")
        if len(self.asked) >= len(self.probes):
            self.done = True
            closing = f"That's the drill: {self.score} of {len(self.verdicts)} landed and handed back in time."
            return [said, Line(closing, PHASE, "closing")]
        return [said, self._next()]

    def summary(self) -> dict[str, Any]:
        """What session.yaml keeps of the drill."""
        limit = run_on_limit(PHASE, self.settings)
        return {
            "rule": f"commit within {COMMIT_BY_S:g} s, keep the pick, and hand it back within {limit:g} s of committing",
            "probes": len(self.probes),
            "answered": len(self.verdicts),
            "score": self.score,
            "answers": [{"probe": p, **v.as_dict()} for p, v in zip(self.asked, self.verdicts)],
        }
