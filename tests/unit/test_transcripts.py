from __future__ import annotations

from pathlib import Path

import pytest

from mockloop.adapters.storage import transcripts as tf
from mockloop.errors import InputError, TranscriptError
from mockloop.model import Transcript, Turn, Word

from tests.conftest import TEST_FIXTURES

EXAMPLE = """\
# question: build-cache
# phase: deep_dive
[00:00.0] interviewer: Walk me through the dedupe-on-write path.
[00:03.4] candidate: So the client hashes the artifact locally.
[00:07.9] candidate: It sends a HEAD probe first.
"""


def test_issue_example_parses_into_two_turns() -> None:
    t = tf.parse_timed_text(EXAMPLE)
    assert t.question == "build-cache"
    assert [x.speaker for x in t.turns] == ["interviewer", "candidate"]
    answer = t.turns[1]
    assert answer.phase == "deep_dive"
    assert answer.start == pytest.approx(3.4)
    assert answer.text == "So the client hashes the artifact locally. It sends a HEAD probe first."
    # The last line ends after its 6 words at 150 words per minute.
    assert answer.end == pytest.approx(7.9 + 6 * 0.4)
    # The interviewer's line ends where the candidate begins.
    assert t.turns[0].end == pytest.approx(3.4)


def test_words_spread_at_speaking_pace_leave_a_pause_before_a_late_line() -> None:
    t = tf.parse_timed_text("[00:00.0] candidate: Let me think.\n[00:10.0] candidate: Okay, sharding by user.\n")
    words = t.turns[0].words
    assert [w.text for w in words][:3] == ["Let", "me", "think."]
    assert words[2].end == pytest.approx(1.2)
    assert words[3].start == pytest.approx(10.0)


def test_fast_lines_squeeze_words_into_their_slot() -> None:
    t = tf.parse_timed_text("[00:00.0] candidate: one two three four five\n[00:01.0] interviewer: ok\n")
    assert t.turns[0].words[-1].end <= 1.0 + 1e-9


def test_interviewer_line_opens_new_turn_and_phase_changes_split_answers() -> None:
    text = (
        "# phase: requirements\n[00:00.0] candidate: a\n[00:01.0] interviewer: b\n"
        "[00:02.0] candidate: c\n# phase: estimation\n[00:03.0] candidate: d\n"
    )
    t = tf.parse_timed_text(text)
    assert [(x.speaker, x.phase, x.text) for x in t.turns] == [
        ("candidate", "requirements", "a"),
        ("interviewer", "requirements", "b"),
        ("candidate", "requirements", "c"),
        ("candidate", "estimation", "d"),
    ]


def test_hours_in_timestamps() -> None:
    t = tf.parse_timed_text("[1:02:03.5] candidate: late answer\n")
    assert t.turns[0].start == pytest.approx(3723.5)
    assert tf.format_timestamp(3723.5) == "1:02:03.5"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[00:00.0] candidate: ok\n00:07.9 candidate It sends", "<t>:2: cannot read this line"),
        ("[00:00.0] panel: hello\n", "<t>:1: unknown speaker 'panel'"),
        ("[00:75.0] candidate: hello\n", "<t>:1: bad timestamp [00:75.0]"),
        ("[00:05.0] candidate: a\n[00:01.0] candidate: b\n", "<t>:2: time [00:01.0] is earlier"),
        ("# phase: design\n[00:00.0] candidate: a\n", "<t>:1: unknown phase 'design'"),
        ("# only a comment\n", "<t>: no transcript lines found"),
    ],
)
def test_malformed_timed_text_names_the_line(text: str, message: str) -> None:
    with pytest.raises(TranscriptError) as err:
        tf.parse_timed_text(text, "<t>")
    assert err.value.message.startswith(message)
    assert err.value.hint


def test_timed_text_round_trips() -> None:
    original = (TEST_FIXTURES / "transcripts" / "dedupe.txt").read_text()
    first = tf.parse_timed_text(original)
    again = tf.parse_timed_text(tf.format_timed_text(first))
    assert again == first


def _sample() -> Transcript:
    words = (Word("I'd", 1.0, 1.2, 0.9), Word("shard.", 1.2, 1.6, 0.75))
    return Transcript(
        turns=(
            Turn("interviewer", 0.0, 1.0, (Word("Why?", 0.0, 0.5),), "architecture", "Why?"),
            Turn("candidate", 1.0, 1.6, words, "architecture", "I'd shard.", "x.wav"),
        ),
        question="url-shortener",
        meta={"model": "tiny.en"},
    )


def test_json_round_trips_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "transcript.json"
    tf.save(_sample(), path)
    assert tf.load(path) == _sample()
    assert '"schema_version": 1' in path.read_text()


def test_timed_text_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    first = tf.parse_timed_text((TEST_FIXTURES / "transcripts" / "dedupe.txt").read_text(), str(path))
    tf.save(first, path)
    assert tf.load(path) == first


def test_json_schema_version_mismatch_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"schema_version": 99, "turns": []}')
    with pytest.raises(TranscriptError, match="schema_version is 99"):
        tf.load(path)


def test_json_bad_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"schema_version": 1, "turns": [{"speaker": "bot", "start": 0, "end": 1}]}')
    with pytest.raises(TranscriptError, match=r"turns\[0\]\.speaker"):
        tf.load(path)


def test_invalid_json_names_line(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{\n  "schema_version": 1,\n  "turns": [,]\n}')
    with pytest.raises(TranscriptError, match=r"t\.json:3: invalid JSON"):
        tf.load(path)


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        tf.load(Path("/nonexistent/t.txt"))
