"""`mockloop quiz [--vocabulary] [--text] [--no-speech]`: a round of five, spoken or typed.

Wiring only: the items come from the quiz YAML (`adapters/storage/quiz.py`),
the round is the pure `conversation.quiz`, the adapters come from
`bootstrap` (as for practice), the round is saved as a session of kind
`quiz` and ends with the line `score: N/5`.
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from mockloop.adapters.storage.bank import Bank
from mockloop.adapters.storage.quiz import load_quiz
from mockloop.adapters.storage.store import SessionFolder
from mockloop.cli.bootstrap import bootstrap
from mockloop.cli.context import Environment
from mockloop.conversation.quiz import ROUND, QuizItem, pick_round, shuffled, vocabulary_items
from mockloop.errors import InputError
from mockloop.services.quiz import run_quiz


def quiz(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    if args.coach:
        raise InputError("--coach listens to long answers; a quiz answer is one word", "drop --coach")
    rng = random.Random(args.seed)
    pool = load_quiz(bank.folders)
    spellings = {t.term: t.spellings for t in pool.terms}
    if args.vocabulary:
        items: list[QuizItem] = vocabulary_items(pool.terms, rng)
        title, mode = "Vocabulary", "vocabulary"
    else:
        items, title, mode = list(pool.items), "Knowledge check", "knowledge"
    chosen = [shuffled(item, rng) for item in pick_round(items, rng, ROUND)]
    env = bootstrap(args, env, brief=True)
    adapters = env.adapters
    assert adapters is not None
    with adapters.opened(env):
        meta: dict[str, Any] = {
            "kind": "quiz",
            "title": title,
            "mode": mode,
            "seed": args.seed,
            "answers": adapters.candidate.describe(),
            "voice": "none (--no-speech)" if adapters.voice is None else (args.voice or "default"),
        }
        folder = SessionFolder.create(env.data_dir, "quiz", meta)
        outcome = run_quiz(
            chosen, adapters.candidate, folder, env.stdout, adapters.voice, adapters.player,
            adapters.transcriber, spellings, title,
        )  # fmt: skip
    print(f"quiz {folder.id}: {outcome.status}, saved in {folder.path}", file=env.stdout)
    print(outcome.score_line, file=env.stdout, flush=True)
    if outcome.status == "interrupted":
        raise KeyboardInterrupt
    return 0


def add_parser(sub: Any, bank_opts: argparse.ArgumentParser, spoken: argparse.ArgumentParser) -> None:
    qz = sub.add_parser(
        "quiz",
        parents=[bank_opts, spoken],
        help="the knowledge check: five multiple-choice questions, spoken, with explanations",
        description="A round of five multiple-choice questions on system design, read out by the interviewer. "
        "Answer by voice (\"B\", \"the second one\", or the choice itself) or type with --text; each answer "
        "is marked right or wrong with the explanation, and the round ends with `score: N/5`. Rounds are saved "
        "and `mockloop progress` shows the scores.",
    )
    qz.add_argument("--vocabulary", action="store_true", help="the eight terms: hear a definition, name the term")
    qz.add_argument("--seed", type=int, metavar="N", help="the same round again: pick and order the questions from seed N")
