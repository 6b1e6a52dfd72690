"""`mockloop analyze`: inputs gathered at the edge, judged by the pure core.

Audio files are decoded and transcribed (one file = one candidate answer);
transcripts in either format are read as they are. Then `summarize` turns
the transcripts into the report, and `format_text` renders it for people.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mockloop.adapters.storage import transcripts as tformat
from mockloop.judge.sentences import sentence_runs
from mockloop.adapters.audio.files import duration_s, is_audio_file, read_audio
from mockloop.errors import AudioError, InputError
from mockloop.model import PHASES, Transcript, Turn
from mockloop.ports import Transcriber
from mockloop.adapters.storage.transcripts import format_timestamp
from mockloop.adapters.audio.files import duration_s, is_audio_file
from mockloop.adapters.candidates import recorded_answer
from mockloop.errors import InputError

GENERAL_VOCABULARY: tuple[str, ...] = (
    "cache", "write", "async", "replication", "database", "shard", "queue", "latency", "API", "QPS",
)
"""Jargon to bias recognition toward when no question is named."""

Progress = Callable[[str], None]


def load_inputs(
    paths: Sequence[Path],
    transcriber: Callable[[], Transcriber],
    *,
    question: str | None = None,
    vocabulary: Sequence[str] = (),
    phase: str | None = None,
    progress: Progress = lambda _msg: None,
) -> list[Transcript]:
    """Read every input: transcripts as they are, audio through the transcriber."""
    result: list[Transcript] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file", "check the path")
        if tformat.is_transcript_file(path):
            transcript = tformat.load(path)
            if question and not transcript.question:
                transcript = Transcript(transcript.turns, question, transcript.meta)
            result.append(transcript)
        elif is_audio_file(path):
            progress(f"transcribing {path.name}…")
            audio, recognized = recorded_answer(path, transcriber(), vocabulary or GENERAL_VOCABULARY)
            seconds = duration_s(audio)
            words = recognized.words
            turn = Turn(
                speaker="candidate",
                start=0.0,
                end=round(seconds, 3),
                words=words,
                phase=phase,
                text=" ".join(w.text for w in words),
                source=str(path),
                redecoded=recognized.redecoded,
            )
            result.append(Transcript((turn,), question))
        else:
            raise InputError(
                f"{path}: not a transcript or audio file (unknown suffix {path.suffix or 'none'!r})",
                "give audio (.wav .flac .mp3 .ogg .m4a) or a transcript (.txt timed text, .json)",
            )
    return result


def format_text(report: dict[str, Any]) -> str:
    """The report as people read it: each answer's timed transcript and figures."""
    out: list[str] = []
    for turn in report["turns"]:
        phase = turn["phase"] or "phase not given"
        out.append(
            f"Answer {turn['index']} · {phase} · "
            f"{format_timestamp(turn['start_s'])}–{format_timestamp(turn['end_s'])}"
            + (f" · {turn['source']}" if turn["source"] else "")
        )
        out.append(
            f"  {turn['duration_s']:.1f} s · {turn['word_count']} words · {turn['wpm']:.0f} words/min"
        )
        out.append(f"  {_signals_line(turn)}")
        for start, sentence in _timed_sentences(turn["words"]):
            out.append(f"  [{format_timestamp(start)}] {sentence}")
        if turn["long_pauses"]:
            spans = ", ".join(
                f"{format_timestamp(a)}–{format_timestamp(b)} ({b - a:.1f} s)" for a, b in turn["long_pauses"]
            )
            out.append(f"  pauses over 5 s: {spans}")
        else:
            out.append("  pauses over 5 s: none")
        out.append("")
    s = report["session"]
    out.append(
        f"{s['answers']} answer(s) · {s['answer_seconds']:.1f} s speaking · {s['words']} words · "
        f"{s['wpm']:.0f} words/min · {s['long_pauses']} long pause(s)"
    )
    return "\n".join(out) + "\n"


def _signals_line(turn: dict[str, Any]) -> str:
    """The judged signals of one answer in a line: what a reviewer looks at first."""
    parts = []
    if turn["commit_s"] is None:
        parts.append("never commits to a position")
    else:
        parts.append(f"commits at {format_timestamp(turn['commit_s'])}, then {turn['elaboration_s']:.0f} s")
    if turn["run_on"]:
        parts.append("RUN-ON")
    if turn["relitigated"]:
        parts.append(f"RELITIGATED ({turn['positions']} positions, {turn['reversals']} reversals)")
    elif turn["positions"] > 1:
        parts.append(f"{turn['positions']} positions")
    if turn["detours"]:
        parts.append(f"{turn['detours']} detour(s)")
    parts.append("hands off" if turn["handoff"] else "no hand-off")
    if turn["options_then_commit"]:
        parts.append("options-then-commit")
    if turn["calibrated"]:
        parts.append("calibrated")
    if turn["tradeoffs"]:
        parts.append(f"{turn['tradeoffs']} tradeoff(s)")
    return " · ".join(parts)


def _timed_sentences(words: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """Display lines: a sentence each, wrapped at 18 words."""
    runs = sentence_runs(words, lambda w: str(w["text"]), max_words=18)
    return [(run[0]["start"], " ".join(w["text"] for w in run)) for run in runs]


def check_phase(phase: str | None) -> str | None:
    if phase is not None and phase not in PHASES:
        raise InputError(f"unknown phase {phase!r}", f"use one of: {', '.join(PHASES)}")
    return phase
