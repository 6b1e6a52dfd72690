"""Speaking pace of an answer."""

from __future__ import annotations

from mockloop.model import Turn


def words_per_minute(turn: Turn) -> float:
    """Words over the answer's whole duration, thinking pauses included."""
    if turn.duration <= 0:
        return 0.0
    return round(len(turn.words) * 60.0 / turn.duration, 1)
