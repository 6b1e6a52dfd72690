"""Where mockloop keeps its data, and the numbers that tune it.

The data folder is the platform's user data folder (via platformdirs), or
`$MOCKLOOP_HOME` when set. Thresholds live in one `Settings` object with
documented defaults; a user's `settings.yaml` in the data folder overrides
them (`load_settings`, called by the CLI; the judging core only ever sees a
`Settings`).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

SAMPLE_RATE = 16_000
"""Every audio path in mockloop works at 16 kHz mono, as Whisper does."""

SPEAKING_RATE_WPM = 150.0
"""Typical speaking pace; used to time typed lines that carry no word times."""

MAX_MINUTES = 24 * 60.0
"""Longest session length accepted anywhere (--minutes, `# minutes:`, settings.yaml): a day."""

MAX_TIME_S = MAX_MINUTES * 60
"""Latest time a transcript may hold, in seconds from its start."""


def check_minutes(value: object) -> float | None:
    """`value` as a session length in minutes if it is one (a finite number above 0, at most
    MAX_MINUTES), else None. Every place a length comes in from outside asks this."""
    if isinstance(value, bool):
        return None
    try:
        minutes = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return minutes if 0 < minutes <= MAX_MINUTES else None  # NaN fails both comparisons


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

    decision_window_s: float = 180.0
    """A position taken longer ago than this (or before a check-in) belongs to an earlier
    decision: a later proposal starts the next decision, it does not re-argue that one."""

    min_answers_to_judge: int = 3
    """Fewer answers than this is "not enough to judge", not a verdict."""

    min_speech_to_judge_s: float = 180.0
    """Less candidate speech than this (seconds) is "not enough to judge"."""

    coverage_strong: float = 0.75
    """Share of a phase's key points that counts as covering it well."""

    coverage_weak: float = 0.34
    """Below this share of a phase's key points, the phase's content was thin."""

    coverage_missed: float = 0.5
    """Below this share, the debrief names a missed key point as a weakness."""

    coverage_strength: float = 0.6
    """At or above this share over the session, coverage is a strength."""

    handoff_strength: float = 0.8
    """Handing off in at least this share of answers is a strength."""


def data_dir() -> Path:
    """The user's mockloop folder: `$MOCKLOOP_HOME`, else the platform's data folder."""
    override = os.environ.get("MOCKLOOP_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("mockloop", appauthor=False)


SETTINGS_FILE = "settings.yaml"


def load_settings(data_dir: Path, base: Settings | None = None) -> Settings:
    """`base` (the defaults) with the overrides in `data_dir/settings.yaml`, if it exists.

    A bad file is one clear error naming the file and the key, never a
    silent fallback: a threshold the user set and we ignored would make every
    debrief quietly wrong.
    """
    import yaml

    from mockloop.errors import InputError
    from mockloop.errors import InputError, quote
    from mockloop.adapters.storage.safeio import MAX_CONFIG_BYTES, FileTooLarge, load_yaml, read_text

    base = base or Settings()
    path = data_dir / SETTINGS_FILE
    try:
        raw = load_yaml(read_text(path, MAX_CONFIG_BYTES))
    except (FileNotFoundError, NotADirectoryError):
        return base  # no file (a data folder that cannot exist is reported where it is written)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        why = exc.strerror if isinstance(exc, FileTooLarge) else getattr(exc, "problem", None) or type(exc).__name__
        raise InputError(f"{path}: cannot read it ({why})", "fix the file, or remove it to use the defaults") from None
    if raw is None:
        return base
    known = {f.name: f for f in fields(Settings)}
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected `name: value` lines", f"settable: {', '.join(known)}")
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise InputError(f"{path}: unknown setting {quote(key)}", f"settable: {', '.join(known)}")
        default = getattr(base, key)
        if isinstance(default, tuple):
            ok = isinstance(value, list) and len(value) == len(default) and all(_positive(v) for v in value)
            shape = f"a list of {len(default)} positive numbers"
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_COUNT
            shape = f"a whole number from 1 to {MAX_COUNT}"
        elif key == "session_minutes":
            ok = check_minutes(value) is not None and not isinstance(value, str)
            shape = f"a number of minutes above 0, at most {MAX_MINUTES:g}"
        else:
            ok = _positive(value)
            shape = "a positive number"
        if not ok:
            raise InputError(f"{path}: {key}: {quote(value)} is not {shape}", f"the default is {default!r}")
        changes[key] = tuple(float(v) for v in value) if isinstance(default, tuple) else type(default)(value)
    return replace(base, **changes)


MAX_COUNT = 1000
"""Largest count a setting takes (components named before a simple version…)."""


def _positive(value: object) -> bool:
    """A finite number above 0 (not true/false, not text, not .inf or .nan)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        number = float(value)
    except OverflowError:  # a 400-digit integer
        return False
    return math.isfinite(number) and number > 0
