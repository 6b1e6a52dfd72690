"""The knowledge check and the vocabulary as rounds of multiple choice. Pure.

A round is five items. The candidate answers by letter ("B", "option c"),
by position ("the second one"), or by saying the choice itself ("fan-out");
`read_choice` turns any of these, typed or heard, into the choice's index.
`--vocabulary` makes items of the eight terms: the definition is the
question, the term is the answer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

ROUND = 5
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class QuizItem:
    """One multiple-choice question with the reason its answer is right."""

    prompt: str
    choices: tuple[str, ...]
    answer: int
    """Index of the right choice."""
    explanation: str
    topic: str = ""

    def spoken(self) -> str:
        """The question as the interviewer reads it: the prompt, then each choice by letter."""
        options = " ".join(f"{LETTERS[i]}: {c.rstrip('.')}." for i, c in enumerate(self.choices))
        return f"{self.prompt} {options}"


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    spellings: tuple[str, ...] = field(default=())
    """Other ways the term is said or heard ("q p s", "fan out")."""


def vocabulary_items(terms: Sequence[Term], rng: random.Random, choices: int = 4) -> list[QuizItem]:
    """One item per term: which term does this definition define? The others are the wrong choices."""
    items = []
    for term in terms:
        others = [t.term for t in terms if t.term != term.term]
        options = [term.term, *rng.sample(others, min(choices - 1, len(others)))]
        rng.shuffle(options)
        items.append(
            QuizItem(
                f"Which term is this? {term.definition}",
                tuple(options),
                options.index(term.term),
                f"{term.term}: {term.definition}",
                "vocabulary",
            )
        )
    return items


def shuffled(item: QuizItem, rng: random.Random) -> QuizItem:
    """The same item with its choices in a fresh order, so the letter of the answer is no clue."""
    order = list(range(len(item.choices)))
    rng.shuffle(order)
    return QuizItem(item.prompt, tuple(item.choices[i] for i in order), order.index(item.answer), item.explanation, item.topic)


def pick_round(items: Sequence[QuizItem], rng: random.Random, n: int = ROUND) -> list[QuizItem]:
    """`n` different items in a random order (all of them when there are fewer)."""
    return rng.sample(list(items), min(n, len(items)))


_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "forth": 3, "fifth": 4, "last": -1}
_NUMBERS = {"one": 0, "1": 0, "two": 1, "2": 1, "three": 2, "3": 2, "four": 3, "4": 3, "five": 4, "5": 4}

_LETTER_SOUNDS = {
    "a": 0, "ay": 0, "eh": 0,
    "b": 1, "be": 1, "bee": 1,
    "c": 2, "see": 2, "sea": 2, "cee": 2,
    "d": 3, "dee": 3,
    "e": 4,
}  # fmt: skip
"""Letters as a recogniser writes them down when they are said alone."""


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("-", " ")).split())


def read_choice(reply: str, choices: Sequence[str], spellings: dict[str, tuple[str, ...]] | None = None) -> int | None:
    """The index of the choice a reply names, or None when it names none (or several).

    In order: the choice said in full ("fan-out"); a letter after "option",
    "answer" or "letter"; a short reply that is a letter ("B", "bee"); an
    ordinal ("the second one", "last"); a bare number ("two", "number 2")."""
    said = _norm(reply)
    words = said.split()
    n = len(choices)

    def valid(index: int) -> int | None:
        index = n - 1 if index < 0 else index
        return index if 0 <= index < n else None

    named = {
        i
        for i, c in enumerate(choices)
        for form in (c, *(spellings or {}).get(c, ()))
        if _norm(form) and re.search(rf"\b{re.escape(_norm(form))}\b", said)
    }
    if len(named) == 1:
        return named.pop()
    m = re.search(r"\b(?:option|answer|letter|choice)\s+([a-e])\b", said)
    if m:
        return valid(_LETTER_SOUNDS[m.group(1)])
    if 0 < len(words) <= 3:
        letters = [w for w in words if w in _LETTER_SOUNDS and (w not in ("a", "e") or len(words) == 1)]
        if len(letters) == 1:
            return valid(_LETTER_SOUNDS[letters[0]])
    ordinals = [w for w in words if w in _ORDINALS]
    if len(ordinals) == 1:
        return valid(_ORDINALS[ordinals[0]])
    m = re.search(r"\b(?:number|the)\s+(\w+)(?:\s+one)?$", said)
    if m and m.group(1) in _NUMBERS:
        return valid(_NUMBERS[m.group(1)])
    if len(words) <= 2 and words and words[-1] in _NUMBERS:
        return valid(_NUMBERS[words[-1]])
    return None


@dataclass(frozen=True)
class Graded:
    item: QuizItem
    reply: str
    chosen: int | None
    correct: bool

    @property
    def line(self) -> str:
        """What the interviewer says: right or wrong, the right answer when it was missed, why."""
        right = f"{LETTERS[self.item.answer]}, {self.item.choices[self.item.answer].rstrip('.')}"
        if self.correct:
            return f"Right: {right}. {self.item.explanation}"
        if self.chosen is None:
            return f"I didn't catch a choice there. The answer is {right}. {self.item.explanation}"
        return f"Not quite: the answer is {right}. {self.item.explanation}"

    def as_dict(self) -> dict[str, object]:
        return {
            "question": self.item.prompt,
            "reply": self.reply,
            "chosen": None if self.chosen is None else LETTERS[self.chosen],
            "answer": LETTERS[self.item.answer],
            "correct": self.correct,
        }


def grade(item: QuizItem, reply: str, spellings: dict[str, tuple[str, ...]] | None = None) -> Graded:
    chosen = read_choice(reply, item.choices, spellings)
    return Graded(item, reply, chosen, chosen == item.answer)


def score_line(graded: Sequence[Graded], asked: int) -> str:
    """The round's last line."""
    return f"score: {sum(1 for g in graded if g.correct)}/{asked}"
