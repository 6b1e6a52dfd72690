"""Where mockloop keeps its data, and the numbers that tune it.

The data folder is the platform's user data folder (via platformdirs), or
`$MOCKLOOP_HOME` when set. Thresholds live in one `Settings` object with
documented defaults; a user's `settings.yaml` in the data folder overrides
them (loaded by `config.py`, an adapter, so the judging core stays pure).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 16_000
"""Every audio path in mockloop works at 16 kHz mono, as Whisper does."""

SPEAKING_RATE_WPM = 150.0
"""Typical speaking pace; used to time typed lines that carry no word times."""


@dataclass(frozen=True)
class Settings:
    """Tunable thresholds. Defaults follow the two seed documents."""

    long_pause_s: float = 5.0
    """Silence longer than this inside an answer counts as silent thinking."""

    session_minutes: float = 45.0
    """Length of a full round; phase budgets scale with it."""

    run_on_s: float = 60.0
    """Elaboration past the commit point allowed before handing off (the stopwatch rule)."""

    architecture_checkin_s: float = 180.0
    """In the architecture phase, the limit between check-ins with the interviewer."""

    over_budget_ratio: float = 1.5
    """A phase this many times over its budget is flagged."""

    phase_budget_minutes: tuple[float, ...] = (5.0, 3.0, 5.0, 5.0, 15.0, 10.0)
    """Budgets of the six phases in a 45-minute round, in PHASES order."""

    final_state_components: int = 5
    """This many components named before any simple version = final state drawn first."""


def data_dir() -> Path:
    """The user's mockloop folder: `$MOCKLOOP_HOME`, else the platform's data folder."""
    override = os.environ.get("MOCKLOOP_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("mockloop", appauthor=False)
