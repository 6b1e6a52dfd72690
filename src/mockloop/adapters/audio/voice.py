"""The interviewer's voice: pyttsx3 renders each line to a WAV, sounddevice plays it.

Rendering to a file (rather than letting the engine speak) gives one output
path, a known duration before playback starts, and the audio to keep with the
session for replay. On Linux pyttsx3 drives espeak-ng through its C library.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mockloop.errors import VoiceError
from mockloop.model import Clip
from mockloop.adapters.audio.files import read_wav


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]


_NO_ENGINE = (
    "install espeak-ng (scripts/setup.sh does: apt install espeak-ng), "
    "or run with --no-speech to read the interviewer's lines instead"
)


class Pyttsx3Voice:
    """pyttsx3 with an optional voice (id or part of a name) and rate in words per minute."""

    _lock = threading.Lock()

    def __init__(self, voice: str | None = None, rate: int | None = None) -> None:
        self._engine = _engine()
        self._voice = _find_voice(self._engine, voice).id if voice else _ENGINE_DEFAULTS["voice"]
        if rate is not None and not 60 <= rate <= 400:
            raise VoiceError(f"--rate {rate}: out of range", "give words per minute between 60 and 400 (default 175)")
        self._rate = rate if rate is not None else (175 if not voice else _ENGINE_DEFAULTS["rate"])
        with self._lock:
            self._apply()

    def _apply(self) -> None:
        """This voice's settings on the process's one engine (other voices may share it)."""
        for key, value in (("voice", self._voice), ("rate", self._rate)):
            if _APPLIED.get(key) != value:
                self._engine.setProperty(key, value)
                _APPLIED[key] = value

    @property
    def name(self) -> str:
        """The voice in use, as `mockloop voices` names it."""
        return next((str(v.name) for v in self._engine.getProperty("voices") if v.id == self._voice), str(self._voice))

    def synthesize(self, text: str) -> Clip:
        with self._lock:
            self._apply()
            clip = self._render(text)
            if len(clip.samples) == 0:
                # Rare: an empty file from the driver (once in a CI run; here about 1 line in
                # 3,600 under load, cause not found). One more try.
                clip = self._render(text)
        if len(clip.samples) == 0:
            raise VoiceError(f"the speech engine produced no audio for {_quoted(text)}", _NO_ENGINE)
        return clip

    def _render(self, text: str) -> Clip:
        with tempfile.TemporaryDirectory(prefix="mockloop-tts-") as tmp:
            path = Path(tmp) / "line.wav"
            try:
                with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to…"
                    self._engine.save_to_file(text, str(path))
                    self._engine.runAndWait()
                    _wait_written(self._engine, path, timeout_s=10.0 + len(text) / 5.0)
                samples, rate = read_wav(path)
                return Clip(samples, rate)
            except VoiceError:
                raise
            except Exception as exc:
                raise VoiceError(f"the speech engine failed to speak a line ({exc})", _NO_ENGINE) from None


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _wait_written(engine: Any, path: Path, timeout_s: float) -> None:
    """Wait until the engine has really finished writing `path`.

    pyttsx3 2.99's espeak driver can return from runAndWait while espeak-ng
    is still synthesizing (it clears its busy flag when its loop starts), and
    then writes the file from espeak's callback thread. Reading too early
    finds no file, or the next line's audio glued to this one.
    """
    proxy = getattr(engine, "proxy", None)
    driver = getattr(proxy, "_driver", None)
    deadline = time.monotonic() + timeout_s
    # ...and until its callback has handed the command queue back (busy off): a setting or
    # line pushed before that is pumped by two threads at once and may come too late.
    while getattr(driver, "_speaking", False) or getattr(proxy, "_busy", False) or not path.exists():
        if time.monotonic() > deadline:
            raise VoiceError("the speech engine did not finish a line in time", _NO_ENGINE)
        time.sleep(0.01)


_ENGINE: Any = None
_ENGINE_DEFAULTS: dict[str, Any] = {}
_APPLIED: dict[str, Any] = {}


def _engine() -> Any:
    """The process's one pyttsx3 engine, kept for the life of the process.

    pyttsx3 keeps engines only while someone holds them; one dropped and made again
    (two voices in turn, a test after a test) left every other line of the new one empty,
    its espeak callback torn down under it."""
    global _ENGINE
    with Pyttsx3Voice._lock:
        if _ENGINE is None:
            try:
                import pyttsx3

                with contextlib.redirect_stdout(io.StringIO()):
                    _ENGINE = pyttsx3.init()
            except Exception as exc:
                raise VoiceError(f"no text-to-speech engine could be started ({_first_line(exc)})", _NO_ENGINE) from None
            _ENGINE_DEFAULTS.update(voice=_ENGINE.getProperty("voice"), rate=_ENGINE.getProperty("rate"))
            _APPLIED.update(_ENGINE_DEFAULTS)
        return _ENGINE


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def list_voices() -> list[VoiceInfo]:
    engine = _engine()
    return [
        VoiceInfo(str(v.id), str(v.name), tuple(str(x) for x in (v.languages or ())))
        for v in engine.getProperty("voices")
    ]


def _find_voice(engine: Any, spec: str) -> Any:
    voices = list(engine.getProperty("voices"))
    exact = [v for v in voices if spec in (v.id, v.name)]
    if exact:
        return exact[0]
    partial = [v for v in voices if spec.lower() in f"{v.id} {v.name}".lower()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise VoiceError(f"--voice {spec!r}: no such voice", "run `mockloop voices` to list them")
    names = ", ".join(str(v.id) for v in partial[:6])
    raise VoiceError(f"--voice {spec!r} matches several voices ({names}…)", "give the full id from `mockloop voices`")
