"""Sound devices through sounddevice (PortAudio): list them, pick one, open it.

sounddevice is imported lazily so that commands which never touch a device
start without PortAudio, and a missing libportaudio2 becomes one clear line.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mockloop.errors import DeviceError
from mockloop.settings import SAMPLE_RATE

TEXT_ONLY = "--text --no-speech"
"""The one way to practise that needs no sound device at all: typed answers, printed lines."""

NO_DEVICE_HINT = f"run `mockloop doctor` to see what is missing; to practise without sound devices, add {TEXT_ONLY}"
"""The hint of every device error that stops a session from starting.

One fallback that works whatever is missing: suggesting --no-speech for a
missing speaker and --text for a missing microphone sent users without
either from one error to the other.
"""


def sd() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # PortAudio library not found
        raise DeviceError(f"cannot use sound devices: {exc}", NO_DEVICE_HINT) from None
    return sounddevice


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float
    is_default_input: bool
    is_default_output: bool


def list_devices() -> list[Device]:
    lib = sd()
    try:
        found = lib.query_devices()
        default_in, default_out = lib.default.device
    except Exception as exc:
        raise DeviceError(f"cannot list sound devices ({exc}); is a sound server running?", NO_DEVICE_HINT) from None
    return [
        Device(
            i,
            str(d["name"]),
            int(d["max_input_channels"]),
            int(d["max_output_channels"]),
            float(d["default_samplerate"]),
            i == default_in,
            i == default_out,
        )
        for i, d in enumerate(found)
    ]


def resolve(spec: str | None, kind: str) -> int | None:
    """The device index for `--device`/`--output-device`: an index or part of a name.

    `kind` is "input" or "output". None means the system default, which must
    exist: a machine with no microphone fails here, before the interviewer speaks.
    """
    devices = list_devices()
    usable = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
    flag = "--device" if kind == "input" else "--output-device"
    what = "microphone" if kind == "input" else "speaker"
    if not usable:
        raise DeviceError(f"no {what} found (no {kind} device)", NO_DEVICE_HINT)
    if spec is None:
        default = next((d for d in usable if (d.is_default_input if kind == "input" else d.is_default_output)), None)
        return default.index if default else usable[0].index
    if spec.isdigit():
        index = int(spec)
        if any(d.index == index for d in usable):
            return index
        raise DeviceError(
            f"{flag} {spec}: no {kind} device has that number",
            "run `mockloop devices` to see the numbers",
        )
    matches = [d for d in usable if spec.lower() in d.name.lower()]
    if len(matches) == 1:
        return matches[0].index
    if not matches:
        raise DeviceError(f"{flag} {spec!r}: no {kind} device by that name", "run `mockloop devices` to see the names")
    names = ", ".join(f"{d.index} {d.name}" for d in matches)
    raise DeviceError(f"{flag} {spec!r} matches several devices: {names}", "give the number instead")


def open_input(
    device: int | None, blocksize: int, callback: Callable[[Any, int, Any, Any], None]
) -> Any:
    """A started 16 kHz mono float32 input stream calling `callback` per block."""
    lib = sd()
    try:
        stream = lib.InputStream(
            samplerate=SAMPLE_RATE,
            channels=1,
            dtype="float32",
            blocksize=blocksize,
            device=device,
            callback=callback,
            # two blocks of buffer through PulseAudio's ALSA plugin; a larger latency makes the
            # plugin hand audio over in bursts of several blocks (0.1 s: two every 64 ms), so
            # the end of an answer reaches the listener later. Measured with two busy loops and
            # two threads holding the interpreter: callbacks up to 136 ms apart, no overflow
            # (the server keeps what the client has not read yet)
            latency="low",
        )
        stream.start()
    except Exception as exc:
        raise DeviceError(f"cannot open the microphone ({exc})", NO_DEVICE_HINT) from None
    return stream


def play(audio: npt.NDArray[np.float32], rate: int, device: int | None) -> None:
    """Play `audio` and wait until it has been heard; Ctrl-C stops it at once."""
    lib = sd()
    try:
        lib.play(audio, rate, device=device, blocking=False)
        lib.wait()
    except KeyboardInterrupt:
        lib.stop()
        raise
    except Exception as exc:
        raise DeviceError(f"cannot play sound ({exc})", NO_DEVICE_HINT) from None


class Speaker:
    """The interviewer's speaker: one output stream for the whole session, fed by a callback.

    Opening a stream per line costs tens of milliseconds before each line and
    a click; a stream kept open and written to only when there is a line
    underruns between lines (ALSA then prints "underrun occurred"). A callback
    that plays silence when there is nothing to say does neither. `__call__`
    plays a clip to the end (the `Player` port); `stop()` cuts it short from
    another thread (the candidate spoke again)."""

    def __init__(self, device: int | None) -> None:
        self.device = device
        self._stream: Any = None
        self._rate = 0
        self._lock = threading.Lock()
        self._pending = np.zeros(0, dtype=np.float32)
        self._drained = threading.Event()
        self._drained.set()
        self._stopped = False
        self.started_at: float | None = None
        """When the first sample of the current clip went to the device (monotonic s)."""

    def __enter__(self) -> Speaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, rate: int) -> None:
        self.close()
        lib = sd()
        try:
            self._stream = lib.OutputStream(
                samplerate=rate, channels=1, dtype="float32", device=self.device, callback=self._callback, latency="low"
            )
            self._stream.start()
        except Exception as exc:
            self._stream = None
            raise DeviceError(
                f"cannot open the speaker ({exc})",
                "pick another output with --output-device (see `mockloop devices`), or use --no-speech",
            ) from None
        self._rate = rate

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        with self._lock:
            n = min(frames, len(self._pending))
            outdata[:n, 0] = self._pending[:n]
            outdata[n:, 0] = 0.0
            if n and self.started_at is None:
                self.started_at = time.monotonic()
            self._pending = self._pending[n:]
            if not len(self._pending):
                self._drained.set()

    def __call__(self, clip: Any) -> None:
        """Play `clip` and return once it has been heard (or `stop()` was called)."""
        if self._stream is None or clip.rate != self._rate:
            self._open(clip.rate)
        with self._lock:
            self._stopped = False
            self.started_at = None
            self._pending = np.ascontiguousarray(clip.samples, dtype=np.float32)
            self._drained.clear()
        try:
            while not self._drained.wait(0.05):
                if not self._stream.active:
                    raise DeviceError(
                        "the speaker stopped taking audio", "check the output device (mockloop devices), or use --no-speech"
                    )
            if not self._stopped:
                time.sleep(float(self._stream.latency))  # the last block still in the device
        except KeyboardInterrupt:
            self.stop()
            raise

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._pending = np.zeros(0, dtype=np.float32)
            self._drained.set()

    def close(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):
                self._stream.close(ignore_errors=True)
            self._stream = None


_ALSA_HANDLER: Any = None


class NativeMessages:
    """Where ALSA's own messages go while `native_messages()` holds them: kept in memory
    until `keep_in(log)` names the session's file, then appended to it."""

    def __init__(self) -> None:
        self.log: Path | None = None
        self.held: list[str] = []

    def keep_in(self, log: Path) -> None:
        self.log = log
        held, self.held = self.held, []
        for line in held:
            self.write(line)

    def write(self, line: str) -> None:
        if self.log is None:
            self.held.append(line)
            return
        with contextlib.suppress(OSError), self.log.open("a", encoding="utf-8") as out:
            out.write(line)


@contextlib.contextmanager
def native_messages() -> Iterator[NativeMessages]:
    """Send ALSA's own messages ("underrun occurred", "pcm_recover") to the session, not the terminal.

    alsa-lib prints through one error handler, which can be replaced; the live
    view stays clean and the messages are kept with the session. Held from
    before the first stream opens until after the last one closes (closing a
    stream on a busy machine is where an underrun is often reported), so the
    messages that come before the session's folder exists are kept until
    `keep_in` names its file. A system without alsa-lib (macOS, Windows) has
    nothing to quiet."""
    global _ALSA_HANDLER
    import ctypes
    import ctypes.util

    kept = NativeMessages()
    name = ctypes.util.find_library("asound")
    lib = None
    if name:
        with contextlib.suppress(OSError):
            lib = ctypes.CDLL(name)
    if lib is None:
        yield kept
        return
    handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)

    def keep(file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None) -> None:
        kept.write(f"ALSA {(file or b'').decode(errors='replace')}:{line} {(function or b'').decode(errors='replace')}: "
                   f"{(fmt or b'').decode(errors='replace')} (err {err})\n")

    _ALSA_HANDLER = handler_type(keep)  # kept alive while ALSA may call it
    lib.snd_lib_error_set_handler(_ALSA_HANDLER)
    try:
        yield kept
    finally:
        lib.snd_lib_error_set_handler(None)


def start_playing(audio: npt.NDArray[np.float32], rate: int, device: int | None) -> None:
    """Start playing `audio` and return at once (the coach's tone, while the microphone listens)."""
    lib = sd()
    try:
        lib.play(audio, rate, device=device, blocking=False)
    except Exception as exc:
        raise DeviceError(f"cannot play sound ({exc})", "pick another output with --output-device") from None


TONE_HZ = 880.0
TONE_S = 0.35


def soft_tone(rate: int = 22_050, hz: float = TONE_HZ, seconds: float = TONE_S, level: float = 0.2) -> npt.NDArray[np.float32]:
    """A short sine with gentle fades: noticeable, not startling (the coach's cue)."""
    t = np.arange(int(rate * seconds)) / rate
    fade = np.minimum(1.0, np.minimum(t, seconds - t) / 0.05)
    return (level * np.sin(2 * np.pi * hz * t) * fade).astype(np.float32)
