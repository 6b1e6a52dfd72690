"""`mockloop practice`: choose the adapters from the flags, run the session, say where it is.

The adapters come from `bootstrap`; everything that can fail before the
interview starts (question, phases, data folder, devices, voice, answer
files, model) fails there, so a bad flag never costs a half-spoken greeting.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from typing import Any

from mockloop.adapters.storage.bank import Bank
from mockloop.adapters.candidates import MicCandidate
from mockloop.cli.bootstrap import bootstrap
from mockloop.cli.context import Environment
from mockloop.errors import MockloopError
from mockloop.ports import Script
from mockloop.services.practice import Refiner, run_practice
from mockloop.conversation.interview import Interview, parse_phases
from mockloop.adapters.storage.store import SessionFolder
from mockloop.adapters.terminal.view import LiveView, PlainView
from mockloop.adapters.audio.devices import native_messages

NATIVE_LOG = "audio.log"
"""The sound library's own messages during the session (ALSA's "underrun occurred"), kept
beside the session instead of breaking up the live view."""


def practice(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    question = bank.get(args.question) if args.question else _random_question(bank)
    phases = parse_phases(args.phases)
    interview = Interview(question, bank.interviewer(), phases, args.minutes, env.settings)
    extra = {"minutes": args.minutes, "phases": list(phases)}
    return _run(args, env, bank, interview, extra)


def drill(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    from mockloop.conversation.drill import Drill

    question = bank.get(args.question) if args.question else _random_question(bank)
    script = Drill(question, args.probes, env.settings)
    extra = {"kind": "drill", "minutes": round(script.budgets["deep_dive"] / 60, 2), "phases": ["deep_dive"]}
    code = _run(args, env, bank, script, extra, after=lambda folder: folder.note(drill=script.summary()))
    return code


def _run(
    args: argparse.Namespace,
    env: Environment,
    bank: Bank,
    interview: Script,
    extra: dict[str, Any],
    after: Callable[[SessionFolder], None] | None = None,
) -> int:
    """Build the adapters, run the script, save it, write the debrief."""
    question = interview.question
    env = bootstrap(args, env)
    adapters = env.adapters
    assert adapters is not None
    voice, transcriber, candidate, coach = adapters.voice, adapters.transcriber, adapters.candidate, adapters.coach
    live = adapters.live
    with native_messages() as native, adapters.opened(env):
        candidate.prepare(question.vocabulary)
        view = _view(env, question.title, interview.budgets, live)
        if isinstance(candidate, MicCandidate):
            candidate.on_progress = view.progress
        meta = {
            "title": question.title,
            **extra,
            "budgets_s": {p: round(s, 1) for p, s in interview.budgets.items()},
            "answers": candidate.describe(),
            "voice": "none (--no-speech)" if voice is None else (args.voice or "default"),
            "model": str(transcriber.model_path) if transcriber is not None else "none (typed answers)",
            "coach": {"mode": args.coach, "cues": []} if args.coach else None,
            "settings": {
                "turn_detector": args.turn_detector if live else None,
                "end_silence_s": args.end_silence,
                "handoff_silence_s": args.handoff_silence,
                **{k: v for k, v in vars(env.settings).items() if not isinstance(v, tuple)},
                "phase_budget_minutes": list(env.settings.phase_budget_minutes),
            },
        }
        if not args.coach:
            del meta["coach"]
        folder = SessionFolder.create(env.data_dir, question.id, meta)
        native.keep_in(folder.path / NATIVE_LOG)
        refiner = Refiner(transcriber, question.vocabulary) if live and transcriber is not None else None
        try:
            outcome = run_practice(interview, candidate, folder, view, voice, adapters.player, refiner, coach)
        finally:
            if isinstance(candidate, MicCandidate):
                folder.note(turn_taking=candidate.endings)
            if after is not None:
                after(folder)
    view.close()
    answers = sum(1 for t in folder.turns if t.speaker == "candidate")
    print(f"session {folder.id}: {outcome.status}, {answers} answers saved", file=env.stdout)
    print(f"saved in {folder.path}", file=env.stdout)
    _write_debrief(folder, bank, env)
    if outcome.error is not None:
        raise outcome.error
    if outcome.status == "interrupted":
        raise KeyboardInterrupt
    return 0


def _write_debrief(folder: SessionFolder, bank: Bank, env: Environment) -> None:
    """Judge what was saved and write the debrief beside it; a failure here never costs the session."""
    from mockloop.report.markdown import render_markdown
    from mockloop.services.review import DEBRIEF_HTML, make_debrief, write_debrief

    if not any(t.speaker == "candidate" for t in folder.turns):
        print("no answers were saved, so there is no debrief", file=env.stdout)
        return
    try:
        debrief = make_debrief(folder.path, bank, env.settings)
        write_debrief(folder.path, debrief)
    except MockloopError as exc:
        print(f"mockloop: warning: the debrief was not written: {exc.message}", file=env.stderr)
        print(f"hint: run `mockloop debrief {folder.id}` once the problem is fixed", file=env.stderr)
        return
    env.stdout.write("\n" + render_markdown(debrief))
    print(f"debrief: {folder.path / DEBRIEF_HTML}", file=env.stdout)


def _random_question(bank: Bank) -> Any:
    ids = sorted(bank.questions)
    if not ids:
        raise MockloopError("the question bank is empty", "add a question file (see `mockloop questions --check DIR`)")
    return bank.get(random.choice(ids))


def _view(env: Environment, title: str, budgets: dict[str, float], live: bool) -> PlainView:

    if env.stdout.isatty():
        return LiveView(env.stdout, title, budgets, live)
    return PlainView(env.stdout)
