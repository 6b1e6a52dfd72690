"""A whole transcript judged once: every answer (with the line that asked it) and the session.

`judge_transcript` is what the debrief, `analyze`, replay and review read;
none of them judges an answer again.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockloop.judge.answer import JudgedAnswer, judge
from mockloop.judge.session import SessionSignals, judge_session
from mockloop.model import Question, Transcript
from mockloop.settings import Settings


@dataclass(frozen=True)
class JudgedSession:
    answers: tuple[JudgedAnswer, ...]
    session: SessionSignals


def asked_before(transcript: Transcript) -> dict[int, str]:
    """For each candidate answer (by its index in the transcript's turns), the text of
    the interviewer turn just before it ('' when there was none)."""
    out: dict[int, str] = {}
    prompt = ""
    for i, turn in enumerate(transcript.turns):
        if turn.speaker == "interviewer":
            prompt = turn.text or " ".join(w.text for w in turn.words)
        else:
            out[i] = prompt
            prompt = ""
    return out


def judge_answers(transcript: Transcript, settings: Settings) -> tuple[JudgedAnswer, ...]:
    asked = asked_before(transcript)
    answers = transcript.answers
    by_turn = {id(t): i for i, t in enumerate(transcript.turns)}
    return tuple(judge(t, settings, asked.get(by_turn.get(id(t), -1), "") or None) for t in answers)


def judge_transcript(
    transcript: Transcript,
    settings: Settings,
    question: Question | None = None,
    minutes: float | None = None,
    budgets: dict[str, float] | None = None,
) -> JudgedSession:
    answers = judge_answers(transcript, settings)
    return JudgedSession(answers, judge_session(transcript, answers, settings, question, minutes, budgets))

