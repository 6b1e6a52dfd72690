from __future__ import annotations

from mockloop.judge.pace import words_per_minute
from mockloop.judge.pauses import long_pauses
from mockloop.judge.summary import summarize
from mockloop.model import Turn, Word
from mockloop.settings import Settings
from mockloop.adapters.storage.transcripts import parse_timed_text


def test_long_pauses_are_gaps_over_the_threshold() -> None:
    words = [Word("a", 0, 1), Word("b", 1.5, 2), Word("c", 8, 9), Word("d", 14.1, 15)]
    assert long_pauses(words, 5.0) == [(2.0, 8.0), (9.0, 14.1)]
    assert long_pauses(words, 6.0) == []


def test_words_per_minute_over_the_whole_answer() -> None:
    turn = Turn("candidate", 0, 30, tuple(Word("w", i, i + 0.2) for i in range(75)))
    assert words_per_minute(turn) == 150.0
    assert words_per_minute(Turn("candidate", 5, 5, ())) == 0.0


def test_summary_has_one_element_per_answer_with_contract_fields() -> None:
    t = parse_timed_text(
        "# phase: requirements\n[00:00.0] interviewer: Go.\n[00:02.0] candidate: Who are the users?\n"
        "[00:10.0] candidate: And what scale?\n[00:14.0] interviewer: Ten million.\n"
        "# phase: estimation\n[00:16.0] candidate: So about a hundred QPS.\n",
        "s.txt",
    )
    report = summarize([t], Settings())
    assert [a["phase"] for a in report["turns"]] == ["requirements", "estimation"]
    first = report["turns"][0]
    for key in ("speaker", "phase", "start_s", "end_s", "words", "wpm", "long_pauses"):
        assert key in first
    assert first["speaker"] == "candidate"
    assert (first["start_s"], first["end_s"]) == (2.0, 14.0)
    assert first["long_pauses"] == [[3.6, 10.0]]
    session = report["session"]
    assert session["answers"] == 2
    assert session["phase_answer_seconds"]["requirements"] == 12.0
