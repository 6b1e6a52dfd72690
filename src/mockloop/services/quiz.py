"""The quiz runner: read each item out, take the answer, say right or wrong and why, save it all.

Like the practice runner it talks only to ports (a Voice and Player for the
interviewer, a Candidate for the answers, a SessionStore for the round), so
the same loop serves a spoken round, typed answers and recorded ones. The
grading is the pure `conversation.quiz`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

import numpy.typing as npt
import numpy as np

from mockloop.conversation.quiz import LETTERS, Graded, QuizItem, grade, score_line
from mockloop.errors import MockloopError
from mockloop.model import Response, Turn, Word, typed_words
from mockloop.ports import Candidate, Player, SessionStore, Transcriber, Voice
from mockloop.settings import SAMPLE_RATE, SPEAKING_RATE_WPM

ANSWER_WORDS = ("A", "B", "C", "D", "the first one", "the second one", "the third one", "the fourth one")
"""What answers sound like: offered to the recogniser with the choices themselves."""


@dataclass(frozen=True)
class QuizOutcome:
    graded: list[Graded]
    asked: int
    status: str
    """"complete", "answers ran out" or "interrupted"."""

    @property
    def score(self) -> int:
        return sum(1 for g in self.graded if g.correct)

    @property
    def score_line(self) -> str:
        return score_line(self.graded, self.asked)


def run_quiz(
    items: Sequence[QuizItem],
    candidate: Candidate,
    store: SessionStore,
    out: TextIO,
    voice: Voice | None,
    player: Player | None,
    transcriber: Transcriber | None = None,
    spellings: dict[str, tuple[str, ...]] | None = None,
    title: str = "Knowledge check",
) -> QuizOutcome:
    """Ask every item in turn; every turn is kept as it ends. Ctrl-C ends the round, kept."""
    runner = _QuizRunner(candidate, store, out, voice, player, transcriber)
    graded: list[Graded] = []
    status = "complete"
    try:
        # One interviewer turn per answer: the verdict on the last answer, then the next question.
        before = f"{title}: {len(items)} questions. Answer with the letter, or say which one."
        for n, item in enumerate(items, start=1):
            runner.say(before, f"Question {n} of {len(items)}.", item)
            reply = runner.listen(item)
            if reply is None:
                status = "answers ran out"
                break
            result = grade(item, reply, spellings)
            graded.append(result)
            before = result.line
        else:
            runner.say(before, f"That's the round: {sum(1 for g in graded if g.correct)} of {len(items)}.")
    except KeyboardInterrupt:
        status = "interrupted"
    outcome = QuizOutcome(graded, len(items), status)
    store.note(quiz={"asked": len(items), "score": outcome.score, "answers": [g.as_dict() for g in graded]})
    store.finish(status, score=outcome.score, minutes_spoken=round(runner.now / 60, 2))
    return outcome


class _QuizRunner:
    def __init__(
        self,
        candidate: Candidate,
        store: SessionStore,
        out: TextIO,
        voice: Voice | None,
        player: Player | None,
        transcriber: Transcriber | None,
    ) -> None:
        self.candidate = candidate
        self.store = store
        self.out = out
        self.voice = voice
        self.player = player
        self.transcriber = transcriber
        self.now = 0.0

    def say(self, before: str, then: str, item: QuizItem | None = None) -> None:
        """One interviewer turn: shown (an item with its choices one per line), spoken, saved."""
        print(f"interviewer: {before}", file=self.out, flush=True)
        print(f"interviewer: {then}{' ' + item.prompt if item else ''}", file=self.out, flush=True)
        if item is not None:
            for i, choice in enumerate(item.choices):
                print(f"  {LETTERS[i]}) {choice}", file=self.out, flush=True)
        text = f"{before} {then}{' ' + item.spoken() if item else ''}"
        audio: npt.NDArray[np.float32] | None = None
        rate = 0
        if self.voice is None:
            duration = len(text.split()) * 60.0 / SPEAKING_RATE_WPM
        else:
            clip = self.voice.synthesize(text)
            if self.player is not None:
                self.player(clip)
            duration, audio, rate = clip.duration_s, clip.samples, clip.rate
        start, self.now = self.now, self.now + duration
        self.store.add_turn(Turn("interviewer", start, self.now, typed_words(text, start, self.now), None, text), audio, rate)

    def listen(self, item: QuizItem) -> str | None:
        vocabulary = (*ANSWER_WORDS, *item.choices)
        response = self.candidate.answer(vocabulary)
        if response is None:
            return None
        words = self._words(response, vocabulary)
        start = self.now
        self.now += response.duration_s
        text = " ".join(w.text for w in words)
        turn = Turn("candidate", start, self.now, tuple(w.shifted(start) for w in words), None, text)
        self.store.add_turn(turn, response.audio, SAMPLE_RATE)
        print(f"you: {text or '(nothing heard)'}", file=self.out, flush=True)
        if response.interrupted:
            raise KeyboardInterrupt
        if response.error is not None:
            raise response.error
        return text

    def _words(self, response: Response, vocabulary: Sequence[str]) -> tuple[Word, ...]:
        """A spoken answer is short: transcribe it again whole, carefully, before grading it."""
        if self.transcriber is None or response.audio is None or not len(response.audio):
            return response.words
        try:
            return tuple(self.transcriber.transcribe(response.audio, vocabulary)) or response.words
        except MockloopError:
            return response.words


