"""The interviewer listens: clarifying questions answered from the facts, follow-ups aimed
at what the candidate left out or chose. Pure, from transcripts."""

from __future__ import annotations

import pytest

from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.conversation.clarify import answer_questions, best_fact, clarifying_questions, reply_text
from mockloop.conversation.followup import chosen_components, next_follow_up, untouched
from mockloop.conversation.interview import Interview
from mockloop.model import PHASES, Turn, typed_words
from mockloop.settings import Settings

BANK = Bank([shipped_dir()])
QUESTION = BANK.get("build-cache")
LINES = BANK.interviewer()


def _turn(text: str, phase: str = "requirements") -> Turn:
    words = typed_words(text)
    return Turn("candidate", 0.0, words[-1].end if words else 0.0, words, phase, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Is it just CI, or developer laptops too? And how many builds a day do we run?",
            ["Is it just CI, or developer laptops too?", "how many builds a day do we run?"],
        ),
        ("is it just ci or laptops too how many users do we have", ["is it just ci or laptops too", "how many users do we have"]),
        ("ok so first are we global and how big do artifacts get", ["are we global", "how big do artifacts get"]),
        ("Do we need to support Windows, and what about remote caching?", ["Do we need to support Windows", "what about remote caching?"]),
        ("Should we assume one region or is it global?", ["Should we assume one region or is it global?"]),
        ("so um how many developers are there", ["how many developers are there"]),
        # Not questions to the interviewer: statements, hand-offs, the candidate asking the design itself.
        ("Reads dominate, so hits must be fast. Let's move on.", []),
        ("Reads dominate. Does that make sense? Where should we go next?", []),
        ("What do you want to pull on?", []),
        ("What happens if the cache is down? Builds get slower.", []),
        ("I'd ask who the clients are and how big the artifacts get.", []),
        ("", []),
    ],
)
def test_clarifying_questions(text: str, expected: list[str]) -> None:
    assert clarifying_questions(_turn(text)) == expected


def test_the_best_fact_answers_and_no_match_is_the_candidates_call() -> None:
    facts = QUESTION.facts
    laptops = best_fact("Is it just CI, or developer laptops too?", facts)
    assert laptops is not None and laptops.kind == "scope" and "laptops" in laptops.answer
    builds = best_fact("how many builds a day do we run?", facts)
    assert builds is not None and builds.kind == "scale" and "twenty thousand" in builds.answer
    assert best_fact("what colour is the logo?", facts) is None
    replies = answer_questions(["is it CI or laptops too?", "who are the clients?", "what colour is the logo?"], facts)
    # The same fact is not given twice; the unmatched one gets the no-fact line, once.
    assert [r.fact for r in replies] == [laptops, None]
    assert reply_text(replies, LINES.no_fact) == f"{laptops.answer} {LINES.no_fact}"
    assert LINES.no_fact == "That's your call — state an assumption and go on."


def _started(phases: tuple[str, ...] = PHASES) -> Interview:
    interview = Interview(QUESTION, LINES, phases, 45, Settings())
    interview.spoken(interview.start(), 0.0)
    return interview


def test_the_interviewer_answers_clarifying_questions_before_going_on() -> None:
    interview = _started()
    asked = _turn("Is it just CI, or developer laptops too? And how many builds a day do we run?")
    lines = interview.after_answer(30.0, asked.text, turn=asked)
    assert [line.kind for line in lines] == ["answer", "follow_up"]
    facts = {f.answer for f in QUESTION.facts}
    answer = lines[0].text
    assert sum(1 for f in facts if f in answer) == 2
    assert "laptops" in answer and "twenty thousand" in answer
    unmatched = _turn("What is the colour of the dashboard?")
    assert interview.after_answer(40.0, unmatched.text, turn=unmatched)[0].text == LINES.no_fact


def test_clarifying_questions_are_answered_only_in_requirements_and_estimation() -> None:
    interview = _started(("estimation", "api"))
    q = _turn("How much traffic is there at peak?", "estimation")
    assert interview.after_answer(10.0, q.text, turn=q)[0].kind == "answer"
    interview.after_answer(20.0, "let's move on")
    assert interview.phase == "api"
    q = _turn("How much traffic is there at peak?", "api")
    assert "answer" not in [line.kind for line in interview.after_answer(30.0, q.text, turn=q)]


def test_a_question_asked_while_moving_on_is_answered_then_the_phase_changes() -> None:
    interview = _started()
    q = _turn("Reads dominate. How many regions are there? Let's move on.")
    kinds = [line.kind for line in interview.after_answer(10.0, q.text, turn=q)]
    assert kinds == ["answer", "move_on", "transition", "opening"]


def test_a_missed_key_point_draws_its_targeted_follow_up() -> None:
    script = QUESTION.phases["requirements"]
    # Touches reads, the system of record and immutability; never the clients or sizes.
    said = _turn("Reads dominate and hits need low latency. It's not the system of record. Artifacts are immutable.")
    assert untouched(script, [said]) == [script.key_points[3].point]
    pick = next_follow_up("requirements", script, [said], [], [("follow_up", t) for t in script.follow_ups])
    assert pick is not None
    assert pick.text == script.key_points[3].ask and pick.aim == f"key point: {script.key_points[3].point}"
    # Once asked it is not asked again: the scripted follow-ups come next.
    again = next_follow_up("requirements", script, [said], [pick.text], [("follow_up", t) for t in script.follow_ups])
    assert again is not None and (again.text, again.aim) == (script.follow_ups[0], "scripted")


def test_a_pushback_aimed_at_a_chosen_component_is_preferred_in_the_deep_dive() -> None:
    script = QUESTION.phases["deep_dive"]
    arch = _turn("Clients go to the nearest POP with a local SSD tier, then the object store.", "architecture")
    deep = _turn("We write locally and replicate asynchronously to the other regions.", "deep_dive")
    assert chosen_components(script, [arch, deep])[0] in ("replicate", "region")
    pick = next_follow_up("deep_dive", script, [arch, deep], [], [])
    assert pick is not None and pick.kind == "pushback"
    assert pick.text == "Why not replicate synchronously to two regions?"
    assert pick.aim.startswith("component: ")
    pick2 = next_follow_up("deep_dive", script, [arch, deep], [pick.text], [])
    assert pick2 is not None and pick2.text.startswith("Your POP tier")
    # Nothing chosen and everything touched: the scripted order.
    plain = _turn("answer", "deep_dive")
    scripted = [("probe", p) for p in script.probes]
    assert next_follow_up("deep_dive", script, [plain], [kp.ask for kp in script.key_points], scripted).text == script.probes[0]  # type: ignore[union-attr]


def test_a_session_transcript_drives_the_follow_ups() -> None:
    interview = _started(("requirements", "architecture", "deep_dive"))
    answers = [
        _turn("Reads dominate, hits need a few milliseconds. It's not the system of record. Content addressed."),
    ]
    line = interview.after_answer(10.0, answers[0].text, turn=answers[0])[0]
    assert line.text == QUESTION.phases["requirements"].key_points[3].ask
    interview.after_answer(20.0, "let's move on")
    arch = _turn("Start simple with one region. We put Redis in front? No: a POP with an SSD tier.", "architecture")
    interview.after_answer(30.0, arch.text, turn=arch)
    interview.after_answer(40.0, "let's move on")
    assert interview.phase == "deep_dive"
    deep = _turn("Write to the local region first, replicate asynchronously.", "deep_dive")
    line = interview.after_answer(50.0, deep.text, turn=deep)[0]
    assert line.kind == "pushback" and line.aim.startswith("component: ")
