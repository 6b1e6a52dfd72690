"""Where mockloop keeps its data, and the numbers that tune it.

The data folder is the platform's user data folder (via platformdirs), or
`$MOCKLOOP_HOME` when set. Thresholds live in one `Settings` object with
documented defaults; a user's `settings.yaml` in the data folder overrides
them (`load_settings`, called by the CLI; the judging core only ever sees a
`Settings`).
"""

from __future__ import annotations

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

    from .errors import InputError

    base = base or Settings()
    path = data_dir / SETTINGS_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return base  # no file (a data folder that cannot exist is reported where it is written)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read it ({type(exc).__name__})", "fix the file, or remove it to use the defaults") from None
    if raw is None:
        return base
    known = {f.name: f for f in fields(Settings)}
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected `name: value` lines", f"settable: {', '.join(known)}")
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise InputError(f"{path}: unknown setting {key!r}", f"settable: {', '.join(known)}")
        default = getattr(base, key)
        try:
            if isinstance(default, tuple):
                if not isinstance(value, list) or len(value) != len(default):
                    raise ValueError
                changes[key] = tuple(float(v) for v in value)
                ok = all(v > 0 for v in changes[key])
            else:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValueError
                changes[key] = type(default)(value)
                ok = changes[key] > 0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            shape = f"a list of {len(default)} positive numbers" if isinstance(default, tuple) else "a positive number"
            raise InputError(f"{path}: {key}: {value!r} is not {shape}", f"the default is {default!r}")
    return replace(base, **changes)
