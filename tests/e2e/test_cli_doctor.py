"""`mockloop doctor` as a user runs it on this speakerless machine, with no sound server reachable.

The voice, the speech model and the data folder are checked for real; the
device checks must fail, each with its fix and the one fallback that works.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mockloop.adapters.stt.wer import wer

CLIP_WORDS = Path(__file__).resolve().parents[2] / "src" / "mockloop" / "data" / "doctor-clip.txt"
FALLBACK = "`mockloop practice --text --no-speech`"
NAMES = ["sound server", "microphone", "speaker", "voice", "speech model", "data folder", "browser"]


def _doctor(home: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MOCKLOOP_HOME": str(home), "PULSE_SERVER": f"unix:{tmp_path}/no-server-here", "XDG_RUNTIME_DIR": str(tmp_path)}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "mockloop", "doctor", *args], capture_output=True, text=True, timeout=300, env=env)


def test_without_a_sound_server_the_device_checks_fail_with_their_fix(data_home: Path, tmp_path: Path) -> None:
    result = _doctor(data_home, tmp_path, "--json")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert list(doc) == ["checks"]
    checks = {c["name"]: c for c in doc["checks"]}
    assert [c["name"] for c in doc["checks"]] == NAMES
    assert all(list(c) == ["name", "ok", "detail", "fix", "required"] for c in doc["checks"])

    server, mic, speaker = checks["sound server"], checks["microphone"], checks["speaker"]
    assert not server["ok"] and "no sound server reachable" in server["detail"] and "Connection" in server["detail"]
    assert "pulseaudio --start" in server["fix"]
    assert not mic["ok"] and mic["detail"] == "no microphone found (no input device)"
    assert not speaker["ok"] and speaker["detail"] == "no speaker found (no output device)"
    for check in (server, mic, speaker):
        assert check["required"] and check["fix"].endswith(FALLBACK), check

    assert checks["voice"]["ok"] and "espeak-ng" in checks["voice"]["detail"]
    model = checks["speech model"]
    assert model["ok"] and model["fix"] == "", model
    heard = model["detail"].split("hears ")[1].split(" in the")[0].strip("'")
    assert wer(CLIP_WORDS.read_text(), heard) <= 0.34, heard
    assert checks["data folder"]["ok"] and checks["data folder"]["detail"].startswith(f"{data_home}: writable")
    browser = checks["browser"]
    assert not browser["ok"] and not browser["required"] and "no graphical display" in browser["detail"]
    assert [n for n, c in checks.items() if c["required"]] == NAMES[:-1]


def test_the_text_report_is_one_line_per_check_and_a_summary(data_home: Path, tmp_path: Path) -> None:
    result = _doctor(data_home, tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(NAMES) + 1
    assert [line.split("  ")[0].strip() for line in lines[:-1]] == ["FAIL"] * 3 + ["ok"] * 3 + ["warn"]
    for line, name in zip(lines, NAMES):
        assert line[6:].startswith(name), line
    for line in lines[:3]:
        assert line.endswith(FALLBACK) and " — fix: " in line
    assert " — fix: " not in "".join(lines[3:6])
    assert lines[-1] == "3 of 6 required checks failed (1 warning)"


def test_a_bad_data_folder_is_a_failed_check_not_an_error(data_home: Path, tmp_path: Path) -> None:
    """settings.yaml that would stop every other command is reported, with what to do."""
    data_home.mkdir()
    (data_home / "settings.yaml").write_text("run_on_s: soon\n")
    result = _doctor(data_home, tmp_path, "--json")
    folder = {c["name"]: c for c in json.loads(result.stdout)["checks"]}["data folder"]
    assert result.returncode == 1 and not folder["ok"]
    assert "settings.yaml: run_on_s: 'soon' is not a positive number" in folder["detail"]
    assert folder["fix"] == "the default is 60.0"

    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    result = _doctor(not_a_folder, tmp_path, "--json")
    folder = {c["name"]: c for c in json.loads(result.stdout)["checks"]}["data folder"]
    assert result.returncode == 1 and not folder["ok"] and "cannot write to" in folder["detail"]
    assert "MOCKLOOP_HOME" in folder["fix"]
