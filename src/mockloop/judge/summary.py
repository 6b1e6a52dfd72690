"""Per-answer and per-session figures for `mockloop analyze`.

The shape is a contract: `{"turns": [...], "session": {...}}`, one element of
`turns` per candidate answer. The judging signals are added to these same
objects, so field names here are never renamed.
"""

from __future__ import annotations

from typing import Any

from mockloop.model import PHASES, Question, Transcript, Turn
from mockloop.settings import Settings
from mockloop.judge.answer import AnswerSignals
from mockloop.judge.pace import words_per_minute
from mockloop.judge.transcript import JudgedSession, judge_transcript


def answer_summary(turn: Turn, index: int, signals: AnswerSignals) -> dict[str, Any]:
    """The basic figures of one candidate answer, and its judged signals."""
    basic = {
        "index": index,
        "speaker": turn.speaker,
        "phase": turn.phase,
        "source": turn.source,
        "start_s": round(turn.start, 2),
        "end_s": round(turn.end, 2),
        "duration_s": round(turn.duration, 2),
        "text": turn.text or " ".join(w.text for w in turn.words),
        "word_count": len(turn.words),
        "wpm": words_per_minute(turn),
        "words": [
            {"text": w.text, "start": round(w.start, 3), "end": round(w.end, 3), "probability": round(w.probability, 4)}
            for w in turn.words
        ],
    }
    return {**basic, **signals.as_dict()}


def summarize(
    transcripts: list[Transcript],
    settings: Settings,
    question: Question | None = None,
    minutes: float | None = None,
    judged: JudgedSession | None = None,
) -> dict[str, Any]:
    """The analyze report for one or more transcripts (one per input file).

    `question` (when known) gives coverage of its key points; `minutes` is
    the session length the phase budgets scale to (default: settings).
    """
    everything = Transcript(tuple(t for tr in transcripts for t in tr.turns))
    if judged is None:
        judged = judge_transcript(everything, settings, question, minutes)
    turns: list[dict[str, Any]] = []
    phase_seconds = {phase: 0.0 for phase in PHASES}
    for answer in judged.answers:
        turn = answer.turn
        turns.append(answer_summary(turn, len(turns) + 1, answer.signals))
        if turn.phase in phase_seconds:
            phase_seconds[turn.phase] += turn.duration
    session_signals = judged.session.as_dict()
    speaking = sum(t["duration_s"] for t in turns)
    words = sum(t["word_count"] for t in turns)
    questions = sorted({t.question for t in transcripts if t.question})
    return {
        "turns": turns,
        "session": {
            "question": questions[0] if len(questions) == 1 else (questions or None),
            "sources": sorted({t["source"] for t in turns if t["source"]}),
            "answers": len(turns),
            "answer_seconds": round(speaking, 2),
            "words": words,
            "wpm": round(words * 60.0 / speaking, 1) if speaking > 0 else 0.0,
            "long_pauses": sum(len(t["long_pauses"]) for t in turns),
            "phase_answer_seconds": {p: round(s, 2) for p, s in phase_seconds.items()},
            **session_signals,
        },
    }
