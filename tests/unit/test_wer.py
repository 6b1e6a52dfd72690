from __future__ import annotations

import pytest

from mockloop.adapters.stt.wer import filler_count, normalize, number_words, wer


def test_normalize_spells_numbers_and_splits_hyphens() -> None:
    assert normalize("Okay, say 10,000 fan-out writes; SHA-256!") == [
        "okay", "say", "ten", "thousand", "fan", "out", "writes", "sha256",
    ]


def test_number_words() -> None:
    assert number_words(0) == ["zero"]
    assert number_words(80) == ["eighty"]
    assert number_words(3_500_000) == ["three", "million", "five", "hundred", "thousand"]


def test_wer_counts_substitutions_insertions_deletions() -> None:
    assert wer("the cache is fast", "the cash is fast") == pytest.approx(0.25)
    assert wer("write it", "write it down now") == pytest.approx(1.0)
    assert wer("one two three four", "one three four") == pytest.approx(0.25)
    assert wer("ten thousand", "10,000") == 0.0


def test_fillers_dropped_or_kept() -> None:
    assert wer("um so the cache", "so the cache") == 0.0
    assert wer("um so the cache", "so the cache", drop_fillers=False) == pytest.approx(0.25)
    assert filler_count("Umm, so, uh, hmm") == 3


def test_lost_words_counts_deletions_only() -> None:
    from mockloop.adapters.stt.wer import lost_words

    ref = "the cache sits in front of the store".split()
    assert lost_words(ref, ref) == 0
    assert lost_words(ref, "the cash sits in front of the store".split()) == 0
    assert lost_words(ref, "the cache sits".split()) == 5
    assert lost_words(ref, []) == len(ref)
    assert lost_words(ref, "the cache sits right in front of the store".split()) == 0
