"""Sentence acts: what each sentence of an answer does (`docs/ACTS.md` defines them).

A small learned tagger gives every sentence its acts, left to right: the
features are the sentence's words and word pairs, the lexicon's phrases
(`lexicon.py`), and the context — the acts of the sentence before, whether
a position already stands, whether a concern was raised since, where the
sentence sits in the answer, the phase, and whether the interviewer had
just pushed back. Every act keeps its explanation: the features that
weighed most.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mockloop.judge import lexicon as lx
from mockloop.judge.segment import bare
from mockloop.judge.sentences import Sentence
from mockloop.judge.weights import LinearModel, act_model

ACTS: tuple[str, ...] = (
    "proposal",
    "elaborate",
    "option",
    "dismiss",
    "reason",
    "tradeoff",
    "concern",
    "reversal",
    "return",
    "handoff",
    "clarify",
    "steer",
    "narrate",
    "uncertain",
    "findout",
    "rhetorical",
    "acknowledge",
    "update",
    "defend",
    "failure",
    "detour",
    "filler",
)

THRESHOLD = 0.4
"""An act is given when its probability reaches this (unless `THRESHOLDS` names its own).
Below one half on purpose: on a writer the tagger never saw (each training batch held out
in turn), acts are missed far more often than invented, and 0.4 gave the better flags."""

THRESHOLDS: dict[str, float] = {"clarify": 0.5, "reversal": 0.5, "return": 0.5, "detour": 0.5}
"""Acts given at a probability of their own. A clarifying question makes the interviewer
answer it with a fact, so it must be surer: a fact nobody asked for interrupts the
candidate, while a question missed can be asked again. The acts that accuse (a reversal,
a return, a detour) keep one half: lowering them gained nothing on unseen writers and
made the debrief find faults in real expert speech."""


def given(act: str, p: float) -> bool:
    """Is `act`, at probability `p`, one of the sentence's acts?"""
    return p >= THRESHOLDS.get(act, THRESHOLD)

_PATTERNS: dict[str, re.Pattern[str]] = {
    "commit": lx.COMMIT,
    "not_commit": lx.NOT_COMMIT,
    "tentative": lx.TENTATIVE,
    "options": lx.OPTIONS,
    "dismiss": lx.DISMISS,
    "pivot": lx.PIVOT,
    "return": lx.RETURN,
    "detour": lx.DETOUR,
    "handoff": lx.HANDOFF,
    "rhetorical": lx.RHETORICAL,
    "check_in": lx.CHECK_IN,
    "reason": lx.REASON,
    "unsure": lx.UNSURE,
    "find_out": lx.FIND_OUT,
    "tradeoff": lx.TRADEOFF,
    "hedge": lx.HEDGE,
    "filler": lx.FILLER,
    "components": lx.COMPONENTS,
    "simple_first": lx.SIMPLE_FIRST,
    "concern": lx.CONCERN,
    "switch_offer": lx.SWITCH_OFFER,
    "pick": lx.PICK,
}


@dataclass(frozen=True)
class Context:
    """What the tagger knows of the answer around a sentence."""

    previous: tuple[str, ...]
    """The acts of the sentence before (empty for the first)."""

    position_standing: bool
    concern_since: bool
    first: bool
    last: bool
    phase: str | None
    after_pushback: bool


@dataclass(frozen=True)
class Tagged:
    """A sentence with its acts and their probabilities."""

    sentence: Sentence
    acts: frozenset[str]
    probabilities: dict[str, float]
    features: tuple[str, ...]

    def has(self, *acts: str) -> bool:
        return any(a in self.acts for a in acts)


def sentence_features(s: Sentence, ctx: Context) -> list[str]:
    """The named binary features of one sentence in its context."""
    tokens = [t for t in (bare(w) for w in s.text.split()) if t]
    feats = ["bias"]
    feats += [f"w={t}" for t in tokens]
    feats += [f"b={a}_{b}" for a, b in zip(tokens, tokens[1:])]
    if tokens:
        feats.append(f"f1={tokens[0]}")
        feats.append(f"l1={tokens[-1]}")
    if len(tokens) >= 2:
        feats.append(f"f2={tokens[0]}_{tokens[1]}")
        feats.append(f"l2={tokens[-2]}_{tokens[-1]}")
    lower, core_text = s.lower, s.core
    core = " ".join(bare(w) for w in core_text.split())
    for t in core.split()[:3]:
        feats.append(f"c={t}")
    if core:
        feats.append(f"c1={core.split()[0]}")
    if s.is_question:
        feats.append("qmark")
    n = len(tokens)
    feats.append("len=1-3" if n <= 3 else "len=4-8" if n <= 8 else "len=9-20" if n <= 20 else "len=21+")
    other = None if core_text == lower else lower
    for name, pattern in _PATTERNS.items():
        if pattern.search(core_text) or (other is not None and pattern.search(other)):
            feats.append(f"lx={name}")
    feats += [f"prev={a}" for a in ctx.previous] or ["prev=<start>"]
    if ctx.position_standing:
        feats.append("standing")
        feats += [f"standing&{f}" for f in feats if f.startswith(("lx=", "c1=", "f2=", "qmark"))]
    if ctx.concern_since:
        feats.append("concern_since")
        feats += [f"concern&{f}" for f in feats if f.startswith(("lx=", "c1=", "f2=", "qmark"))]
    if ctx.first:
        feats.append("first")
    if ctx.last:
        feats.append("last")
        feats += [f"last&{f}" for f in feats if f.startswith(("lx=", "qmark", "l1=", "l2=", "c1="))]
    feats.append(f"phase={ctx.phase}")
    if ctx.after_pushback:
        feats.append("after_pushback")
        feats += [f"pushback&{f}" for f in feats if f.startswith(("lx=", "c1=", "first", "w="))]
    return feats


def advance(ctx: Context, acts: frozenset[str]) -> tuple[bool, bool]:
    """(position standing, concern since the last position) after a sentence with `acts`."""
    standing = ctx.position_standing or bool(acts & {"proposal", "update"})
    if acts & {"proposal", "update", "return"}:
        concern = False
    else:
        concern = ctx.concern_since or bool(acts & {"concern", "reversal"})
    return standing, concern


def tag(
    sentences: Sequence[Sentence],
    phase: str | None = None,
    after_pushback: bool = False,
    model: LinearModel | None = None,
) -> list[Tagged]:
    """Every sentence of one answer with its acts, left to right."""
    model = model or act_model()
    out: list[Tagged] = []
    previous: tuple[str, ...] = ()
    standing = concern = False
    for i, s in enumerate(sentences):
        ctx = Context(previous, standing, concern, i == 0, i == len(sentences) - 1, phase, after_pushback)
        feats = sentence_features(s, ctx)
        probs = model.probabilities(feats)
        by_act = {a: float(p) for a, p in zip(model.labels, probs)}
        acts = frozenset(a for a, p in by_act.items() if given(a, p))
        out.append(Tagged(s, acts, by_act, tuple(feats)))
        previous = tuple(sorted(acts))
        standing, concern = advance(ctx, acts)
    return out
