"""`mockloop questions [--json] [--check DIR]`: wiring only."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mockloop.cli.context import Environment

OK, BAD_INPUT = 0, 2


def questions(args: argparse.Namespace, env: Environment) -> int:
    """List the bank, or validate a folder of question (and quiz) files."""
    from mockloop.adapters.storage.bank import check_dir
    from mockloop.model import InterviewerLines, Question

    if args.check:
        from mockloop.adapters.storage.quiz import QUIZ_DIR, check_quiz_dir

        results: list[tuple[Path, object]] = [*check_dir(args.check), *check_quiz_dir(args.check / QUIZ_DIR)]
        if not results:
            print(f"mockloop: error: {args.check}: no .yaml question files found", file=env.stderr)
            return BAD_INPUT
        bad = 0
        for path, outcome in results:
            if isinstance(outcome, Question):
                print(f"ok    {path}  ({outcome.id})", file=env.stdout)
            elif isinstance(outcome, InterviewerLines):
                print(f"ok    {path}  (the interviewer's lines)", file=env.stdout)
            elif isinstance(outcome, int):
                print(f"ok    {path}  ({outcome} items)", file=env.stdout)
            else:
                bad += 1
                print(f"error {getattr(outcome, 'message', outcome)}", file=env.stdout)
        print(f"{len(results) - bad} valid, {bad} with errors", file=env.stdout)
        return BAD_INPUT if bad else OK
    from mockloop.adapters.storage.bank import Bank, default_folders

    bank = Bank(default_folders(args.bank, env.user_questions_dir))
    rows = sorted(bank.questions.values(), key=lambda q: q.id)
    if args.json:
        doc = [
            {
                "id": q.id,
                "title": q.title,
                "prompt": q.prompt,
                "path": q.path,
                "key_points": sum(len(p.key_points) for p in q.phases.values()),
                "probes": len(q.phases["deep_dive"].probes),
                "facts": len(q.facts),
                "model_answers": sum(1 for p in q.phases.values() if p.model_answer),
            }
            for q in rows
        ]
        json.dump(doc, env.stdout, indent=2)
        env.stdout.write("\n")
        return OK
    width = max(len(q.id) for q in rows)
    for q in rows:
        print(f"{q.id:<{width}}  {q.title}", file=env.stdout)
    return OK
