"""The debrief as plain data: ratings, narrative claims, changes, timeline, metrics.

Every statement the debrief makes about the candidate is a `Claim` that
carries its evidence: the moment (seconds on the session clock) and the
candidate's own words spoken there. `as_dict` gives the `debrief.json`
layout; its field names are a contract other tools read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1
"""Version of the `debrief.json` layout; bumped on any incompatible change."""

LEVELS: tuple[str, ...] = ("strong no hire", "no hire", "lean hire", "hire", "strong hire")
"""The hiring scale, weakest first; a score is an index into it."""

COMPETENCIES: tuple[tuple[str, str], ...] = (
    ("problem_scoping", "problem scoping"),
    ("estimation", "estimation"),
    ("interface_data_model", "interface & data model"),
    ("architecture", "architecture"),
    ("depth_tradeoffs", "depth & tradeoffs"),
    ("communication_conviction", "communication & conviction"),
)
"""(id, name) of each competency the panel rates, in the order a packet lists them."""


_DOUBLE_STOP = re.compile(r"([.?!])”\.")


def clock(t: float) -> str:
    """Seconds on the session clock as the recruiter says them: '22:14' (or '1:02:05')."""
    total = int(max(0.0, t) + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def span(seconds: float) -> str:
    """A duration in words people say: '47 s', '1 min 47 s'."""
    total = int(max(0.0, seconds) + 0.5)
    minutes, secs = divmod(total, 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


@dataclass(frozen=True)
class Cite:
    """The candidate's own words at one moment of one answer."""

    t: float
    quote: str
    answer: int

    def as_dict(self) -> dict[str, Any]:
        return {"t": round(self.t, 2), "at": clock(self.t), "quote": self.quote, "answer": self.answer}


@dataclass(frozen=True)
class Claim:
    """One sentence of the debrief and the evidence behind it."""

    text: str
    cites: tuple[Cite, ...]

    def __post_init__(self) -> None:
        # A quote that ends a sentence carries its own stop: “…slower.” not “…slower.”.
        object.__setattr__(self, "text", _DOUBLE_STOP.sub(r"\1”", self.text))

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "evidence": [c.as_dict() for c in self.cites]}


@dataclass(frozen=True)
class Rating:
    competency: str
    name: str
    score: int | None
    """Index into LEVELS; None when the session never reached this competency."""
    reasons: tuple[Claim, ...] = ()

    @property
    def level(self) -> str:
        return LEVELS[self.score] if self.score is not None else "not assessed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "name": self.name,
            "rating": self.level,
            "score": self.score,
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Paragraph:
    topic: str
    """strong · concern · pattern · level · also"""
    claims: tuple[Claim, ...]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.claims)

    def as_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "text": self.text, "claims": [c.as_dict() for c in self.claims]}


@dataclass(frozen=True)
class Change:
    """One of the two things to change for the next loop."""

    kind: str
    title: str
    how: str
    moment: Claim

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "how": self.how, "moment": self.moment.as_dict()}


@dataclass(frozen=True)
class Flag:
    kind: str
    t: float
    quote: str
    until: float | None = None
    """For a run-on: where its stretch ended (the next check-in, or the answer's end), as judged."""

    def as_dict(self) -> dict[str, Any]:
        doc = {"kind": self.kind, "t": round(self.t, 2), "at": clock(self.t), "quote": self.quote}
        if self.until is not None:
            doc["until"] = round(self.until, 2)
        return doc


@dataclass(frozen=True)
class AnswerMark:
    """One answer on the timeline: its span, commit point, limit mark and flags."""

    index: int
    phase: str | None
    prompt: str
    start: float
    end: float
    commit: float | None
    limit: float | None
    run_on: bool
    relitigated: bool
    handoff: bool
    flags: tuple[Flag, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "phase": self.phase,
            "prompt": self.prompt,
            "start_s": round(self.start, 2),
            "end_s": round(self.end, 2),
            "commit_s": None if self.commit is None else round(self.commit, 2),
            "limit_s": None if self.limit is None else round(self.limit, 2),
            "run_on": self.run_on,
            "relitigated": self.relitigated,
            "handoff": self.handoff,
            "flags": [f.as_dict() for f in self.flags],
        }


@dataclass(frozen=True)
class PhaseMark:
    phase: str
    start: float
    end: float
    seconds: float
    budget: float
    over_budget: bool
    """Flagged by the judge: far over its budget (Settings.over_budget_ratio)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "start_s": round(self.start, 2),
            "end_s": round(self.end, 2),
            "seconds": round(self.seconds, 1),
            "budget_s": round(self.budget, 1),
            "over_budget": self.over_budget,
        }


@dataclass(frozen=True)
class Metrics:
    """The figures `mockloop progress` trends and `mockloop sessions` lists."""

    answers: int
    speaking_s: float
    elaboration_past_commit_s: float | None
    positions_per_answer: float
    handoff_rate: float
    requirements_s: float
    run_ons: int
    relitigations: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "speaking_s": round(self.speaking_s, 1),
            "elaboration_past_commit_s": None
            if self.elaboration_past_commit_s is None
            else round(self.elaboration_past_commit_s, 1),
            "positions_per_answer": round(self.positions_per_answer, 2),
            "handoff_rate": round(self.handoff_rate, 2),
            "requirements_s": round(self.requirements_s, 1),
            "run_ons": self.run_ons,
            "relitigations": self.relitigations,
        }


@dataclass(frozen=True)
class SessionInfo:
    id: str
    question: str | None
    title: str
    started: str
    minutes: float
    status: str
    kind: str = "practice"
    """practice or drill (a quiz round has no debrief)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "title": self.title,
            "started": self.started,
            "minutes": self.minutes,
            "status": self.status,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Debrief:
    info: SessionInfo
    verdict: int | None
    pulled_down_by: str | None
    headline: Claim | None
    ratings: tuple[Rating, ...]
    narrative: tuple[Paragraph, ...]
    changes: tuple[Change, ...]
    coverage: dict[str, dict[str, Any]]
    phases: tuple[PhaseMark, ...]
    answers: tuple[AnswerMark, ...]
    metrics: Metrics
    duration_s: float
    run_on_limit_s: float
    notes: tuple[str, ...] = field(default=())
    drill: dict[str, Any] | None = None
    """A drill's own report: each probe's verdict, the score and the minute rule."""
    study: dict[str, str] = field(default_factory=dict)
    """Phase → the `mockloop study` command for the phases with missed key points."""

    @property
    def verdict_level(self) -> str:
        return LEVELS[self.verdict] if self.verdict is not None else "not assessed"

    def claims(self) -> list[Claim]:
        """Every claim the debrief makes, wherever it sits."""
        found: list[Claim] = [self.headline] if self.headline else []
        for r in self.ratings:
            found.extend(r.reasons)
        for p in self.narrative:
            found.extend(p.claims)
        found.extend(c.moment for c in self.changes)
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "session": self.info.as_dict(),
            "verdict": {
                "rating": self.verdict_level,
                "score": self.verdict,
                "pulled_down_by": self.pulled_down_by,
                "headline": self.headline.as_dict() if self.headline else None,
            },
            "competencies": [r.as_dict() for r in self.ratings],
            "narrative": [p.as_dict() for p in self.narrative],
            "changes": [c.as_dict() for c in self.changes],
            "coverage": self.coverage,
            "timeline": {
                "duration_s": round(self.duration_s, 2),
                "run_on_limit_s": self.run_on_limit_s,
                "phases": [p.as_dict() for p in self.phases],
                "answers": [a.as_dict() for a in self.answers],
            },
            "metrics": self.metrics.as_dict(),
            "notes": list(self.notes),
            "drill": self.drill,
            "study": self.study,
        }
