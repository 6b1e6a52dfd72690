"""Building debriefs from the session fixtures, as the review commands do."""

from __future__ import annotations

from pathlib import Path

from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.debrief import Debrief, SessionInfo, build_debrief
from mockloop.model import Transcript
from mockloop.settings import Settings
from mockloop.adapters.storage.transcripts import load

SESSIONS = Path(__file__).resolve().parent / "fixtures" / "sessions"
SESSION_NAMES = sorted(p.stem for p in SESSIONS.glob("*.txt"))


def bank() -> Bank:
    return Bank([shipped_dir()])


def fixture(name: str) -> Transcript:
    return load(SESSIONS / f"{name}.txt")


def debrief_of(transcript: Transcript, name: str, settings: Settings | None = None) -> Debrief:
    question = bank().get(transcript.question) if transcript.question else None
    info = SessionInfo(
        id=name,
        question=transcript.question,
        title=question.title if question else name,
        started="2026-11-20T10:00:00+00:00",
        minutes=float(transcript.meta.get("minutes", 45)),
        status="complete",
    )
    return build_debrief(transcript, settings or Settings(), question, info)
