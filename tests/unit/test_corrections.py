"""Known mishearings are put right only where the question's vocabulary supports them."""

from __future__ import annotations

from mockloop.adapters.stt.corrections import correct
from mockloop.model import Word


def words(text: str) -> list[Word]:
    return [Word(t, i * 0.5, i * 0.5 + 0.4, 0.9) for i, t in enumerate(text.split())]


def text(ws: list[Word]) -> str:
    return " ".join(w.text for w in ws)


CACHE_VOCAB = ("cache", "async", "write path", "SQL")


def test_cash_becomes_cache_and_keeps_what_was_heard() -> None:
    got = correct(words("I think for this cash, it is fine."), CACHE_VOCAB)
    assert text(got) == "I think for this cache, it is fine."
    fixed = [w for w in got if w.heard]
    assert [(w.text, w.heard) for w in fixed] == [("cache,", "cash,")]


def test_a_question_without_the_term_keeps_its_words() -> None:
    said = "we settle in cash at the end of the day and write a ledger row"
    assert text(correct(words(said), ("ledger", "settlement"))) == said
    assert all(not w.heard for w in correct(words(said), ()))


def test_a_sync_becomes_one_word_spanning_both() -> None:
    got = correct(words("Let me go back to a sync replication."), CACHE_VOCAB)
    assert text(got) == "Let me go back to async replication."
    merged = got[5]
    assert (merged.start, merged.end, merged.heard) == (2.5, 3.4, "a sync")


def test_right_needs_a_technical_next_word() -> None:
    assert text(correct(words("the right path goes to the primary"), CACHE_VOCAB)) == "the write path goes to the primary"
    assert text(correct(words("that is the right call"), CACHE_VOCAB)) == "that is the right call"
    assert text(correct(words("right. path one is simpler"), CACHE_VOCAB)) == "right. path one is simpler"


def test_capitals_and_sentence_breaks() -> None:
    assert text(correct(words("Cash hits stay in memory."), CACHE_VOCAB)) == "Cache hits stay in memory."
    # Two words split by a sentence break are not one mishearing.
    assert text(correct(words("I need a. Sync it later."), CACHE_VOCAB)) == "I need a. Sync it later."
    assert text(correct(words("a no sequel store here"), CACHE_VOCAB)) == "a NoSQL store here"
    assert text(correct(words("a sequel query"), CACHE_VOCAB)) == "a SQL query"
