"""`mockloop practice`: choose the adapters from the flags, run the session, say where it is.

Everything that can fail before the interview starts (question, phases,
data folder, devices, voice, answer files, model) is checked first, so a
bad flag never costs a half-spoken greeting.
"""

from __future__ import annotations

import argparse
import contextlib
import random
from collections.abc import Callable
from typing import Any

from .bank import Bank
from .candidates import Candidate, FileCandidate, KeyEvents, MicCandidate, TextCandidate
from .context import Environment
from .errors import DeviceError, InputError, MockloopError
from .practice import LiveCoach, Refiner, Script, run_practice
from .session import Interview, parse_phases
from .store import SessionFolder, check_writable
from .view import LiveView, PlainView


def practice(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    question = bank.get(args.question) if args.question else _random_question(bank)
    phases = parse_phases(args.phases)
    interview = Interview(question, bank.interviewer(), phases, args.minutes, env.settings)
    extra = {"minutes": args.minutes, "phases": list(phases)}
    return _run(args, env, bank, interview, extra)


def drill(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    from .drill import Drill

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
    """Check everything, build the adapters, run the script, save it, write the debrief."""
    question = interview.question
    live = not (args.text or args.answers_from)
    if args.coach and not live:
        raise InputError(
            f"--coach {args.coach} listens to the microphone as you speak; it cannot coach "
            f"{'typed answers' if args.text else 'recorded answers'}",
            "drop --coach, or answer into the microphone",
        )
    check_writable(env.data_dir)

    voice = player = None
    out_device: int | None = None
    if not args.no_speech:
        from .audio.devices import play, resolve
        from .audio.voice import Pyttsx3Voice

        voice = Pyttsx3Voice(args.voice, args.rate)
        out_device = resolve(args.output_device, "output")

        def player(clip: Any) -> None:
            play(clip.samples, clip.rate, out_device)

    from .stt import WhisperTranscriber

    transcriber = WhisperTranscriber(args.model) if not args.text else None
    keys = KeyEvents()
    view: PlainView
    coach = _coach(args, env, out_device, speaker=voice is not None)
    with contextlib.ExitStack() as stack:
        candidate: Candidate
        if args.text:
            candidate = TextCandidate()
        elif args.answers_from:
            assert transcriber is not None
            candidate = FileCandidate(args.answers_from, lambda: transcriber)
        else:
            from .audio.devices import resolve
            from .audio.listen import ListenOptions

            assert transcriber is not None
            in_device = resolve(args.device, "input")
            candidate = MicCandidate(
                in_device,
                transcriber,
                ListenOptions(args.end_silence, args.handoff_silence),
                keys,
                watch=coach,
            )
        if transcriber is not None:
            env.progress("loading the speech model…")
            transcriber.load()
        candidate.prepare(question.vocabulary)
        view = _view(env, question.title, interview.budgets, live)
        if isinstance(candidate, MicCandidate):
            candidate.on_progress = view.progress
            stack.enter_context(candidate)
            from .keys import key_presses

            stack.enter_context(key_presses(keys.press))
        meta = {
            "title": question.title,
            **extra,
            "budgets_s": {p: round(s, 1) for p, s in interview.budgets.items()},
            "answers": candidate.describe(),
            "voice": "none (--no-speech)" if voice is None else (args.voice or "default"),
            "model": str(transcriber.model_path) if transcriber is not None else "none (typed answers)",
            "coach": {"mode": args.coach, "cues": []} if args.coach else None,
            "settings": {
                "end_silence_s": args.end_silence,
                "handoff_silence_s": args.handoff_silence,
                **{k: v for k, v in vars(env.settings).items() if not isinstance(v, tuple)},
                "phase_budget_minutes": list(env.settings.phase_budget_minutes),
            },
        }
        if not args.coach:
            del meta["coach"]
        folder = SessionFolder.create(env.data_dir, question.id, meta)
        refiner = Refiner(transcriber, question.vocabulary) if live and transcriber is not None else None
        try:
            outcome = run_practice(interview, candidate, folder, view, voice, player, refiner, coach)
        finally:
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


def _coach(args: argparse.Namespace, env: Environment, out_device: int | None, speaker: bool) -> LiveCoach | None:
    """The live coach for `--coach MODE`; its tone goes to the interviewer's speaker.

    With --no-speech the tone still sounds if there is a speaker; if there is
    none, the cue shows on screen only (said once, up front)."""
    if not args.coach:
        return None
    from .coach import Coach

    tone = None
    if args.coach == "tone":
        from .audio.devices import resolve, soft_tone, start_playing

        if not speaker:
            try:
                out_device = resolve(args.output_device, "output")
            except DeviceError as exc:
                print(f"mockloop: warning: the coach's tone has no speaker ({exc.message}); its cue shows on screen only", file=env.stderr)
                return LiveCoach(Coach(env.settings), args.coach, None)

        samples = soft_tone()

        def tone() -> None:
            start_playing(samples, 22_050, out_device)

    return LiveCoach(Coach(env.settings), args.coach, tone)


def _write_debrief(folder: SessionFolder, bank: Bank, env: Environment) -> None:
    """Judge what was saved and write the debrief beside it; a failure here never costs the session."""
    from .report.markdown import render_markdown
    from .review import DEBRIEF_HTML, make_debrief, write_debrief

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
