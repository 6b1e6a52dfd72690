"""`mockloop sessions | debrief | progress | compare`: wiring only."""

from __future__ import annotations

import argparse
import json
from typing import Any

from mockloop.adapters.storage.bank import Bank
from mockloop.cli.context import Environment
from mockloop.errors import InputError
from mockloop.services.review import DEBRIEF_HTML, DEBRIEF_MD, list_sessions, make_debrief, open_file, resolve, write_debrief
from mockloop.errors import InputError, StorageError


def _dump(doc: Any, env: Environment) -> None:
    json.dump(doc, env.stdout, indent=2, ensure_ascii=False)
    env.stdout.write("\n")


def sessions(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    from mockloop.report.review_text import sessions_rows, sessions_table

    saved = list_sessions(env.data_dir, bank, env.settings)
    if args.json:
        _dump(sessions_rows(saved), env)
    else:
        env.stdout.write(sessions_table(saved))
    return 0


def debrief(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    from mockloop.report import render_markdown

    folder = resolve(env.data_dir, args.session)
    d = make_debrief(folder, bank, env.settings)
    if not d.metrics.answers:
        raise InputError(
            f"session {folder.name} holds no answers, so there is nothing to judge",
            "a debrief needs at least one answer; start a session with `mockloop practice`",
        )
    try:
        write_debrief(folder, d)
    except StorageError as exc:
        # A read-only data folder (a backup, another user's copy): show it, rewrite nothing.
        if args.open and not (folder / DEBRIEF_HTML).is_file():
            raise
        print(f"mockloop: note: the debrief is shown but not saved again ({exc.message})", file=env.stderr)
    if args.json:
        _dump(d.as_dict(), env)
    elif not args.open:
        env.stdout.write(render_markdown(d))
    if args.open:
        open_file(folder / DEBRIEF_HTML)
        print(f"opened {folder / DEBRIEF_HTML}", file=env.stderr)
    return 0


def progress(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    from mockloop.debrief.progress import trends
    from mockloop.report.progress_html import render_progress_html
    from mockloop.report.review_text import progress_chart
    from mockloop.adapters.storage.store import writing

    from mockloop.report.review_text import quiz_chart, quiz_rows

    saved = list_sessions(env.data_dir, bank, env.settings)
    judged = [s.debrief for s in saved if s.debrief and s.debrief.metrics.answers and s.kind == "practice"]
    if args.question:
        judged = [d for d in judged if d.info.question == args.question]
    from mockloop.adapters.storage.safeio import write_atomic

    quizzes = quiz_rows(saved)
    target = env.data_dir / "progress.html"
    if judged:
        with writing(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, render_progress_html(judged))
    if args.json:
        _dump({**trends(judged), "quiz": quizzes}, env)
    else:
        env.stdout.write(progress_chart(judged))
        if judged:
            print(f"chart: {target}", file=env.stdout)
        env.stdout.write(quiz_chart(quizzes))
    if args.open:
        if not judged:
            raise InputError("no judged sessions to chart yet", "run `mockloop practice` first")
        open_file(target)
    return 0


def compare(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    from mockloop.debrief.progress import compare as compare_debriefs
    from mockloop.report.review_text import compare_text

    from mockloop.services.review import read_meta, session_kind

    paths = resolve(env.data_dir, args.a), resolve(env.data_dir, args.b)
    kinds = [session_kind(read_meta(p)[0]) for p in paths]
    if "quiz" in kinds:
        raise InputError("a quiz round has no debrief to compare", "`mockloop progress` shows the quiz scores over time")
    if kinds[0] != kinds[1]:
        what = f"{paths[0].name} is a {kinds[0]} session and {paths[1].name} is a {kinds[1]}"
        if not args.any_kind:
            raise InputError(
                f"{what}: their figures do not compare (a drill has no requirements phase)",
                "compare two sessions of the same kind (see the kind column of `mockloop sessions`), or add --any-kind",
            )
        print(f"mockloop: warning: {what}; figures of phases one of them never had read as worse or better", file=env.stderr)
    a = make_debrief(paths[0], bank, env.settings)
    b = make_debrief(paths[1], bank, env.settings)
    doc = compare_debriefs(a, b)
    doc["a"]["kind"], doc["b"]["kind"] = kinds
    if args.json:
        _dump(doc, env)
    else:
        env.stdout.write(compare_text(doc))
    return 0


def rescore(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    from mockloop.debrief.progress import compare_docs
    from mockloop.report.review_text import compare_text
    from mockloop.services.rescore import rescore as redo
    from mockloop.adapters.stt.whisper import WhisperTranscriber
    from mockloop.services.rescore import readable, rescore as redo

    from mockloop.adapters.storage.store import session_lock

    folder = resolve(env.data_dir, args.session)
    transcriber = WhisperTranscriber(args.model)
    readable(folder)  # a damaged session is refused before anything (even its lock file) is made
    with session_lock(folder):
        env.progress("loading the speech model…")
        transcriber.load()
        result = redo(folder, bank, env.settings, transcriber, env.progress)
    doc = compare_docs(result.before, result.after.as_dict())
    if args.json:
        _dump(
            {
                "session": folder.name,
                "model": str(transcriber.model_path),
                "answers": [
                    {"answer": a.number, "turn": a.turn, "words_changed": a.changed, "note": a.note or None}
                    for a in result.answers
                ],
                "compare": doc,
                "kept": [p.name for p in result.kept],
            },
            env,
        )
        return 0
    print(f"rescored {folder.name} with {transcriber.model_path}", file=env.stdout)
    for a in result.answers:
        what = a.note if a.changed is None else f"{a.changed:.0%} of the words changed"
        print(f"  answer {a.number} (turn {a.turn}): {what}", file=env.stdout)
    moved = [r["name"] for r in doc["ratings"] if r["direction"] != "same"]
    figures = [f["label"] for f in doc["figures"] if f["direction"] != "same" and f["key"] != "verdict"]
    verdict = f"verdict {doc['a']['verdict']} → {doc['b']['verdict']}"
    print(
        f"\nwhat changed: {verdict}; ratings moved: {', '.join(moved) or 'none'}; figures moved: {', '.join(figures) or 'none'}",
        file=env.stdout,
    )
    print("\nbefore (A) → after (B):", file=env.stdout)
    env.stdout.write(compare_text(doc))
    print(f"\nthe earlier debrief is kept beside the new one: {', '.join(p.name for p in result.kept)}", file=env.stdout)
    print(f"new debrief: {folder / DEBRIEF_MD}", file=env.stdout)
    return 0


def add_parsers(sub: Any, bank_opts: argparse.ArgumentParser) -> None:
    ss = sub.add_parser(
        "sessions",
        parents=[bank_opts],
        help="list saved sessions with their verdicts",
        description="List saved sessions: date, question, minutes, verdict, run-ons and relitigations. "
        "A damaged or unfinished session is listed as incomplete with the reason.",
    )
    ss.add_argument("--json", action="store_true", help="print the list as JSON")

    db = sub.add_parser(
        "debrief",
        parents=[bank_opts],
        help="show (and rewrite) a session's debrief",
        description="Judge a saved session again from its transcript, write debrief.md, debrief.json and "
        "debrief.html into its folder, and print the Markdown.",
    )
    db.add_argument("session", metavar="ID", help="a session id (or its unique start), or `latest`")
    db.add_argument("--open", action="store_true", help="open debrief.html in your browser instead of printing")
    db.add_argument("--json", action="store_true", help="print debrief.json instead of the Markdown")

    pg = sub.add_parser(
        "progress",
        parents=[bank_opts],
        help="trends across your sessions",
        description="Chart elaboration past the commit point, positions per answer, hand-off rate, time in "
        "requirements and the verdict across saved sessions, oldest first; also writes progress.html "
        "in the data folder.",
    )
    pg.add_argument("--question", metavar="ID", help="only sessions on this question")
    pg.add_argument("--json", action="store_true", help="print the figures as JSON")
    pg.add_argument("--open", action="store_true", help="open progress.html in your browser")

    cp = sub.add_parser(
        "compare",
        parents=[bank_opts],
        help="two sessions side by side",
        description="Compare two saved sessions: ratings, figures, and which way each moved from the first to the second.",
    )
    cp.add_argument("a", metavar="ID", help="the earlier session (or `latest`)")
    cp.add_argument("b", metavar="ID", help="the later session (or `latest`)")
    cp.add_argument("--json", action="store_true", help="print the comparison as JSON")
    cp.add_argument("--any-kind", action="store_true", help="compare a drill with a practice session anyway (with a warning)")

    rs = sub.add_parser(
        "rescore",
        parents=[bank_opts],
        help="re-transcribe a session's saved audio and judge it again",
        description="Transcribe a saved session's answers again (after a model change, or to use the "
        "careful transcription on a session) and re-judge it with the current thresholds "
        "(settings.yaml). The earlier debrief and transcript are kept beside the new ones as "
        "debrief.previous.* and transcript.previous.json, and what changed is printed.",
    )
    rs.add_argument("session", metavar="ID", help="a session id (or its unique start), or `latest`")
    rs.add_argument("--model", metavar="PATH", help="a CTranslate2 Whisper model folder (default: bundled tiny.en)")
    rs.add_argument("--json", action="store_true", help="print what changed as JSON")
