"""Known meaning-flipping mishearings of interview jargon, put right in context.

The tiny model hears "cache" as "cash", "async" as "a sync" and "write path"
as "right path". In a replication debate "let me go back to a sync" says the
opposite of what was meant, and the judge and the debrief quote these words.
A correction applies only where the question's own vocabulary names the
intended term (so an answer about payments keeps its "cash"), and where the
surrounding words make it technical. Each corrected word keeps what was heard
(`Word.heard`), so transcript.json records every correction.

Pure: words in, words out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from mockloop.model import Word


@dataclass(frozen=True)
class Mishearing:
    """`heard` (one or more words) is taken for `meant` when the vocabulary names `needs`,
    and, if `before` is given, the next word is one of them."""

    heard: tuple[str, ...]
    meant: str
    needs: str
    before: frozenset[str] = frozenset()


_WRITE_CONTEXT = frozenset(
    {"path", "paths", "through", "back", "ahead", "heavy", "amplification", "throughput", "load", "volume", "quorum", "rate", "rates"}
)

MISHEARINGS: tuple[Mishearing, ...] = (
    Mishearing(("cash",), "cache", "cache"),
    Mishearing(("cashes",), "caches", "cache"),
    Mishearing(("cashed",), "cached", "cache"),
    Mishearing(("cashing",), "caching", "cache"),
    Mishearing(("a", "sync"), "async", "async"),
    Mishearing(("a", "synchronous"), "asynchronous", "async"),
    Mishearing(("asynch",), "async", "async"),
    Mishearing(("right",), "write", "write", _WRITE_CONTEXT),
    Mishearing(("rights",), "writes", "write", _WRITE_CONTEXT | frozenset({"per"})),
    Mishearing(("no", "sequel"), "NoSQL", "sql"),
    Mishearing(("sequel",), "SQL", "sql"),
)

_EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$")


def _bare(text: str) -> str:
    return re.sub(r"[^\w]", "", text.lower())


def supported(vocabulary: Sequence[str]) -> frozenset[str]:
    """The `needs` keys the vocabulary supports: a term that contains the key as a word part."""
    terms = " ".join(vocabulary).lower()
    return frozenset(m.needs for m in MISHEARINGS if m.needs in terms)


def correct(words: Sequence[Word], vocabulary: Sequence[str]) -> list[Word]:
    """`words` with the known mishearings the vocabulary supports put right.

    A two-word mishearing becomes one word spanning both; punctuation around
    the heard words is kept on the meant one.
    """
    allowed = supported(vocabulary)
    if not allowed:
        return list(words)
    out: list[Word] = []
    i = 0
    while i < len(words):
        hit = _match(words, i, allowed)
        if hit is None:
            out.append(words[i])
            i += 1
            continue
        m = hit
        span = words[i : i + len(m.heard)]
        lead = _EDGE.match(span[0].text)
        tail = _EDGE.match(span[-1].text)
        prefix = lead.group(1) if lead else ""
        suffix = tail.group(3) if tail else ""
        meant = m.meant.capitalize() if span[0].text.lstrip("\"'(")[:1].isupper() and m.meant.islower() else m.meant
        heard = " ".join(w.text for w in span)
        out.append(
            replace(
                span[0],
                text=f"{prefix}{meant}{suffix}",
                end=span[-1].end,
                probability=min(w.probability for w in span),
                heard=heard,
            )
        )
        i += len(m.heard)
    return out


def _match(words: Sequence[Word], i: int, allowed: frozenset[str]) -> Mishearing | None:
    for m in MISHEARINGS:
        if m.needs not in allowed or i + len(m.heard) > len(words):
            continue
        span = words[i : i + len(m.heard)]
        if tuple(_bare(w.text) for w in span) != m.heard:
            continue
        # Inside a multi-word mishearing the words run on: no sentence break between them.
        if any(w.text.rstrip()[-1:] in ".?!," for w in span[:-1]):
            continue
        if m.before:
            nxt = i + len(m.heard)
            if nxt >= len(words) or _bare(words[nxt].text) not in m.before or span[-1].text.rstrip()[-1:] in ".?!":
                continue
        return m
    return None
