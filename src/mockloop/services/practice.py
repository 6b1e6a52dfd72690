"""The practice runner: speak the interviewer's lines, take the answers, save every turn.

`run_practice` wires the pure `Interview` to its adapters: a Voice and a
player for the interviewer, a Candidate for the answers, a View for the
terminal and a SessionStore (the session folder on disk). The session clock is the
conversation's own: an interviewer turn lasts as long as its audio, an
answer as long as the candidate spoke, so the saved turns lie end to end as
they were heard.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mockloop.adapters import heap
from mockloop.conversation.coach import Coach, Cue
from mockloop.debrief.data import clock
from mockloop.errors import MockloopError
from mockloop.model import Clip, Response, Turn, Word, typed_words
from mockloop.conversation.interview import Line
from mockloop.settings import SAMPLE_RATE, SPEAKING_RATE_WPM
from mockloop.conversation.turn_taking import MERGE_WITHIN_S
from mockloop.services.reply import Ahead, at_16k, joined, merged
from mockloop.ports import Candidate, Player, Resumable, Script, SessionStore, View, Voice
from mockloop.services.refine import Refiner, transcribe_in_pieces

__all__ = ["LiveCoach", "Outcome", "Refiner", "run_practice", "transcribe_in_pieces"]


PREAMBLE = ("greeting", "prompt", "reminder")
"""Interviewer lines said before the first phase opens."""


class LiveCoach:
    """The coach as a session uses it: the pure rule (`coach.Coach`) plus what happens on a cue.

    `tone` mode plays a short soft tone and lets the candidate go on;
    `interrupt` ends the answer there, and the interviewer cuts in. The
    runner sets `on_cue` to keep the cue in session.yaml and show it.
    """

    def __init__(
        self,
        coach: Coach,
        mode: str,
        tone: Callable[[], None] | None = None,
        on_cue: Callable[[Cue], None] | None = None,
    ) -> None:
        self.coach = coach
        self.mode = mode
        self.tone = tone
        self.on_cue = on_cue

    def start(self, phase: str) -> None:
        self.coach.start(phase)

    def hear(self, words: Sequence[Word], now_s: float, in_speech: bool) -> bool:
        cue = self.coach.hear(words, now_s, in_speech)
        if cue is None:
            return False
        if self.mode == "tone" and self.tone is not None:
            try:
                self.tone()
            except MockloopError:
                pass  # a cue that cannot sound must not cost the answer; the view still shows it
        if self.on_cue is not None:
            self.on_cue(cue)
        return self.mode == "interrupt"


@dataclass(frozen=True)
class Outcome:
    folder: SessionStore
    status: str
    """"complete", "interrupted", "answers ran out" or "failed"."""

    error: MockloopError | None = None


def run_practice(
    interview: Script,
    candidate: Candidate,
    folder: SessionStore,
    view: View,
    voice: Voice | None,
    player: Player | None,
    refiner: Refiner | None = None,
    coach: LiveCoach | None = None,
) -> Outcome:
    """Run the interview to its end, a fault, or Ctrl-C; every finished turn is on disk."""
    runner = _Runner(interview, candidate, folder, view, voice, player, refiner, coach)
    error: MockloopError | None = None
    try:
        status = runner.run()
    except KeyboardInterrupt:
        status = "interrupted"
    except MockloopError as exc:
        status, error = "failed", exc
    if refiner is not None:
        refiner.finish(folder)
    extra = {"error": error.message} if error else {}
    folder.finish(status, minutes_spoken=round(runner.now / 60, 2), **extra)
    return Outcome(folder, status, error)


class _Runner:
    def __init__(
        self,
        interview: Script,
        candidate: Candidate,
        folder: SessionStore,
        view: View,
        voice: Voice | None,
        player: Player | None,
        refiner: Refiner | None,
        coach: LiveCoach | None,
    ) -> None:
        self.refiner = refiner
        self.coach = coach
        self.cues: list[dict[str, object]] = []
        if coach is not None:
            coach.on_cue = self.keep_cue
        self.interview = interview
        self.candidate = candidate
        self.folder = folder
        self.view = view
        self.voice = voice
        self.player = player
        self.ahead = Ahead(voice) if voice is not None else None
        self.now = 0.0

    def run(self) -> str:
        try:
            return self._run()
        finally:
            if self.ahead is not None:
                self.ahead.close()

    def _run(self) -> str:
        lines = self.interview.start()
        vocabulary = self.interview.question.vocabulary
        self.say(lines)
        while True:
            if self.interview.done:
                return "complete"
            phase = self.interview.phase
            self.view.listening(phase, self.interview.phase_elapsed(self.now), self.interview.budgets[phase])
            if self.coach is not None:
                self.coach.start(phase)
            if self.ahead is not None:
                self.ahead.prepare(self.interview.likely_next())
            answer = self.candidate.answer(vocabulary)
            if answer is None:
                return "answers ran out"
            while True:
                if answer.interrupted or answer.error is not None or not self._may_merge():
                    saved = self.keep_answer(answer, phase)
                    if answer.interrupted:
                        raise KeyboardInterrupt
                    if answer.error is not None:
                        raise answer.error
                    self.say(self._reply(answer, saved))
                    break
                # The answer is kept once the reply has been heard for MERGE_WITHIN_S without
                # the candidate going on; if they go on, the reply stops and the answer continues.
                before = copy.deepcopy(self.interview)
                heard = answer
                provisional = Turn("candidate", self.now, self.now + heard.duration_s, (), phase, heard.text)
                if not self.say(
                    self._reply(heard, provisional, self.now + heard.duration_s),
                    keep=lambda: self.keep_answer(heard, phase),
                ):
                    break
                self.interview = before
                more = self.candidate.answer(vocabulary)
                answer = merged(answer, more) if more is not None else answer

    def _reply(self, answer: Response, turn: Turn, now: float | None = None) -> list[Line]:
        return self.interview.after_answer(
            self.now if now is None else now, answer.text, answer.move_on, cut_in=answer.ended_by == "coach", turn=turn
        )

    def _may_merge(self) -> bool:
        return (
            not self.interview.judges_each_answer
            and isinstance(self.candidate, Resumable)
            and self.player is not None
            and callable(getattr(self.player, "stop", None))
        )

    def say(self, lines: list[Line], keep: Callable[[], object] | None = None) -> bool:
        """The interviewer's lines, spoken back to back and saved. The preamble (greeting,
        question, framework reminder) is a turn of its own outside every phase, so no
        phase's clock counts it. See `_say_turn` for `keep`."""
        preamble = 0
        while preamble < len(lines) and lines[preamble].kind in PREAMBLE:
            preamble += 1
        if 0 < preamble < len(lines):
            self._say_turn(lines[:preamble], None)
            lines = lines[preamble:]
        return self._say_turn(lines, lines[-1].phase if lines else None, keep)

    def _say_turn(self, lines: list[Line], phase: str | None, keep: Callable[[], object] | None = None) -> bool:
        """One interviewer turn: the lines spoken back to back, then saved.

        `keep` saves the answer just heard. With it, and a candidate who can be heard while
        the reply starts, the reply plays while they are listened to: if they go on within
        MERGE_WITHIN_S, the reply stops, nothing is saved and True is returned (their answer
        continues); otherwise the answer is kept then and the reply plays on."""
        if not lines:
            if keep is not None:
                keep()
            return False
        text = " ".join(line.text.strip() for line in lines)
        for line in lines:
            self.view.interviewer(line, self.now)
        if self.voice is None:
            if keep is not None:
                keep()
            duration = len(text.split()) * 60.0 / SPEAKING_RATE_WPM
            audio: npt.NDArray[np.float32] | None = None
            rate = 0
        else:
            assert self.ahead is not None
            clip = joined([self.ahead.clip(line.text.strip()) for line in lines])
            if keep is not None and self._may_merge():
                if self._resumed_over(clip, keep):
                    return True
            else:
                if keep is not None:
                    keep()
                if self.player is not None:
                    self.player(clip)
            duration, audio, rate = clip.duration_s, clip.samples, clip.rate
        start, self.now = self.now, self.now + duration
        self.interview.spoken(lines, self.now, began=start)
        turn = Turn("interviewer", start, self.now, typed_words(text, start, self.now), phase, text)
        self.folder.add_turn(turn, audio, rate)
        if self.refiner is not None:
            self.refiner.apply(self.folder)
        return False

    def _resumed_over(self, clip: Clip, keep: Callable[[], object]) -> bool:
        """Play `clip` while listening for the candidate's return (see `say`)."""
        assert self.player is not None and isinstance(self.candidate, Resumable)
        player = self.player
        stop: Callable[[], None] = getattr(player, "stop")
        fault: list[BaseException] = []

        def play() -> None:
            try:
                player(clip)
            except BaseException as exc:  # raised again below, on the runner's thread
                fault.append(exc)

        voice = threading.Thread(target=play, name="mockloop-reply", daemon=True)
        voice.start()
        try:
            if self.candidate.resumed(MERGE_WITHIN_S, at_16k(clip)):
                stop()
                voice.join()
                return True
            keep()
            voice.join()
        except BaseException:
            stop()
            voice.join()
            raise
        if fault:
            raise fault[0]
        return False

    def keep_answer(self, answer: Response, phase: str) -> Turn:
        heap.release()
        start = self.now
        self.now += answer.duration_s
        words = tuple(w.shifted(start) for w in answer.words)
        turn = Turn("candidate", start, self.now, words, phase, answer.text)
        saved = self.folder.add_turn(turn, answer.audio, SAMPLE_RATE)
        self.view.answered(saved, answer)
        if self.refiner is not None and answer.audio is not None and answer.words and not answer.interrupted:
            index = len(self.folder.turns) - 1
            refined = self.refiner.submit(index, start, answer.audio, answer.words)
            if self.interview.judges_each_answer:
                refined.result()
                self.refiner.apply(self.folder)
                saved = self.folder.turns[index]
        return saved

    def keep_cue(self, cue: Cue) -> None:
        """A cue shown, and in session.yaml the moment it happens, on the session clock (replay shows it).

        Called from the listening thread while the answer is still going: the
        answer will be the next turn, and it started at `self.now`."""
        assert self.coach is not None
        start = self.now
        self.cues.append(
            {
                "turn": len(self.folder.turns) + 1,
                "t": round(start + cue.t, 2),
                "at": clock(start + cue.t),
                "since_s": round(start + cue.since, 2),
                "limit_s": cue.limit,
            }
        )
        self.folder.note(coach={"mode": self.coach.mode, "cues": self.cues})
        self.view.coached(cue, self.coach.mode)
