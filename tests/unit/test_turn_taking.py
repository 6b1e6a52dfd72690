"""The end-of-turn decision, from synthetic silences, model probabilities and words."""

from __future__ import annotations

import pytest

from mockloop.conversation.turn_taking import Cue, Pause, SilenceRule, SmartPolicy, cue_of

POLICY = SmartPolicy()


def walk(policy: SmartPolicy | SilenceRule, probs: dict[float, float], text: str, words_at: float, upto: float = 9.0) -> tuple[float, str] | None:
    """Step a silence in 100 ms chunks: the model answers at its probes, the words arrive at `words_at`."""
    t = 0.0
    while t <= upto + 1e-9:
        seen = tuple(p for at, p in sorted(probs.items()) if at <= t + 1e-9)
        fresh = t >= words_at
        cue = cue_of(text) if fresh else None
        how = policy.decide(Pause(round(t, 2), seen, cue, fresh))
        if how is not None:
            return round(t, 2), how
        t += 0.1
    return None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I'd shard by the key. Does that match what you have in mind?", "asks"),
        ("Does that scale sound right to you", "asks"),
        ("because they never change, does that match what you have in mind.", "asks"),
        ("or should I zoom into one box", "asks"),
        ("the rules get pushed out to the gateways, should I talk through the failure modes?", "asks"),
        ("Where do you want me to go next?", "handoff"),
        ("So, that's the rough envelope.", "closer"),
        ("and we purge it from every node. So yeah.", "closer"),
        ("on every node. So yeah. that's not a shame of it.", "closer"),  # the wrap-up split and misheard
        ("we write to the local region and", "dangling"),
        ("the sequence number assigned by the, um,", "dangling"),
        ("I don't want to hash a new URL because...", "dangling"),
        ("Hmm, let me think about the write path", "thinking"),
        ("We keep a balance snapshot per account.", "finished"),
    ],
)
def test_what_the_words_say(text: str, field: str) -> None:
    cue = cue_of(text)
    assert getattr(cue, field), cue


@pytest.mark.parametrize(
    ("text", "wraps_up"),
    [
        ("So that's a hundred terabytes a year.", False),
        ("so that's where the cache sits", False),
        ("So that's 40 TB raw.", False),
        ("So that's it.", True),
        ("and so that's roughly it", True),
        ("So that's that.", True),
        ("So that's 40 TB raw. Then we shard.", False),
        ("So yeah. Then we shard it by user and keep one replica in each region.", False),
    ],
)
def test_so_thats_wraps_up_only_when_nothing_follows(text: str, wraps_up: bool) -> None:
    assert cue_of(text).closer is wraps_up


def test_a_finished_sentence_is_not_dangling_and_a_dangling_clause_is_not_finished() -> None:
    assert cue_of("We keep a snapshot.") == Cue(finished=True)
    assert not cue_of("so we").finished and cue_of("so we").dangling
    assert cue_of("") == Cue()


@pytest.mark.parametrize(
    "text", ["and for the blobs themselves we.", "we put it behind the.", "the write path goes to Kafka and.", "so I'd say that's."]
)
def test_a_full_stop_after_a_word_no_sentence_ends_on_leaves_the_clause_open(text: str) -> None:
    # the recogniser closes its window mid-clause with a full stop; the clause is still open
    cue = cue_of(text)
    assert cue.dangling and not cue.finished, cue
    assert POLICY.decide(Pause(3.0, (0.95, 0.97, 0.99), cue, fresh=True)) is None


@pytest.mark.parametrize("text", ["I think we should.", "It works, though.", "That's all there is.", "We'd go with plan A."])
def test_sentences_that_end_on_a_short_word_are_still_finished(text: str) -> None:
    assert cue_of(text).finished and not cue_of(text).dangling


def test_a_four_second_pause_after_a_misheard_clause_end_is_waited_out() -> None:
    # "...for the blobs themselves we [4 s] put them in object storage": the recogniser printed
    # "themselves weak." and the model said "not done" at first, then drifted up
    probs = {0.25: 0.14, 0.5: 0.3, 1.0: 0.37}
    assert walk(POLICY, probs, "and for the blobs themselves weak.", words_at=0.7, upto=4.0) is None
    assert POLICY.patience_s > 4.0


def test_a_model_that_doubted_first_does_not_end_the_turn_on_its_later_say() -> None:
    # seen live: 0.41 then 0.95 half a second into a 4 s mid-clause pause, fresh words closed
    # with a guess; the pause is waited out as far as the words allow
    probs = {0.25: 0.41, 0.5: 0.95, 1.0: 0.96}
    assert walk(POLICY, probs, "and for the blobs themselves weak.", words_at=0.7, upto=4.0) is None
    # the same says after words that wrap up still end it; a model sure from the start too
    assert walk(POLICY, probs, "So yeah, that's the shape of it.", words_at=0.7) == (0.7, "complete")
    assert walk(POLICY, {0.25: 0.6, 0.5: 0.95}, "We shard by a hash of the prefix.", words_at=0.7) == (0.5, "complete")


def test_a_confident_model_ends_the_turn_once_the_silence_settles() -> None:
    got = walk(POLICY, {0.25: 0.97, 0.5: 0.98}, "", words_at=9.0)
    assert got == (POLICY.settle_s, "complete")


def test_a_handoff_ends_at_once_whatever_the_model_says() -> None:
    got = walk(POLICY, {0.25: 0.05}, "Should I go deeper on the frontier?", words_at=0.3)
    assert got == (0.3, "handoff")


def test_a_mid_clause_thinking_pause_waits_to_the_ceiling() -> None:
    got = walk(POLICY, {0.25: 0.02, 0.5: 0.03, 1.0: 0.01, 2.0: 0.02}, "so over five years that's", words_at=0.9)
    assert got == (POLICY.ceiling_s, "silence")


def test_let_me_think_holds_the_floor_even_when_the_model_thinks_it_is_over() -> None:
    got = walk(POLICY, {0.25: 0.95, 0.5: 0.99, 1.0: 0.99, 2.0: 0.99}, "Let me think.", words_at=0.8, upto=7.0)
    # the words arrive after the model's first say: until then a confident model may end it
    assert got is None or got[0] < 0.8
    got = walk(POLICY, {0.6: 0.99}, "Okay, let me think.", words_at=0.5, upto=7.0)
    assert got is None


def test_a_wrap_up_needs_little_from_the_model() -> None:
    got = walk(POLICY, {0.25: 0.2, 0.5: 0.35}, "So, that's the idea.", words_at=0.7)
    assert got == (0.7, "complete")


def test_a_self_question_run_on_after_a_comma_is_not_put_to_the_interviewer() -> None:
    assert not cue_of("So the real question is, do we need a queue at all?").asks


def test_fresh_words_that_wrap_up_end_the_turn_even_when_the_model_says_no() -> None:
    got = walk(POLICY, {0.25: 0.02, 0.5: 0.01, 1.0: 0.03}, "and we purge it from every node. So yeah.", words_at=0.75)
    assert got == (0.8, "complete")


def test_a_plain_statement_ends_when_model_and_words_agree() -> None:
    got = walk(POLICY, {0.25: 0.6, 0.5: 0.85, 1.0: 0.92}, "We shard by a hash of the prefix.", words_at=0.7)
    assert got == (1.0, "complete")


def test_a_doubted_statement_waits_for_patience_and_a_firm_no_waits_for_the_ceiling() -> None:
    got = walk(POLICY, {0.25: 0.3, 0.5: 0.4, 1.0: 0.5, 2.0: 0.5}, "We shard by a hash.", words_at=0.7)
    assert got == (POLICY.patience_s, "complete")
    got = walk(POLICY, {0.25: 0.05, 0.5: 0.1, 1.0: 0.1, 2.0: 0.1}, "We shard by a hash.", words_at=0.7)
    assert got == (POLICY.ceiling_s, "silence")


def test_stale_words_never_end_a_turn_on_a_middling_model() -> None:
    assert POLICY.decide(Pause(1.5, (0.8,), cue_of("We shard by key."), fresh=False)) is None
    assert POLICY.decide(Pause(1.5, (0.8,), cue_of("So yeah."), fresh=False)) == "complete"


def test_a_firm_first_no_outweighs_the_model_drifting_up_in_a_long_silence() -> None:
    # the recogniser closed the clause early ("...themselves." for "...themselves, we")
    got = walk(POLICY, {0.25: 0.08, 0.5: 0.19, 1.0: 0.64, 2.0: 0.86}, "and for the blobs themselves.", words_at=0.8)
    assert got == (POLICY.ceiling_s, "silence")


def test_words_that_dangle_hold_the_turn_even_before_they_are_fresh() -> None:
    assert POLICY.decide(Pause(0.6, (0.99,), cue_of("and for the blobs themselves we"), fresh=False)) is None
    assert POLICY.decide(Pause(0.6, (0.99,), cue_of("and for the blobs themselves."), fresh=False)) == "complete"


def test_the_silence_rule_is_todays_behaviour() -> None:
    rule = SilenceRule(2.5, 0.7)
    assert rule.probe_at() == ()
    assert walk(rule, {}, "We shard by a hash.", words_at=0.4) == (2.5, "silence")
    assert walk(rule, {}, "Where do you want me to go next?", words_at=0.4) == (0.7, "handoff")


def test_a_brief_answer_ends_once_its_words_are_fresh_whatever_the_model_says() -> None:
    brief = SmartPolicy(brief=True)
    unsure = {0.25: 0.3, 0.5: 0.35, 1.0: 0.4}
    assert walk(POLICY, unsure, "The second one.", words_at=0.4) == (POLICY.patience_s, "complete")
    assert walk(brief, unsure, "The second one.", words_at=0.4) == (brief.statement_s, "complete")
    # With or without the recogniser's full stop...
    assert walk(brief, unsure, "the second one", words_at=0.4) == (brief.statement_s, "complete")
    assert walk(POLICY, unsure, "the second one", words_at=0.4) == (POLICY.ceiling_s, "silence")
    # ...but not on stale words, nor while the words dangle or think aloud.
    assert walk(brief, unsure, "The second one.", words_at=1.5) == (1.5, "complete")
    assert walk(brief, unsure, "I think it's the", words_at=0.4) == (brief.ceiling_s, "silence")
    assert walk(brief, unsure, "Hmm, let me think.", words_at=0.4) == (brief.ceiling_s, "silence")
