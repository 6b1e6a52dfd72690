"""Silences inside an answer: the gaps between consecutive words."""

from __future__ import annotations

from collections.abc import Sequence

from mockloop.model import Word


def long_pauses(words: Sequence[Word], threshold_s: float) -> list[tuple[float, float]]:
    """Spans `[start, end]` where no word was spoken for more than `threshold_s`."""
    spans: list[tuple[float, float]] = []
    for before, after in zip(words, words[1:]):
        if after.start - before.end > threshold_s:
            spans.append((round(before.end, 2), round(after.start, 2)))
    return spans
