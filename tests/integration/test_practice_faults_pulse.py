"""Faults on the real audio path: missing devices, a microphone that vanishes, no TTS engine."""

from __future__ import annotations

import ctypes.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mockloop.adapters.stt.wer import wer

from tests.conftest import AUDIO_FIXTURES
from tests.pulse import Pulse, start_pulse
from tests.integration.conftest import drive_practice


@pytest.fixture
def own_pulse() -> Iterator[Pulse]:
    """A server of this test's own: these tests kill it."""
    server = start_pulse()
    yield server
    server.remove()


def _practice(env: dict[str, str], home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockloop", "practice", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "MOCKLOOP_HOME": str(home)},
        stdin=subprocess.DEVNULL,
    )


def _one_error_line(result: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("mockloop: error: ") and message in lines[0], result.stderr
    assert len(lines) <= 2 and "Traceback" not in result.stderr


def test_no_sound_server_means_no_microphone(data_home: Path, tmp_path: Path) -> None:
    """Each device error points at doctor and the one fallback that needs no device at all."""
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path}/nothing-here", "XDG_RUNTIME_DIR": str(tmp_path)}
    hint = "hint: run `mockloop doctor` to see what is missing; to practise without sound devices, add --text --no-speech"
    for args, message in ((["--no-speech"], "no microphone found"), (["--text"], "no speaker found"), ([], "no speaker found")):
        result = _practice(env, data_home, "build-cache", *args)
        _one_error_line(result, 4, message)
        assert result.stderr.strip().splitlines()[1] == hint, result.stderr
    fallback = _practice(env, data_home, "build-cache", "--text", "--no-speech", "--phases", "requirements")
    assert fallback.returncode == 0, fallback.stderr
    sessions = list((data_home / "sessions").iterdir())
    assert len(sessions) == 1 and (sessions[0] / "transcript.json").is_file()


def test_unknown_devices_are_named(own_pulse: Pulse, data_home: Path) -> None:
    result = _practice(own_pulse.env, data_home, "build-cache", "--no-speech", "--device", "99")
    _one_error_line(result, 4, "--device 99: no input device has that number")
    result = _practice(own_pulse.env, data_home, "build-cache", "--text", "--output-device", "no-such-speaker")
    _one_error_line(result, 4, "--output-device 'no-such-speaker': no output device by that name")
    listed = subprocess.run(
        [sys.executable, "-m", "mockloop", "devices", "--json"], env=own_pulse.env, capture_output=True, text=True, timeout=60
    )
    devices = json.loads(listed.stdout)
    assert any(d["is_default_input"] and d["inputs"] > 0 for d in devices)
    assert any(d["is_default_output"] and d["outputs"] > 0 for d in devices)


def test_microphone_vanishing_mid_answer_keeps_the_earlier_turns(own_pulse: Pulse, data_home: Path) -> None:
    def pull_the_plug(index: int, player: subprocess.Popen[bytes]) -> None:
        if index == 1:
            time.sleep(4)
            own_pulse.kill()

    run = drive_practice(
        own_pulse,
        data_home,
        ["build-cache", "--phases", "requirements", "--rate", "400"],
        [AUDIO_FIXTURES / "fillers-requirements.wav", AUDIO_FIXTURES / "concise-commit.wav"],
        during_answer=pull_the_plug,
        timeout=180,
    )
    assert run.returncode == 4, run.stderr
    assert "mockloop: error: the microphone stopped sending audio" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.session is not None and f"saved in {run.session}" in run.stdout
    turns = json.loads((run.session / "transcript.json").read_text())["turns"]
    answers = [t for t in turns if t["speaker"] == "candidate"]
    assert wer((AUDIO_FIXTURES / "fillers-requirements.txt").read_text(), answers[0]["text"]) <= 0.35
    assert (run.session / answers[0]["source"]).stat().st_size > 0
    assert len(answers) == 2  # the cut-off answer is kept too, with what was heard
    meta = yaml.safe_load((run.session / "session.yaml").read_text())
    assert meta["status"] == "failed" and "microphone" in meta["error"]


def test_no_tts_engine(data_home: Path) -> None:
    """espeak-ng's library hidden (a private mount namespace binds /dev/null over it)."""
    library = ctypes.util.find_library("espeak-ng")
    assert library, "libespeak-ng is not installed: run `bash scripts/setup.sh test`"
    found = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths = sorted({line.split("=>")[-1].strip() for line in found.splitlines() if "libespeak" in line})
    assert paths
    mounts = " && ".join(f"mount --bind /dev/null {p}" for p in paths)
    command = f"{mounts} && exec {sys.executable} -m mockloop practice build-cache --text"
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MOCKLOOP_HOME": str(data_home)},
        stdin=subprocess.DEVNULL,
    )
    _one_error_line(result, 4, "no text-to-speech engine could be started")
    assert "espeak-ng" in result.stderr and "--no-speech" in result.stderr
    assert not (data_home / "sessions").exists() or not any((data_home / "sessions").iterdir())
