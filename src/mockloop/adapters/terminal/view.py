"""What the terminal shows during a practice session.

`PlainView` prints one line per turn (pipes, logs, tests). `LiveView` (a
terminal) redraws a small panel with rich: the question, the phase with its
budget bar, the running answer timer, and the answer's transcript as it
firms up (committed words plain, tentative ones dim).
"""

from __future__ import annotations

import threading
from typing import Any, TextIO

from mockloop.adapters.audio.listen import Progress
from mockloop.model import Response
from mockloop.conversation.coach import Cue
from mockloop.model import PHASE_TITLES, Turn
from mockloop.conversation.interview import Line
from mockloop.adapters.storage.transcripts import format_timestamp

class PlainView:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def interviewer(self, line: Line, at_s: float) -> None:
        print(f"[{format_timestamp(at_s)}] interviewer ({line.phase}): {line.text.strip()}", file=self.out, flush=True)

    def listening(self, phase: str, phase_elapsed_s: float, budget_s: float) -> None:
        print(
            f"… listening ({PHASE_TITLES[phase]}, {phase_elapsed_s / 60:.1f} of {budget_s / 60:.1f} min)",
            file=self.out,
            flush=True,
        )

    def progress(self, update: Progress) -> None:
        pass

    def answered(self, turn: Turn, answer: Response) -> None:
        text = turn.text or "(nothing heard)"
        print(
            f"[{format_timestamp(turn.start)}] you ({turn.duration:.0f} s, ended by {answer.ended_by}): {text}",
            file=self.out,
            flush=True,
        )

    def coached(self, cue: Cue, mode: str) -> None:
        print(_coach_text(cue, mode), file=self.out, flush=True)

    def close(self) -> None:
        pass


def _coach_text(cue: Cue, mode: str) -> str:
    what = "the interviewer cuts in" if mode == "interrupt" else "tone"
    return f"⏱ coach ({what}): {cue.t - cue.since:.0f} s past your answer, with no hand-off; wrap up and hand it back"


class LiveView(PlainView):
    """The interactive panel: redrawn while the candidate speaks, printed as turns end."""

    def __init__(self, out: TextIO, title: str, budgets: dict[str, float], mic: bool) -> None:
        super().__init__(out)
        from rich.console import Console

        self.console = Console(file=out)
        self.title = title
        self.budgets = budgets
        self.mic = mic
        self.phase = next(iter(budgets))
        self.phase_elapsed = 0.0
        self._live: Any = None
        self._lock = threading.Lock()

    def interviewer(self, line: Line, at_s: float) -> None:
        self._stop_live()
        self.console.print(f"[dim]{format_timestamp(at_s)}[/] [bold cyan]Interviewer[/] {_escape(line.text.strip())}")

    def listening(self, phase: str, phase_elapsed_s: float, budget_s: float) -> None:
        self.phase, self.phase_elapsed = phase, phase_elapsed_s
        if not self.mic:
            self.console.print(f"[dim]{self._phase_line(0.0)}[/]")
            self.console.print("[bold green]You[/] (type your answer, Enter to send):", end=" ")
            return
        from rich.live import Live

        self._live = Live(self._panel(None), console=self.console, refresh_per_second=8, transient=True)
        self._live.start()

    def progress(self, update: Progress) -> None:
        with self._lock:
            if self._live is not None:
                self._live.update(self._panel(update))

    def answered(self, turn: Turn, answer: Response) -> None:
        self._stop_live()
        text = _escape(turn.text) or "[dim](nothing heard)[/]"
        self.console.print(f"[dim]{format_timestamp(turn.start)}[/] [bold green]You[/] [dim]({turn.duration:.0f} s)[/] {text}")

    def coached(self, cue: Cue, mode: str) -> None:
        self.console.print(f"[bold yellow]{_escape(_coach_text(cue, mode))}[/]")

    def close(self) -> None:
        self._stop_live()

    def _stop_live(self) -> None:
        with self._lock:
            if self._live is not None:
                self._live.stop()
                self._live = None

    def _phase_line(self, answer_s: float) -> str:
        budget = self.budgets[self.phase]
        used = self.phase_elapsed + answer_s
        width = 24
        filled = min(width, int(width * used / budget)) if budget else width
        bar = "█" * filled + "░" * (width - filled)
        return f"{PHASE_TITLES[self.phase]}  {bar}  {used / 60:.1f}/{budget / 60:.1f} min"

    def _panel(self, update: Progress | None) -> Any:
        from rich.panel import Panel
        from rich.text import Text

        elapsed = update.elapsed_s if update else 0.0
        body = Text()
        body.append(self._phase_line(elapsed) + "\n", style="bold" if self.phase_elapsed + elapsed <= self.budgets[self.phase] else "bold red")
        body.append(f"answer {format_timestamp(elapsed)}", style="yellow")
        if update and update.vad.in_speech:
            body.append("  ● speaking", style="green")
        body.append("\n")
        if update:
            body.append(update.committed)
            if update.tentative:
                body.append(" " + update.tentative, style="dim")
        body.append("\n")
        body.append("Enter: done   n: next phase   Ctrl-C: end the session", style="dim")
        return Panel(body, title=self.title, border_style="cyan")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
