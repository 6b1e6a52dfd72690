"""The debrief: ratings per competency, the recruiter's narrative, two changes,
coverage and the timeline, built purely from the judged signals.

`build_debrief` is the entry point; `data` holds the shapes and the
`debrief.json` layout.
"""

from mockloop.debrief.build import build_debrief
from mockloop.debrief.data import LEVELS, Debrief, SessionInfo, clock

__all__ = ["LEVELS", "Debrief", "SessionInfo", "build_debrief", "clock"]
