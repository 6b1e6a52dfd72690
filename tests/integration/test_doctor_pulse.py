"""`mockloop doctor` against a real PulseAudio server with virtual devices: every device check passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.pulse import Pulse


def test_doctor_passes_the_device_checks_on_a_real_server(pulse: Pulse, data_home: Path) -> None:
    env = {**pulse.env, "MOCKLOOP_HOME": str(data_home)}
    result = subprocess.run(
        [sys.executable, "-m", "mockloop", "doctor", "--json"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert all(c["ok"] for c in checks.values() if c["required"]), checks

    assert checks["sound server"]["detail"].startswith("pulseaudio ")
    assert f"at {pulse.env['PULSE_SERVER']}" in checks["sound server"]["detail"]
    # PortAudio reaches the server through ALSA's "default"; doctor names what it leads to.
    mic = checks["microphone"]["detail"]
    assert "the sound server's source 'mic'" in mic and "16 kHz capture works" in mic
    assert "the sound server's sink 'speaker'" in checks["speaker"]["detail"]


def test_doctor_checks_the_devices_a_session_would_be_given(pulse: Pulse, data_home: Path) -> None:
    env = {**pulse.env, "MOCKLOOP_HOME": str(data_home)}
    result = subprocess.run(
        [sys.executable, "-m", "mockloop", "doctor", "--device", "pulse", "--output-device", "99"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    lines = {line.split()[1]: line for line in result.stdout.splitlines()[:3]}
    assert lines["microphone"].startswith("ok") and "(chosen with --device)" in lines["microphone"]
    assert lines["speaker"].startswith("FAIL") and "--output-device 99: no output device has that number" in lines["speaker"]
