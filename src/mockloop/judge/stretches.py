"""The run-on rule, once: the stretches of an answer that elaborate past the limit.

The judge, the live coach and replay all measure the same thing: each
stretch from the commit point to a check-in with the interviewer (a question
that gives the floor back restarts the clock), and from the last one to the
end. The limit is 60 s, or 180 s in the architecture phase.
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
) -> list[Stretch]:
    """The timed stretches of an answer after its commit point.

    `checkins` are the ends of the questions that give the interviewer the
    floor (mid-answer check-ins and a closing hand-off). Each restarts the
    clock: what runs on is a stretch longer than the limit without one — the
    stopwatch rule, so an answer that hands off only after five minutes ran
    on all the same.
    """
    if commit_s is None:
        return []
    limit = run_on_limit(phase, settings)
    marks = [commit_s, *sorted(t for t in checkins if commit_s < t < end_s), end_s]
    return [Stretch(a, b, limit) for a, b in zip(marks, marks[1:])]


def running_since(commit_s: float | None, checkins: Sequence[float]) -> float | None:
    """Where the current stretch began, for a live answer still going (the coach)."""
    if commit_s is None:
        return None
    return max([commit_s, *(t for t in checkins if t > commit_s)])
