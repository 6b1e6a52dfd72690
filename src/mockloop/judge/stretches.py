"""The run-on rule, once: the stretches of an answer that elaborate past the limit.

The judge, the live coach and replay all measure the same thing, as
docs/LABELS.md defines it: more than 60 s from the commit point to the end
of the answer without a hand-off; in the architecture phase, more than 180 s
between check-ins (a question to the interviewer mid-answer restarts the
clock there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mockloop.settings import Settings


@dataclass(frozen=True)
class Stretch:
    start: float
    end: float
    limit: float

    @property
    def over(self) -> bool:
        return self.end - self.start > self.limit

    @property
    def past_limit_at(self) -> float:
        return self.start + self.limit


def run_on_limit(phase: str | None, settings: Settings) -> float:
    """Seconds allowed past the commit point (or a check-in) before an answer runs on."""
    return settings.architecture_checkin_s if phase == "architecture" else settings.run_on_s


def stretches(
    commit_s: float | None,
    checkins: Sequence[float],
    end_s: float,
    phase: str | None,
    settings: Settings,
    handed_off: bool = False,
) -> list[Stretch]:
    """The timed stretches of an answer after its commit point (docs/LABELS.md).

    Outside architecture there is one stretch, from the commit to the end, and
    an answer that ends by handing the floor back does not run on. In the
    architecture phase each check-in (`checkins`: the ends of questions to the
    interviewer) restarts the clock, and any stretch past 180 s runs on.
    """
    if commit_s is None:
        return []
    limit = run_on_limit(phase, settings)
    if phase != "architecture":
        end = min(end_s, commit_s + limit) if handed_off else end_s
        return [Stretch(commit_s, end, limit)]
    marks = [commit_s, *sorted(t for t in checkins if commit_s < t < end_s), end_s]
    return [Stretch(a, b, limit) for a, b in zip(marks, marks[1:])]


def running_since(commit_s: float | None, checkins: Sequence[float], phase: str | None) -> float | None:
    """Where the current stretch began, for a live answer still going (the coach)."""
    if commit_s is None:
        return None
    if phase != "architecture":
        return commit_s
    return max([commit_s, *(t for t in checkins if t > commit_s)])
