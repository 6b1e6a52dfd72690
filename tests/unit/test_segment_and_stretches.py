"""Sentences without punctuation, the same however the text was chunked; the one run-on rule."""

from __future__ import annotations

import pytest

from mockloop.adapters.storage.transcripts import parse_timed_text
from mockloop.judge.answer import judge_answer
from mockloop.judge.segment import is_punctuated, segment
from mockloop.judge.stretches import running_since, stretches
from mockloop.model import typed_words
from mockloop.settings import Settings

from tests.corpus_loader import Labelled, training_answers

S = Settings()


def test_punctuated_text_is_cut_at_its_punctuation() -> None:
    words = typed_words("I'd write to the local region first. Replication is async. What do you want next?")
    assert is_punctuated(words)
    assert [s.text for s in segment(words)] == [
        "I'd write to the local region first.",
        "Replication is async.",
        "What do you want next?",
    ]


def test_a_long_pause_ends_an_unpunctuated_sentence() -> None:
    first = typed_words("so we write to the local region first")
    second = typed_words("and replicate to the partner in the background", first[-1].end + 2.0)
    got = segment([*first, *second])
    assert len(got) >= 2 and got[0].end <= first[-1].end


def _caption_file(words: list[str], offset: int, chunk: int = 12) -> str:
    """The same words as caption lines of `chunk` words, the first line `offset` words short."""
    lines, i, t = [], 0, 3.0
    sizes = [chunk - offset] if offset else []
    while i < len(words):
        n = sizes.pop() if sizes else chunk
        part = words[i : i + n]
        lines.append(f"[{int(t // 60):02d}:{t % 60:04.1f}] candidate: {' '.join(part)}")
        t += len(part) * 0.4
        i += n
    return "# phase: deep_dive\n[00:00.0] interviewer: walk me through it\n" + "\n".join(lines) + "\n"


CAPTIONS = [a for a in training_answers() if a.transcript.meta.get("style") == "captions"]


@pytest.mark.parametrize("item", CAPTIONS[:12], ids=lambda a: a.path.stem)
def test_flags_do_not_move_with_where_caption_lines_break(item: Labelled) -> None:
    words = [w.text for w in item.answer.words]
    seen = set()
    for offset in range(0, 12, 3):
        turn = parse_timed_text(_caption_file(words, offset)).answers[-1]
        s = judge_answer(turn, S)
        seen.add((s.commit_s is not None, s.relitigated, s.handoff, s.options_then_commit, s.calibrated, s.positions, s.run_on))
    assert len(seen) == 1, seen


def test_caption_fixtures_exist() -> None:
    assert len(CAPTIONS) >= 6


def test_outside_architecture_a_final_handoff_closes_the_stretch() -> None:
    assert not stretches(10.0, [], 100.0, "deep_dive", S, handed_off=True)[0].over
    assert stretches(10.0, [], 100.0, "deep_dive", S, handed_off=False)[0].over
    assert stretches(10.0, [40.0], 100.0, "deep_dive", S)[0].over  # a mid-answer check-in does not restart it
    assert not stretches(10.0, [], 60.0, "deep_dive", S)[0].over
    assert stretches(None, [], 100.0, "deep_dive", S) == []


def test_in_architecture_each_check_in_restarts_the_clock() -> None:
    parts = stretches(0.0, [150.0, 300.0], 420.0, "architecture", S, handed_off=True)
    assert [(p.start, p.end) for p in parts] == [(0.0, 150.0), (150.0, 300.0), (300.0, 420.0)]
    assert not any(p.over for p in parts)
    assert stretches(0.0, [200.0], 300.0, "architecture", S)[0].over
    assert running_since(5.0, [100.0, 40.0], "architecture") == 100.0
    assert running_since(5.0, [100.0], "deep_dive") == 5.0
