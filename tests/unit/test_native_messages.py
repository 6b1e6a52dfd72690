"""ALSA's own messages go to the session's audio.log, never to the terminal, from before the
first stream opens until after the last one closes (real alsa-lib, a real error from it)."""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path

import pytest

from mockloop.adapters.audio.devices import native_messages


def _alsa_error(lib: ctypes.CDLL) -> None:
    """Ask alsa-lib for a PCM that does not exist: it reports "Unknown PCM" through its error handler."""
    handle = ctypes.c_void_p()
    assert lib.snd_pcm_open(ctypes.byref(handle), b"mockloop_no_such_pcm", 0, 0) < 0


def test_messages_before_the_folder_are_held_then_kept_with_the_session(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    name = ctypes.util.find_library("asound")
    assert name, "alsa-lib is installed by scripts/setup.sh"
    lib = ctypes.CDLL(name)
    log = tmp_path / "audio.log"
    with native_messages() as kept:
        _alsa_error(lib)  # before the session's folder exists
        assert any("Unknown PCM" in line for line in kept.held)
        kept.keep_in(log)
        assert kept.held == []
        _alsa_error(lib)  # after
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and all("Unknown PCM" in line for line in lines), lines
    assert "Unknown PCM" not in capfd.readouterr().err  # nothing reached the terminal
    _alsa_error(lib)  # the library's own handler is back once the session is over
    assert "Unknown PCM" in capfd.readouterr().err
    assert len(log.read_text().splitlines()) == 2
