"""What a replay plays and shows: pure planning, no device and no disk.

A saved session is a list of turns on one clock, each with its audio file.
`plan` picks the stretches to play (`Piece`): every turn in order, one turn,
or only the flagged moments, each from `LEAD_S` before it to where it ends:
the end of the run-on stretch, or of the last sentence that re-argued the
call. `captions` are the lines to highlight as they are spoken, the debrief's
flags and the live coach's cues, all on the session clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mockloop.judge.segment import segment
from mockloop.judge.sentences import Sentence
from mockloop.debrief.data import AnswerMark, Debrief, clock
from mockloop.errors import InputError
from mockloop.model import Transcript, Turn

LEAD_S = 3.0
"""A flagged moment plays from this long before it, so the ear has the context."""

MERGE_GAP_S = 1.0
"""Flagged stretches of one answer closer than this play as one."""

RELITIGATION = ("reversal", "position", "relitigated")

FLAG_NAMES = {
    "run_on": "run-on",
    "relitigated": "relitigation",
    "reversal": "reversal",
    "position": "another position",
    "detour": "detour",
    "long_pause": "long pause",
}


@dataclass(frozen=True)
class Piece:
    """One stretch of one turn's audio, on the session clock."""

    turn: int
    """1-based turn number, as in the audio's file name (turns/NN-…)."""

    speaker: str
    source: str
    """The audio file, relative to the session folder; "" when the turn has none (typed)."""

    start: float
    end: float
    offset: float
    """Seconds into the turn's audio where this piece begins."""

    flags: tuple[str, ...] = ()
    """For a flagged piece, the flag kinds it holds."""

    @property
    def duration(self) -> float:
        return max(0.0, self.end - self.start)

    def label(self) -> str:
        who = "you" if self.speaker == "candidate" else "interviewer"
        what = f" · {', '.join(FLAG_NAMES.get(k, k) for k in self.flags)}" if self.flags else ""
        return f"turn {self.turn} · {who} · {clock(self.start)}–{clock(self.end)}{what}"


@dataclass(frozen=True)
class Caption:
    """Something to show at a moment: a spoken line, a flag, or a coach's cue."""

    t: float
    end: float
    turn: int
    kind: str
    """"interviewer", "candidate", "flag" or "coach"."""

    text: str


def plan(
    transcript: Transcript,
    debrief: Debrief,
    turn: int | None = None,
    flags: bool = False,
    lead_s: float = LEAD_S,
) -> list[Piece]:
    """The pieces to play, in order. Raises InputError for a turn that does not exist,
    or `--flags` on a session with nothing flagged."""
    turns = transcript.turns
    if turn is not None and not 1 <= turn <= len(turns):
        raise InputError(
            f"--turn {turn}: this session has {len(turns)} turns",
            f"give a number from 1 to {len(turns)}" if turns else "nothing was saved in it",
        )
    chosen = [(i, t) for i, t in enumerate(turns, 1) if turn is None or i == turn]
    if not flags:
        return [Piece(i, t.speaker, t.source, t.start, t.end, 0.0) for i, t in chosen]
    marks = {round(m.start, 2): m for m in debrief.answers}
    pieces = []
    for i, t in chosen:
        mark = marks.get(round(t.start, 2))
        if t.speaker != "candidate" or mark is None:
            continue
        for start, end, kinds in flagged_spans(t, mark, lead_s):
            pieces.append(Piece(i, t.speaker, t.source, start, end, start - t.start, kinds))
    if not pieces:
        where = f"turn {turn}" if turn is not None else "this session"
        raise InputError(f"nothing is flagged in {where}", "replay it without --flags, or see its debrief")
    return pieces


def flagged_spans(turn: Turn, mark: AnswerMark, lead_s: float = LEAD_S) -> list[tuple[float, float, tuple[str, ...]]]:
    """The stretches of one answer worth hearing again, merged where they touch."""
    sentences = segment(turn.words)
    spans: list[tuple[float, float, tuple[str, ...]]] = []
    relit = [f for f in mark.flags if f.kind in RELITIGATION]
    if relit:
        first, last = min(f.t for f in relit), max(f.t for f in relit)
        kinds = tuple(dict.fromkeys(f.kind for f in sorted(relit, key=lambda f: f.t)))
        spans.append((first - lead_s, _sentence_end(sentences, last, turn.end), kinds))
    for f in mark.flags:
        if f.kind == "run_on":
            spans.append((f.t - lead_s, f.until if f.until is not None else turn.end, ("run_on",)))
        elif f.kind == "detour":
            spans.append((f.t - lead_s, _sentence_end(sentences, f.t, turn.end), ("detour",)))
        elif f.kind == "long_pause":
            resumed = next((w.start for w in turn.words if w.start > f.t), turn.end)
            spans.append((f.t - lead_s, _sentence_end(sentences, resumed, turn.end), ("long_pause",)))
    clipped = sorted((max(turn.start, a), min(turn.end, b), k) for a, b, k in spans if b > a)
    merged: list[tuple[float, float, tuple[str, ...]]] = []
    for a, b, k in clipped:
        if merged and a <= merged[-1][1] + MERGE_GAP_S:
            pa, pb, pk = merged[-1]
            merged[-1] = (pa, max(pb, b), tuple(dict.fromkeys((*pk, *k))))
        else:
            merged.append((a, b, k))
    return merged


def _sentence_end(sentences: Sequence[Sentence], t: float, default: float) -> float:
    """End of the sentence spoken at `t` (flags sit on a sentence's first word)."""
    spoken = [s for s in sentences if s.start <= t + 0.05]
    return spoken[-1].end if spoken else default


def captions(transcript: Transcript, debrief: Debrief, cues: Iterable[dict[str, Any]] = ()) -> list[Caption]:
    """Every line, flag and coach cue of the session, in time order."""
    found: list[Caption] = []
    starts = {round(t.start, 2): i for i, t in enumerate(transcript.turns, 1)}
    for i, turn in enumerate(transcript.turns, 1):
        sentences = segment(turn.words)
        if not sentences and turn.text.strip():
            found.append(Caption(turn.start, turn.end, i, turn.speaker, turn.text.strip()))
        for s in sentences:
            found.append(Caption(s.start, s.end, i, turn.speaker, s.text))
    for mark in debrief.answers:
        number = starts.get(round(mark.start, 2), 0)
        same: dict[tuple[float, str], list[str]] = {}
        for f in mark.flags:  # one line per moment: "reversal, another position: “…”"
            same.setdefault((f.t, f.quote), []).append(FLAG_NAMES.get(f.kind, f.kind))
        for (t, quote), names in same.items():
            found.append(Caption(t, t, number, "flag", f"{', '.join(dict.fromkeys(names))}: “{quote}”"))
    for cue in cues:
        try:
            t, number = float(cue["t"]), int(cue["turn"])
        except (KeyError, TypeError, ValueError):
            continue
        found.append(Caption(t, t, number, "coach", "the coach spoke up: past the limit with no hand-off"))
    order = {"interviewer": 0, "candidate": 0, "flag": 1, "coach": 2}
    return sorted(found, key=lambda c: (c.t, order.get(c.kind, 3)))


def captions_in(pieces: Sequence[Piece], all_captions: Sequence[Caption]) -> list[list[Caption]]:
    """For each piece, the captions that fall inside it (a line that began just before, too)."""
    out = []
    for p in pieces:
        inside = [
            c for c in all_captions
            if c.turn == p.turn and (p.start <= c.t < p.end or (c.t < p.start < c.end and c.kind in ("interviewer", "candidate")))
        ]
        out.append(inside)
    return out
