"""The command line's values, checked once, where they come in.

argparse parses; these say whether what it parsed makes sense, before any
command runs, so a bad value costs nothing and saves nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mockloop.errors import InputError
from mockloop.settings import MAX_MINUTES, check_minutes

MAX_SILENCE_S = 60.0
"""Longest --end-silence / --handoff-silence: a minute of silence is not thinking, it is gone."""

MAX_RATE_WPM = 1000
"""Fastest --rate the voice is asked for."""


def check_numbers(args: argparse.Namespace) -> None:
    """Every number given on the command line, checked once, here: finite and in range.

    argparse's `type=float` takes "nan", "inf" and "-5"; a session of nan
    minutes would run and be saved, so they stop here with one line."""
    minutes = getattr(args, "minutes", None)
    if minutes is not None and check_minutes(minutes) is None:
        raise InputError(
            f"--minutes {minutes:g}: must be more than 0 and at most {MAX_MINUTES:g}",
            "give the session length in minutes, e.g. 45",
        )
    for flag in ("end_silence", "handoff_silence"):
        value = getattr(args, flag, None)
        if value is not None and not 0 < value <= MAX_SILENCE_S:  # NaN fails too
            raise InputError(
                f"--{flag.replace('_', '-')} {value:g}: must be more than 0 and at most {MAX_SILENCE_S:g}",
                "give seconds, e.g. 2.5",
            )
    rate = getattr(args, "rate", None)
    if rate is not None and not 0 < rate <= MAX_RATE_WPM:
        raise InputError(f"--rate {rate}: must be from 1 to {MAX_RATE_WPM}", "give words per minute, e.g. 175")


def check_out(out: Path, data_dir: Path) -> None:
    """`analyze --out` writes a transcript.json: never into a saved session's folder."""
    from mockloop.adapters.storage.store import SESSION_FILE, sessions_root  # numpy comes with it: not for `--help`

    inside = out.resolve().is_relative_to(sessions_root(data_dir).resolve())
    if inside or (out / SESSION_FILE).exists():
        raise InputError(
            f"--out {out}: that is a saved session's folder; analyze would replace its transcript.json",
            "give a new folder for the analysis (e.g. --out ./analysis); a saved session is re-judged with "
            "`mockloop debrief ID` or `mockloop rescore ID`",
        )
