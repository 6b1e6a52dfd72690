"""`mockloop analyze FILE…`: wiring only. Reads the inputs, judges them once, prints or writes."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from mockloop.cli.arguments import check_out
from mockloop.cli.context import Environment

if TYPE_CHECKING:
    from mockloop.adapters.storage.bank import Bank
    from mockloop.debrief import Debrief
    from mockloop.judge.transcript import JudgedSession
    from mockloop.model import Question, Transcript

OK = 0


def analyze(args: argparse.Namespace, env: Environment, bank_of: Callable[[argparse.Namespace, Environment], Bank]) -> int:
    """Transcribe and judge recorded answers or transcripts; print the figures and the debrief."""
    from mockloop.judge.summary import summarize
    from mockloop.judge.transcript import judge_transcript
    from mockloop.services.analyze import check_phase, format_text, load_inputs
    from mockloop.model import Transcript
    from mockloop.adapters.stt.whisper import DEFAULT_BIASING, Biasing, WhisperTranscriber
    from mockloop.ports import Transcriber

    phase = check_phase(args.phase)
    vocabulary: tuple[str, ...] = ()
    question = None
    if args.question:
        question = _known_question(bank_of(args, env), args.question, env)
        vocabulary = question.vocabulary if question else ()
    cache: list[Transcriber] = []

    def transcriber() -> Transcriber:
        if not cache:
            biasing = Biasing(args.bias) if args.bias else DEFAULT_BIASING
            cache.append(WhisperTranscriber(args.model, biasing=biasing))
        return cache[0]

    transcripts = load_inputs(
        args.files,
        transcriber,
        question=args.question,
        vocabulary=vocabulary,
        phase=phase,
        progress=env.progress,
    )
    if question is None and not args.question:
        named = {t.question for t in transcripts if t.question}
        if len(named) == 1:
            question = _known_question(bank_of(args, env), named.pop(), env)
    if not any(t.speaker == "candidate" and t.words for tr in transcripts for t in tr.turns):
        from mockloop.errors import InputError

        raise InputError(
            f"{', '.join(p.name for p in args.files)}: no answer to judge (no candidate line with any words)",
            "give a transcript with '[MM:SS.s] candidate: …' lines, or a recording of an answer",
        )
    if args.out:
        check_out(args.out, env.data_dir)
    minutes = _minutes_of(args, env, transcripts)
    joined = Transcript(tuple(t for tr in transcripts for t in tr.turns), question.id if question else None)
    judged = judge_transcript(joined, env.settings, question, minutes)
    report = summarize(transcripts, env.settings, question, minutes, judged)
    debrief = _analyze_debrief(args, env, joined, question, minutes, judged)
    if args.out:
        from mockloop.services.review import write_debrief
        from mockloop.adapters.storage.store import writing
        from mockloop.adapters.storage.transcripts import save

        written = write_debrief(args.out, debrief)
        target = args.out / "transcript.json"
        with writing(target):
            save(joined, target)
        for path in [*written, target]:
            print(f"wrote {path}", file=env.stdout)
        return OK
    if args.json:
        json.dump({**report, "debrief": debrief.as_dict()}, env.stdout, indent=2)
        env.stdout.write("\n")
    else:
        from mockloop.report import render_markdown

        env.stdout.write(format_text(report))
        env.stdout.write("\n" + render_markdown(debrief))
    return OK


def _known_question(bank: Bank, qid: str, env: Environment) -> Question | None:
    """The bank's question `qid`, or None with one warning: a transcript of a question the
    bank does not hold is still judged, without key-point coverage."""
    from mockloop.errors import BankError

    try:
        return bank.get(qid)
    except BankError:
        print(
            f"mockloop: warning: question {qid!r} is not in the bank; judging without key-point coverage",
            file=env.stderr,
        )
        return None


def _minutes_of(args: argparse.Namespace, env: Environment, transcripts: list[Transcript]) -> float:
    """The session length the phase budgets scale to: --minutes, else the inputs' one
    `# minutes:` header, else the settings' full round (every output uses the same)."""
    if args.minutes is not None:
        return float(args.minutes)
    from mockloop.settings import check_minutes

    given = {tr.meta["minutes"] for tr in transcripts if tr.meta.get("minutes")}
    found = check_minutes(given.pop()) if len(given) == 1 else None
    return found or env.settings.session_minutes


def _analyze_debrief(
    args: argparse.Namespace,
    env: Environment,
    joined: Transcript,
    question: Question | None,
    minutes: float,
    judged: JudgedSession,
) -> Debrief:
    """The debrief of what analyze read: every input's turns on one clock, as given."""
    from mockloop.debrief import SessionInfo, build_debrief

    names = ", ".join(p.name for p in args.files)
    info = SessionInfo(
        id=names,
        question=question.id if question else None,
        title=question.title if question else names,
        started="",
        minutes=minutes,
        status="complete",
    )
    return build_debrief(joined, env.settings, question, info, judged=judged)


