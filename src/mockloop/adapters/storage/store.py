"""Saved sessions: one folder per session in the user's data folder.

    sessions/<id>/
        session.yaml          question, start time, settings, model, versions, status
        turns/01-interviewer.wav
        turns/02-candidate.flac
        transcript.json       every turn so far, rewritten after each one

Each turn is written the moment it ends (audio first, then transcript.json
replaced atomically, through `safeio.write_atomic`), so a crash or Ctrl-C
loses at most the turn being spoken. Folders are 0700 and files 0600: the
sessions are the user's voice. Nothing leaves the machine.

While a session is recorded its runner holds an exclusive `flock` on the
folder's `.lock` file (`session_lock`); `rescore` takes the same lock and
refuses a session whose lock is held. The kernel drops the lock when the
process ends however it ends, so a session left by a killed process is
never locked forever.
"""

from __future__ import annotations

import errno
import fcntl
import os
import platform
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import yaml

from mockloop import __version__
from mockloop.adapters.audio.files import write_flac, write_wav
from mockloop.errors import StorageError
from mockloop.model import Span, Transcript, Turn, Word
from mockloop.settings import SAMPLE_RATE
from mockloop.adapters.storage.transcripts import save as save_transcript
from mockloop.errors import SessionBusy, StorageError
from mockloop.adapters.storage.safeio import FILE_MODE, private_dir, write_atomic

SESSION_FILE = "session.yaml"
TRANSCRIPT_FILE = "transcript.json"
TURNS_DIR = "turns"
LOCK_FILE = ".lock"

AudioWriter = Callable[[IO[bytes], npt.NDArray[np.float32], int], None]

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


def sessions_root(data_dir: Path) -> Path:
    return data_dir / "sessions"


def _data_dir(data_dir: Path) -> None:
    """The data folder itself: made 0700 if we make it; if it exists (or is a link the
    user set up), it is theirs to keep as it is."""
    if not data_dir.is_dir():
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        data_dir.mkdir(mode=0o700, exist_ok=True)


@contextmanager
def session_lock(folder: Path) -> Iterator[None]:
    """Hold the session's lock for the block; SessionBusy at once if another process holds it."""
    with writing(folder / LOCK_FILE):
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SessionBusy(
                f"session {folder.name} is still being recorded (or rescored) by another mockloop",
                "wait for that session to end, then run the command again; nothing was changed",
            ) from None
        yield
    finally:
        os.close(fd)


@dataclass
class SessionFolder:
    """One session on disk, written turn by turn."""

    path: Path
    meta: dict[str, Any]
    turns: list[Turn]
    _lock: AbstractContextManager[None] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.path.name

    @classmethod
    def create(cls, data_dir: Path, question: str, meta: dict[str, Any], now: datetime | None = None) -> SessionFolder:
        now = now or datetime.now().astimezone()
        root = sessions_root(data_dir)
        with writing(root):
            _data_dir(data_dir)
            private_dir(root)
            base = new_id(question, now)
            path, n = root / base, 1
            while True:
                try:
                    path.mkdir(mode=0o700)
                    break
                except FileExistsError:
                    n += 1
                    path = root / f"{base}-{n}"
            private_dir(path / TURNS_DIR)
        doc = {
            "id": path.name,
            "question": question,
            "started": now.isoformat(timespec="seconds"),
            "status": "in progress",
            **meta,
            "versions": versions(),
        }
        folder = cls(path, doc, [])
        folder._lock = session_lock(path)
        folder._lock.__enter__()  # held until finish(): rescore must not touch a session being recorded
        folder._write_meta()
        return folder

    def _write_meta(self) -> None:
        target = self.path / SESSION_FILE
        with writing(target):
            write_atomic(target, yaml.safe_dump(self.meta, sort_keys=False, allow_unicode=True))

    def audio_name(self, speaker: str, suffix: str) -> str:
        return f"{TURNS_DIR}/{len(self.turns) + 1:02d}-{speaker}{suffix}"

    def add_turn(
        self,
        turn: Turn,
        audio: npt.NDArray[np.float32] | None = None,
        rate: int = SAMPLE_RATE,
        writer: AudioWriter | None = None,
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
                write_atomic(target, lambda f: writer(f, audio, rate))
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
        try:
            self._write_meta()
        finally:
            self.release()

    def release(self) -> None:
        """Let go of the session's lock (finish does this; a process that dies lets go anyway)."""
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.__exit__(None, None, None)


def check_writable(data_dir: Path) -> None:
    """Fail before the interview starts if sessions cannot be saved."""
    root = sessions_root(data_dir)
    with writing(root):
        _data_dir(data_dir)
        private_dir(root)
        probe = root / f".write-test-{os.getpid()}"
        write_atomic(probe, b"ok")
        probe.unlink()
