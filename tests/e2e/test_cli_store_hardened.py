"""The store under hostile conditions, as a user runs the CLI: saved data never lost, no symlink
followed out of the data folder, SIGTERM like Ctrl-C, private modes, a read-only data folder."""

from __future__ import annotations

import json
import os
import shlex
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import Run, cli, run_cli
from tests.e2e.test_cli_review import saved_session

LINE = "Reads dominate, so I'd pick a write-through cache, because a miss only costs a rebuild. What next?\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, byte for byte."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_error(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    """The promise for bad input: exit `code`, one error line (plus a hint), no traceback."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert lines[0].startswith("mockloop: error: ") and words in lines[0], result.stderr
    assert len(lines) <= 2 and all(line.startswith(("mockloop: error: ", "hint: ")) for line in lines)


def start_typed_session(home: Path) -> subprocess.Popen[str]:
    """A typed practice session that has saved its first answer and is waiting for the next."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockloop", "practice", "build-cache", "--text", "--no-speech"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MOCKLOOP_HOME": str(home)},
        preexec_fn=lambda: os.umask(0o022),
    )
    assert proc.stdin is not None
    proc.stdin.write(LINE)
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = list((home / "sessions").glob("*/transcript.json"))
        if found and len(json.loads(found[0].read_text())["turns"]) >= 4:  # the preamble, the opening, the answer, the reply
            return proc
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the session never saved its first answer")


# --- saved data lost ---------------------------------------------------------------------------


def test_rescore_never_rewrites_a_session_yaml_it_cannot_read(mockloop: Run, data_home: Path) -> None:
    folder = saved_session(data_home, "20261115-090000-twitter-feed", "twitter-feed-lands")
    (folder / "session.yaml").write_bytes((folder / "session.yaml").read_bytes() + b"title: caf\xe9\n")
    before = snapshot(folder)
    one_error(mockloop("rescore", "latest"), 2, "session.yaml is unreadable")
    assert snapshot(folder) == before


def test_rescore_refuses_a_session_still_being_recorded_but_not_one_left_by_a_killed_process(
    mockloop: Run, data_home: Path
) -> None:
    proc = start_typed_session(data_home)
    try:
        folder = next((data_home / "sessions").iterdir())
        before = snapshot(folder)
        one_error(mockloop("rescore", "latest"), 5, "is still being recorded")
        assert snapshot(folder) == before
        assert yaml.safe_load((folder / "session.yaml").read_text())["status"] == "in progress"
    finally:
        proc.kill()  # kill -9: the lock goes with the process, the marker file stays
        proc.communicate(timeout=30)
    assert (folder / ".lock").exists()
    after = mockloop("rescore", "latest")
    assert after.returncode == 0, after.stderr
    assert [t["speaker"] for t in json.loads((folder / "transcript.json").read_text())["turns"]] == [
        "interviewer",  # the preamble
        "interviewer",
        "candidate",
        "interviewer",
    ]


def test_a_second_rescore_keeps_the_first_previous_transcript(mockloop: Run, data_home: Path) -> None:
    folder = saved_session(data_home, "20261115-090000-twitter-feed", "twitter-feed-lands")
    original = (folder / "transcript.json").read_bytes()
    assert mockloop("rescore", "latest").returncode == 0
    assert (folder / "transcript.previous.json").read_bytes() == original
    # Something changes the transcript between the two rescores (a rescore with another model).
    doc = json.loads(original)
    doc["turns"][1]["text"] = "edited"
    (folder / "transcript.json").write_text(json.dumps(doc))
    second = mockloop("rescore", "latest", "--json")
    assert second.returncode == 0, second.stderr
    assert (folder / "transcript.previous.json").read_bytes() == original
    assert json.loads((folder / "transcript.previous-2.json").read_text()) == doc
    assert "transcript.previous-2.json" in json.loads(second.stdout)["kept"]


def test_analyze_out_never_replaces_a_saved_sessions_transcript(mockloop: Run, data_home: Path, tmp_path: Path) -> None:
    folder = saved_session(data_home, "20261115-090000-twitter-feed", "twitter-feed-lands")
    other = saved_session(tmp_path / "elsewhere", "20261101-090000-url-shortener", "url-shortener-runs-on")
    before = snapshot(folder)
    for out in (folder, other):
        one_error(mockloop("analyze", other / "transcript.json", "--out", out), 2, "is a saved session's folder")
    assert snapshot(folder) == before
    fresh = mockloop("analyze", other / "transcript.json", "--out", tmp_path / "analysis")
    assert fresh.returncode == 0, fresh.stderr


# --- symlinks ----------------------------------------------------------------------------------


def test_a_symlinked_folder_in_sessions_is_never_latest_nor_written_into(mockloop: Run, data_home: Path, tmp_path: Path) -> None:
    real = saved_session(data_home, "20261101-090000-url-shortener", "url-shortener-runs-on")
    outside = saved_session(tmp_path / "outside", "20261130-090000-build-cache", "build-cache-relitigates")
    (data_home / "sessions" / "20261130-090000-build-cache").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    debrief = mockloop("debrief", "latest")
    assert debrief.returncode == 0, debrief.stderr
    assert (real / "debrief.md").exists() and snapshot(outside) == before
    listed = json.loads(mockloop("sessions", "--json").stdout)
    assert [row["id"] for row in listed] == [real.name]
    one_error(mockloop("debrief", "20261130"), 2, "no session '20261130'")


def test_a_symlink_left_at_a_temp_name_is_never_followed(mockloop: Run, data_home: Path, tmp_path: Path) -> None:
    folder = saved_session(data_home, "20261115-090000-twitter-feed", "twitter-feed-lands")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    for name in ("debrief.md.tmp", "debrief.json.tmp", "transcript.json.tmp", "session.yaml.tmp"):
        (folder / name).symlink_to(victim)
    assert mockloop("debrief", "latest").returncode == 0
    assert mockloop("rescore", "latest").returncode == 0
    assert victim.read_text() == "keep me"
    assert all((folder / n).is_symlink() for n in ("debrief.md.tmp", "transcript.json.tmp"))
    assert not (folder / "debrief.md").is_symlink() and (folder / "debrief.md").stat().st_size > 0


# --- status and privacy ------------------------------------------------------------------------


def test_sigterm_ends_a_session_like_ctrl_c(data_home: Path) -> None:
    proc = start_typed_session(data_home)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    folder = next((data_home / "sessions").iterdir())
    assert "mockloop: interrupted" in err and "Traceback" not in err
    assert yaml.safe_load((folder / "session.yaml").read_text())["status"] == "interrupted"
    assert [t["speaker"] for t in json.loads((folder / "transcript.json").read_text())["turns"]][:3] == [
        "interviewer",  # the preamble
        "interviewer",
        "candidate",
    ]


def test_sessions_are_private_under_the_usual_umask(data_home: Path) -> None:
    proc = start_typed_session(data_home)
    proc.communicate(timeout=60)  # closes stdin: no more answers, the session ends and writes its debrief
    assert proc.returncode == 0
    root = data_home / "sessions"
    paths = [data_home, root, *root.rglob("*")]
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in paths if not p.is_symlink()}
    assert {p: m for p, m in modes.items() if p.is_dir() and m != 0o700} == {}
    assert {p: m for p, m in modes.items() if p.is_file() and m != 0o600} == {}
    assert any(p.name == "debrief.html" for p in modes) and any(p.name == "session.yaml" for p in modes)


@contextmanager
def read_only(folder: Path) -> Iterator[Run]:
    """For the block, a way to run the CLI that finds `folder` and everything in it unwritable.

    As root, permission bits do not bind, and `chattr +i` needs a filesystem with an
    immutable flag (overlay and tmpfs have none): the CLI runs in a private mount
    namespace where the folder is a read-only bind mount of itself (util-linux's unshare
    and mount, installed by `scripts/setup.sh test`, as the no-TTS fault test uses them).
    Otherwise the folder's write bits are taken off for the block."""
    if os.geteuid() == 0:
        where = shlex.quote(str(folder))
        mount = f"mount --bind {where} {where} && mount -o remount,bind,ro {where}"

        def in_namespace(*args: str | Path) -> subprocess.CompletedProcess[str]:
            command = ["unshare", "--mount", "sh", "-c", f"{mount} && exec {shlex.join(cli(*args))}"]
            return subprocess.run(command, capture_output=True, text=True, timeout=600)

        yield in_namespace
        return
    paths = [folder, *folder.rglob("*")]
    for p in paths:
        p.chmod(p.stat().st_mode & ~0o222)
    try:
        yield run_cli
    finally:
        for p in paths:
            p.chmod(p.stat().st_mode | 0o200)


def test_debrief_shows_a_saved_session_from_a_read_only_data_folder(mockloop: Run, data_home: Path) -> None:
    folder = saved_session(data_home, "20261115-090000-twitter-feed", "twitter-feed-lands")
    assert mockloop("debrief", "latest").returncode == 0
    saved = (folder / "debrief.md").read_text()
    before = snapshot(data_home)
    with read_only(data_home) as unwritable:
        shown = unwritable("debrief", "latest")
        as_json = unwritable("debrief", "latest", "--json")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == saved
    assert shown.stderr.startswith("mockloop: note: the debrief is shown but not saved again")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["session"]["id"] == folder.name
    assert snapshot(data_home) == before
