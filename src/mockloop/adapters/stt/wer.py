"""Word error rate, with the normalisation that makes it fair.

Both sides are lower-cased, stripped of punctuation, hyphens split, and
numbers spelled out ("10,000" -> "ten thousand"), so that Whisper writing
digits where the speaker said words is not counted as an error. Fillers
("um", "uh") can be dropped from both sides to measure content words alone,
and counted separately to see whether recognition keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FILLERS = frozenset({"um", "umm", "uh", "uhh", "hmm", "hm", "er", "erm", "mm", "ah"})
_CANONICAL_FILLER = {"umm": "um", "uhh": "uh", "hm": "hmm", "erm": "er"}
_SPELLING = {"ok": "okay", "id": "id", "ids": "ids"}

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))


def number_words(n: int) -> list[str]:
    """0 <= n < 10**12 spelled out in English words."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    for size, name in _SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            return number_words(head) + [name] + (number_words(rest) if rest else [])
    raise AssertionError(n)


def _expand(token: str) -> list[str]:
    if token.isdigit() and len(token) <= 12:
        return number_words(int(token))
    return [token]


def normalize(text: str, *, drop_fillers: bool = False) -> list[str]:
    """Words to compare: lower case, no punctuation, numbers spelled out."""
    text = text.lower().replace("sha-256", "sha256").replace("sha 256", "sha256")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 10,000 -> 10000
    text = re.sub(r"[-/]", " ", text)
    words: list[str] = []
    for raw in re.findall(r"[a-z0-9']+", text):
        token = raw.strip("'")
        if not token:
            continue
        token = _CANONICAL_FILLER.get(token, token)
        token = _SPELLING.get(token, token)
        if drop_fillers and token in FILLERS:
            continue
        words.extend(_expand(token))
    return words


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    """Levenshtein distance over words (substitutions, insertions, deletions)."""
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str, *, drop_fillers: bool = True) -> float:
    """Word error rate of `hypothesis` against `reference` (0.0 is perfect)."""
    ref = normalize(reference, drop_fillers=drop_fillers)
    hyp = normalize(hypothesis, drop_fillers=drop_fillers)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def filler_count(text: str) -> int:
    return sum(1 for w in normalize(text) if w in FILLERS)


def lost_words(ref: Sequence[str], hyp: Sequence[str]) -> int:
    """Reference words with no counterpart in a least-cost alignment (deletions): the words
    recognition lost, which substitutions (misheard words) do not count as."""
    rows = [list(range(len(hyp) + 1))]
    for i, r in enumerate(ref, start=1):
        row = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (r != h))
        rows.append(row)
    i, j, lost = len(ref), len(hyp), 0
    while i > 0:
        if j > 0 and rows[i][j] == rows[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            i, j = i - 1, j - 1
        elif rows[i][j] == rows[i - 1][j] + 1:
            i, lost = i - 1, lost + 1
        else:
            j -= 1
    return lost
