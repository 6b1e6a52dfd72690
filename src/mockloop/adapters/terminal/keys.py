"""Single key presses from the terminal while the candidate speaks (POSIX terminals)."""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def key_presses(on_key: Callable[[str], None]) -> Iterator[bool]:
    """Call `on_key` for each key pressed; yields False (and does nothing) without a terminal.

    The terminal is put in cbreak mode (keys arrive at once, Ctrl-C still
    interrupts) and restored on the way out, whatever happens.
    """
    if not sys.stdin.isatty():
        yield False
        return
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal
        yield False
        return
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                key = os.read(fd, 1).decode(errors="ignore")
                if key:
                    on_key(key)

    tty.setcbreak(fd)
    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    try:
        yield True
    finally:
        stop.set()
        thread.join()
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
