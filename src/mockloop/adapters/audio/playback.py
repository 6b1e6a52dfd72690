"""Playing a list of audio pieces through one output stream, with pause, skip and back.

The stream is written block by block (`BLOCK_S`); between blocks the player
reads the controls and reports where playback stands, so the caller can
highlight the line being spoken. The position reported is what has been
written, less the stream's output latency: what is being heard.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from mockloop.errors import DeviceError
from mockloop.settings import SAMPLE_RATE
from mockloop.adapters.audio.devices import sd

BLOCK_S = 0.05
GAP_S = 0.6
"""Silence between pieces that were not back to back (flagged moments)."""

LATENCY_S = 0.2
"""The output stream's buffer. With PortAudio's "low" (8.5 ms through PulseAudio's ALSA
plugin) a write that came a little late on a busy machine underran, and each underrun
cost about 2 s of silence in the middle of a piece while the stream recovered (two cores
kept busy by several busy loops: an underrun in 2 of 4 plays; none in 15 at 200 ms). A replay is not a conversation:
200 ms more before the first sound, and before a pause takes hold, is not noticed."""

LEAD_S = 0.5
"""Silence written first, so a sound server that has just woken the output, or has mixed
ahead of the new stream, drops silence rather than the first word: on PulseAudio's null
sink with the buffer above, the first 0.4 s of a line went missing without it (and none
with 0.5 s of lead in 4 of 4 plays)."""

BACK_RESTARTS_S = 2.0
"""`back` this far into a piece restarts it; nearer its start it goes to the previous one."""


class Controls:
    """Commands from the keyboard (or a test): pause, skip, back, quit."""

    KEYS = {" ": "pause", "p": "pause", "n": "skip", "\n": "skip", "\r": "skip", "b": "back", "q": "quit"}

    def __init__(self) -> None:
        self._queue: queue.Queue[str] = queue.Queue()

    def press(self, key: str) -> None:
        command = self.KEYS.get(key.lower() if key.isalpha() else key)
        if command:
            self._queue.put(command)

    def send(self, command: str) -> None:
        self._queue.put(command)

    def take(self, timeout: float | None = None) -> str | None:
        try:
            return self._queue.get(timeout=timeout) if timeout else self._queue.get_nowait()
        except queue.Empty:
            return None


Audio = npt.NDArray[np.float32]


def play_pieces(
    audio: Sequence[Audio | None],
    device: int | None,
    controls: Controls,
    on_position: Callable[[int, float], None],
    on_state: Callable[[str], None] | None = None,
    gaps: Sequence[bool] = (),
) -> str:
    """Play each piece's 16 kHz samples in order; a None piece has no audio (it is only shown).

    `on_position(i, seconds)` is called as piece i plays; `gaps[i]` puts a
    short silence before piece i. Returns "done" or "quit".
    """
    lib = sd()
    try:
        stream = lib.OutputStream(samplerate=SAMPLE_RATE, channels=1, dtype="float32", device=device, latency=LATENCY_S)
        stream.start()
    except Exception as exc:
        raise DeviceError(
            f"cannot open the speaker ({exc})",
            "pick another with --output-device (see `mockloop devices`), or read along with --no-audio",
        ) from None
    block = int(BLOCK_S * SAMPLE_RATE)
    try:
        latency = float(stream.latency)
    except (TypeError, ValueError):
        latency = 0.0
    i = 0
    try:
        _write(stream, np.zeros(int(LEAD_S * SAMPLE_RATE), dtype=np.float32))
        while i < len(audio):
            samples = audio[i]
            on_position(i, 0.0)
            if samples is None:
                i += 1
                continue
            if i < len(gaps) and gaps[i]:
                _write(stream, np.zeros(int(GAP_S * SAMPLE_RATE), dtype=np.float32))
            pos = 0
            step = 1
            while pos < len(samples):
                command = controls.take()
                if command == "pause":
                    if on_state:
                        on_state("paused")
                    stream.stop()
                    command = _wait_resume(controls)
                    stream.start()
                    if on_state:
                        on_state("playing")
                if command == "quit":
                    return "quit"
                if command == "skip":
                    break
                if command == "back":
                    if pos / SAMPLE_RATE > BACK_RESTARTS_S or i == 0:
                        pos = 0
                        continue
                    step = -1
                    break
                chunk = samples[pos : pos + block]
                _write(stream, chunk)
                pos += len(chunk)
                on_position(i, max(0.0, pos / SAMPLE_RATE - latency))
            i = max(0, i + step)
        _drain(stream, latency)
        return "done"
    except KeyboardInterrupt:
        stream.abort()
        raise
    finally:
        stream.close(ignore_errors=True)


def _wait_resume(controls: Controls) -> str | None:
    """Hold while paused; the command that ended the pause ('pause' again resumes)."""
    while True:
        command = controls.take(timeout=0.1)
        if command is None:
            continue
        return None if command == "pause" else command


def _write(stream: Any, chunk: Audio) -> None:
    try:
        stream.write(np.ascontiguousarray(chunk, dtype=np.float32).reshape(-1, 1))
    except Exception as exc:
        raise DeviceError(
            f"the speaker stopped taking audio ({exc})",
            "check the output device (mockloop devices), or read along with --no-audio",
        ) from None


def _drain(stream: Any, latency: float) -> None:
    """Let the last block be heard before the stream closes."""
    time.sleep(latency + 0.1)
    stream.stop()
