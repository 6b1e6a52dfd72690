"""Signals of one answer: commit point, elaboration, run-on, positions, hand-off…

`judge_answer` is pure: a candidate Turn and the settings in, AnswerSignals
out. Every flag carries Evidence: the kind, the time, and the candidate's
own sentence that raised it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mockloop.model import Turn, Word
from mockloop.settings import Settings
from mockloop.judge import lexicon as lx
from mockloop.judge.pauses import long_pauses
from mockloop.judge.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Evidence:
    kind: str
    t: float
    quote: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "t": round(self.t, 2), "quote": self.quote}


@dataclass(frozen=True)
class AnswerSignals:
    commit_s: float | None
    elaboration_s: float | None
    run_on: bool
    positions: int
    reversals: int
    relitigated: bool
    detours: int
    handoff: bool
    options_then_commit: bool
    tradeoffs: int
    calibrated: bool
    hedges_per_min: float
    fillers_per_min: float
    long_pauses: tuple[tuple[float, float], ...] = ()
    evidence: tuple[Evidence, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """The JSON fields (a contract: other tools read these names)."""
        return {
            "commit_s": _round(self.commit_s),
            "elaboration_s": _round(self.elaboration_s),
            "run_on": self.run_on,
            "positions": self.positions,
            "reversals": self.reversals,
            "relitigated": self.relitigated,
            "detours": self.detours,
            "handoff": self.handoff,
            "options_then_commit": self.options_then_commit,
            "tradeoffs": self.tradeoffs,
            "calibrated": self.calibrated,
            "hedges_per_min": self.hedges_per_min,
            "fillers_per_min": self.fillers_per_min,
            "long_pauses": [list(span) for span in self.long_pauses],
            "evidence": [e.as_dict() for e in self.evidence],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def is_commit(s: Sentence) -> bool:
    return (
        not s.is_question
        and not lx.TENTATIVE.search(s.core)
        and bool(lx.COMMIT.search(s.core))
        and not lx.NOT_COMMIT.search(s.core)
        and not lx.DISMISS.search(s.core)
        and not lx.OPTIONS.search(s.core)
    )


def is_tentative(s: Sentence) -> bool:
    return not s.is_question and bool(lx.TENTATIVE.search(s.core)) and not lx.DISMISS.search(s.core)


def is_handoff(s: Sentence) -> bool:
    """Gives the floor back: an explicit hand-off, or a real (not rhetorical) question."""
    if lx.HANDOFF.search(s.lower):
        return True
    return s.is_question and not lx.RHETORICAL.search(s.lower) and not lx.DETOUR.search(s.lower)


def ends_with_handoff(words: Sequence[Word]) -> bool:
    """True when these words (an answer so far) end with an explicit hand-off phrase.

    The live listener asks this to end a turn after a short silence instead
    of the long one that lets a candidate think. Stricter than the judge's
    `is_handoff`: a bare question ("how many lookups do we need?") is often
    the candidate thinking aloud before a pause, not the floor given back.
    """
    sentences = [s for s in split_sentences(words) if s.text.strip()]
    last = _last_spoken(sentences)
    return last is not None and lx.HANDOFF.search(last.lower) is not None


def _last_spoken(sentences: list[Sentence]) -> Sentence | None:
    for s in reversed(sentences):
        if not s.is_filler_only:
            return s
    return None


def judge_answer(turn: Turn, settings: Settings) -> AnswerSignals:
    """All per-answer signals for one candidate turn."""
    sentences = [s for s in split_sentences(turn.words) if s.text.strip()]
    evidence: list[Evidence] = []

    last = _last_spoken(sentences)
    handoff = last is not None and is_handoff(last)
    if handoff and last is not None:
        evidence.append(Evidence("handoff", last.start, last.text))

    commit = next((s for s in sentences if is_commit(s)), None)
    commit_s = commit.start if commit else None
    elaboration_s = max(0.0, turn.end - commit.start) if commit else None
    if commit:
        evidence.append(Evidence("commit", commit.start, commit.text))

    positions, reversals = _positions(sentences, commit, evidence)
    relitigated = positions >= 3 or reversals >= 1
    if relitigated:
        why = f"{positions} positions" if positions >= 3 else f"{reversals} reversal(s)"
        anchor = next(e for e in reversed(evidence) if e.kind in ("reversal", "position", "commit"))
        evidence.append(Evidence("relitigated", anchor.t, f"{why}; last: {anchor.quote}"))

    detours = 0
    if commit:
        for s in sentences:
            closing_handoff = handoff and s is last
            if s.start > commit.start and not closing_handoff and lx.DETOUR.search(s.lower):
                detours += 1
                evidence.append(Evidence("detour", s.start, s.text))

    run_on = _run_on(turn, sentences, commit, settings, evidence)
    options = _options_then_commit(sentences, commit, handoff, reversals, evidence)

    tradeoffs = 0
    for s in sentences:
        if lx.TRADEOFF.search(s.lower):
            tradeoffs += 1
            evidence.append(Evidence("tradeoff", s.start, s.text))

    calibrated = _calibrated(sentences, evidence)

    pauses = long_pauses(turn.words, settings.long_pause_s)
    for start, end in pauses:
        after = " ".join(w.text for w in turn.words if w.start >= end)[:120]
        evidence.append(Evidence("long_pause", start, f"{end - start:.1f} s of silence, then: {after}"))

    minutes = turn.duration / 60 if turn.duration > 0 else 0.0
    text = " ".join(s.lower for s in sentences)
    hedges = len(lx.HEDGE.findall(text))
    fillers = len(lx.FILLER.findall(text))
    return AnswerSignals(
        commit_s=commit_s,
        elaboration_s=elaboration_s,
        run_on=run_on,
        positions=positions,
        reversals=reversals,
        relitigated=relitigated,
        detours=detours,
        handoff=handoff,
        options_then_commit=options,
        tradeoffs=tradeoffs,
        calibrated=calibrated,
        hedges_per_min=round(hedges / minutes, 1) if minutes else 0.0,
        fillers_per_min=round(fillers / minutes, 1) if minutes else 0.0,
        long_pauses=tuple(pauses),
        evidence=tuple(sorted(evidence, key=lambda e: e.t)),
    )


def _positions(
    sentences: list[Sentence], commit: Sentence | None, evidence: list[Evidence]
) -> tuple[int, int]:
    """Distinct positions taken, and reversals of a position already taken."""
    positions = 0
    reversals = 0
    for s in sentences:
        pivot = bool(lx.PIVOT.search(s.core)) and not s.is_question
        if positions and pivot:
            reversals += 1
            evidence.append(Evidence("reversal", s.start, s.text))
            if not lx.RETURN.search(s.core):
                positions += 1
                evidence.append(Evidence("position", s.start, s.text))
            continue
        if s is commit or (is_tentative(s) and not lx.OPTIONS.search(s.core)):
            positions += 1
            if s is not commit:
                evidence.append(Evidence("position", s.start, s.text))
    return positions, reversals


def run_on_limit(phase: str | None, settings: Settings) -> float:
    """Seconds allowed past the commit point (or a check-in) before an answer runs on."""
    return settings.architecture_checkin_s if phase == "architecture" else settings.run_on_s


def _run_on(
    turn: Turn,
    sentences: list[Sentence],
    commit: Sentence | None,
    settings: Settings,
    evidence: list[Evidence],
) -> bool:
    """Elaboration past the limit without giving the floor back.

    The clock starts at the commit point and restarts at every check-in
    with the interviewer; the answer runs on if any stretch passes the
    limit (60 s; in the architecture phase, 180 s between check-ins).
    """
    if commit is None:
        return False
    limit = run_on_limit(turn.phase, settings)
    marks = [commit.start] + [s.end for s in sentences if s.start > commit.start and lx.CHECK_IN.search(s.lower)]
    marks.append(turn.end)
    for begin, end in zip(marks, marks[1:]):
        if end - begin > limit:
            at = begin + limit
            spoken = next((s for s in sentences if s.start <= at <= s.end), None) or next(
                (s for s in reversed(sentences) if s.start <= at), commit
            )
            evidence.append(
                Evidence("run_on", at, f"{end - begin:.0f} s without handing off (limit {limit:.0f} s): {spoken.text}")
            )
            return True
    return False


def _options_then_commit(
    sentences: list[Sentence],
    commit: Sentence | None,
    handoff: bool,
    reversals: int,
    evidence: list[Evidence],
) -> bool:
    """Names the options, picks one, says why, hands off (and does not re-argue)."""
    if commit is None or not handoff or reversals:
        return False
    i = sentences.index(commit)
    named = next((s for s in sentences[: i + 1] if lx.OPTIONS.search(s.core)), None)
    if named is None:
        return False
    because = next((s for s in sentences[i : i + 3] if lx.REASON.search(s.lower)), None)
    if because is None:
        return False
    evidence.append(Evidence("options_then_commit", named.start, named.text))
    return True


def _calibrated(sentences: list[Sentence], evidence: list[Evidence]) -> bool:
    """Says it is unsure AND how it would find out."""
    unsure = next((s for s in sentences if lx.UNSURE.search(s.lower)), None)
    if unsure is None:
        return False
    after = sentences[sentences.index(unsure) :]
    how = next((s for s in after if lx.FIND_OUT.search(s.lower)), None)
    if how is None:
        return False
    quote = unsure.text if how is unsure else f"{unsure.text} … {how.text}"
    evidence.append(Evidence("calibrated", unsure.start, quote))
    return True
