"""`mockloop replay`: play a saved session back with its transcript and flags in step.

Wiring: `replay.plan` chooses the pieces, `audio.playback` plays them, and a
screen shows each line as it is heard, the debrief's flags at their moments
and the coach's cues. With `--no-audio` it steps through the text alone.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import numpy.typing as npt

from mockloop.adapters.storage.bank import Bank
from mockloop.cli.context import Environment
from mockloop.debrief.data import clock
from mockloop.errors import MockloopError
from mockloop.conversation.replay import Caption, Piece, captions, captions_in, plan
from mockloop.services.review import open_session, resolve, turn_audio

KEYS_HELP = "space: pause/resume   n: skip   b: back   q: quit"
TEXT_KEYS_HELP = "Enter/space/n: next line   b: back   q: quit"


def replay(args: argparse.Namespace, env: Environment, bank: Bank) -> int:
    folder = resolve(env.data_dir, args.session)
    opened = open_session(folder, bank, env.settings)
    pieces = plan(opened.transcript, opened.debrief, args.turn, args.flags)
    coach = opened.meta.get("coach")
    cues = coach.get("cues", []) if isinstance(coach, dict) else []
    shown = captions_in(pieces, captions(opened.transcript, opened.debrief, cues if isinstance(cues, list) else []))
    total = sum(p.duration for p in pieces)
    what = "the flagged moments of " if args.flags else ""
    print(
        f"replaying {what}{folder.name}: {len(pieces)} {'piece' if len(pieces) == 1 else 'pieces'}, {clock(total)}",
        file=env.stdout,
        flush=True,
    )
    screen = _screen(env.stdout)
    if args.no_audio:
        return _step_text(pieces, shown, screen)

    from mockloop.adapters.audio.devices import resolve as resolve_device
    from mockloop.adapters.audio.playback import Controls, play_pieces

    device = resolve_device(args.output_device, "output")
    audio = [_load(folder, p, env) for p in pieces]
    controls = Controls()
    state = _Follow(pieces, shown, screen, [a is not None for a in audio])
    gaps = [i > 0 and abs(pieces[i - 1].end - p.start) > 0.05 for i, p in enumerate(pieces)]
    from mockloop.adapters.terminal.keys import key_presses

    with key_presses(controls.press) as keys:
        if keys:
            screen.note(KEYS_HELP)
        ended = play_pieces(audio, device, controls, state.at, screen.state, gaps)
    state.finish()
    screen.close()
    print("stopped" if ended == "quit" else "end of replay", file=env.stdout)
    return 0


def _load(folder: Path, piece: Piece, env: Environment) -> npt.NDArray[np.float32] | None:
    """The piece's samples, or None (shown as text) when the turn has no usable audio."""
    from mockloop.adapters.audio.files import read_audio
    from mockloop.settings import SAMPLE_RATE

    path = turn_audio(folder, piece.source)
    if path is None:
        return None
    try:
        samples = read_audio(path, allow_silent=True)
    except MockloopError as exc:
        print(f"mockloop: warning: turn {piece.turn}: {exc.message}; showing its text only", file=env.stderr)
        return None
    a = int(round(piece.offset * SAMPLE_RATE))
    b = a + int(round(piece.duration * SAMPLE_RATE))
    return samples[a:b]


class _Follow:
    """Shows each caption as playback reaches it."""

    def __init__(
        self, pieces: Sequence[Piece], shown: Sequence[Sequence[Caption]], screen: _Screen, audible: Sequence[bool]
    ) -> None:
        self.audible = audible
        self.pieces = pieces
        self.shown = shown
        self.screen = screen
        self.current = -1
        self.next = 0
        self.lock = threading.Lock()

    def at(self, i: int, seconds: float) -> None:
        with self.lock:
            if i != self.current:
                self.current, self.next = i, 0
                self.screen.piece(self.pieces[i])
            now = self.pieces[i].start + seconds
            lines = self.shown[i]
            while self.next < len(lines) and (lines[self.next].t <= now + 0.05 or not self.audible[i]):
                self.screen.caption(lines[self.next])
                self.next += 1
            self.screen.position(self.pieces[i], now)

    def finish(self) -> None:
        if 0 <= self.current < len(self.pieces):
            for c in self.shown[self.current][self.next :]:
                self.screen.caption(c)


def _step_text(pieces: Sequence[Piece], shown: Sequence[Sequence[Caption]], screen: _Screen) -> int:
    """--no-audio: every line in order; on a terminal, one line per key press."""
    from mockloop.adapters.audio.playback import Controls
    from mockloop.adapters.terminal.keys import key_presses

    items: list[Piece | Caption] = []
    for piece, lines in zip(pieces, shown):
        items.append(piece)
        items.extend(lines)
    controls = Controls()
    with key_presses(controls.press) as keys:
        if keys:
            screen.note(TEXT_KEYS_HELP)
        i = 0
        while i < len(items):
            item = items[i]
            if isinstance(item, Piece):
                screen.piece(item)
                i += 1
                continue
            screen.caption(item)
            i += 1
            if not keys:
                continue
            command = None
            while command is None:
                command = controls.take(timeout=0.1)
            if command == "quit":
                break
            if command == "back":
                i = max(0, i - 2)
                while i > 0 and isinstance(items[i], Piece):
                    i -= 1
    screen.close()
    return 0


class _Screen:
    """Plain output: one line per caption as it is reached (pipes, logs, tests)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def note(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def piece(self, piece: Piece) -> None:
        print(f"▶ {piece.label()}", file=self.out, flush=True)

    def caption(self, c: Caption) -> None:
        print(_caption_text(c), file=self.out, flush=True)

    def position(self, piece: Piece, now: float) -> None:
        pass

    def state(self, state: str) -> None:
        print(f"  ({state})", file=self.out, flush=True)

    def close(self) -> None:
        pass


def _caption_text(c: Caption) -> str:
    if c.kind == "flag":
        return f"  ⚑ [{clock(c.t)}] {c.text}"
    if c.kind == "coach":
        return f"  ⏱ [{clock(c.t)}] {c.text}"
    who = "you" if c.kind == "candidate" else "interviewer"
    return f"  [{clock(c.t)}] {who}: {c.text}"


class _LiveScreen(_Screen):
    """A terminal: lines scroll as they are heard; the one being spoken is highlighted below them."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        from rich.console import Console
        from rich.live import Live

        self.console = Console(file=out)
        self.current: Caption | None = None
        self.piece_now: Piece | None = None
        self.now = 0.0
        self.paused = False
        self.live = Live(self._render(), console=self.console, refresh_per_second=10, transient=True)
        self.live.start()

    def note(self, text: str) -> None:
        self.console.print(f"[dim]{_esc(text)}[/]")

    def piece(self, piece: Piece) -> None:
        self.piece_now = piece
        self.console.print(f"[bold cyan]▶ {_esc(piece.label())}[/]")
        self._refresh()

    def caption(self, c: Caption) -> None:
        if c.kind == "flag":
            self.console.print(f"[bold red]{_esc(_caption_text(c))}[/]")
        elif c.kind == "coach":
            self.console.print(f"[bold yellow]{_esc(_caption_text(c))}[/]")
        else:
            if self.current is not None:
                self.console.print(f"[dim]{_esc(_caption_text(self.current))}[/]")
            self.current = c
        self._refresh()

    def position(self, piece: Piece, now: float) -> None:
        self.now = now
        self._refresh()

    def state(self, state: str) -> None:
        self.paused = state == "paused"
        self._refresh()

    def close(self) -> None:
        if self.current is not None:
            self.live.stop()
            self.console.print(f"[dim]{_esc(_caption_text(self.current))}[/]")
            self.current = None
        self.live.stop()

    def _refresh(self) -> None:
        self.live.update(self._render())

    def _render(self) -> Any:
        from rich.panel import Panel
        from rich.text import Text

        body = Text()
        if self.current is not None:
            body.append(_caption_text(self.current).strip(), style="bold reverse")
        body.append("\n")
        status = "paused" if self.paused else clock(self.now)
        where = self.piece_now.label() if self.piece_now else ""
        body.append(f"{status}  {where}", style="yellow")
        return Panel(body, title="now playing", border_style="cyan")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _screen(out: TextIO) -> _Screen:
    if out.isatty():
        return _LiveScreen(out)
    return _Screen(out)


def add_parser(sub: Any, bank_opts: argparse.ArgumentParser) -> None:
    rp = sub.add_parser(
        "replay",
        parents=[bank_opts],
        help="play a saved session back, or just its flagged moments",
        description="Play a saved session: interviewer and candidate audio in order, each line shown as it "
        "is heard, the debrief's flags at their moments. Keys: " + KEYS_HELP + ".",
    )
    rp.add_argument("session", metavar="ID", help="a session id (or its unique start), or `latest`")
    rp.add_argument("--turn", type=int, metavar="N", help="only turn N (the number in turns/NN-…)")
    rp.add_argument(
        "--flags",
        action="store_true",
        help="only the flagged moments: from a few seconds before each to the end of the run-on "
        "or the last reversal",
    )
    rp.add_argument("--output-device", metavar="DEV", help="speaker, by number or part of its name")
    rp.add_argument("--no-audio", action="store_true", help="step through the text alone (a key per line on a terminal)")

