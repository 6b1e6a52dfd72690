"""The lexicon's patterns, regrouped to search faster, match the sentences their written form matches."""

from __future__ import annotations

import re

import pytest

from mockloop.judge import lexicon as lx
from mockloop.judge.segment import segment
from tests.corpus_loader import training_answers

# Sentences where a start-anchored branch must not fire mid-sentence, and word-start
# branches must not fire inside a word, as well as plain hand-offs and commits.
MADE_UP = [
    "does that work for you?",
    "i said does that work, and moved on.",
    "shall we move on?",
    "we shall see whether the queue holds?",
    "okay with that?",
    "not okay with that?",
    "sounds good, i'd use a queue.",
    "it sounds good to me.",
    "whatever you prefer works.",
    "somewhat you.",
    "i'd shard by user id.",
    "oh, and separately, the cdn.",
    "thoughts?",
    "afterthoughts?",
]


def _sentences() -> list[str]:
    texts = list(MADE_UP)
    for item in training_answers():
        for s in segment(item.answer.words):
            texts += [s.lower, s.core]
    return texts


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return _sentences()


def test_every_pattern_is_regrouped_from_what_is_written() -> None:
    regrouped = {p.pattern for p in vars(lx).values() if isinstance(p, re.Pattern)}
    regrouped |= {p.pattern for p in lx.FRAMEWORK_STEPS}
    assert regrouped <= set(lx.WRITTEN)
    assert any(k != v for k, v in lx.WRITTEN.items()), "nothing was regrouped"


@pytest.mark.parametrize("regrouped", sorted(lx.WRITTEN), ids=lambda p: lx.WRITTEN[p][:40])
def test_a_regrouped_pattern_matches_the_same_sentences(regrouped: str, sentences: list[str]) -> None:
    fast, written = re.compile(regrouped), re.compile(lx.WRITTEN[regrouped])
    differ = [t for t in sentences if bool(fast.search(t)) != bool(written.search(t))]
    assert not differ, differ[:3]


def test_regrouping_keeps_nested_alternatives_and_classes_whole() -> None:
    source = r"^a(?:b|c)|\bd[|x]e|f\|g|\bh"
    assert lx._alternatives(source) == ["^a(?:b|c)", r"\bd[|x]e", r"f\|g", r"\bh"]
    fast = re.compile(lx.regroup(source))
    assert fast.pattern == r"^(?:a(?:b|c))|\b(?:d[|x]e|h)|f\|g"
    for text in ["ab", "xab", "d|e", "ad|e", "f|g", "h", "ah", "a h"]:
        assert bool(fast.search(text)) == bool(re.search(source, text)), text
