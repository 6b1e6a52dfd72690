"""Saved sessions for review: list them, find one, (re)write its debrief.

The adapter between the session folders on disk and the pure debrief. A
session folder may be half-written (a crash mid-turn) or damaged; listing
never fails on one, it reports it as incomplete with the reason.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mockloop.adapters.storage.bank import Bank
from mockloop.debrief import Debrief, SessionInfo, build_debrief
from mockloop.errors import InputError, MockloopError
from mockloop.model import PHASES, Transcript
from mockloop.settings import Settings
from mockloop.adapters.storage.store import SESSION_FILE, TRANSCRIPT_FILE, writing
from mockloop.adapters.storage.transcripts import load as load_transcript
from mockloop.errors import InputError, MockloopError, quote
from mockloop.model import PHASES, Transcript, printable
from mockloop.adapters.storage.safeio import MAX_CONFIG_BYTES, FileTooLarge, is_own_folder, load_yaml, read_text, write_atomic
from mockloop.settings import Settings, check_minutes
from mockloop.adapters.storage.store import SESSION_FILE, TRANSCRIPT_FILE, sessions_root, writing

DEBRIEF_MD = "debrief.md"
DEBRIEF_JSON = "debrief.json"
DEBRIEF_HTML = "debrief.html"


@dataclass
class Saved:
    """One session folder as the review commands see it."""

    id: str
    path: Path
    meta: dict[str, Any]
    debrief: Debrief | None
    problem: str | None
    """Why no debrief could be made (damaged or missing files), else None."""

    @property
    def status(self) -> str:
        return str(self.meta.get("status") or "unknown")

    @property
    def kind(self) -> str:
        return session_kind(self.meta)

    @property
    def complete(self) -> bool:
        return self.problem is None and self.status == "complete"

    @property
    def started(self) -> str:
        return str(self.meta.get("started") or _date_from_id(self.id))


KINDS = ("practice", "drill", "quiz")


def session_kind(meta: dict[str, Any]) -> str:
    """practice, drill or quiz: what session.yaml says (sessions before kinds were practice)."""
    kind = str(meta.get("kind") or "practice")
    return kind if kind in KINDS else "practice"


def _date_from_id(sid: str) -> str:
    stamp = sid[:15]
    if len(stamp) == 15 and stamp[8] == "-" and stamp.replace("-", "").isdigit():
        return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}"
    return ""


def session_paths(data_dir: Path) -> list[Path]:
    """Session folders, oldest first (ids begin with their start time).

    A symlink in sessions/ is not a session: following it would read (and
    write debriefs) outside the data folder."""
    root = sessions_root(data_dir)
    if not is_own_folder(root):
        return []
    return sorted(p for p in root.iterdir() if is_own_folder(p) and not p.name.startswith("."))


def resolve(data_dir: Path, ref: str) -> Path:
    """`latest`, an id, or the unique start of an id → the session folder."""
    paths = session_paths(data_dir)
    if not paths:
        raise InputError(
            f"no saved sessions in {sessions_root(data_dir)}",
            "run `mockloop practice` first, or set MOCKLOOP_HOME to the data folder that holds them",
        )
    if ref == "latest":
        return paths[-1]
    exact = [p for p in paths if p.name == ref]
    if exact:
        return exact[0]
    starts = [p for p in paths if p.name.startswith(ref)]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1:
        raise InputError(f"{quote(ref)} matches {len(starts)} sessions", "give more of the id (see `mockloop sessions`)")
    raise InputError(f"no session {quote(ref)}", "see `mockloop sessions` for the ids, or use `latest`")


def turn_audio(folder: Path, source: str) -> Path | None:
    """A turn's saved audio file, or None when it has none (typed, or a transcript imported from elsewhere)."""
    from mockloop.adapters.audio.files import is_audio_file

    rel = Path(source)
    if not source or rel.is_absolute() or ".." in rel.parts or not is_audio_file(rel):
        return None
    path = folder / rel
    if not path.resolve().is_relative_to(folder.resolve()):
        return None  # a symlink in turns/ that leads out of the session
    return path


def read_meta(path: Path) -> tuple[dict[str, Any], str | None]:
    """session.yaml, checked where it is read: (its fields, None), or ({}, why it cannot be used).

    A `minutes:` that is not a session length makes it unusable too: it
    would scale every phase budget."""
    target = path / SESSION_FILE
    try:
        doc = load_yaml(read_text(target, MAX_CONFIG_BYTES))
    except FileNotFoundError:
        return {}, f"{SESSION_FILE} is missing"
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        why = exc.strerror if isinstance(exc, FileTooLarge) else getattr(exc, "problem", None) or type(exc).__name__
        return {}, f"{SESSION_FILE} is unreadable ({why})"
    if not isinstance(doc, dict):
        return {}, f"{SESSION_FILE} is not a mapping"
    if doc.get("minutes") is not None and check_minutes(doc["minutes"]) is None:
        return {}, f"{SESSION_FILE} has minutes: {quote(doc['minutes'])}, not a session length"
    return doc, None


def make_debrief(path: Path, bank: Bank, settings: Settings) -> Debrief:
    """Judge a saved session afresh from its transcript (current thresholds, current bank)."""
    meta, problem = read_meta(path)
    return _judge(path, meta, problem, bank, settings)


@dataclass(frozen=True)
class Opened:
    """A saved session read whole: its session.yaml, its transcript and its debrief."""

    path: Path
    meta: dict[str, Any]
    transcript: Transcript
    debrief: Debrief


def open_session(path: Path, bank: Bank, settings: Settings) -> Opened:
    meta, problem = read_meta(path)
    transcript = load_saved_transcript(path)
    return Opened(path, meta, transcript, _judge(path, meta, problem, bank, settings, transcript))


def load_saved_transcript(path: Path) -> Transcript:
    """The session's transcript.json, or one clear error saying why it cannot be read."""
    transcript_path = path / TRANSCRIPT_FILE
    if not transcript_path.exists():
        raise InputError(
            f"session {path.name} has no {TRANSCRIPT_FILE} (it ended before the first turn was saved)",
            "nothing was recorded in it; start a new session with `mockloop practice`",
        )
    try:
        return load_transcript(transcript_path)
    except MockloopError as exc:
        raise InputError(
            f"session {path.name}: {TRANSCRIPT_FILE} is damaged ({exc.message})",
            "the turn audio in turns/ is kept; `mockloop sessions` lists the others",
        ) from None


def _judge(
    path: Path,
    meta: dict[str, Any],
    problem: str | None,
    bank: Bank,
    settings: Settings,
    transcript: Transcript | None = None,
) -> Debrief:
    if transcript is None:
        transcript = load_saved_transcript(path)
    qid = _field(meta.get("question")) or transcript.question or ""
    question = None
    title = _field(meta.get("title")) or qid or path.name
    if qid:
        try:
            question = bank.get(qid)
            title = _field(meta.get("title")) or question.title
        except MockloopError:
            question = None
    status = (_field(meta.get("status")) or "unknown") if problem is None else f"damaged: {problem}"
    minutes = check_minutes(meta.get("minutes")) or check_minutes(transcript.meta.get("minutes")) or settings.session_minutes
    kind = session_kind(meta)
    if kind == "quiz":
        raise InputError(f"session {path.name} is a quiz round: it has no debrief", "see its score in `mockloop progress`")
    info = SessionInfo(
        id=path.name,
        question=qid or None,
        title=title,
        started=_field(meta.get("started")) or _date_from_id(path.name),
        minutes=minutes,
        status=status,
        kind=kind,
    )
    drill = meta.get("drill") if kind == "drill" and isinstance(meta.get("drill"), dict) else None
    return build_debrief(transcript, settings, question, info, _budgets(meta.get("budgets_s")), drill=drill)


def _field(value: Any) -> str:
    """A text field of session.yaml as it can be shown: one short line, no control characters."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return printable(str(value))[:200]


def _budgets(raw: Any) -> dict[str, float] | None:
    """The phase budgets session.yaml recorded, if they are readable."""
    if not isinstance(raw, dict):
        return None
    try:
        budgets = {str(k): float(v) for k, v in raw.items() if k in PHASES}
    except (TypeError, ValueError, OverflowError):
        return None
    return budgets if all(0 < v <= 60 * 24 * 60 for v in budgets.values()) else None


def read_session(path: Path, bank: Bank, settings: Settings) -> Saved:
    """A session for listing: never raises on a damaged folder."""
    meta, problem = read_meta(path)
    debrief = None
    if session_kind(meta) == "quiz":
        return Saved(path.name, path, meta, None, problem)
    try:
        debrief = _judge(path, meta, problem, bank, settings)
    except MockloopError as exc:
        problem = problem or exc.message.removeprefix(f"session {path.name}: ")
    return Saved(path.name, path, meta, debrief, problem)


def list_sessions(data_dir: Path, bank: Bank, settings: Settings) -> list[Saved]:
    return [read_session(p, bank, settings) for p in session_paths(data_dir)]


def write_debrief(
    folder: Path, debrief: Debrief, names: tuple[str, str, str] = (DEBRIEF_MD, DEBRIEF_JSON, DEBRIEF_HTML)
) -> list[Path]:
    """Write debrief.md, debrief.json and debrief.html (or these `names`) into `folder`,
    each replaced atomically."""
    from mockloop.report import render_html, render_markdown

    md, js, html = names
    bodies = {
        md: render_markdown(debrief),
        js: json.dumps(debrief.as_dict(), indent=2, ensure_ascii=False) + "\n",
        html: render_html(debrief),
    }
    written = []
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
        for name, body in bodies.items():
            target = folder / name
            write_atomic(target, body)
            written.append(target)
    return written


def open_file(path: Path) -> None:
    """Show a file in the user's browser, or say clearly why that cannot happen here."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise MockloopError(
            f"no graphical display to open {path.name} on",
            f"open {path} in a browser yourself, or copy it to a machine with a screen",
        )
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        raise MockloopError(f"could not start a browser for {path.name}", f"open {path} yourself")
