"""The two transcript formats: `transcript.json` and plain timed text.

Timed text, for transcripts made elsewhere or typed by hand::

    # question: build-cache
    # phase: deep_dive
    [00:00.0] interviewer: Walk me through the dedupe-on-write path.
    [00:03.4] candidate: So the client hashes the artifact locally.

A line starts at its timestamp and ends where the next line begins; the last
line ends after its words at the usual speaking pace. Consecutive candidate
lines form one answer; an interviewer line opens a new turn; `# phase:` sets
the phase from there on. Inside a line, words are spread at speaking pace
from its start, so a line followed by a late one leaves a pause after it.

Parsing and formatting are pure (text in, data out); `load`/`save` do the I/O.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockloop.judge.sentences import sentence_runs
from mockloop.errors import InputError, TranscriptError
from mockloop.model import typed_words, PHASES, SPEAKERS, Transcript, Turn, Word
from mockloop.settings import SPEAKING_RATE_WPM

SCHEMA_VERSION = 1
"""Version of the `transcript.json` layout; bumped on any incompatible change."""

TEXT_SUFFIXES = (".txt", ".tt", ".transcript")
JSON_SUFFIXES = (".json",)

_LINE = re.compile(
    r"^\[(?P<ts>(?:\d+:)?\d{1,2}:\d{2}(?:\.\d+)?)\]\s*(?P<speaker>[A-Za-z_]+)\s*:\s*(?P<text>.*)$"
)
_HEADER = re.compile(r"^#\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_SECONDS_PER_WORD = 60.0 / SPEAKING_RATE_WPM


def parse_timestamp(ts: str) -> float:
    """'MM:SS.s' or 'H:MM:SS.s' to seconds."""
    parts = ts.split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    if seconds >= 60 or (len(parts) == 3 and minutes >= 60):
        raise ValueError(f"{ts!r} is not a valid time")
    return hours * 3600 + minutes * 60 + seconds


def format_timestamp(seconds: float) -> str:
    """Seconds to 'MM:SS.s' (or 'H:MM:SS.s' past an hour)."""
    tenths = int(round(max(0.0, seconds) * 10))
    hours, rest = divmod(tenths, 36000)
    minutes, rest = divmod(rest, 600)
    secs = rest / 10
    if hours:
        return f"{hours}:{minutes:02d}:{secs:04.1f}"
    return f"{minutes:02d}:{secs:04.1f}"


@dataclass(frozen=True)
class _Line:
    number: int
    start: float
    speaker: str
    text: str
    phase: str | None


def parse_timed_text(text: str, name: str = "<text>") -> Transcript:
    """Parse timed text into a Transcript; errors name the file and line."""
    question: str | None = None
    meta: dict[str, str] = {}
    phase: str | None = None
    lines: list[_Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            header = _HEADER.match(line)
            if header is None:
                continue  # a plain comment
            key, value = header["key"].lower(), header["value"]
            if key == "phase":
                if value not in PHASES:
                    raise TranscriptError(
                        f"{name}:{number}: unknown phase {value!r}",
                        f"use one of: {', '.join(PHASES)}",
                    )
                phase = value
            elif key == "question":
                question = value or None
            else:
                meta[key] = value
            continue
        m = _LINE.match(line)
        if m is None:
            raise TranscriptError(
                f"{name}:{number}: cannot read this line: {line[:60]!r}",
                "write lines as '[MM:SS.s] speaker: text', e.g. '[00:03.4] candidate: So the client hashes it.'",
            )
        speaker = m["speaker"].lower()
        if speaker not in SPEAKERS:
            raise TranscriptError(
                f"{name}:{number}: unknown speaker {m['speaker']!r}",
                "the speaker is 'interviewer' or 'candidate'",
            )
        try:
            start = parse_timestamp(m["ts"])
        except ValueError:
            raise TranscriptError(
                f"{name}:{number}: bad timestamp [{m['ts']}]",
                "write times as [MM:SS.s], seconds below 60",
            ) from None
        if lines and start < lines[-1].start:
            raise TranscriptError(
                f"{name}:{number}: time [{m['ts']}] is earlier than the line before it",
                "lines must be in time order",
            )
        lines.append(_Line(number, start, speaker, m["text"].strip(), phase))
    if not lines:
        raise TranscriptError(
            f"{name}: no transcript lines found",
            "write lines as '[MM:SS.s] speaker: text'",
        )
    return Transcript(turns=_group_lines(lines, name), question=question, meta=meta)


def _group_lines(lines: list[_Line], name: str) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    group: list[tuple[_Line, float]] = []

    def flush() -> None:
        if not group:
            return
        first = group[0][0]
        words: list[Word] = []
        for line, end in group:
            words.extend(typed_words(line.text, line.start, end))
        text = " ".join(line.text for line, _ in group if line.text)
        turns.append(
            Turn(
                speaker=first.speaker,
                start=first.start,
                end=group[-1][1],
                words=tuple(words),
                phase=first.phase,
                text=text,
                source=name,
            )
        )
        group.clear()

    for i, line in enumerate(lines):
        if i + 1 < len(lines):
            end = lines[i + 1].start
        else:
            end = line.start + max(1, len(line.text.split())) * _SECONDS_PER_WORD
        same_turn = (
            group
            and line.speaker == "candidate"
            and group[-1][0].speaker == "candidate"
            and line.phase == group[-1][0].phase
        )
        if not same_turn:
            flush()
        group.append((line, round(end, 3)))
    flush()
    return tuple(turns)


def format_timed_text(transcript: Transcript) -> str:
    """Timed text for a transcript: one line per sentence, with its start time."""
    out: list[str] = []
    if transcript.question:
        out.append(f"# question: {transcript.question}")
    for key, value in transcript.meta.items():
        out.append(f"# {key}: {value}")
    phase: str | None = None
    for turn in transcript.turns:
        if turn.phase != phase and turn.phase is not None:
            out.append(f"# phase: {turn.phase}")
            phase = turn.phase
        for start, sentence in _sentences(turn):
            out.append(f"[{format_timestamp(start)}] {turn.speaker}: {sentence}")
    return "\n".join(out) + "\n"


def _sentences(turn: Turn) -> list[tuple[float, str]]:
    """Split a turn into sentences, each starting at its first word's time."""
    if not turn.words:
        return [(turn.start, turn.text)]
    result = [(run[0].start, " ".join(w.text for w in run)) for run in sentence_runs(turn.words, lambda w: w.text)]
    first_start, first_text = result[0]
    result[0] = (min(first_start, turn.start), first_text)
    return result


def to_json_dict(transcript: Transcript) -> dict[str, Any]:
    """The `transcript.json` document for a transcript."""
    return {
        "schema_version": SCHEMA_VERSION,
        "question": transcript.question,
        "meta": dict(transcript.meta),
        "turns": [
            {
                "speaker": t.speaker,
                "phase": t.phase,
                "start": round(t.start, 3),
                "end": round(t.end, 3),
                "text": t.text,
                "source": t.source,
                "words": [
                    {
                        "text": w.text,
                        "start": round(w.start, 3),
                        "end": round(w.end, 3),
                        "probability": round(w.probability, 4),
                        **({"heard": w.heard} if w.heard else {}),
                    }
                    for w in t.words
                ],
                **({"redecoded": [[round(a, 3), round(b, 3)] for a, b in t.redecoded]} if t.redecoded else {}),
            }
            for t in transcript.turns
        ],
    }


def from_json_dict(doc: Any, name: str = "<json>") -> Transcript:
    """Read a `transcript.json` document; errors name the file and field."""

    def fail(where: str, what: str) -> TranscriptError:
        return TranscriptError(
            f"{name}: {where}: {what}", "the file is not a mockloop transcript.json"
        )

    if not isinstance(doc, dict):
        raise fail("top level", "expected an object")
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        raise TranscriptError(
            f"{name}: schema_version is {version!r}, this mockloop reads {SCHEMA_VERSION}",
            "upgrade mockloop, or re-export the transcript",
        )
    raw_turns = doc.get("turns")
    if not isinstance(raw_turns, list):
        raise fail("turns", "expected a list")
    turns: list[Turn] = []
    for i, raw in enumerate(raw_turns):
        where = f"turns[{i}]"
        if not isinstance(raw, dict):
            raise fail(where, "expected an object")
        speaker = raw.get("speaker")
        if speaker not in SPEAKERS:
            raise fail(f"{where}.speaker", f"{speaker!r} is not one of {', '.join(SPEAKERS)}")
        phase = raw.get("phase")
        if phase is not None and phase not in PHASES:
            raise fail(f"{where}.phase", f"{phase!r} is not a phase")
        words: list[Word] = []
        for j, w in enumerate(raw.get("words") or []):
            try:
                words.append(
                    Word(
                        str(w["text"]),
                        float(w["start"]),
                        float(w["end"]),
                        float(w.get("probability", 1.0)),
                        str(w.get("heard") or ""),
                    )
                )
            except (KeyError, TypeError, ValueError):
                raise fail(f"{where}.words[{j}]", "needs text, start and end") from None
        try:
            start, end = float(raw["start"]), float(raw["end"])
        except (KeyError, TypeError, ValueError):
            raise fail(where, "needs numeric start and end") from None
        text = str(raw.get("text") or " ".join(w.text for w in words))
        try:
            redecoded = tuple((float(a), float(b)) for a, b in raw.get("redecoded") or [])
        except (TypeError, ValueError):
            raise fail(f"{where}.redecoded", "expected a list of [start, end] pairs") from None
        turns.append(
            Turn(str(speaker), start, end, tuple(words), phase, text, str(raw.get("source", "")), redecoded)
        )
    meta = doc.get("meta") or {}
    question = doc.get("question")
    return Transcript(
        turns=tuple(turns),
        question=str(question) if question else None,
        meta={str(k): str(v) for k, v in meta.items()},
    )


def is_transcript_file(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES + JSON_SUFFIXES


def load(path: Path) -> Transcript:
    """Read a transcript in either format, chosen by the file's suffix."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", "check the path") from None
    except UnicodeDecodeError:
        raise TranscriptError(
            f"{path}: not a UTF-8 text file", "save the transcript as UTF-8 text"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", "check its permissions") from None
    if path.suffix.lower() in JSON_SUFFIXES:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TranscriptError(
                f"{path}:{exc.lineno}: invalid JSON ({exc.msg})",
                "fix the JSON, or give a timed-text (.txt) transcript",
            ) from None
        return from_json_dict(doc, str(path))
    return parse_timed_text(text, str(path))


def save(transcript: Transcript, path: Path) -> None:
    """Write a transcript, as JSON or timed text by the file's suffix."""
    if path.suffix.lower() in JSON_SUFFIXES:
        body = json.dumps(to_json_dict(transcript), indent=2) + "\n"
    else:
        body = format_timed_text(transcript)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)  # the earlier version stays whole
        raise
