"""Which follow-up the interviewer asks next, chosen from what the candidate has said.

Pure. A real interviewer does not read the next line off a card: they ask
about what was left out, and push on what was chosen. So, in order:

1. in the deep dive, a pushback aimed at a component the candidate chose
   (its `applies_to` names one the answers mention; the latest mention first);
2. the `ask:` of a key point of this phase the candidate has not touched yet;
3. the scripted follow-ups, probes and pushbacks, in their order.

Nothing is asked twice, and a key point's ask is dropped once it is covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mockloop.judge.session import mentions
from mockloop.model import PhaseScript, Turn

DEEP_DIVE = "deep_dive"
CHOICE_PHASES = ("architecture", DEEP_DIVE)
"""Where the candidate chooses the components a pushback can be aimed at."""


@dataclass(frozen=True)
class Pick:
    """The next line and why it was chosen."""

    text: str
    kind: str
    """follow_up, probe or pushback."""
    aim: str
    """"component: redis", "key point: …", or "scripted"."""


def _text(turns: Sequence[Turn]) -> str:
    return " ".join(t.text or " ".join(w.text for w in t.words) for t in turns)


def untouched(script: PhaseScript, answers_in_phase: Sequence[Turn]) -> list[str]:
    """The key points of the phase (their `point`) that no answer in it has touched."""
    said = _text(answers_in_phase)
    return [kp.point for kp in script.key_points if not mentions(said, kp.phrasings)]


def chosen_components(script: PhaseScript, answers: Sequence[Turn]) -> list[str]:
    """Components named by the pushbacks' `applies_to` that the candidate mentioned in the
    architecture or the deep dive, the most recently mentioned first."""
    named = {c for comps in script.applies_to.values() for c in comps}
    latest: dict[str, int] = {}
    for i, turn in enumerate(answers):
        if turn.phase not in CHOICE_PHASES:
            continue
        for component in named:
            if mentions(_text([turn]), (component,)):
                latest[component] = i
    return sorted(latest, key=lambda c: (-latest[c], c))


def next_follow_up(
    phase: str,
    script: PhaseScript,
    answers: Sequence[Turn],
    said: Sequence[str],
    scripted: Sequence[tuple[str, str]],
) -> Pick | None:
    """The next line for `phase`, or None when there is nothing left to ask.

    `answers`: the candidate's answers so far, whole session, in order; `said`:
    the interviewer's lines so far; `scripted`: (kind, text) of the phase's lines
    in their scripted order."""
    done = set(said)
    if phase == DEEP_DIVE:
        for component in chosen_components(script, answers):
            for text in script.pushbacks:
                if text not in done and component in script.applies_to.get(text, ()):
                    return Pick(text, "pushback", f"component: {component}")
    in_phase = [t for t in answers if t.phase == phase]
    missing = set(untouched(script, in_phase))
    for kp in script.key_points:
        if kp.ask and kp.point in missing and kp.ask not in done:
            return Pick(kp.ask, "follow_up", f"key point: {kp.point}")
    for kind, text in scripted:
        if text not in done:
            return Pick(text, kind, "scripted")
    return None
