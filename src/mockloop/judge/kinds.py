"""The one vocabulary of what the judge and the debrief can say: every evidence kind and
every finding kind. A kind not named here is a bug, caught where the evidence is made."""

from __future__ import annotations

import enum


class Kind(enum.StrEnum):
    # evidence on an answer
    COMMIT = "commit"
    POSITION = "position"
    REVERSAL = "reversal"
    RELITIGATED = "relitigated"
    DETOUR = "detour"
    HANDOFF = "handoff"
    RUN_ON = "run_on"
    OPTIONS_THEN_COMMIT = "options_then_commit"
    TRADEOFF = "tradeoff"
    CALIBRATED = "calibrated"
    LONG_PAUSE = "long_pause"
    PUSHBACK_WELCOMED = "pushback_welcomed"
    PUSHBACK_DEFENDED = "pushback_defended"
    # evidence on a session
    RELITIGATION_PATTERN = "relitigation_pattern"
    SKIPPED_REQUIREMENTS = "skipped_requirements"
    NARRATED_FRAMEWORK = "narrated_framework"
    FINAL_STATE_FIRST = "final_state_first"
    # findings of the debrief (what a panel would notice)
    RELITIGATION = "relitigation"
    DEFENDED_PUSHBACK = "defended_pushback"
    WELCOMED_PUSHBACK = "welcomed_pushback"
    NO_COMMIT = "no_commit"
    NO_HANDOFF = "no_handoff"
    NO_TRADEOFFS = "no_tradeoffs"
    OVER_BUDGET = "over_budget"
    LOW_COVERAGE = "low_coverage"
    COVERAGE = "coverage"
    CLEAN_COMMIT = "clean_commit"
    CLARIFYING = "clarifying"
    SIMPLE_FIRST = "simple_first"
    HANDOFFS = "handoffs"

