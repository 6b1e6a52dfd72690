"""`mockloop study QUESTION [--phase P] [--no-speech]`: walk a question's phases as a study aid.

Each page is a phase with its budget, the prompts to hit and the model
answer, which the interviewer's voice reads out (unless --no-speech). On a
terminal keys step forward and back; into a pipe every page is printed at
once (and read out in turn).
"""

from __future__ import annotations

import argparse
import queue
from collections.abc import Callable
from typing import Any

from mockloop.adapters.storage.bank import Bank
from mockloop.cli.context import Environment
from mockloop.conversation.study import STEP_KEYS, StudyPage, Walk, study_pages

KEYS_HELP = "Enter/space/n: next phase   b: back   r: hear it again   q: quit"


def study(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    question = bank.get(args.question)
    pages = study_pages(question, env.settings, args.phase)
    speak = None if args.no_speech else _speaker(args)
    print(f"Study: {question.title}", file=env.stdout)
    print(f"  {question.prompt}", file=env.stdout, flush=True)
    walk = Walk(pages)
    from mockloop.adapters.terminal.keys import key_presses

    keys: queue.Queue[str] = queue.Queue()
    interactive = env.stdout.isatty()
    with key_presses(keys.put) as listening:
        if not (listening and interactive):
            for page in pages:
                _show(env, page, speak)
            return 0
        print(KEYS_HELP, file=env.stdout, flush=True)
        _show(env, walk.page, speak)
        while not walk.done:
            command = STEP_KEYS.get(keys.get().lower())
            if command is not None and walk.step(command):
                _show(env, walk.page, speak)
    return 0


def _show(env: Environment, page: StudyPage, speak: Callable[[str], None] | None) -> None:
    print("", file=env.stdout)
    for line in page.lines():
        print(line, file=env.stdout)
    env.stdout.flush()
    if speak is not None and page.model_answer:
        speak(page.model_answer)


def _speaker(args: argparse.Namespace) -> Callable[[str], None]:
    """The interviewer's voice on the chosen speaker; fails here, before the first page."""
    from mockloop.adapters.audio.devices import play, resolve
    from mockloop.adapters.audio.voice import Pyttsx3Voice

    voice = Pyttsx3Voice(args.voice, args.rate)
    device = resolve(args.output_device, "output")

    def speak(text: str) -> None:
        clip = voice.synthesize(text)
        play(clip.samples, clip.rate, device)

    return speak


def add_parser(sub: Any, bank_opts: argparse.ArgumentParser) -> None:
    st = sub.add_parser(
        "study",
        parents=[bank_opts],
        help="study a question: each phase's budget, the prompts to hit and a model answer",
        description="Walk a question through the six phases: each phase with its budget, the prompts a "
        "strong answer hits, and a model answer read out by the interviewer's voice. Keys on a terminal: "
        + KEYS_HELP
        + ". Into a pipe every phase is printed at once.",
    )
    st.add_argument("question", metavar="QUESTION", help="question id (see `mockloop questions`)")
    st.add_argument("--phase", metavar="PHASE", help="only this phase (e.g. deep_dive)")
    st.add_argument("--no-speech", action="store_true", help="print the model answers instead of speaking them")
    st.add_argument("--voice", metavar="VOICE", help="the interviewer's voice (see `mockloop voices`)")
    st.add_argument("--rate", type=int, metavar="WPM", help="speaking rate in words per minute (default: 175)")
    st.add_argument("--output-device", metavar="DEV", help="speaker, by number or part of its name")
