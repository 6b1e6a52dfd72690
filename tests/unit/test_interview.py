"""The interview state machine: phases, budgets, follow-ups, moving on, closing."""

from __future__ import annotations

import pytest

from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.errors import InputError
from mockloop.model import PHASES
from mockloop.conversation.interview import Interview, asks_to_move_on, budgets, parse_phases
from mockloop.settings import Settings

BANK = Bank([shipped_dir()])
QUESTION = BANK.get("build-cache")


def _interview(phases: tuple[str, ...] = PHASES, minutes: float = 45) -> Interview:
    return Interview(QUESTION, BANK.interviewer(), phases, minutes, Settings())


def test_budgets_follow_the_framework_and_scale() -> None:
    full = budgets(PHASES, 45, Settings())
    assert [round(full[p] / 60, 9) for p in PHASES] == [5, 3, 5, 5, 15, 10]
    short = budgets(PHASES, 15, Settings())
    assert [round(short[p] / 60, 6) for p in PHASES] == [round(m / 3, 6) for m in (5, 3, 5, 5, 15, 10)]
    # Two phases share the 43 minutes' worth of phase time in a 45-minute round, 1:2.
    two = budgets(("requirements", "deep_dive"), 45, Settings())
    assert two["deep_dive"] == pytest.approx(2 * two["requirements"])
    assert sum(two.values()) == pytest.approx(43 * 60)


def test_parse_phases() -> None:
    assert parse_phases(None) == PHASES
    assert parse_phases("deep-dive, requirements") == ("requirements", "deep_dive")
    with pytest.raises(InputError, match="unknown phase lunch"):
        parse_phases("requirements,lunch")
    with pytest.raises(InputError, match="more than 0"):
        _interview(minutes=0)


def test_opening_greets_asks_reminds_once_then_opens_the_first_phase() -> None:
    interview = _interview(("estimation", "api"), 10)
    lines = interview.start()
    assert [line.kind for line in lines] == ["greeting", "prompt", "reminder", "transition", "opening"]
    assert "10 minutes" in lines[0].text
    assert lines[1].text == QUESTION.prompt
    assert lines[-1].text == QUESTION.phases["estimation"].opening
    assert all(line.phase == "estimation" for line in lines)


def test_follow_ups_until_the_budget_is_spent_then_the_next_phase() -> None:
    interview = _interview(minutes=45)
    interview.spoken(interview.start(), 60.0)  # the greeting does not count against requirements
    first = interview.after_answer(120.0, "some answer")
    assert [line.kind for line in first] == ["follow_up"]
    # Nothing was touched, so the first key point's own follow-up comes first.
    assert first[0].text == QUESTION.phases["requirements"].key_points[0].ask
    # 5 minutes of requirements are spent at 60 + 300 s.
    nxt = interview.after_answer(361.0, "another answer")
    assert [line.kind for line in nxt] == ["transition", "opening"]
    assert interview.phase == "estimation"
    interview.spoken(nxt, 365.0)
    assert interview.phase_elapsed(400.0) == pytest.approx(35.0)


def test_lines_running_out_moves_on() -> None:
    interview = _interview(minutes=45)
    interview.spoken(interview.start(), 0.0)
    script = QUESTION.phases["requirements"]
    count = len(script.follow_ups) + sum(1 for kp in script.key_points if kp.ask)
    kinds = [interview.after_answer(1.0 + i, "answer")[0].kind for i in range(count)]
    assert kinds == ["follow_up"] * count
    assert interview.after_answer(10.0, "answer")[-1].phase == "estimation"


def test_deep_dive_asks_the_untouched_points_then_follow_ups_probes_pushbacks() -> None:
    interview = _interview(("deep_dive",), 45)
    interview.spoken(interview.start(), 0.0)
    script = QUESTION.phases["deep_dive"]
    asks = [kp.ask for kp in script.key_points if kp.ask]
    said = []
    for i in range(len(asks) + len(script.follow_ups) + len(script.probes) + len(script.pushbacks)):
        said += interview.after_answer(1.0 + i, "answer")
    assert [line.text for line in said] == [*asks, *script.follow_ups, *script.probes, *script.pushbacks]
    assert [line.aim for line in said[: len(asks)]] == [f"key point: {kp.point}" for kp in script.key_points]
    assert [line.kind for line in interview.after_answer(100.0, "answer")] == ["closing"]
    assert interview.done and interview.after_answer(101.0, "answer") == []


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("That covers it. Let's move on.", True),
        ("Can we move on to the next phase?", True),
        ("I think we're ready for the next section.", True),
        ("We should not move on before the write path is safe.", False),
        ("Move the data onto SSDs.", False),
    ],
)
def test_asking_to_move_on(text: str, asks: bool) -> None:
    assert asks_to_move_on(text) is asks


def test_asking_to_move_on_or_the_key_skips_the_rest_of_the_phase() -> None:
    interview = _interview()
    interview.spoken(interview.start(), 0.0)
    lines = interview.after_answer(10.0, "Reads dominate. Let's move on.")
    assert [line.kind for line in lines] == ["move_on", "transition", "opening"]
    lines = interview.after_answer(20.0, "ten thousand a second", move_on=True)
    assert interview.phase == "api" and lines[0].kind == "move_on"


def test_time_up_closes_whatever_the_phase() -> None:
    interview = _interview(minutes=2)
    interview.spoken(interview.start(), 30.0)
    assert [line.kind for line in interview.after_answer(149.0, "answer")] != ["closing"]
    assert [line.kind for line in interview.after_answer(151.0, "answer")] == ["closing"]
    assert interview.done


def test_the_session_clock_starts_where_the_first_phase_opens() -> None:
    """A long greeting does not shorten the session: its minutes run from the first opening,
    as the phases' budgets do (they share the same minutes)."""
    interview = _interview(("requirements", "deep_dive"), 1.5)
    opening = interview.start()
    interview.spoken(opening[:3], 29.0)  # greeting, question, reminder: 29 s
    assert interview.elapsed(29.0) == 0.0
    interview.spoken(opening[3:], 34.0, began=29.0)
    assert interview.elapsed(100.0) == pytest.approx(71.0)
    # 100 s into the session but 71 s into its 90: the interview goes on, in deep_dive.
    lines = interview.after_answer(100.0, "answer")
    assert lines[-1].kind != "closing" and interview.phase == "deep_dive"
    assert [line.kind for line in interview.after_answer(119.5, "answer")] == ["closing"]


def test_the_last_phase_ending_closes_early() -> None:
    interview = _interview(("requirements",), 45)
    interview.spoken(interview.start(), 0.0)
    assert interview.after_answer(10.0, "let's move on")[-1].kind == "closing"


@pytest.mark.parametrize(("now", "move_on"), [(10.0, False), (10.0, True), (5 * 60.0, False), (45 * 60.0, False)])
def test_whatever_comes_after_an_answer_was_among_the_likely_lines(now: float, move_on: bool) -> None:
    interview = _interview()
    interview.start()
    before = (interview.index, list(interview._queue), interview.done)
    likely = {line.text for line in interview.likely_next()}
    assert (interview.index, list(interview._queue), interview.done) == before  # pure: decided nothing
    said = interview.after_answer(now, move_on=move_on)
    assert said and all(line.text in likely for line in said)


def test_a_closed_interview_has_nothing_likely() -> None:
    interview = _interview(("requirements",))
    interview.start()
    interview.close()
    assert interview.likely_next() == []


def test_the_opening_loads_the_tagger_so_the_first_reply_does_not_wait_for_it() -> None:
    from mockloop.judge import weights

    weights._load.cache_clear()
    interview = _interview()
    assert weights._load.cache_info().currsize == 0
    interview.start()
    assert weights._load.cache_info().currsize == 1
    hits = weights._load.cache_info().hits
    interview.after_answer(60.0, "Who uses the cache, CI or laptops? Does that match what you have in mind?")
    assert weights._load.cache_info().misses == 1 and weights._load.cache_info().hits > hits
