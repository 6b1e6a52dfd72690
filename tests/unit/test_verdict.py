"""The packet's verdict from the competency ratings and the concerns (debrief/ratings.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from mockloop.debrief.data import COMPETENCIES, LEVELS
from mockloop.debrief.findings import Finding
from mockloop.debrief.ratings import GATE, verdict
from mockloop.debrief.data import Rating
from mockloop.settings import Settings


def _ratings(score: int) -> list[Rating]:
    return [Rating(cid, name, score if cid != GATE else 2) for cid, name in COMPETENCIES]


def _answers(n: int = 8, seconds: float = 60.0) -> list[Any]:
    return [SimpleNamespace(turn=SimpleNamespace(duration=seconds)) for _ in range(n)]


def _finding(kind: str, answers: int = 1) -> Finding:
    return Finding(kind, tuple(_answers(answers)), ())


def level(score: int, *kinds: str, relitigated_answers: int = 1) -> str:
    weak = [_finding(k, relitigated_answers if k == "relitigation" else 1) for k in kinds]
    got, _ = verdict(_ratings(score), _answers(), weak, Settings())
    return "not enough" if got is None else LEVELS[got]


def test_strong_content_with_nothing_against_it_is_strong_hire() -> None:
    assert level(4) == LEVELS[4]


def test_once_is_a_note_a_single_small_slip_keeps_strong_content_strong() -> None:
    assert level(4, "no_handoff") == LEVELS[4]
    assert level(3, "no_handoff") == LEVELS[3]


def test_small_slips_add_up_to_lean_hire() -> None:
    # Re-argued one call, brushed off one pushback, rarely gave the floor back.
    assert level(4, "relitigation", "defended_pushback", "no_handoff") == LEVELS[2]
    assert level(4, "relitigation", "no_handoff") == LEVELS[3]


def test_a_repeated_pattern_sinks_a_strong_packet_to_no_hire() -> None:
    assert level(4, "relitigation", relitigated_answers=2) == LEVELS[1]
    assert level(4, "relitigation", "no_handoff", relitigated_answers=2) == LEVELS[1]


def test_too_little_evidence_is_not_a_verdict() -> None:
    got, _ = verdict(_ratings(4), _answers(2, 30.0), [], Settings())
    assert got is None
