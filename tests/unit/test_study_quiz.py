"""Study pages and their walk, the quiz's choice reading and grading, and the new bank fields."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from mockloop.adapters.storage.bank import Bank, parse_question, shipped_dir
from mockloop.adapters.storage.quiz import load_quiz, parse_knowledge
from mockloop.conversation.quiz import ROUND, QuizItem, grade, pick_round, read_choice, score_line, shuffled, vocabulary_items
from mockloop.conversation.study import Walk, study_pages
from mockloop.errors import BankError, InputError
from mockloop.model import PHASES
from mockloop.settings import Settings

BANK = Bank([shipped_dir()])
CHOICES = ("Shard by user id", "Shard by time", "Fan-out on write", "Sharding")


@pytest.mark.parametrize(
    ("reply", "index"),
    [
        ("B", 1), ("b.", 1), ("Bee.", 1), ("See.", 2), ("D.", 3), ("a", 0), ("option c", 2), ("It's option d.", 3),
        ("The second one.", 1), ("the first one", 0), ("I think the last one", 3), ("number two", 1), ("three", 2),
        ("sharding", 3), ("Fan-out on write", 2),
        ("I have no idea", None), ("", None), ("E", None),
    ],
)  # fmt: skip
def test_reading_a_choice(reply: str, index: int | None) -> None:
    assert read_choice(reply, CHOICES) == index


def test_grading_says_right_or_wrong_with_the_explanation() -> None:
    item = QuizItem("Which key?", CHOICES, 0, "User id keeps a user's posts together.")
    right = grade(item, "A")
    assert right.correct and right.line.startswith("Right: A, Shard by user id.") and item.explanation in right.line
    wrong = grade(item, "the second one")
    assert not wrong.correct and wrong.line.startswith("Not quite: the answer is A") and wrong.chosen == 1
    unheard = grade(item, "hmm")
    assert unheard.chosen is None and "didn't catch" in unheard.line
    assert score_line([right, wrong, unheard], ROUND) == "score: 1/5"


def test_the_shipped_quiz_and_vocabulary() -> None:
    pool = load_quiz([shipped_dir()])
    assert len(pool.items) >= 25
    assert all(item.explanation and 3 <= len(item.choices) <= 5 for item in pool.items)
    assert [t.term for t in pool.terms] == [
        "Functional vs non-functional", "DAU and MAU", "QPS", "Hot key", "Fan-out",
        "Eventual consistency", "Pre-aggregation", "Sharding",
    ]  # fmt: skip
    rng = random.Random(7)
    chosen = pick_round(pool.items, rng)
    assert len(chosen) == ROUND == len({i.prompt for i in chosen})
    # Shuffling the choices keeps the right one right.
    for item in chosen:
        moved = shuffled(item, rng)
        assert moved.choices[moved.answer] == item.choices[item.answer]
    vocab = vocabulary_items(pool.terms, rng)
    assert len(vocab) == 8
    for item, term in zip(vocab, pool.terms):
        assert term.definition in item.prompt and item.choices[item.answer] == term.term and len(item.choices) == 4
    fan_out = next(i for i in vocab if i.choices[i.answer] == "Fan-out")
    assert grade(fan_out, "fan out", {t.term: t.spellings for t in pool.terms}).correct


def test_the_quiz_yaml_is_validated(tmp_path: Path) -> None:
    doc = {"questions": [{"question": f"Q{i}?", "choices": ["x", "y"], "answer": "B", "explanation": "because"} for i in range(5)]}
    assert len(parse_knowledge(doc, tmp_path / "k.yaml")) == 5
    doc["questions"][2]["answer"] = "C"
    with pytest.raises(BankError, match=r"questions\[2\]\.answer: 'C' is not one of the choices"):
        parse_knowledge(doc, tmp_path / "k.yaml")
    with pytest.raises(BankError, match="at least 5 questions"):
        parse_knowledge({"questions": doc["questions"][:2]}, tmp_path / "k.yaml")


def test_study_pages_walk_the_phases_forward_and_back() -> None:
    question = BANK.get("build-cache")
    pages = study_pages(question, Settings())
    assert [p.phase for p in pages] == list(PHASES)
    assert [p.budget_min for p in pages] == [5, 3, 5, 5, 15, 10]
    first = pages[0]
    assert first.prompts == tuple(kp.point for kp in question.phases["requirements"].key_points)
    text = "\n".join(first.lines())
    assert "1/6  Requirements · about 5 min" in text and first.model_answer in text
    walk = Walk(pages)
    assert walk.step("back") is False and walk.page is first
    assert walk.step("next") and walk.page.phase == "estimation"
    assert walk.step("again") and walk.page.phase == "estimation"
    assert walk.step("back") and walk.page is first
    for _ in range(5):
        walk.step("next")
    assert walk.page.phase == "deep_dive" and not walk.done
    assert walk.step("next") is False and walk.done
    only = study_pages(question, Settings(), "deep-dive")
    assert [p.phase for p in only] == ["deep_dive"]
    with pytest.raises(InputError, match="unknown phase"):
        study_pages(question, Settings(), "lunch")


def test_every_shipped_question_is_complete() -> None:
    assert len(BANK.questions) >= 9
    for q in BANK.questions.values():
        assert len(q.facts) >= 4, q.id
        assert {f.kind for f in q.facts} == {"scale", "scope", "constraint"}, q.id
        for phase in PHASES:
            script = q.phases[phase]
            words = len(script.model_answer.split())
            assert 60 <= words <= 120, (q.id, phase, words)
            assert any(kp.ask for kp in script.key_points), (q.id, phase)
        assert q.phases["deep_dive"].applies_to, q.id
        assert q.vocabulary, q.id


def _doc() -> dict[str, object]:
    doc = yaml.safe_load((shipped_dir() / "build-cache.yaml").read_text())
    assert isinstance(doc, dict)
    return doc


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["facts"][0].update(kind="gossip"), r"facts\[0\]\.kind: 'gossip' is not a kind of fact"),
        (lambda d: d["facts"][1].pop("answer"), r"facts\[1\]\.answer: is missing"),
        (lambda d: d["phases"]["api"].update(model_answer="Too short."), r"phases\.api\.model_answer: has 2 words"),
        (lambda d: d["phases"]["api"]["key_points"][0].update(ask=""), r"key_points\[0\]\.ask: must be non-empty"),
        (lambda d: d["phases"]["deep_dive"]["pushbacks"][0].update(applies_to=[]), r"pushbacks\[0\]\.applies_to"),
        (lambda d: d["phases"]["deep_dive"]["pushbacks"][0].update(aimed=["x"]), r"pushbacks\[0\]\.aimed: is not a known field"),
    ],
)
def test_new_question_fields_are_validated(edit: object, message: str, tmp_path: Path) -> None:
    doc = _doc()
    edit(doc)  # type: ignore[operator]
    with pytest.raises(BankError, match=message):
        parse_question(doc, tmp_path / "q.yaml")
