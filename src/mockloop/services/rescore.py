"""Re-transcribe a saved session's answers and judge it again, keeping the earlier result.

After a model change (`--model`) or a threshold change (settings.yaml), the
saved audio is transcribed afresh and the session re-judged. Nothing is lost
on the way:

1. a session that cannot be read whole (session.yaml or transcript.json
   damaged) is refused before anything is written: rescore never rewrites
   what it could not parse;
2. every answer is transcribed first, writing nothing;
3. the earlier debrief is kept as `debrief.previous.*`, and the earlier
   transcript as `transcript.previous.json`, or, when that is already kept
   from an earlier rescore, `transcript.previous-2.json`, -3…: the original
   live words are never overwritten (a debrief that was never written is made
   from the earlier transcript, so there is always one to compare with);
4. only then is transcript.json replaced (atomically) and the new debrief written.

The caller holds the session's lock (`store.session_lock`), so a session
still being recorded is refused rather than rescored under the runner.
A turn whose audio is missing or unreadable keeps its words, and says so.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from mockloop.adapters.storage.bank import Bank
from mockloop.debrief import Debrief
from mockloop.debrief.data import SCHEMA_VERSION
from mockloop.errors import MockloopError
from mockloop.model import Transcript
from mockloop.services.review import DEBRIEF_HTML, DEBRIEF_JSON, DEBRIEF_MD, load_saved_transcript, make_debrief, read_meta, turn_audio, write_debrief
from mockloop.settings import Settings
from mockloop.adapters.storage.store import TRANSCRIPT_FILE, SessionFolder, writing
from mockloop.ports import Transcriber
from mockloop.adapters.storage.transcripts import save as save_transcript
from mockloop.adapters.stt.wer import wer
from mockloop.errors import InputError, MockloopError
from mockloop.adapters.storage.safeio import MAX_DOCUMENT_BYTES, keep_copy, load_json, read_bytes, write_atomic
from mockloop.adapters.storage.store import SESSION_FILE, TRANSCRIPT_FILE, SessionFolder, writing

PREVIOUS = {DEBRIEF_MD: "debrief.previous.md", DEBRIEF_JSON: "debrief.previous.json", DEBRIEF_HTML: "debrief.previous.html"}
PREVIOUS_TRANSCRIPT = "transcript.previous.json"


@dataclass(frozen=True)
class AnswerChange:
    number: int
    turn: int
    changed: float | None
    """Share of words that differ (word error rate of the old words against the new); None if not redone."""

    note: str = ""


@dataclass(frozen=True)
class Rescored:
    before: dict[str, Any]
    after: Debrief
    answers: tuple[AnswerChange, ...]
    kept: tuple[Path, ...]


def rescore(
    folder: Path,
    bank: Bank,
    settings: Settings,
    transcriber: Transcriber,
    progress: Callable[[str], None] = lambda _: None,
) -> Rescored:
    from mockloop.adapters.audio.files import read_audio
    from mockloop.services.refine import transcribe_in_pieces

    meta, old = readable(folder)
    vocabulary = _vocabulary(bank, str(meta.get("question") or old.question or ""))
    turns = list(old.turns)
    changes = []
    answers = [(i, t) for i, t in enumerate(old.turns) if t.speaker == "candidate"]
    for n, (i, turn) in enumerate(answers, 1):
        path = turn_audio(folder, turn.source)
        if path is None:
            changes.append(AnswerChange(n, i + 1, None, "no audio was saved (typed): its words are kept"))
            continue
        progress(f"re-transcribing answer {n} of {len(answers)} ({turn.duration:.0f} s)…")
        try:
            audio = read_audio(path, allow_silent=True)
        except MockloopError as exc:
            changes.append(AnswerChange(n, i + 1, None, f"{exc.message}; its words are kept"))
            continue
        local = turn.shifted(-turn.start)  # transcription times are from the audio's start
        fresh = transcribe_in_pieces(transcriber, audio, vocabulary, local.words)
        text = " ".join(w.text for w in fresh.words)
        turns[i] = replace(local, words=fresh.words, text=text, redecoded=fresh.redecoded).shifted(turn.start)
        changes.append(AnswerChange(n, i + 1, _changed(turn.text, text)))

    before, kept = _keep_earlier(folder, bank, settings)
    target = folder / TRANSCRIPT_FILE
    with writing(target):
        save_transcript(Transcript(tuple(turns), old.question, old.meta), target)
    after = make_debrief(folder, bank, settings)
    write_debrief(folder, after)
    entry = {
        "at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "model": str(getattr(transcriber, "model_path", "")),
        "answers": len(answers),
    }
    history = meta.get("rescored")
    SessionFolder(folder, meta, []).note(rescored=[*(history if isinstance(history, list) else []), entry])
    return Rescored(before, after, tuple(changes), kept)


def readable(folder: Path) -> tuple[dict[str, Any], Transcript]:
    """The session's session.yaml and transcript, or one clear error: rescore rewrites both,
    so it must have read both whole first (checked again before the model loads)."""
    meta, problem = read_meta(folder)
    if problem is not None:
        raise InputError(
            f"session {folder.name}: {problem}; rescore changes nothing in a session it cannot read whole",
            f"fix {folder / SESSION_FILE} (or restore it), then rescore again",
        )
    return meta, load_saved_transcript(folder)


def _vocabulary(bank: Bank, qid: str) -> tuple[str, ...]:
    if not qid:
        return ()
    try:
        return bank.get(qid).vocabulary
    except MockloopError:
        return ()


def _changed(old: str, new: str) -> float:
    if not old.strip():
        return 0.0 if not new.strip() else 1.0
    return min(1.0, wer(old, new))


def _keep_earlier(folder: Path, bank: Bank, settings: Settings) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """Keep the earlier debrief and transcript beside the new ones; the earlier debrief's document.

    The earlier debrief is the one the user last saw (debrief.*). If it was
    never written or cannot be read, the earlier transcript is judged now and
    kept in its place, so there is always one to compare with.
    """
    doc = _saved_doc(folder / DEBRIEF_JSON)
    have = doc is not None and all((folder / name).is_file() for name in PREVIOUS)
    kept = []
    with writing(folder):
        for name, previous in PREVIOUS.items() if have else ():
            write_atomic(folder / previous, read_bytes(folder / name, MAX_DOCUMENT_BYTES))
            kept.append(folder / previous)
        kept.append(keep_copy(previous_transcripts(folder), read_bytes(folder / TRANSCRIPT_FILE, MAX_DOCUMENT_BYTES)))
    if doc is None or not have:
        earlier = make_debrief(folder, bank, settings)
        kept += write_debrief(folder, earlier, names=(PREVIOUS[DEBRIEF_MD], PREVIOUS[DEBRIEF_JSON], PREVIOUS[DEBRIEF_HTML]))
        doc = earlier.as_dict()
    return doc, tuple(kept)


def previous_transcripts(folder: Path) -> Iterator[Path]:
    """Where an earlier transcript is kept: transcript.previous.json, then -2, -3… (first free one)."""
    stem = PREVIOUS_TRANSCRIPT.removesuffix(".json")
    yield folder / PREVIOUS_TRANSCRIPT
    for n in itertools.count(2):
        yield folder / f"{stem}-{n}.json"


def _saved_doc(path: Path) -> dict[str, Any] | None:
    try:
        doc = load_json(read_bytes(path, MAX_DOCUMENT_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and doc.get("schema_version") == SCHEMA_VERSION else None
