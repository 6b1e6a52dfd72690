"""Where an answer's audio comes from, and listening for a candidate who goes on.

    ChunkSource   the protocol `listen` reads: 100 ms chunks of 16 kHz mono
    MicSource     the microphone (sounddevice); its callback only queues chunks
    PacedSource   a recording fed in real time, then silence (bench and tests)
    heard_again   the first seconds of the interviewer's reply: did the candidate speak
                  again (and not merely the reply's own echo)?
"""

from __future__ import annotations

import queue
import time
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from mockloop.adapters.audio.vad import StreamingVad
from mockloop.errors import DeviceError
from mockloop.settings import SAMPLE_RATE

CHUNK_S = 0.1
"""How long a reader waits for audio before looking again (and the live view's refresh)."""

BLOCK = 512
"""Samples per block from the microphone (32 ms, one VAD frame). The sound server hands
audio over a block at a time and holds two (PortAudio reports an input latency of twice the
block through PulseAudio's ALSA plugin): with 0.1 s blocks the last word of an answer reached
the listener up to 0.2 s after it was said, and the reply came that much later."""

STALL_S = 2.0
"""A microphone that sends nothing for this long has gone away."""


class ChunkSource(Protocol):
    """Where an answer's audio comes from: a microphone, or a file fed in real time."""

    def read(self, timeout: float) -> npt.NDArray[np.float32] | None:
        """The next chunk of 16 kHz mono samples, or None if none came within `timeout`."""
        ...

    def flush(self) -> None:
        """Drop audio heard before now (the interviewer's own voice, say)."""
        ...


ECHO_CORRELATION = 0.6
"""The microphone's loudness following the interviewer's this closely is the interviewer's
own voice coming back from the speakers, not the candidate."""


def heard_again(
    source: ChunkSource, within_s: float, reference: npt.NDArray[np.float32] | None = None
) -> npt.NDArray[np.float32] | None:
    """Listen for `within_s` after the interviewer began to reply: the audio heard, if the
    candidate started speaking again in it (a burst the VAD takes for speech), else None.

    `reference` is the reply being played (16 kHz): speech that merely follows it is its echo."""
    vad = StreamingVad()
    heard: list[npt.NDArray[np.float32]] = []
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        chunk = source.read(timeout=CHUNK_S)
        if chunk is None or not len(chunk):
            continue
        heard.append(chunk)
        if vad.feed(chunk).speech_started:
            audio = np.concatenate(heard)
            if reference is not None and _echoes(audio, reference):
                continue
            return audio
    return None


def _echoes(mic: npt.NDArray[np.float32], played: npt.NDArray[np.float32]) -> bool:
    frame = SAMPLE_RATE // 100

    def envelope(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        n = len(x) // frame
        rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame).astype(np.float64) ** 2, axis=1))
        return np.asarray(np.log(rms + 1e-5), dtype=np.float64)


    m, r = envelope(mic), envelope(played)
    best = 0.0
    for lag in range(0, min(50, len(m) - 10)):  # the speaker-to-mic path: up to 0.5 s
        a = m[lag:]
        b = r[: len(a)]
        if len(b) < 10 or a.std() == 0 or b.std() == 0:
            continue
        best = max(best, float(np.corrcoef(a[: len(b)], b)[0, 1]))
    return best >= ECHO_CORRELATION


class PacedSource:
    """Audio fed in real time, as a microphone would, then silence (bench and tests)."""

    def __init__(self, audio: npt.NDArray[np.float32], speed: float = 1.0) -> None:
        self.audio = audio
        self.speed = speed
        self.pos = 0
        self.t0: float | None = None
        self.chunk = BLOCK

    def flush(self) -> None:
        self.pos = 0
        self.t0 = None

    def read(self, timeout: float) -> npt.NDArray[np.float32] | None:
        if self.t0 is None:
            self.t0 = time.monotonic()
        due = self.t0 + (self.pos + self.chunk) / SAMPLE_RATE / self.speed
        wait = due - time.monotonic()
        if wait > timeout:
            time.sleep(timeout)
            return None
        if wait > 0:
            time.sleep(wait)
        start, self.pos = self.pos, self.pos + self.chunk
        piece = self.audio[start : self.pos]
        if len(piece) < self.chunk:
            piece = np.concatenate([piece, np.zeros(self.chunk - len(piece), dtype=np.float32)])
        return piece


class MicSource:
    """A sounddevice input stream at 16 kHz mono; the callback only queues chunks."""

    def __init__(self, device: Any = None) -> None:
        self.device = device
        self._queue: queue.Queue[npt.NDArray[np.float32]] = queue.Queue()
        self._stream: Any = None
        self._last = time.monotonic()
        self.overflows = 0
        """Blocks the sound library reported as overflowed (audio dropped before it reached us)."""

    def __enter__(self) -> MicSource:
        from mockloop.adapters.audio.devices import open_input

        self._stream = open_input(self.device, BLOCK, self._callback)
        self._last = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stream is not None:
            try:
                self._stream.close(ignore_errors=True)
            except Exception:
                pass
            self._stream = None

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status and status.input_overflow:
            self.overflows += 1
        self._queue.put(np.array(indata[:, 0], dtype=np.float32))

    def flush(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._last = time.monotonic()

    def read(self, timeout: float) -> npt.NDArray[np.float32] | None:
        try:
            chunk = self._queue.get(timeout=timeout)
        except queue.Empty:
            if time.monotonic() - self._last > STALL_S or (
                self._stream is not None and not self._stream.active
            ):
                raise DeviceError(
                    "the microphone stopped sending audio (unplugged, or the sound server went away)",
                    "check the input device (mockloop devices), then start a new session; "
                    "the turns so far are saved",
                ) from None
            return None
        self._last = time.monotonic()
        more = [chunk]
        while True:  # a reader that fell behind takes everything queued at once
            try:
                more.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return more[0] if len(more) == 1 else np.concatenate(more)
