"""Each candidate answer with its signals, its prompt and its sentences.

The debrief quotes sentences, never the judge's evidence strings (those
carry explanations such as "3 positions; last: …"), so every quote is the
candidate's words exactly as the transcript holds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockloop.judge.answer import AnswerSignals, Evidence, JudgedAnswer
from mockloop.judge.segment import segment
from mockloop.judge.sentences import Sentence
from mockloop.model import Transcript, Turn
from mockloop.debrief.data import Cite

QUOTE_WORDS = 60
"""A quote is a whole sentence (the judge's sentences are at most this long); only a longer
run of unpunctuated words is cut, and what is kept is still the candidate's words verbatim."""


@dataclass(frozen=True)
class Answer:
    index: int
    """1-based, in the order the answers were given."""
    judged: JudgedAnswer
    prompt: str
    """The interviewer's question this answers ('' when there was none)."""

    @property
    def turn(self) -> Turn:
        return self.judged.turn

    @property
    def signals(self) -> AnswerSignals:
        return self.judged.signals

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(t.sentence for t in self.judged.sentences)

    @property
    def phase(self) -> str | None:
        return self.turn.phase

    def cite(self, t: float) -> Cite:
        """The sentence being spoken at `t` (or the last one begun before it)."""
        if not self.sentences:
            return Cite(self.turn.start, _cut(self.turn.text), self.index)
        at = next((s for s in self.sentences if abs(s.start - t) < 1e-6), None) or next(
            (s for s in self.sentences if s.start <= t < s.end), None
        )
        if at is None:
            before = [s for s in self.sentences if s.start <= t]
            at = before[-1] if before else self.sentences[0]
        return self.cite_sentence(at)

    def cite_sentence(self, s: Sentence) -> Cite:
        return Cite(s.start, _cut(s.text), self.index)

    def commit(self) -> Cite:
        """The commit sentence (the answer's start when it never committed)."""
        return self.cite(self.turn.start if self.signals.commit_s is None else self.signals.commit_s)

    def first(self) -> Cite:
        return self.cite(self.turn.start)

    def evidence(self, *kinds: str) -> list[Evidence]:
        return [e for e in self.signals.evidence if e.kind in kinds]

    def positions(self) -> list[Cite]:
        """Each position taken, in order: the commit and every later position or reversal."""
        seen: set[float] = set()
        found: list[Cite] = []
        for e in self.evidence("commit", "position"):
            if e.t not in seen:
                seen.add(e.t)
                found.append(self.cite(e.t))
        return sorted(found, key=lambda c: c.t)

    def landing(self) -> Cite:
        """Where the answer came to rest: the last firm call made after the
        last position taken, else that last position."""
        taken = self.positions()
        after = taken[-1].t if taken else self.turn.start
        firm = [t for t in self.judged.sentences if t.sentence.start >= after and t.has("proposal", "return", "update")]
        reasoned = [t for t in firm if t.has("reason", "tradeoff")]
        if reasoned or firm:
            return self.cite_sentence((reasoned or firm)[-1].sentence)
        return taken[-1] if taken else self.first()

    @property
    def clean(self) -> bool:
        """Committed, gave the floor back, did not run on or re-argue."""
        s = self.signals
        return s.commit_s is not None and s.handoff and not s.run_on and not s.relitigated


def _cut(text: str) -> str:
    words = text.split()
    return " ".join(words[:QUOTE_WORDS])


def _ask(turn: Turn) -> str:
    """What the interviewer asked: the last question in the turn (a turn may
    also hold a greeting and the framework reminder), else its last sentence."""
    sentences = segment(turn.words)
    if not sentences:
        return _cut(turn.text)
    asked = [s for s in sentences if s.is_question] or sentences
    return _cut(asked[-1].text)


def gather(transcript: Transcript, judged: tuple[JudgedAnswer, ...]) -> list[Answer]:
    """Pair every judged answer with the interviewer's question before it."""
    by_turn = {id(a.turn): a for a in judged}
    answers: list[Answer] = []
    prompt = ""
    for turn in transcript.turns:
        if turn.speaker == "interviewer":
            prompt = _ask(turn)
            continue
        found = by_turn.get(id(turn))
        if found is None:
            continue
        answers.append(Answer(len(answers) + 1, found, prompt))
        prompt = ""
    return answers
