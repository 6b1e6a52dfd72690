"""The review commands as a user runs them, on session folders laid out as
practice writes them: sessions, debrief, progress, compare, analyze --out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from mockloop.adapters.storage.transcripts import save

from tests.debrief_helpers import SESSIONS, fixture
from tests.e2e.conftest import Run


def saved_session(home: Path, sid: str, name: str, **meta: object) -> Path:
    """A session folder holding a fixture conversation, as `practice` leaves it."""
    folder = home / "sessions" / sid
    (folder / "turns").mkdir(parents=True)
    transcript = fixture(name)
    doc = {
        "id": sid,
        "question": transcript.question,
        "started": f"{sid[:4]}-{sid[4:6]}-{sid[6:8]}T{sid[9:11]}:{sid[11:13]}:00+00:00",
        "status": "complete",
        "minutes": float(transcript.meta["minutes"]),
        **meta,
    }
    (folder / "session.yaml").write_text(yaml.safe_dump(doc))
    save(transcript, folder / "transcript.json")
    return folder


def three_sessions(home: Path) -> list[Path]:
    return [
        saved_session(home, "20261101-090000-url-shortener", "url-shortener-runs-on"),
        saved_session(home, "20261108-090000-build-cache", "build-cache-relitigates"),
        saved_session(home, "20261115-090000-twitter-feed", "twitter-feed-lands"),
    ]


def test_sessions_lists_verdicts_and_survives_damaged_folders(mockloop: Run, data_home: Path) -> None:
    good = three_sessions(data_home)
    yaml_broken = saved_session(data_home, "20261116-090000-build-cache", "build-cache-relitigates")
    (yaml_broken / "session.yaml").write_text("id: [unclosed\n")
    half = saved_session(data_home, "20261117-090000-build-cache", "build-cache-relitigates", status="in progress")
    body = (half / "transcript.json").read_text()
    (half / "transcript.json").write_text(body[: len(body) // 2])
    empty = data_home / "sessions" / "20261118-090000-rate-limiter"
    (empty / "turns").mkdir(parents=True)

    result = mockloop("sessions")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "date", "question", "min"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert len(rows) == 6
    assert "no hire" in rows[good[1].name] and rows[good[1].name].rstrip().endswith("complete")
    assert "strong no hire" in rows[good[0].name] and "hire" in rows[good[2].name]
    for bad in (yaml_broken, half, empty):
        assert "incomplete" in rows[bad.name], rows[bad.name]
    assert "damaged" in rows[half.name]

    doc = json.loads(mockloop("sessions", "--json").stdout)
    by_id = {r["id"]: r for r in doc}
    assert by_id[good[1].name]["verdict"] == "no hire"
    assert by_id[good[1].name]["run_ons"] == 2 and by_id[good[1].name]["relitigations"] == 2
    assert by_id[half.name]["complete"] is False and by_id[half.name]["verdict"] is None
    assert by_id[empty.name]["problem"] == "session.yaml is missing" or "transcript" in by_id[empty.name]["problem"]
    # Listing wrote nothing into the damaged folders.
    assert (half / "transcript.json").read_text() == body[: len(body) // 2]
    assert not (half / "debrief.md").exists()


def test_debrief_latest_writes_three_files_and_prints_markdown(mockloop: Run, data_home: Path) -> None:
    folders = three_sessions(data_home)
    result = mockloop("debrief", "latest")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Debrief: Twitter")
    for name in ("debrief.md", "debrief.json", "debrief.html"):
        assert (folders[-1] / name).is_file()
    assert (folders[-1] / "debrief.md").read_text() == result.stdout
    doc = json.loads(mockloop("debrief", "20261108", "--json").stdout)
    assert doc["verdict"]["rating"] == "no hire"
    # What held the packet down is the concern itself (technically strong, the pattern repeated).
    assert doc["verdict"]["pulled_down_by"] == "re-argued its calls: the pattern repeated"


def test_debrief_of_a_damaged_or_unknown_session_is_one_clear_line(mockloop: Run, data_home: Path) -> None:
    folder = saved_session(data_home, "20261117-090000-build-cache", "build-cache-relitigates")
    (folder / "transcript.json").write_text('{"schema_version": 1, "turns": [')
    result = mockloop("debrief", "latest")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("mockloop: error: session 20261117-090000-build-cache: transcript.json is damaged")
    assert "Traceback" not in result.stderr
    assert (folder / "transcript.json").read_text() == '{"schema_version": 1, "turns": ['
    unknown = mockloop("debrief", "nope")
    assert unknown.returncode == 2 and "no session 'nope'" in unknown.stderr
    assert "mockloop sessions" in unknown.stderr


def test_debrief_when_nothing_is_saved(mockloop: Run) -> None:
    result = mockloop("debrief", "latest")
    assert result.returncode == 2
    assert "no saved sessions" in result.stderr and "mockloop practice" in result.stderr


def test_open_without_a_display_says_where_the_file_is(
    mockloop: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = three_sessions(data_home)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = mockloop("debrief", "latest", "--open")
    assert result.returncode != 0
    assert "no graphical display" in result.stderr
    assert str(folders[-1] / "debrief.html") in result.stderr
    assert (folders[-1] / "debrief.html").is_file()


def test_progress_trends_across_sessions(mockloop: Run, data_home: Path) -> None:
    three_sessions(data_home)
    result = mockloop("progress")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for label in ("elaboration past the commit point", "positions per answer", "hand-off rate", "time in requirements", "verdict"):
        assert label in out
    assert "first → last: strong no hire → hire (better)" in out
    assert "█" in out
    assert (data_home / "progress.html").is_file()
    doc = json.loads(mockloop("progress", "--json").stdout)
    assert [s["question"] for s in doc["sessions"]] == ["url-shortener", "build-cache", "twitter-feed"]
    assert doc["change"]["handoff_rate"]["direction"] == "better"
    assert doc["change"]["verdict"] == {"first": 0.0, "last": 3.0, "direction": "better"}
    only = json.loads(mockloop("progress", "--json", "--question", "build-cache").stdout)
    assert [s["question"] for s in only["sessions"]] == ["build-cache"]


def test_compare_two_sessions(mockloop: Run, data_home: Path) -> None:
    three_sessions(data_home)
    result = mockloop("compare", "20261108", "latest")
    assert result.returncode == 0, result.stderr
    assert "communication & conviction" in result.stdout
    doc = json.loads(mockloop("compare", "20261108", "latest", "--json").stdout)
    conviction = next(r for r in doc["ratings"] if r["competency"] == "communication_conviction")
    assert (conviction["a"], conviction["b"], conviction["direction"]) == ("no hire", "strong hire", "better")
    relit = next(f for f in doc["figures"] if f["key"] == "positions_per_answer")
    assert relit["direction"] == "better"


def test_analyze_writes_the_same_debrief(mockloop: Run, tmp_path: Path, data_home: Path) -> None:
    source = SESSIONS / "build-cache-relitigates.txt"
    printed = mockloop("analyze", source)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("Answer 1 · requirements")
    assert "# Debrief: Build-cache service" in printed.stdout
    assert "**Overall: no hire.**" in printed.stdout
    out = tmp_path / "out"
    written = mockloop("analyze", source, "--out", out)
    assert written.returncode == 0, written.stderr
    for name in ("debrief.md", "debrief.json", "debrief.html", "transcript.json"):
        assert (out / name).is_file()
    # The same judgement as a saved session of the same conversation.
    saved_session(data_home, "20261108-090000-build-cache", "build-cache-relitigates")
    from_session = json.loads(mockloop("debrief", "latest", "--json").stdout)
    from_analyze = json.loads((out / "debrief.json").read_text())
    assert from_analyze["narrative"] == from_session["narrative"]
    assert from_analyze["competencies"] == from_session["competencies"]
