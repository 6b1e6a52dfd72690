"""The terminal views render what the candidate needs while speaking."""

from __future__ import annotations

import io

from mockloop.adapters.audio.listen import Progress
from mockloop.adapters.audio.vad import VadState
from mockloop.model import Response
from mockloop.model import Turn, Word
from mockloop.conversation.interview import Line
from mockloop.adapters.terminal.view import LiveView, PlainView


def _progress(elapsed: float) -> Progress:
    vad = VadState(samples=int(elapsed * 16000), speech_started=True, in_speech=True, last_speech_end=0, speech_samples=0)
    return Progress(elapsed, elapsed, "I'd write to the local region", "first and", vad)


def test_live_panel_shows_phase_budget_timer_and_firming_transcript() -> None:
    out = io.StringIO()
    view = LiveView(out, "Build-cache service", {"requirements": 300.0, "deep_dive": 600.0}, mic=True)
    view.console.width = 100
    view.phase, view.phase_elapsed = "deep_dive", 540.0
    panel = view._panel(_progress(75.0))
    view.console.print(panel)
    text = out.getvalue()
    assert "Build-cache service" in text
    assert "Deep dive" in text and "10.2/10.0 min" in text  # 9 min + 75 s of a 10-minute budget
    assert "01:15.0" in text  # the answer's running timer
    assert "I'd write to the local region first and" in text
    assert "Enter: done" in text


def test_plain_view_prints_one_line_per_turn() -> None:
    out = io.StringIO()
    view = PlainView(out)
    view.interviewer(Line("Let's see the architecture.", "architecture", "transition"), 61.0)
    turn = Turn("candidate", 65.0, 80.0, (Word("Three", 65.0, 65.4),), "architecture", "Three boxes.")
    view.answered(turn, Response(turn.words, 15.0, ended_by="silence"))
    lines = out.getvalue().splitlines()
    assert lines == [
        "[01:01.0] interviewer (architecture): Let's see the architecture.",
        "[01:05.0] you (15 s, ended by silence): Three boxes.",
    ]
