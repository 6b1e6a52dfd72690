"""Studying a question: its phases in order, each with its budget, the prompts to hit and a
strong answer. Pure; `cli/study.py` prints, speaks and reads the keys around it.

A `Walk` is where the reader is: forward, back, again, or done. It knows
nothing of terminals, so the same walk serves key presses and a pipe.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockloop.errors import InputError
from mockloop.model import PHASE_TITLES, PHASES, Question
from mockloop.settings import Settings


@dataclass(frozen=True)
class StudyPage:
    """One phase of one question, as the study mode shows it."""

    number: int
    phase: str
    budget_min: float
    """The phase's budget in a full round."""
    opening: str
    prompts: tuple[str, ...]
    """The key points: what a strong answer to this phase hits."""
    model_answer: str

    @property
    def title(self) -> str:
        return PHASE_TITLES[self.phase]

    def lines(self) -> list[str]:
        """The page as text: heading (the phase's place in the framework), the interviewer's
        opening, the prompts, the model answer."""
        out = [f"{self.number}/{len(PHASES)}  {self.title} · about {self.budget_min:g} min", f"  interviewer: {self.opening}", ""]
        out.append("  prompts to hit:")
        out += [f"    • {p}" for p in self.prompts]
        out.append("")
        out.append("  model answer:")
        out.append(f"    {self.model_answer or '(this question has no model answer for this phase yet)'}")
        return out


def study_pages(question: Question, settings: Settings, phase: str | None = None) -> list[StudyPage]:
    """The pages to study: every phase in interview order, or just `phase`."""
    chosen = PHASES
    if phase is not None:
        name = phase.strip().replace("-", "_")
        if name not in PHASES:
            raise InputError(f"--phase {phase!r}: unknown phase", f"name one of {', '.join(PHASES)}")
        chosen = (name,)
    budgets = dict(zip(PHASES, settings.phase_budget_minutes, strict=True))
    return [
        StudyPage(
            PHASES.index(p) + 1,
            p,
            budgets[p],
            question.phases[p].opening,
            tuple(kp.point for kp in question.phases[p].key_points),
            question.phases[p].model_answer,
        )
        for p in chosen
    ]


STEP_KEYS = {"n": "next", "\n": "next", "\r": "next", " ": "next", "b": "back", "r": "again", "q": "quit"}
"""Keys while studying: next, back, hear it again, quit."""


class Walk:
    """The reader's place in the pages."""

    def __init__(self, pages: list[StudyPage]) -> None:
        if not pages:
            raise ValueError("nothing to study")
        self.pages = pages
        self.index = 0
        self.done = False

    @property
    def page(self) -> StudyPage:
        return self.pages[self.index]

    def step(self, command: str) -> bool:
        """Apply `next`, `back`, `again` or `quit`; True when a page should be shown (again)."""
        if command == "quit":
            self.done = True
            return False
        if command == "back":
            moved = self.index > 0
            self.index = max(0, self.index - 1)
            return moved
        if command == "again":
            return True
        if self.index + 1 >= len(self.pages):
            self.done = True
            return False
        self.index += 1
        return True


def study_command(question_id: str, phase: str) -> str:
    """What the debrief tells the candidate to run to study a phase's missed points."""
    return f"mockloop study {question_id} --phase {phase}"
