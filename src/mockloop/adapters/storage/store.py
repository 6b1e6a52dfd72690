"""Saved sessions: one folder per session in the user's data folder.

    sessions/<id>/
        session.yaml          question, start time, settings, model, versions, status
        turns/01-interviewer.wav
        turns/02-candidate.flac
        transcript.json       every turn so far, rewritten after each one

Each turn is written the moment it ends (audio first, then transcript.json
replaced atomically), so a crash or Ctrl-C loses at most the turn being
spoken. Nothing leaves the machine.
"""

from __future__ import annotations

import errno
import os
import platform
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from mockloop import __version__
from mockloop.adapters.audio.files import write_flac, write_wav
from mockloop.errors import StorageError
from mockloop.model import Span, Transcript, Turn, Word
from mockloop.settings import SAMPLE_RATE
from mockloop.adapters.storage.transcripts import save as save_transcript

SESSION_FILE = "session.yaml"
TRANSCRIPT_FILE = "transcript.json"
TURNS_DIR = "turns"

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


@contextmanager
def writing(where: Path) -> Iterator[None]:
    """Turn an OSError while writing under `where` into one StorageError line."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _FULL:
            raise StorageError(
                f"the data folder is full: cannot write {exc.filename or where}",
                "free some disk space, or set MOCKLOOP_HOME to a folder with room; "
                "the turns saved so far are kept",
            ) from None
        raise StorageError(
            f"cannot write to {exc.filename or where} ({exc.strerror or exc})",
            "make the data folder writable, or set MOCKLOOP_HOME to a folder you can write to",
        ) from None


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"mockloop": __version__, "python": platform.python_version()}
    for dist in ("faster-whisper", "ctranslate2", "pyttsx3", "sounddevice"):
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            pass
    return found


def new_id(question: str, now: datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{question}"


@dataclass
class SessionFolder:
    """One session on disk, written turn by turn."""

    path: Path
    meta: dict[str, Any]
    turns: list[Turn]

    @property
    def id(self) -> str:
        return self.path.name

    @classmethod
    def create(cls, data_dir: Path, question: str, meta: dict[str, Any], now: datetime | None = None) -> SessionFolder:
        now = now or datetime.now().astimezone()
        root = data_dir / "sessions"
        with writing(root):
            root.mkdir(parents=True, exist_ok=True)
            base = new_id(question, now)
            path, n = root / base, 1
            while True:
                try:
                    path.mkdir()
                    break
                except FileExistsError:
                    n += 1
                    path = root / f"{base}-{n}"
            (path / TURNS_DIR).mkdir()
        doc = {
            "id": path.name,
            "question": question,
            "started": now.isoformat(timespec="seconds"),
            "status": "in progress",
            **meta,
            "versions": versions(),
        }
        folder = cls(path, doc, [])
        folder._write_meta()
        return folder

    def _write_meta(self) -> None:
        target = self.path / SESSION_FILE
        with writing(target):
            tmp = target.with_name(target.name + ".tmp")
            try:
                tmp.write_text(yaml.safe_dump(self.meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
                tmp.replace(target)
            except OSError:
                tmp.unlink(missing_ok=True)
                raise

    def audio_name(self, speaker: str, suffix: str) -> str:
        return f"{TURNS_DIR}/{len(self.turns) + 1:02d}-{speaker}{suffix}"

    def add_turn(
        self,
        turn: Turn,
        audio: npt.NDArray[np.float32] | None = None,
        rate: int = SAMPLE_RATE,
        writer: Callable[[Path, npt.NDArray[np.float32], int], None] | None = None,
        suffix: str | None = None,
    ) -> Turn:
        """Save a finished turn: its audio (if any), then the whole transcript so far.

        The interviewer's audio is kept as WAV, the candidate's as FLAC (lossless, a third
        of the size), unless a `writer` and `suffix` are given."""
        if writer is None:
            writer = write_wav if turn.speaker == "interviewer" else write_flac
            suffix = ".wav" if turn.speaker == "interviewer" else ".flac"
        suffix = suffix or ".wav"
        if audio is not None:
            name = self.audio_name(turn.speaker, suffix)
            target = self.path / name
            with writing(target):
                tmp = target.with_name(target.stem + ".part" + target.suffix)
                try:
                    writer(tmp, audio, rate)
                    tmp.replace(target)
                except OSError:
                    tmp.unlink(missing_ok=True)
                    raise
            turn = replace(turn, source=name)
        self.turns.append(turn)
        self._write_transcript()
        return turn

    def replace_words(self, index: int, words: tuple[Word, ...], redecoded: tuple[Span, ...] = ()) -> None:
        """Swap in better words for a saved turn (the refined transcription)."""
        turn = self.turns[index]
        self.turns[index] = replace(turn, words=words, text=" ".join(w.text for w in words), redecoded=redecoded)
        self._write_transcript()

    def _write_transcript(self) -> None:
        target = self.path / TRANSCRIPT_FILE
        transcript = Transcript(
            tuple(self.turns),
            question=self.meta.get("question"),
            meta={"session": self.id},
        )
        with writing(target):
            save_transcript(transcript, target)

    def note(self, **fields: Any) -> None:
        """Add or replace top-level fields of session.yaml (the coach's cues, a drill's score…)."""
        self.meta.update(fields)
        self._write_meta()

    def finish(self, status: str, **extra: Any) -> None:
        """Record how the session ended ("complete", "interrupted", "failed: …")."""
        self.meta["status"] = status
        self.meta["ended"] = datetime.now().astimezone().isoformat(timespec="seconds")
        self.meta.update(extra)
        self._write_meta()


def check_writable(data_dir: Path) -> None:
    """Fail before the interview starts if sessions cannot be saved."""
    root = data_dir / "sessions"
    with writing(root):
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".write-test-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
