"""Signals of a whole session: phase timing against budgets, the toolkit's
four mistakes, the relitigation pattern, and coverage of the key points.

Pure: a Transcript, the per-answer signals, the settings and (when known)
the Question in; a SessionSignals out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mockloop.model import PHASES, Question, Transcript, Turn
from mockloop.settings import Settings
from mockloop.judge import lexicon as lx
from mockloop.judge.answer import Evidence, JudgedAnswer


@dataclass(frozen=True)
class SessionSignals:
    phase_seconds: dict[str, float]
    phase_budget_seconds: dict[str, float]
    over_budget: list[str]
    skipped_phases: list[str]
    skipped_requirements: bool
    narrated_framework: bool
    final_state_first: bool
    relitigation_pattern: bool
    coverage: dict[str, dict[str, Any]]
    evidence: tuple[Evidence, ...]
    relitigated_answers: int = 0
    welcomed_pushback: bool | None = None
    """True if every answer to a pushback welcomed it, False if any defended, None without pushback."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "phase_seconds": self.phase_seconds,
            "phase_budget_seconds": self.phase_budget_seconds,
            "over_budget": self.over_budget,
            "skipped_phases": self.skipped_phases,
            "skipped_requirements": self.skipped_requirements,
            "narrated_framework": self.narrated_framework,
            "final_state_first": self.final_state_first,
            "relitigation_pattern": self.relitigation_pattern,
            "relitigated_answers": self.relitigated_answers,
            "welcomed_pushback": self.welcomed_pushback,
            "coverage": self.coverage,
            "evidence": [e.as_dict() for e in self.evidence],
        }


def budgets(phases: Sequence[str], minutes: float, settings: Settings) -> dict[str, float]:
    """Seconds per phase: the one budget rule, for the live bar and the debrief alike.

    A full round keeps the framework's budgets scaled by `minutes / session_minutes`
    (they add up to 43 of 45: the last minutes are the candidate's questions). When
    only some phases are practised, they share the same time in the same proportions.
    """
    weights = dict(zip(PHASES, settings.phase_budget_minutes, strict=True))
    for_phases = minutes * sum(weights.values()) / settings.session_minutes
    chosen = sum(weights[p] for p in phases)
    return {p: for_phases * 60.0 * weights[p] / chosen for p in phases}


def phase_budgets(minutes: float, settings: Settings) -> dict[str, float]:
    """Each of the six phases' budget in seconds for a round of `minutes`."""
    return {p: round(s, 1) for p, s in budgets(PHASES, minutes, settings).items()}


def judge_session(
    transcript: Transcript,
    answers: tuple[JudgedAnswer, ...] | list[JudgedAnswer],
    settings: Settings,
    question: Question | None = None,
    minutes: float | None = None,
    budgets: dict[str, float] | None = None,
) -> SessionSignals:
    """`budgets` (seconds per phase) replaces the framework's scaled budgets,
    e.g. those a practice session with a subset of phases actually ran to."""
    evidence: list[Evidence] = []
    seconds = {p: 0.0 for p in PHASES}
    for turn in transcript.turns:
        if turn.phase in seconds:
            seconds[turn.phase] += turn.duration
    budgets = {**{p: 0.0 for p in PHASES}, **budgets} if budgets else phase_budgets(minutes or settings.session_minutes, settings)
    over = [p for p in PHASES if budgets[p] and seconds[p] > settings.over_budget_ratio * budgets[p]]
    # Skipped: jumped over between two phases that were reached. An excerpt
    # that starts in the deep dive has not skipped the requirements.
    reached = [PHASES.index(p) for p in PHASES if seconds[p] > 0]
    skipped = [p for p in PHASES[min(reached, default=0) : max(reached, default=0)] if seconds[p] == 0]

    relitigated = [a for a in answers if a.signals.relitigated]
    pattern = len(relitigated) >= 2
    if pattern:
        for a in relitigated:
            first = next(e for e in a.signals.evidence if e.kind == "relitigated")
            evidence.append(Evidence("relitigation_pattern", first.t, first.quote))
    pushed = [a.signals.pushback for a in answers if a.signals.pushback is not None]
    welcomed = None if not pushed else all(p == "welcomed" for p in pushed)

    candidate = [t for t in transcript.turns if t.speaker == "candidate"]
    return SessionSignals(
        phase_seconds={p: round(s, 1) for p, s in seconds.items()},
        phase_budget_seconds=budgets,
        over_budget=over,
        skipped_phases=skipped,
        skipped_requirements=_skipped_requirements(list(answers), evidence),
        narrated_framework=_narrated_framework(list(answers)[:2], evidence),
        final_state_first=_final_state_first(list(answers), settings, evidence),
        relitigation_pattern=pattern,
        coverage=coverage(candidate, question) if question else {},
        evidence=tuple(sorted(evidence, key=lambda e: e.t)),
        relitigated_answers=len(relitigated),
        welcomed_pushback=welcomed,
    )


def _skipped_requirements(answers: list[JudgedAnswer], evidence: list[Evidence]) -> bool:
    """Architecture components named before any clarifying question about scope, users or scale."""
    for a in answers:
        if a.turn.phase not in (None, "requirements"):
            break
        for t in a.sentences:
            if t.has("clarify"):
                return False
            if len({_component(c) for c in lx.COMPONENTS.findall(t.sentence.lower)}) >= 2:
                evidence.append(Evidence("skipped_requirements", t.sentence.start, t.sentence.text))
                return True
    return False


def _narrated_framework(opening: list[JudgedAnswer], evidence: list[Evidence]) -> bool:
    """Announced the plan: three or more of the six steps named in one stretch."""
    for a in opening:
        sentences = [t.sentence for t in a.sentences]
        for i in range(len(sentences)):
            window = " ".join(s.lower for s in sentences[i : i + 2])
            if sum(1 for step in lx.FRAMEWORK_STEPS if step.search(window)) >= 3:
                evidence.append(Evidence("narrated_framework", sentences[i].start, sentences[i].text))
                return True
    return False


def _final_state_first(answers: list[JudgedAnswer], settings: Settings, evidence: list[Evidence]) -> bool:
    """Many components in the first minute of the first architecture answer, before any simple version."""
    first = next((a for a in answers if a.turn.phase == "architecture"), None)
    if first is None:
        return False
    named: set[str] = set()
    for t in first.sentences:
        s = t.sentence
        if s.start - first.turn.start > 60.0:
            break
        if lx.SIMPLE_FIRST.search(s.lower):
            return False
        named |= {_component(c) for c in lx.COMPONENTS.findall(s.lower)}
        if len(named) >= settings.final_state_components:
            evidence.append(Evidence("final_state_first", s.start, s.text))
            return True
    return False


def _component(name: str) -> str:
    return re.sub(r"s$", "", name.replace("sharding", "shard"))


def _norm(text: str) -> str:
    return " " + " ".join(re.sub(r"[^a-z0-9%/]+", " ", text.lower().replace("-", " ")).split()) + " "


def mentions(text: str, phrasings: tuple[str, ...]) -> bool:
    """True when `text` says one of a key point's phrasings.

    A phrasing matches from a word's start, so "coalesc" finds "coalescing".
    """
    spoken = _norm(text)
    return any(_norm(p).strip() and _norm(p).rstrip() in spoken for p in phrasings)


def coverage(candidate: list[Turn], question: Question) -> dict[str, dict[str, Any]]:
    """Per phase: the share of the question's key points the candidate touched."""
    text_by_phase: dict[str, str] = {p: "" for p in PHASES}
    for turn in candidate:
        text = " ".join(w.text for w in turn.words)
        for phase in [turn.phase] if turn.phase in PHASES else PHASES:
            text_by_phase[str(phase)] += " " + text
    result: dict[str, dict[str, Any]] = {}
    for phase in PHASES:
        hit, missed = [], []
        for kp in question.phases[phase].key_points:
            if mentions(text_by_phase[phase], kp.phrasings):
                hit.append(kp.point)
            else:
                missed.append(kp.point)
        total = len(hit) + len(missed)
        result[phase] = {"share": round(len(hit) / total, 2) if total else 0.0, "hit": hit, "missed": missed}
    return result
