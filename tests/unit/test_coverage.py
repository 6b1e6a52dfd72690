"""Finding lost speech: voiced time without words, words stretched past their segment; the record of it."""

from __future__ import annotations

from mockloop.adapters.storage import transcripts as tf
from mockloop.adapters.stt import coverage
from mockloop.model import Recognition, Transcript, Turn, Word


def spoken(start: float, end: float, step: float = 0.4) -> list[Word]:
    """Words every `step` seconds from `start` to `end`, each 0.3 s long."""
    out = []
    t = start
    while t + 0.3 <= end + 1e-9:
        out.append(Word(f"w{len(out)}", round(t, 3), round(t + 0.3, 3)))
        t += step
    return out


def test_voiced_time_covered_by_words_is_not_lost() -> None:
    assert coverage.uncovered([(0.0, 5.0), (9.0, 12.0)], spoken(0.1, 4.9) + spoken(9.1, 11.9)) == []


def test_a_voiced_stretch_without_words_is_lost() -> None:
    lost = coverage.uncovered([(0.0, 5.0), (9.0, 12.0)], spoken(0.1, 4.9))
    assert lost == [(9.0, 12.0)]


def test_a_wordless_middle_of_a_stretch_is_lost_but_a_short_one_is_not() -> None:
    words = spoken(0.0, 3.0) + spoken(6.0, 9.0)
    assert coverage.uncovered([(0.0, 9.0)], words) == [(3.0, 5.7)]  # last word ends 2.7 s, first 6.0 s
    assert coverage.uncovered([(0.0, 4.0)], spoken(0.0, 3.0)) == []  # 0.7 s left, under a second


def test_words_stretched_past_their_segment_are_suspect() -> None:
    # The decoder said 0-6.7 s; the alignment spread the words to 8.8 s, and
    # faster-whisper resumed after them: 6.7-8.8 s was never decoded.
    assert coverage.overstretched([((0.0, 6.72), (0.0, 8.84))]) == [(0.0, 8.84)]
    # The case: the first 7 s of words stamped 23 s late.
    assert coverage.overstretched([((0.0, 6.72), (24.19, 32.51))]) == [(0.0, 32.51)]
    assert coverage.overstretched([((0.0, 6.72), (0.1, 7.2)), ((8.0, 12.0), (8.3, 12.4))]) == []


def test_a_redecode_with_more_words_replaces_the_stretch_and_keeps_the_rest() -> None:
    first = spoken(0.0, 2.0) + spoken(6.0, 8.0)
    fresh = [Word("x", 1.9, 2.1)] + spoken(2.5, 5.5) + [Word("y", 5.9, 6.2)]
    span = (2.3, 5.7)
    assert coverage.better(coverage.inside(first, span), coverage.inside(fresh, span))
    got = coverage.splice(first, span, fresh)
    assert [w.start for w in got] == sorted(w.start for w in got)
    assert "x" not in {w.text for w in got} and "y" not in {w.text for w in got}  # outside the stretch
    assert len(got) == len(first) + len(spoken(2.5, 5.5))


def test_a_redecode_with_no_more_words_keeps_the_first_pass() -> None:
    first = spoken(0.0, 3.0)
    assert not coverage.better(first, first[:-1])
    assert not coverage.better(first, first)


def test_redecoded_stretches_round_trip_through_transcript_json() -> None:
    result = Recognition(tuple(spoken(0.0, 2.0)), ((0.5, 1.75),)).shifted(10.0)
    turn = Turn("candidate", 10.0, 13.0, result.words, "estimation", "", "", result.redecoded)
    back = tf.from_json_dict(tf.to_json_dict(Transcript((turn,))))
    assert back.turns[0].redecoded == ((10.5, 11.75),)
    assert "redecoded" not in tf.to_json_dict(Transcript((Turn("candidate", 0.0, 1.0, ()),)))["turns"][0]
    assert turn.shifted(-10.0).redecoded == ((0.5, 1.75),)


def test_merge_joins_close_stretches_but_never_past_the_longest() -> None:
    from mockloop.adapters.stt.whisper import CLIP_GAP_S

    voiced = [(0.0, 10.0), (11.0, 20.0), (21.0, 27.0), (28.0, 35.0), (35.5 + CLIP_GAP_S, 40.0), (41.0, 80.0)]
    groups = coverage.merge(voiced, CLIP_GAP_S, 28.0)
    # close stretches join while the group stays within 28 s; a gap over CLIP_GAP_S always splits;
    # a stretch longer than the limit stays whole
    assert groups == [(0.0, 27.0), (28.0, 35.0), (35.5 + CLIP_GAP_S, 40.0), (41.0, 80.0)]
    assert all(b - a <= 28.0 for a, b in groups[:-1])
