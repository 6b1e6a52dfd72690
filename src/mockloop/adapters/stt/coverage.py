"""Where a decode lost speech: voiced time the words do not cover, and words stretched too far.

Whisper can return fewer words than were said with no sign of it. Two ways
were seen on the tiny model (issue 16):

- a voiced stretch comes back with no words at all (the decoder ended its
  window early, or skipped it as "no speech");
- the cross-attention alignment stretches a segment's words far past the
  end the decoder itself gave that segment, and faster-whisper, which resumes
  after the last word, skips everything said in between (12 s of speech, a
  4 s pause and 15 s more came back as the first 7 s, stamped 23 s late).

Both are found here by comparing with the VAD's voiced stretches and the
decoder's own segment times, so the recogniser can decode those stretches
again, alone and without a prompt, and keep the better words (`better`).

Pure: spans and words in, spans and words out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mockloop.model import Span, Word

WORDLESS_S = 1.0
"""Voiced time longer than this with no word on it is taken as lost speech."""

WORD_SLACK_S = 0.3
"""A word covers this much beyond its own times: the VAD pads speech, Whisper trims words."""

STRETCH_TOLERANCE_S = 1.0
"""Words may run this far outside their segment's decoder times before they are suspect."""


def merge(spans: Sequence[Span], gap: float = 0.0, longest: float = math.inf) -> list[Span]:
    """Sorted spans with those that overlap, or lie within `gap` of each other, joined; with
    `longest`, a group is closed before a join would take it past that many seconds (a span
    longer than that stays whole)."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a - out[-1][1] <= gap and max(out[-1][1], b) - out[-1][0] <= longest:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def uncovered(
    voiced: Sequence[Span],
    words: Sequence[Word],
    longest: float = WORDLESS_S,
    slack: float = WORD_SLACK_S,
) -> list[Span]:
    """Stretches of voiced time longer than `longest` that no word covers."""
    covered = merge([(w.start - slack, w.end + slack) for w in words])
    out: list[Span] = []
    for a, b in merge(voiced):
        cursor = a
        for c, d in covered:
            if d <= cursor or c >= b:
                continue
            if c > cursor:
                out.append((cursor, c))
            cursor = max(cursor, d)
        if cursor < b:
            out.append((cursor, b))
    return [(a, b) for a, b in out if b - a > longest]


def overstretched(
    segments: Sequence[tuple[Span, Span]], tolerance: float = STRETCH_TOLERANCE_S
) -> list[Span]:
    """From (decoder span, words span) pairs, the stretches where the words ran too far.

    Each returned stretch spans both, so decoding it again covers what the
    words were stretched over and what faster-whisper skipped after them."""
    out: list[Span] = []
    for (a, b), (c, d) in segments:
        if c < a - tolerance or d > b + tolerance:
            out.append((min(a, c), max(b, d)))
    return merge(out)


def inside(words: Sequence[Word], span: Span) -> list[Word]:
    """The words whose middle lies in `span`."""
    a, b = span
    return [w for w in words if a <= (w.start + w.end) / 2 < b]


def better(old: Sequence[Word], new: Sequence[Word]) -> bool:
    """Whether a plain re-decode's words should replace the first pass's in a stretch.

    The failure being mended is loss, so more words win; on a tie the first
    pass (which had the question's prompt) stays."""
    return len(new) > len(old)


def splice(words: Sequence[Word], span: Span, new: Sequence[Word]) -> list[Word]:
    """`words` with those in `span` replaced by `new` (already on the same clock), in time order."""
    a, b = span
    kept = [w for w in words if not a <= (w.start + w.end) / 2 < b]
    return sorted([*kept, *inside(new, span)], key=lambda w: (w.start, w.end))
