"""The knowledge check's YAML: `quiz/knowledge.yaml` (multiple-choice questions) and
`quiz/vocabulary.yaml` (the terms), in the shipped bank or a `--bank` folder.

A question has `question`, two to five `choices`, the `answer` (a letter)
and an `explanation`, and may name a `topic`; a term has `term`, `definition`
and optional `spellings` (other ways it is said). Every error names the file,
the field and the fix, as the question bank's do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockloop.adapters.storage.bank import _Checker, _kind, _read_yaml, shipped_dir
from mockloop.conversation.quiz import LETTERS, ROUND, QuizItem, Term
from mockloop.errors import BankError

QUIZ_DIR = "quiz"
KNOWLEDGE_FILE = "knowledge.yaml"
VOCABULARY_FILE = "vocabulary.yaml"


@dataclass(frozen=True)
class QuizBank:
    items: tuple[QuizItem, ...]
    terms: tuple[Term, ...]


def parse_knowledge(doc: Any, path: Path) -> tuple[QuizItem, ...]:
    c = _Checker(path)
    root = c.mapping(doc, "")
    c.unknown_keys(root, {"questions"}, "")
    raw = root.get("questions")
    if not isinstance(raw, list) or len(raw) < ROUND:
        raise c.fail("questions", f"must list at least {ROUND} questions, got {_kind(raw)}", "a round asks five")
    items: list[QuizItem] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        field = f"questions[{i}]"
        q = c.mapping(entry, field)
        c.unknown_keys(q, {"question", "choices", "answer", "explanation", "topic"}, field)
        prompt = c.text(q, "question", field)
        if prompt in seen:
            raise c.fail(f"{field}.question", "is asked twice", "give each question once")
        seen.add(prompt)
        choices = c.texts(q, "choices", field)
        if not 2 <= len(choices) <= len(LETTERS[:5]) or len(set(choices)) != len(choices):
            raise c.fail(f"{field}.choices", f"has {len(choices)} choices", "give two to five different choices")
        letter = c.text(q, "answer", field).upper()
        if len(letter) != 1 or letter not in LETTERS[: len(choices)]:
            raise c.fail(f"{field}.answer", f"{letter!r} is not one of the choices", f"give a letter, A to {LETTERS[len(choices) - 1]}")
        topic = c.text(q, "topic", field) if "topic" in q else ""
        items.append(QuizItem(prompt, choices, LETTERS.index(letter), c.text(q, "explanation", field), topic))
    return tuple(items)


def parse_vocabulary(doc: Any, path: Path) -> tuple[Term, ...]:
    c = _Checker(path)
    root = c.mapping(doc, "")
    c.unknown_keys(root, {"terms"}, "")
    raw = root.get("terms")
    if not isinstance(raw, list) or len(raw) < 4:
        raise c.fail("terms", f"must list at least 4 terms, got {_kind(raw)}", "each item offers four terms to choose from")
    terms: list[Term] = []
    for i, entry in enumerate(raw):
        field = f"terms[{i}]"
        t = c.mapping(entry, field)
        c.unknown_keys(t, {"term", "definition", "spellings"}, field)
        term = c.text(t, "term", field)
        if any(x.term == term for x in terms):
            raise c.fail(f"{field}.term", f"{term!r} is defined twice", "define each term once")
        terms.append(Term(term, c.text(t, "definition", field), c.texts(t, "spellings", field, required=False)))
    return tuple(terms)


def check_quiz_dir(folder: Path) -> list[tuple[Path, int | BankError]]:
    """Validate the quiz files in `folder` (a bank's `quiz/`): each file's item count, or its error."""
    results: list[tuple[Path, int | BankError]] = []
    for name, parse in ((KNOWLEDGE_FILE, parse_knowledge), (VOCABULARY_FILE, parse_vocabulary)):
        path = folder / name
        if not path.exists():
            continue
        try:
            results.append((path, len(parse(_read_yaml(path), path))))
        except BankError as exc:
            results.append((path, exc))
    return results


def load_quiz(folders: list[Path]) -> QuizBank:
    """The quiz of the last folder that has each file, else the shipped one."""
    def find(name: str) -> Path:
        for folder in reversed(folders):
            if (folder / QUIZ_DIR / name).exists():
                return folder / QUIZ_DIR / name
        return shipped_dir() / QUIZ_DIR / name

    k, v = find(KNOWLEDGE_FILE), find(VOCABULARY_FILE)
    return QuizBank(parse_knowledge(_read_yaml(k), k), parse_vocabulary(_read_yaml(v), v))
