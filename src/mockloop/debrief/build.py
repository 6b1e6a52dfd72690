"""Signals + question → the debrief. Pure: no disk, no device, no model."""

from __future__ import annotations

from statistics import mean
from typing import Any

from mockloop.judge.answer import gives_floor, run_on_limit
from mockloop.judge.session import SessionSignals
from mockloop.judge.transcript import JudgedSession, judge_transcript
from mockloop.model import PHASES, Question, Transcript
from mockloop.settings import Settings
from mockloop.debrief import narrative as nv
from mockloop.debrief.answers import Answer, gather
from mockloop.debrief.data import LEVELS, AnswerMark, Debrief, Flag, Metrics, Paragraph, PhaseMark, SessionInfo
from mockloop.debrief.findings import strengths, weaknesses
from mockloop.debrief.ratings import behind, rate, verdict

FLAG_KINDS = ("run_on", "relitigated", "position", "reversal", "detour", "long_pause")
"""Evidence kinds drawn as markers on the timeline."""


def build_debrief(
    transcript: Transcript,
    settings: Settings,
    question: Question | None,
    info: SessionInfo,
    budgets: dict[str, float] | None = None,
    judged: JudgedSession | None = None,
    drill: dict[str, Any] | None = None,
) -> Debrief:
    """The debrief of one session. `budgets` are the phase budgets the session
    ran to, when they differ from the framework's scaled to `info.minutes`;
    `judged` is the session already judged (else it is judged here, once);
    `drill` is a drill's own record (session.yaml), reported instead of phases it never had."""
    judged = judged or judge_transcript(transcript, settings, question, info.minutes, budgets)
    session = judged.session
    answers = gather(transcript, judged.answers)
    weak = weaknesses(answers, session, question, settings)
    strong = strengths(answers, session, question, settings)
    ratings = rate(answers, session, weak, strong, settings)
    score, pulled = verdict(ratings, answers, weak, settings)
    level = "not enough to judge" if score is None else LEVELS[score]

    paragraphs: list[Paragraph] = []
    good = nv.strong_paragraph(strong, answers)
    if good:
        paragraphs.append(good)
    top = weak[0] if weak else None
    if top is not None:
        claims = [nv.concern(top, session, settings)]
        repeat = nv.pattern(top, answers, settings)
        if repeat:
            claims.append(repeat)
        paragraphs.append(Paragraph("concern", tuple(claims)))
    required = nv.level(top, ratings, answers)
    if required:
        paragraphs.append(Paragraph("level", (required,)))
    extra = nv.also(weak, session, settings)
    if extra:
        paragraphs.append(extra)

    notes = []
    if question is None:
        notes.append("No question was named, so coverage of key points was not measured.")
    if info.status != "complete":
        notes.append(f"The session did not end normally ({info.status}); the debrief covers what was saved.")
    if not answers:
        notes.append("There are no candidate answers to judge.")
    coverage = session.coverage
    if info.kind == "drill":
        reached = {t.phase for t in transcript.answers}
        coverage = {p: c for p, c in coverage.items() if p in reached}
    study = {}
    if question is not None:
        study = {p: f"mockloop study {question.id} --phase {p}" for p in PHASES if coverage.get(p, {}).get("missed")}
    return Debrief(
        info=info,
        verdict=score,
        pulled_down_by=pulled,
        headline=nv.headline(level, ratings, pulled, behind(weak, pulled)),
        ratings=ratings,
        narrative=tuple(paragraphs),
        changes=nv.changes(weak, answers, session, settings),
        coverage=coverage,
        phases=_phases(transcript, session),
        answers=tuple(_mark(a, settings) for a in answers),
        metrics=_metrics(answers, session.phase_seconds),
        duration_s=max((t.end for t in transcript.turns), default=0.0),
        run_on_limit_s=settings.run_on_s,
        notes=tuple(notes),
        drill=_drill_report(drill, settings) if info.kind == "drill" else None,
        study=study,
    )


def _drill_report(record: dict[str, Any] | None, settings: Settings) -> dict[str, Any]:
    """The drill as it was scored live (session.yaml): its verdicts, the score, the minute rule."""
    record = record if isinstance(record, dict) else {}
    answers = [a for a in record.get("answers") or [] if isinstance(a, dict)]
    return {
        "probes": record.get("probes", len(answers)),
        "answered": record.get("answered", len(answers)),
        "score": record.get("score", sum(1 for a in answers if a.get("good"))),
        "rule": str(record.get("rule") or f"commit early and hand it back within {settings.run_on_s:g} s of committing"),
        "answers": [
            {"probe": str(a.get("probe", "")), "verdict": str(a.get("verdict", "")), "good": bool(a.get("good"))}
            for a in answers
        ],
    }


def _phases(transcript: Transcript, session: SessionSignals) -> tuple[PhaseMark, ...]:
    marks = []
    for phase in PHASES:
        turns = [t for t in transcript.turns if t.phase == phase]
        if turns:
            marks.append(
                PhaseMark(
                    phase,
                    turns[0].start,
                    turns[-1].end,
                    session.phase_seconds[phase],
                    session.phase_budget_seconds[phase],
                    phase in session.over_budget,
                )
            )
    return tuple(marks)


def _mark(a: Answer, settings: Settings) -> AnswerMark:
    s = a.signals
    limit = run_on_limit(a.phase, settings)
    flags = []
    for e in s.evidence:
        if e.kind in FLAG_KINDS:
            cite = a.cite(e.t)
            until = _stretch_end(a, e.t) if e.kind == "run_on" else None
            flags.append(Flag(e.kind, e.t, cite.quote, until))
    return AnswerMark(
        index=a.index,
        phase=a.phase,
        prompt=a.prompt,
        start=a.turn.start,
        end=a.turn.end,
        commit=s.commit_s,
        limit=None if s.commit_s is None else s.commit_s + limit,
        run_on=s.run_on,
        relitigated=s.relitigated,
        handoff=s.handoff,
        flags=tuple(flags),
    )


def _stretch_end(a: Answer, t: float) -> float:
    """The end of the run-on stretch that passed its limit at `t`: the judge's next hand-off
    or check-in after it, else the end of the answer."""
    return next((x.sentence.end for x in a.judged.sentences if x.sentence.start > t and gives_floor(x)), a.turn.end)


def _metrics(answers: list[Answer], seconds: dict[str, float]) -> Metrics:
    elaborations = [a.signals.elaboration_s for a in answers if a.signals.elaboration_s is not None]
    return Metrics(
        answers=len(answers),
        speaking_s=sum(a.turn.duration for a in answers),
        elaboration_past_commit_s=mean(elaborations) if elaborations else None,
        positions_per_answer=mean(a.signals.positions for a in answers) if answers else 0.0,
        handoff_rate=sum(1 for a in answers if a.signals.handoff) / len(answers) if answers else 0.0,
        requirements_s=seconds.get("requirements", 0.0),
        run_ons=sum(1 for a in answers if a.signals.run_on),
        relitigations=sum(1 for a in answers if a.signals.relitigated),
    )
