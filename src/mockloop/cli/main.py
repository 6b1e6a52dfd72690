"""The `mockloop` command: argument parsing and wiring only.

`main(argv, env)` is the one place that catches MockloopError and turns it
into `mockloop: error: …` plus a hint; `--traceback` re-raises instead.
"""

from __future__ import annotations

import argparse
import enum
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mockloop import __version__
from mockloop.cli.context import Environment
from mockloop.errors import MockloopError
from mockloop.cli.arguments import check_numbers

if TYPE_CHECKING:
    from mockloop.adapters.storage.bank import Bank


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1
    BAD_INPUT = 2
    MODEL = 3
    INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockloop",
        description="A local, offline, voice-driven mock interviewer for system design rounds.",
    )
    parser.add_argument("--version", action="version", version=f"mockloop {__version__}")
    parser.add_argument("--traceback", action="store_true", help="show the full traceback on errors")
    bank_opts = argparse.ArgumentParser(add_help=False)
    bank_opts.add_argument(
        "--bank",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="also load questions from DIR (repeatable; a later folder overrides the same id)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    an = sub.add_parser(
        "analyze",
        parents=[bank_opts],
        help="transcribe and measure recorded answers or transcripts",
        description="Analyse recorded answers (audio: one file is one answer) or transcripts "
        "(timed text .txt, or transcript.json). Prints each answer's timed transcript and figures, "
        "then the debrief in Markdown.",
    )
    an.add_argument("files", nargs="+", type=Path, metavar="FILE", help="audio or transcript files")
    an.add_argument("--json", action="store_true", help="print one JSON object: {turns, session}")
    an.add_argument("--question", metavar="ID", help="the question answered (its jargon helps recognition)")
    an.add_argument("--phase", metavar="PHASE", help="the phase of audio answers (e.g. deep_dive)")
    an.add_argument(
        "--minutes",
        type=float,
        metavar="N",
        help="the session length that phase budgets scale to (default: 45)",
    )
    an.add_argument("--model", metavar="PATH", help="a CTranslate2 Whisper model folder (default: bundled tiny.en)")
    an.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        help="write the debrief (debrief.md, .json, .html) and transcript.json into DIR instead of printing it",
    )
    an.add_argument(
        "--bias",
        choices=["prompt", "primer", "vocabulary", "hotwords", "none"],
        default=None,
        help="how to steer recognition toward the question's jargon and fillers (default: the one "
        "that won on held-out audio, docs/SPEECH.md)",
    )

    from mockloop.cli.explain import add_parser as add_explain

    add_explain(sub)
    qs = sub.add_parser(
        "questions",
        parents=[bank_opts],
        help="list the question bank, or check your own question files",
        description="List the questions mockloop can ask. Your own questions live in the data "
        "folder's questions/ or in a folder given with --bank.",
    )
    qs.add_argument("--json", action="store_true", help="print the list as JSON")
    qs.add_argument("--check", metavar="DIR", type=Path, help="validate every question file in DIR")

    spoken = argparse.ArgumentParser(add_help=False)
    source = spoken.add_mutually_exclusive_group()
    source.add_argument("--answers-from", metavar="DIR", type=Path, help="play recorded answers (one audio file each, in name order) instead of the microphone")
    source.add_argument("--text", action="store_true", help="type your answers instead of speaking")
    spoken.add_argument("--no-speech", action="store_true", help="print the interviewer's lines instead of speaking them")
    spoken.add_argument("--voice", metavar="VOICE", help="the interviewer's voice (see `mockloop voices`)")
    spoken.add_argument("--rate", type=int, metavar="WPM", help="the interviewer's speaking rate in words per minute (default: 175)")
    spoken.add_argument("--device", metavar="DEV", help="microphone, by number or part of its name (see `mockloop devices`)")
    spoken.add_argument("--output-device", metavar="DEV", help="speaker, by number or part of its name")
    spoken.add_argument(
        "--turn-detector",
        choices=["smart", "silence"],
        default="smart",
        help="how the interviewer knows you have finished: `smart` (the default) asks a turn model (Smart Turn) "
        "and reads your last words after a short silence; `silence` waits a fixed silence (--end-silence)",
    )
    spoken.add_argument("--end-silence", type=float, default=None, metavar="S", help="the longest thinking pause before your answer is taken as finished (default: 8 s with the smart detector, 2.5 s with --turn-detector silence)")
    spoken.add_argument("--handoff-silence", type=float, default=0.7, metavar="S", help="silence that ends an answer which handed off (default: 0.7 s)")
    spoken.add_argument("--model", metavar="PATH", help="a CTranslate2 Whisper model folder (default: bundled tiny.en)")
    spoken.add_argument(
        "--coach",
        nargs="?",
        const="tone",
        choices=["tone", "interrupt"],
        help="the live 60-second coach: when you elaborate past the limit after your answer without handing "
        "off, a soft tone (the default), or `interrupt`: the interviewer cuts in. Microphone only; off unless given",
    )

    pr = sub.add_parser(
        "practice",
        parents=[bank_opts, spoken],
        help="a spoken mock interview on your microphone and speakers",
        description="Run a spoken mock system-design interview. The interviewer speaks, you answer "
        "out loud; every turn is saved in the data folder as it ends. Keys while you answer: "
        "Enter ends your answer, n asks for the next phase, Ctrl-C ends the session (kept).",
    )
    pr.add_argument("question", nargs="?", metavar="QUESTION", help="question id (see `mockloop questions`; default: a random one)")
    pr.add_argument("--minutes", type=float, default=45.0, metavar="N", help="session length; phase budgets scale with it (default: 45)")
    pr.add_argument("--phases", metavar="LIST", help="only these phases, comma-separated (e.g. requirements,deep_dive)")

    dr = sub.add_parser(
        "drill",
        parents=[bank_opts, spoken],
        help="the 60-second drill: rapid deep-dive probes, a verdict after each answer",
        description="Rapid deep-dive probes on one question. Each answer gets its minute: commit early, "
        "say why, hand it back. Right after each answer the interviewer says a one-line verdict and "
        "the running score. The drill is saved and reviewable like a session (sessions, debrief, replay).",
    )
    dr.add_argument("question", nargs="?", metavar="QUESTION", help="question id (default: a random one)")
    dr.add_argument("--probes", type=int, default=5, metavar="N", help="how many probes (default: 5, or as many as the question has)")

    from mockloop.cli.review import add_parsers

    add_parsers(sub, bank_opts)
    from mockloop.cli import replay as replay_cli

    replay_cli.add_parser(sub, bank_opts)
    from mockloop.cli import doctor as doctor_cli

    doctor_cli.add_parser(sub)

    from mockloop.cli import quiz as quiz_cli
    from mockloop.cli import study as study_cli

    study_cli.add_parser(sub, bank_opts)
    quiz_cli.add_parser(sub, bank_opts, spoken)

    sub.add_parser("voices", help="list the interviewer voices", description="List the text-to-speech voices for --voice.")
    dv = sub.add_parser("devices", help="list microphones and speakers", description="List sound devices for --device and --output-device.")
    dv.add_argument("--json", action="store_true", help="print the list as JSON")
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    env = env or Environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(env.stdout)
        return ExitStatus.BAD_INPUT
    try:
        check_numbers(args)
        return _dispatch(args, env)
    except MockloopError as exc:
        if args.traceback:
            raise
        print(f"mockloop: error: {exc.message}", file=env.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=env.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        if args.traceback:
            raise
        print("mockloop: interrupted", file=env.stderr)
        return ExitStatus.INTERRUPTED


def _dispatch(args: argparse.Namespace, env: Environment) -> int:
    if args.command == "doctor":  # before settings.yaml is read: doctor reports a bad one
        from mockloop.cli.doctor import doctor

        return doctor(args, env)
    from mockloop.settings import load_settings

    env.settings = load_settings(env.data_dir, env.settings)
    if args.command == "analyze":
        from mockloop.cli.analyze import analyze

        return analyze(args, env, _bank)
    if args.command == "questions":
        from mockloop.cli.questions import questions

        return questions(args, env)
    if args.command in ("practice", "drill"):
        from mockloop.cli import practice as practice_cli

        return int(getattr(practice_cli, args.command)(args, env, _bank(args, env)))
    if args.command in ("sessions", "debrief", "progress", "compare", "rescore"):
        from mockloop.cli import review as review_cli

        handler = getattr(review_cli, args.command)
        return int(handler(args, env, _bank(args, env)))
    if args.command == "replay":
        from mockloop.cli.replay import replay

        return replay(args, env, _bank(args, env))
    if args.command == "explain":
        from mockloop.cli.explain import explain

        return explain(args, env)
    if args.command == "study":
        from mockloop.cli.study import study

        return study(args, env, _bank(args, env))
    if args.command == "quiz":
        from mockloop.cli.quiz import quiz

        return quiz(args, env, _bank(args, env))
    if args.command == "voices":
        return _voices(env)
    if args.command == "devices":
        return _devices(args, env)
    raise AssertionError(args.command)


def _voices(env: Environment) -> int:
    from mockloop.adapters.audio.voice import list_voices

    voices = list_voices()
    width = max((len(v.id) for v in voices), default=0)
    for v in voices:
        print(f"{v.id:<{width}}  {v.name}", file=env.stdout)
    return ExitStatus.OK


def _devices(args: argparse.Namespace, env: Environment) -> int:
    from dataclasses import asdict

    from mockloop.adapters.audio.devices import list_devices

    devices = list_devices()
    if args.json:
        json.dump([asdict(d) for d in devices], env.stdout, indent=2)
        env.stdout.write("\n")
        return ExitStatus.OK
    if not devices:
        print("no sound devices found", file=env.stdout)
        return ExitStatus.OK
    for d in devices:
        marks = ("<" if d.is_default_input else " ") + (">" if d.is_default_output else " ")
        kinds = ", ".join(k for k, n in (("in", d.inputs), ("out", d.outputs)) if n)
        print(f"{marks} {d.index:>3}  {d.name}  ({kinds})", file=env.stdout)
    print("< default microphone   > default speaker", file=env.stdout)
    return ExitStatus.OK


def _bank(args: argparse.Namespace, env: Environment) -> Bank:
    from mockloop.adapters.storage.bank import Bank, default_folders

    return Bank(default_folders(args.bank, env.user_questions_dir))


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends a command as Ctrl-C does: the session is kept and marked interrupted.
    A second SIGTERM is not caught."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise KeyboardInterrupt


def run() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = ExitStatus.OK
    sys.exit(code)
