"""What stood out in a session, good and bad, each tied to the moments that show it.

A `Finding` is one kind of thing the panel would notice (a relitigated
answer, a run past the commit point, a clean options-then-commit…), with
the answers it happened in and the candidate's words as evidence. Ratings,
the narrative and the two changes are all written from these.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockloop.judge import lexicon as lx
from mockloop.judge.kinds import Kind
from mockloop.judge.session import SessionSignals, mentions
from mockloop.model import PHASES, Question
from mockloop.settings import Settings
from mockloop.debrief.answers import Answer
from mockloop.debrief.data import Cite

WEIGHTS: dict[str, int] = {
    "relitigation": 10,
    "defended_pushback": 9,
    "run_on": 8,
    "skipped_requirements": 12,
    "no_commit": 6,
    "final_state_first": 5,
    "no_handoff": 4,
    "no_tradeoffs": 4,
    "long_pause": 3,
    "over_budget": 3,
    "low_coverage": 2,
}
"""How much each weakness costs a packet; the two changes are drawn from the
heaviest. Skipping requirements is the toolkit's first red flag."""

MIN_COMMIT_WORDS = 8
"""An answer shorter than this ("Hmm.", "Sure.") is not expected to take a position."""

ASKING_PHASES = ("requirements",)
"""Phases where good answers are questions, so a missing position is no fault."""


@dataclass(frozen=True)
class Finding:
    kind: str
    answers: tuple[Answer, ...]
    cites: tuple[Cite, ...]
    phases: tuple[str, ...] = ()
    detail: str = ""
    """Kind-specific words the prose needs: a phase name, a missed key point."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Kind(self.kind))

    @property
    def weight(self) -> int:
        """Heavier when it happened in more answers: a pattern costs more than a slip."""
        base = WEIGHTS.get(self.kind, 0)
        if self.kind in ("relitigation", "defended_pushback", "run_on", "no_commit", "long_pause", "no_handoff"):
            return base * min(len(self.answers), 3)
        return base


def weaknesses(
    answers: list[Answer], session: SessionSignals, question: Question | None, settings: Settings
) -> list[Finding]:
    """Every weakness found, heaviest first."""
    found: list[Finding] = []
    defended = tuple(a for a in answers if a.signals.pushback == "defended")
    if defended:
        found.append(Finding("defended_pushback", defended, tuple(a.first() for a in defended[:3])))
    relitigated = tuple(a for a in answers if a.signals.relitigated)
    if relitigated:
        found.append(Finding("relitigation", relitigated, tuple(c for a in relitigated for c in a.positions())))
    ran_on = tuple(a for a in answers if a.signals.run_on)
    if ran_on:
        cites = []
        for a in ran_on:
            cites.append(a.commit())
            cites.extend(a.cite(e.t) for e in a.evidence("run_on"))
        found.append(Finding("run_on", ran_on, tuple(cites)))
    if session.skipped_requirements:
        found.append(_session_finding("skipped_requirements", session, answers))
    never = tuple(
        a
        for a in answers
        if a.signals.commit_s is None and len(a.turn.words) >= MIN_COMMIT_WORDS and a.phase not in ASKING_PHASES
    )
    if never:
        found.append(Finding("no_commit", never, tuple(a.cite(last_said(a)) for a in never if a.sentences)))
    if session.final_state_first:
        found.append(_session_finding("final_state_first", session, answers))
    silent = tuple(a for a in answers if a.signals.long_pauses)
    if silent:
        found.append(
            Finding(
                "long_pause",
                silent,
                tuple(a.cite(end) for a in silent for _start, end in a.signals.long_pauses),
                detail=f"{max(e - s for a in silent for s, e in a.signals.long_pauses):.0f}",
            )
        )
    # Steering the round ("let's move on to the numbers") is not trailing off.
    no_floor = tuple(a for a in answers if not a.signals.handoff and not _steered(a))
    if len(answers) >= 3 and len(no_floor) * 2 > len(answers):
        found.append(Finding("no_handoff", no_floor, tuple(a.cite(a.turn.end) for a in no_floor[:3])))
    committed = [a for a in answers if a.signals.commit_s is not None]
    deep = [a for a in answers if a.phase in ("deep_dive", None)]
    # A missing phrase is a weakness only where the round had room to show it.
    if len(deep) >= 3 and sum(a.turn.duration for a in deep) >= 120 and committed and not any(a.signals.tradeoffs for a in answers):
        found.append(Finding("no_tradeoffs", tuple(committed), tuple(a.commit() for a in committed[:2])))
    for phase in session.over_budget:
        in_phase = tuple(a for a in answers if a.phase == phase)
        if in_phase:
            found.append(Finding("over_budget", in_phase, (in_phase[0].first(),), (phase,), phase))
    if question is not None:
        for phase in PHASES:
            cov = session.coverage.get(phase)
            in_phase = tuple(a for a in answers if a.phase == phase)
            if cov and in_phase and cov["missed"] and cov["share"] < settings.coverage_missed:
                found.append(Finding("low_coverage", in_phase, (in_phase[0].first(),), (phase,), cov["missed"][0]))
    return sorted(found, key=lambda f: -f.weight)


def last_said(a: Answer) -> float:
    """The start of the answer's last sentence that is not a hand-off (never quote a hand-off as a fault)."""
    said = [t for t in a.judged.sentences if not t.has("handoff")]
    return (said or list(a.judged.sentences))[-1].sentence.start


def _steered(a: Answer) -> bool:
    return bool(a.judged.sentences) and a.judged.sentences[-1].has("steer")


def _session_finding(kind: str, session: SessionSignals, answers: list[Answer]) -> Finding:
    e = next(e for e in session.evidence if e.kind == kind)
    owner = next((a for a in answers if a.turn.start <= e.t <= a.turn.end), answers[0])
    cite = owner.cite(e.t)
    if kind == "narrated_framework":
        # The judge marks the start of a two-sentence window; quote the sentence that names the most steps.
        window = [s for s in owner.sentences if s.start >= e.t][:2]
        if window:
            best = max(window, key=lambda s: sum(1 for step in lx.FRAMEWORK_STEPS if step.search(s.lower)))
            cite = owner.cite_sentence(best)
    return Finding(kind, (owner,), (cite,))


def strengths(
    answers: list[Answer], session: SessionSignals, question: Question | None, settings: Settings
) -> list[Finding]:
    """What the panel would call strong, most telling first."""
    found: list[Finding] = []
    hits = key_point_mentions(answers, question) if question else []
    total = sum(len(c["hit"]) + len(c["missed"]) for p, c in session.coverage.items() if _reached(answers, p))
    hit = sum(len(c["hit"]) for p, c in session.coverage.items() if _reached(answers, p))
    if total and hit / total >= settings.coverage_strength and hits:
        found.append(Finding("coverage", (), tuple(c for _p, c in hits[:2]), detail=f"{hit}/{total}"))
    options = tuple(a for a in answers if a.signals.options_then_commit)
    if options:
        found.append(Finding("options_then_commit", options, tuple(a.commit() for a in options)))
    clean = tuple(a for a in answers if a.clean)
    if clean and not options:
        best = min(clean, key=lambda a: a.signals.elaboration_s or 0.0)
        found.append(Finding("clean_commit", clean, (best.commit(),)))
    tradeoff = [(a, e) for a in answers for e in a.evidence("tradeoff")]
    if tradeoff:
        found.append(Finding("tradeoff", tuple({id(a): a for a, _ in tradeoff}.values()), tuple(a.cite(e.t) for a, e in tradeoff[:2])))
    calibrated = tuple(a for a in answers if a.signals.calibrated)
    if calibrated:
        found.append(Finding("calibrated", calibrated, tuple(a.cite(e.t) for a in calibrated[:1] for e in a.evidence("calibrated"))))
    if session.narrated_framework:
        found.append(_session_finding("narrated_framework", session, answers))
    questions = [(a, t.sentence) for a in answers if a.phase == "requirements" for t in a.judged.sentences if t.has("clarify")]
    if questions and not session.skipped_requirements:
        found.append(Finding("clarifying", tuple({id(a): a for a, _ in questions}.values()), tuple(a.cite_sentence(s) for a, s in questions[:2]), detail=str(len(questions))))
    first_arch = next((a for a in answers if a.phase == "architecture"), None)
    if first_arch is not None and not session.final_state_first:
        simple = next((s for s in first_arch.sentences if lx.SIMPLE_FIRST.search(s.lower)), None)
        if simple is not None:
            found.append(Finding("simple_first", (first_arch,), (first_arch.cite_sentence(simple),)))
    handed = [a for a in answers if a.signals.handoff]
    welcomed = tuple(a for a in answers if a.signals.pushback == "welcomed")
    if welcomed and session.welcomed_pushback:
        found.append(Finding("welcomed_pushback", welcomed, tuple(a.first() for a in welcomed[:2])))
    if len(answers) >= 3 and len(handed) >= settings.handoff_strength * len(answers):
        found.append(Finding("handoffs", tuple(handed), tuple(a.cite(a.turn.end) for a in handed[:1]), detail=f"{len(handed)}/{len(answers)}"))
    return found


def _reached(answers: list[Answer], phase: str) -> bool:
    return any(a.phase == phase for a in answers) or all(a.phase is None for a in answers)


def key_point_mentions(answers: list[Answer], question: Question | None) -> list[tuple[str, Cite]]:
    """(key point, the sentence that covered it) for each key point the candidate hit."""
    if question is None:
        return []
    found: list[tuple[str, Cite]] = []
    for phase in PHASES:
        in_phase = [a for a in answers if a.phase in (phase, None)]
        for kp in question.phases[phase].key_points:
            said = next(
                ((a, s) for a in in_phase for s in a.sentences if mentions(s.text, kp.phrasings)), None
            )
            if said is not None:
                found.append((kp.point, said[0].cite_sentence(said[1])))
    return found
