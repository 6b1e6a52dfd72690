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
Parsing is where a transcript from outside is checked, once: every time is a
finite number of seconds within a day, every turn and word ends after it
starts, words and lines come in time order, every field has its type, and
control characters are stripped from the text. Whatever passes is safe for
the judge, the reports and the terminal.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockloop.judge.sentences import sentence_runs
from mockloop.errors import InputError, TranscriptError
from mockloop.model import typed_words, PHASES, SPEAKERS, Transcript, Turn, Word
from mockloop.settings import SPEAKING_RATE_WPM
from mockloop.errors import InputError, TranscriptError, quote
from mockloop.model import PHASES, SPEAKERS, Transcript, Turn, Word, printable
from mockloop.adapters.storage.safeio import MAX_DOCUMENT_BYTES, FileTooLarge, load_json, read_text, write_atomic
from mockloop.settings import MAX_MINUTES, MAX_TIME_S, SPEAKING_RATE_WPM, check_minutes

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
    if len(parts) == 3 and len(parts[0]) > 2:
        raise ValueError(f"{quote(ts)} is not a valid time")  # 400-digit hours never reach int()
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    if seconds >= 60 or (len(parts) == 3 and minutes >= 60):
        raise ValueError(f"{quote(ts)} is not a valid time")
    total = hours * 3600 + minutes * 60 + seconds
    if total > MAX_TIME_S:
        raise ValueError(f"{quote(ts)} is past {MAX_MINUTES / 60:g} hours")
    return total


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
            key, value = header["key"].lower(), printable(header["value"])
            if key == "phase":
                if value not in PHASES:
                    raise TranscriptError(
                        f"{name}:{number}: unknown phase {quote(value)}",
                        f"use one of: {', '.join(PHASES)}",
                    )
                phase = value
            elif key == "question":
                question = value or None
            elif key == "minutes" and check_minutes(value) is None:
                raise TranscriptError(
                    f"{name}:{number}: # minutes: {quote(value)} is not a session length",
                    f"give the session length in minutes, above 0 and at most {MAX_MINUTES:g}, e.g. 45",
                )
            else:
                meta[key] = value
            continue
        m = _LINE.match(line)
        if m is None:
            raise TranscriptError(
                f"{name}:{number}: cannot read this line: {quote(line)}",
                "write lines as '[MM:SS.s] speaker: text', e.g. '[00:03.4] candidate: So the client hashes it.'",
            )
        speaker = m["speaker"].lower()
        if speaker not in SPEAKERS:
            raise TranscriptError(
                f"{name}:{number}: unknown speaker {quote(m['speaker'])}",
                "the speaker is 'interviewer' or 'candidate'",
            )
        try:
            start = parse_timestamp(m["ts"])
        except ValueError:
            raise TranscriptError(
                f"{name}:{number}: bad timestamp [{quote(m['ts'])[1:-1]}]",
                f"write times as [MM:SS.s], seconds below 60, at most {MAX_MINUTES / 60:g} hours",
            ) from None
        if lines and start < lines[-1].start:
            raise TranscriptError(
                f"{name}:{number}: time [{m['ts']}] is earlier than the line before it",
                "lines must be in time order",
            )
        lines.append(_Line(number, start, speaker, printable(m["text"]).strip(), phase))
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

    def time(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_TIME_S:
            raise fail(where, f"{quote(value)} is not a time (seconds, 0 to {MAX_TIME_S:g})")
        return float(value)

    def text(value: Any, where: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise fail(where, f"expected text, got {quote(value)}")
        return printable(value)

    if not isinstance(doc, dict):
        raise fail("top level", "expected an object")
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        raise TranscriptError(
            f"{name}: schema_version is {quote(version)}, this mockloop reads {SCHEMA_VERSION}",
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
            raise fail(f"{where}.speaker", f"{quote(speaker)} is not one of {', '.join(SPEAKERS)}")
        phase = raw.get("phase")
        if phase is not None and phase not in PHASES:
            raise fail(f"{where}.phase", f"{quote(phase)} is not a phase")
        raw_words = raw.get("words")
        if raw_words is None:
            raw_words = []
        if not isinstance(raw_words, list):
            raise fail(f"{where}.words", f"expected a list, got {quote(raw_words)}")
        words: list[Word] = []
        for j, w in enumerate(raw_words):
            wwhere = f"{where}.words[{j}]"
            if not isinstance(w, dict) or "text" not in w or "start" not in w or "end" not in w:
                raise fail(wwhere, "needs text, start and end")
            w_start, w_end = time(w["start"], f"{wwhere}.start"), time(w["end"], f"{wwhere}.end")
            if w_end < w_start:
                raise fail(wwhere, f"ends ({w_end:g} s) before it starts ({w_start:g} s)")
            if words and w_start < words[-1].start:
                raise fail(wwhere, f"starts ({w_start:g} s) before the word before it ({words[-1].start:g} s)")
            p = w.get("probability", 1.0)
            if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
                raise fail(f"{wwhere}.probability", f"{quote(p)} is not a number from 0 to 1")
            word = text(w["text"], f"{wwhere}.text").strip()
            heard = text(w.get("heard"), f"{wwhere}.heard").strip() if w.get("heard") else ""
            if word:
                words.append(Word(word, w_start, w_end, float(p), heard))
        if "start" not in raw or "end" not in raw:
            raise fail(where, "needs numeric start and end")
        start, end = time(raw["start"], f"{where}.start"), time(raw["end"], f"{where}.end")
        if end < start:
            raise fail(where, f"ends ({end:g} s) before it starts ({start:g} s)")
        if turns and start < turns[-1].start:
            raise fail(where, f"starts ({start:g} s) before the turn before it ({turns[-1].start:g} s)")
        said = text(raw.get("text"), f"{where}.text").strip() or " ".join(w.text for w in words)
        raw_spans = raw.get("redecoded") or []
        if not isinstance(raw_spans, list) or not all(isinstance(x, list) and len(x) == 2 for x in raw_spans):
            raise fail(f"{where}.redecoded", "expected a list of [start, end] pairs")
        redecoded = tuple((time(a, f"{where}.redecoded"), time(b, f"{where}.redecoded")) for a, b in raw_spans)
        source = text(raw.get("source"), f"{where}.source")
        turns.append(Turn(str(speaker), start, end, tuple(words), phase, said, source, redecoded))
    meta = doc.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict) or not all(
        v is None or (isinstance(v, (str, int, float)) and not (isinstance(v, float) and not math.isfinite(v)))
        for v in meta.values()
    ):
        raise fail("meta", "expected an object of plain values")
    if "minutes" in meta and check_minutes(meta["minutes"]) is None:
        raise fail("meta.minutes", f"{quote(meta['minutes'])} is not a session length (minutes, above 0)")
    question = doc.get("question")
    if question is not None and not isinstance(question, str):
        raise fail("question", f"expected a question id, got {quote(question)}")
    return Transcript(
        turns=tuple(turns),
        question=printable(question) if question else None,
        meta={printable(str(k)): printable(str(v)) for k, v in meta.items()},
    )


def is_transcript_file(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES + JSON_SUFFIXES


def load(path: Path) -> Transcript:
    """Read a transcript in either format, chosen by the file's suffix."""
    try:
        text = read_text(path, MAX_DOCUMENT_BYTES)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", "check the path") from None
    except UnicodeDecodeError:
        raise TranscriptError(
            f"{path}: not a UTF-8 text file", "save the transcript as UTF-8 text"
        ) from None
    except FileTooLarge as exc:
        raise TranscriptError(f"{path}: {exc.strerror} transcript", "give the transcript of one session") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", "check its permissions") from None
    if path.suffix.lower() in JSON_SUFFIXES:
        try:
            doc = load_json(text)
        except json.JSONDecodeError as exc:
            raise TranscriptError(
                f"{path}:{exc.lineno}: invalid JSON ({exc.msg})",
                "fix the JSON, or give a timed-text (.txt) transcript",
            ) from None
        except ValueError as exc:
            raise TranscriptError(
                f"{path}: invalid JSON ({quote(str(exc))[1:-1]})",
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
    write_atomic(path, body)
