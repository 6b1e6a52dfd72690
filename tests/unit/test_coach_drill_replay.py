"""The pure parts of issue 6: the live coach's rule, the drill's verdicts, what a replay plays."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.conversation.coach import Coach
from mockloop.debrief.progress import compare, compare_docs
from mockloop.conversation.drill import Drill, judge_drill_answer
from mockloop.errors import InputError
from mockloop.model import Turn, Word
from mockloop.conversation.replay import captions, captions_in, flagged_spans, plan
from mockloop.conversation.interview import Interview
from mockloop.settings import Settings, load_settings

from tests.debrief_helpers import debrief_of, fixture


def spoken(text: str, start: float = 0.0, gap: float = 0.0, per_word: float = 0.4) -> tuple[Word, ...]:
    """Words at a steady pace; `|` in the text inserts `gap` seconds of silence."""
    words, t = [], start
    for token in text.split():
        if token == "|":
            t += gap
            continue
        words.append(Word(token, t, t + per_word))
        t += per_word
    return tuple(words)


def run_coach(coach: Coach, words: tuple[Word, ...], until: float, silent: tuple[float, float] = (0.0, 0.0)) -> list[float]:
    """Feed the coach the words heard so far every 0.1 s, as the listener does; the cue times."""
    cues = []
    t = 0.0
    while t <= until:
        heard = tuple(w for w in words if w.end <= t)
        speaking = not (silent[0] <= t < silent[1]) and any(w.start <= t < w.end + 0.3 for w in words)
        cue = coach.hear(heard, t, speaking)
        if cue is not None:
            cues.append(round(cue.t, 1))
        t = round(t + 0.1, 1)
    return cues


LONG = "There are two options. I'm picking async replication because the cache is not the system of record. " + " ".join(
    ["And the replication queue keeps going with more detail on that part."] * 40
)


def test_the_coach_fires_once_when_a_stretch_passes_the_limit() -> None:
    words = spoken(LONG)  # commit sentence starts at word 4 = 1.6 s
    coach = Coach(Settings())
    coach.start("deep_dive")
    assert run_coach(coach, words, 100.0) == [61.6]


def test_a_concise_answer_gets_no_cue() -> None:
    words = spoken("There are two options. I'm picking async, because the cache is not the record. What do you want next?")
    coach = Coach(Settings())
    coach.start("deep_dive")
    assert run_coach(coach, words, 30.0) == []


def test_no_commit_means_no_clock_and_an_architecture_check_in_restarts_it() -> None:
    coach = Coach(Settings())
    coach.start("deep_dive")
    hedging = " ".join(["Maybe this or maybe that, it depends on a lot of things."] * 30)
    assert run_coach(coach, spoken(hedging), 120.0) == []

    # Outside architecture a mid-answer check-in does not restart the minute (docs/LABELS.md):
    # the cue comes 60 s after the commit.
    text = "I'm picking async replication because it is simpler. " + " ".join(["More detail on it."] * 25)
    text += " Does that make sense so far? " + " ".join(["More detail on it."] * 60)
    words = spoken(text)
    coach.start("deep_dive")
    assert run_coach(coach, words, 150.0) == [pytest.approx(60.0, abs=0.11)]
    # In architecture each check-in restarts the 180 s clock.
    text = "I'm picking async replication because it is simpler. " + " ".join(["More detail on it."] * 100)
    text += " Does that make sense so far? " + " ".join(["More detail on it."] * 180)
    words = spoken(text)
    checkin_end = next(w.end for w in words if w.text == "far?")
    coach.start("architecture")
    assert run_coach(coach, words, 400.0) == [pytest.approx(checkin_end + 180.0, abs=0.11)]


def test_the_cue_waits_for_speech_and_architecture_allows_three_minutes() -> None:
    coach = Coach(Settings())
    coach.start("deep_dive")
    cues = run_coach(coach, spoken(LONG), 100.0, silent=(60.0, 64.0))
    assert cues == [64.0]
    coach.start("architecture")
    assert run_coach(coach, spoken(LONG), 100.0) == []
    assert coach.limit == 180.0


def test_a_threshold_change_moves_the_cue() -> None:
    coach = Coach(Settings(run_on_s=30.0))
    coach.start("deep_dive")
    assert run_coach(coach, spoken(LONG), 100.0) == [31.6]


def test_the_interviewer_cuts_in_after_a_coached_answer() -> None:
    bank = Bank([shipped_dir()])
    interview = Interview(bank.get("build-cache"), bank.interviewer(), ("deep_dive",), 20, Settings())
    interview.start()
    lines = interview.after_answer(30.0, "a long answer", cut_in=True)
    assert [line.kind for line in lines] == ["cut_in"]
    assert lines[0].text == bank.interviewer().stop_you_there
    assert [line.kind for line in interview.after_answer(60.0, "I'd go to hot keys next.")] == ["follow_up"]


def answer(text: str, start: float = 100.0, gap: float = 0.0) -> Turn:
    words = spoken(text, start=start + 0.5, gap=gap)
    return Turn("candidate", start, words[-1].end + 2.5, words, "deep_dive", text)


@pytest.mark.parametrize(
    ("text", "good", "line"),
    [
        (
            "There are three options: sync, async, or quorum. I'm picking async replication, because the cache is "
            "not the system of record. What do you want to pull on next?",
            True,
            "Committed in 4 seconds, handed off at 9: good.",
        ),
        pytest.param(
            "Maybe sync. Or maybe async. Actually, on second thought, maybe quorum.", False, "Three positions, no landing.",
            marks=pytest.mark.xfail(reason="known miss of the learned tagger: bare 'maybe X' fragments", strict=True),
        ),
        pytest.param(
            "Well it depends on the load and the regions and a lot of things really.", False, "No pick: name the options, choose one, say why.",
            marks=pytest.mark.xfail(reason="known miss of the learned tagger: reads 'it depends…' as a position", strict=True),
        ),
        (
            "I'd use async replication. Actually, on second thought, maybe a quorum write is safer here. Where next?",
            False,
            "Committed at once, then reopened it at 2 seconds.",
        ),
        (
            "I'd use async replication because the cache is not the record. It keeps writes local.",
            False,
            "Committed at once, but never handed it back: end with a question.",
        ),
        (
            " ".join(["Let me think about the shape of the traffic first, and the regions."] * 4)
            + " I'd use async replication. What next?",
            False,
            "Committed in 21 seconds: lead with the pick.",
        ),
        (
            "I'd use async replication. " + " ".join(["It has more detail to cover here."] * 30) + " What next?",
            False,
            "Committed at once, then ran 26 seconds past the minute.",
        ),
    ],
)
def test_drill_verdicts(text: str, good: bool, line: str) -> None:
    verdict = judge_drill_answer(answer(text), Settings())
    assert (verdict.good, verdict.line) == (good, line)


def test_a_drill_asks_its_probes_and_keeps_score() -> None:
    bank = Bank([shipped_dir()])
    question = bank.get("build-cache")
    drill = Drill(question, 2, Settings())
    opening = drill.start()
    assert [line.kind for line in opening] == ["greeting", "prompt", "probe"]
    assert opening[-1].text == question.phases["deep_dive"].probes[0]
    good = answer("There are two options: sync or async. I'm picking async, because the cache is not the record. What next?")
    lines = drill.after_answer(good.end, good.text, turn=good)
    assert [line.kind for line in lines] == ["verdict", "probe"]
    assert lines[0].text.endswith(": good. 1 of 1.")
    bad = answer("Maybe sync. Or maybe async. Or maybe quorum.", start=200.0)
    lines = drill.after_answer(bad.end, bad.text, turn=bad)
    assert [line.kind for line in lines] == ["verdict", "closing"]
    # Re-argued, so not good (how many positions the tagger counts in three bare "maybe"s is a
    # known miss: see test_three_bare_maybes_are_three_positions).
    assert lines[0].text.endswith(" 1 of 2.") and not drill.verdicts[-1].good
    assert drill.done and drill.score == 1
    summary = drill.summary()
    assert summary["score"] == 1 and [a["good"] for a in summary["answers"]] == [True, False]
    with pytest.raises(InputError, match="--probes 0"):
        Drill(question, 0, Settings())


def test_replay_plans_every_turn_one_turn_or_the_flagged_moments() -> None:
    transcript = fixture("build-cache-relitigates")
    debrief = debrief_of(transcript, "build-cache-relitigates")
    everything = plan(transcript, debrief)
    assert [p.turn for p in everything] == list(range(1, len(transcript.turns) + 1))
    assert [(p.start, p.end) for p in everything] == [(t.start, t.end) for t in transcript.turns]
    assert [p.turn for p in plan(transcript, debrief, turn=3)] == [3]
    with pytest.raises(InputError, match="--turn 99"):
        plan(transcript, debrief, turn=99)

    flagged = plan(transcript, debrief, flags=True)
    assert flagged
    marks = {round(m.start, 2): m for m in debrief.answers}
    covered = set()
    for piece in flagged:
        turn = transcript.turns[piece.turn - 1]
        assert turn.speaker == "candidate" and piece.flags
        assert turn.start <= piece.start < piece.end <= turn.end
        assert piece.offset == pytest.approx(piece.start - turn.start)
        mark = marks[round(turn.start, 2)]
        inside = [f for f in mark.flags if piece.start <= f.t <= piece.end]
        assert inside, piece
        covered.update((mark.index, f.t) for f in inside)
        # A few seconds of lead-in before the first flag it holds (unless the answer starts later).
        assert piece.start == pytest.approx(max(turn.start, min(f.t for f in inside) - 3.0))
    every_flag = {(m.index, f.t) for m in debrief.answers for f in m.flags}
    assert covered == every_flag
    assert sum(p.duration for p in flagged) < 0.6 * sum(t.duration for t in transcript.answers)


def test_flagged_spans_end_at_the_run_on_or_the_last_reversal() -> None:
    transcript = fixture("build-cache-relitigates")
    debrief = debrief_of(transcript, "build-cache-relitigates")
    for mark in debrief.answers:
        turn = next(t for t in transcript.turns if round(t.start, 2) == round(mark.start, 2))
        spans = flagged_spans(turn, mark)
        kinds = {f.kind for f in mark.flags}
        if "run_on" in kinds:
            assert any(end == turn.end or "run_on" not in k for _, end, k in spans)
        reversals = [f.t for f in mark.flags if f.kind in ("reversal", "position", "relitigated")]
        if reversals:
            last = max(reversals)
            holding = next(s for s in spans if s[0] <= last <= s[1])
            spoken_last = max(w.end for w in turn.words if w.start <= last + 0.05)
            assert holding[1] >= spoken_last - 1e-6


def test_replay_refuses_flags_where_nothing_is_flagged_and_shows_captions_in_order() -> None:
    transcript = fixture("twitter-feed-lands")
    debrief = debrief_of(transcript, "twitter-feed-lands")
    quiet = [i for i, t in enumerate(transcript.turns, 1) if t.speaker == "candidate" and not any(
        m.flags for m in debrief.answers if round(m.start, 2) == round(t.start, 2))]
    assert quiet
    with pytest.raises(InputError, match="nothing is flagged"):
        plan(transcript, debrief, turn=quiet[0], flags=True)
    pieces = plan(transcript, debrief)
    shown = captions_in(pieces, captions(transcript, debrief, [{"turn": 2, "t": 12.5}]))
    flat = [c for lines in shown for c in lines]
    assert [c.t for c in flat] == sorted(c.t for c in flat)
    assert any(c.kind == "coach" and c.turn == 2 for c in flat)
    assert {c.kind for c in flat} >= {"interviewer", "candidate"}


def test_settings_yaml_overrides_and_rejects_clearly(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "settings.yaml").write_text("run_on_s: 45\nphase_budget_minutes: [4, 3, 5, 5, 16, 10]\n")
    loaded = load_settings(tmp_path)
    assert loaded.run_on_s == 45.0 and loaded.phase_budget_minutes == (4, 3, 5, 5, 16, 10)
    for body, message in [
        ("run_on: 45\n", "unknown setting 'run_on'"),
        ("run_on_s: soon\n", "run_on_s: 'soon' is not a positive number"),
        ("run_on_s: -5\n", "is not a positive number"),
        ("phase_budget_minutes: [1, 2]\n", "is not a list of 6 positive numbers"),
        ("- run_on_s\n", "expected `name: value` lines"),
        ("run_on_s: [\n", "cannot read it"),
    ]:
        (tmp_path / "settings.yaml").write_text(body)
        with pytest.raises(InputError, match=message):
            load_settings(tmp_path)


def test_compare_reads_saved_debrief_documents_the_same_way() -> None:
    a = debrief_of(fixture("build-cache-relitigates"), "a")
    b = debrief_of(fixture("twitter-feed-lands"), "b")
    assert compare(a, b) == compare_docs(a.as_dict(), b.as_dict())
    assert compare(a, b)["a"]["verdict"] == a.verdict_level
