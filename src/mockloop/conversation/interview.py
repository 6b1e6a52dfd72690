"""The interview as a small state machine: which line the interviewer says next.

Pure: no device, model or disk. `Interview.start()` gives the opening lines;
`Interview.after_answer(now, text)` gives what the interviewer says once the
candidate has finished, given the session clock. The runner in `practice.py`
does the speaking, listening and saving around it.

The interviewer walks the chosen phases in order. In each phase it says the
phase's transition and opening line, then a follow-up after each answer,
chosen from what was said (`followup.next_follow_up`: a pushback aimed at a
chosen component, a key point not yet touched, else the scripted follow-ups,
probes and pushbacks). In requirements and estimation it first answers the
candidate's clarifying questions from the question's facts (`clarify`). It
moves to the next phase when the phase's budget is spent, its lines run out,
or the candidate asks to move on; it closes when the session's time is up or
the phases run out. The session's time, like each phase's, counts from the
first phase's opening line: the greeting and the question's reading come
first and do not shorten the last phase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mockloop.conversation.clarify import answer_questions, clarifying_questions, reply_text
from mockloop.conversation.followup import next_follow_up
from mockloop.errors import InputError
from mockloop.judge.session import budgets
from mockloop.judge.weights import warm
from mockloop.model import PHASES, InterviewerLines, Question, Turn, typed_words
from mockloop.settings import Settings, check_minutes

CLARIFYING_PHASES = ("requirements", "estimation")
"""Where the interviewer answers the candidate's clarifying questions."""

MOVE_ON = re.compile(
    r"\b(let'?s|can we|could we|shall we|i'?d like to|happy to|ready to) move on\b"
    r"|\bnext (phase|section|part|topic)\b|\bmove on to the next\b",
    re.IGNORECASE,
)
"""The candidate asks for the next phase (a key press does the same)."""


@dataclass(frozen=True)
class Line:
    """One thing the interviewer says, in a phase, and why."""

    text: str
    phase: str
    kind: str
    """greeting, prompt, reminder, transition, opening, answer (to a clarifying question),
    follow_up, probe, pushback, move_on, cut_in, closing; in a drill also verdict."""
    aim: str = ""
    """Why a follow-up was chosen: "key point: …", "component: redis", "scripted"."""


def parse_phases(spec: str | None) -> tuple[str, ...]:
    """`--phases requirements,deep_dive` → the phases in interview order."""
    if not spec:
        return PHASES
    names = [p.strip().replace("-", "_") for p in spec.split(",") if p.strip()]
    unknown = [p for p in names if p not in PHASES]
    if unknown or not names:
        raise InputError(
            f"--phases {spec!r}: unknown phase {', '.join(unknown) or '(none given)'}",
            f"name one or more of {', '.join(PHASES)}, separated by commas",
        )
    return tuple(p for p in PHASES if p in names)


def asks_to_move_on(text: str) -> bool:
    return MOVE_ON.search(text) is not None


class Interview:
    """Where the interview stands: the phase, its start, the lines still to say."""

    def __init__(
        self,
        question: Question,
        lines: InterviewerLines,
        phases: Sequence[str],
        minutes: float,
        settings: Settings,
    ) -> None:
        if check_minutes(minutes) is None:  # the CLI checked already; this guards other callers
            raise InputError(f"--minutes {minutes:g}: must be more than 0", "give the session length in minutes, e.g. 45")
        self.judges_each_answer = False
        self.question = question
        self.lines = lines
        self.phases = tuple(phases)
        self.minutes = minutes
        self.budgets = budgets(self.phases, minutes, settings)
        self.index = 0
        self.phase_started = 0.0
        self.clock_started: float | None = None
        self.done = False
        self._queue: list[Line] = []
        self._said: list[str] = []
        self._answers: list[Turn] = []

    @property
    def phase(self) -> str:
        return self.phases[self.index]

    @property
    def total_s(self) -> float:
        return self.minutes * 60.0

    def _enter(self, index: int, now: float) -> list[Line]:
        self.index = index
        self.phase_started = now
        phase = self.phase
        script = self.question.phases[phase]
        kinds = [("follow_up", script.follow_ups)]
        if phase == "deep_dive":
            kinds += [("probe", script.probes), ("pushback", script.pushbacks)]
        self._queue = [Line(text, phase, kind) for kind, texts in kinds for text in texts]
        return self._entry(index)

    def _entry(self, index: int) -> list[Line]:
        phase = self.phases[index]
        return [
            Line(self.lines.transitions[phase], phase, "transition"),
            Line(self.question.phases[phase].opening, phase, "opening"),
        ]

    def likely_next(self) -> list[Line]:
        """The lines the interviewer may say after the coming answer, without deciding anything:
        the next follow-up, the move to the next phase, the close. The runner synthesizes them
        while the candidate speaks, so the reply starts the moment the turn ends."""
        if self.done:
            return []
        likely = self._queue[:1]
        # The aimed follow-ups the coming answer may leave open: every untouched key point's
        # ask, and in the deep dive the pushbacks aimed at components; the clarifying answers
        # depend on what is asked, so they are synthesized when needed.
        script = self.question.phases[self.phase]
        said = set(self._said)
        aimed = [kp.ask for kp in script.key_points if kp.ask and kp.ask not in said]
        if self.phase == "deep_dive":
            aimed += [t for t in script.pushbacks if t not in said and script.applies_to.get(t)]
        known = {line.text for line in likely}
        likely += [Line(text, self.phase, "follow_up") for text in aimed if text not in known]
        if self.index + 1 < len(self.phases):
            likely += [Line(self.lines.move_on, self.phase, "move_on"), *self._entry(self.index + 1)]
        return [*likely, Line(self.lines.closing, self.phase, "closing")]

    def start(self) -> list[Line]:
        """The opening: greeting, the question, one framework reminder, the first phase.

        The tagger's weights are loaded here, while the opening is said: the reply to the
        first answer reads its sentence acts (clarifying questions, follow-ups), and loading
        them then made that reply 0.13 s later than the next one in a live session."""
        warm()
        first = self.phases[0]
        return [
            Line(self.lines.greeting.replace("{minutes}", _minutes_text(self.minutes)), first, "greeting"),
            Line(self.question.prompt, first, "prompt"),
            Line(self.lines.framework_reminder, first, "reminder"),
            *self._enter(0, 0.0),
        ]

    def spoken(self, lines: Sequence[Line], now: float, began: float | None = None) -> None:
        """The runner has said `lines`, from `began` to `now`. A phase's clock starts where
        its opening line starts (as the debrief counts phase time), so the greeting and
        the question, said before it, do not eat the first phase's budget."""
        if any(line.kind == "opening" for line in lines):
            self.phase_started = now if began is None else began
            if self.clock_started is None:
                self.clock_started = self.phase_started

    def phase_elapsed(self, now: float) -> float:
        return now - self.phase_started

    def elapsed(self, now: float) -> float:
        """Session seconds since the first phase opened (0 before it has)."""
        return 0.0 if self.clock_started is None else now - self.clock_started

    def after_answer(
        self, now: float, text: str = "", move_on: bool = False, cut_in: bool = False, turn: Turn | None = None
    ) -> list[Line]:
        """What the interviewer says after an answer that ended at `now` (session seconds).

        `cut_in`: the live coach stopped a run-on answer, so the interviewer
        says so and hands the floor back before anything else. `turn`: the
        answer as saved (else one is made from `text`).
        """
        if self.done:
            return []
        if turn is None:
            turn = Turn("candidate", now, now, typed_words(text), self.phase, text)
        self._answers.append(turn)
        if self.elapsed(now) >= self.total_s:
            return self._said_now(self.close())
        if cut_in:
            return self._said_now([Line(self.lines.stop_you_there, self.phase, "cut_in")])
        replies = self._answer_clarifying(turn)
        wants_next = move_on or asks_to_move_on(text or turn.text)
        spent = self.phase_elapsed(now) >= self.budgets[self.phase]
        if not (wants_next or spent):
            pick = self._next_line()
            if pick is not None:
                return self._said_now([*replies, pick])
        if self.index + 1 >= len(self.phases):
            return self._said_now([*replies, *self.close()])
        said = [Line(self.lines.move_on, self.phase, "move_on")] if wants_next else []
        return self._said_now([*replies, *said, *self._enter(self.index + 1, now)])

    def _answer_clarifying(self, turn: Turn) -> list[Line]:
        if self.phase not in CLARIFYING_PHASES:
            return []
        asked = clarifying_questions(turn)
        if not asked:
            return []
        text = reply_text(answer_questions(asked, self.question.facts), self.lines.no_fact)
        return [Line(text, self.phase, "answer")]

    def _next_line(self) -> Line | None:
        scripted = [(line.kind, line.text) for line in self._queue]
        pick = next_follow_up(self.phase, self.question.phases[self.phase], self._answers, self._said, scripted)
        if pick is None:
            return None
        self._queue = [line for line in self._queue if line.text != pick.text]
        return Line(pick.text, self.phase, pick.kind, pick.aim)

    def _said_now(self, lines: list[Line]) -> list[Line]:
        self._said += [line.text for line in lines]
        return lines

    def close(self) -> list[Line]:
        self.done = True
        return [Line(self.lines.closing, self.phase, "closing")]


def _minutes_text(minutes: float) -> str:
    return f"{minutes:g}"
