"""replay --no-audio, drill, rescore and --coach as a user runs them, on real session folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from mockloop.adapters.audio.files import read_audio, write_flac
from mockloop.model import Transcript, Turn, Word
from mockloop.adapters.stt.whisper import WhisperTranscriber
from mockloop.adapters.storage.transcripts import load, save
from mockloop.adapters.stt.wer import wer

from tests.conftest import AUDIO_FIXTURES
from tests.e2e.conftest import Run
from tests.e2e.test_cli_review import saved_session


def test_replay_no_audio_prints_every_line_and_flag_in_order(mockloop: Run, data_home: Path) -> None:
    folder = saved_session(data_home, "20261108-090000-build-cache", "build-cache-relitigates")
    transcript = load(folder / "transcript.json")
    result = mockloop("replay", "latest", "--no-audio")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"replaying {folder.name}: {len(transcript.turns)} pieces")
    headers = [line for line in lines if line.startswith("▶ turn ")]
    assert [int(h.split()[2]) for h in headers] == list(range(1, len(transcript.turns) + 1))
    said = [line for line in lines if line.startswith("  [")]
    assert len(said) >= len(transcript.turns)
    flags = [line for line in lines if line.startswith("  ⚑")]
    assert any("relitigation" in f for f in flags) and any("run-on" in f for f in flags)
    # The candidate's own words, verbatim, at their times.
    first = transcript.answers[0]
    assert any(first.text.split(".")[0] in line for line in said)

    only = mockloop("replay", folder.name[:12], "--no-audio", "--flags")
    assert only.returncode == 0, only.stderr
    pieces = [line for line in only.stdout.splitlines() if line.startswith("▶ turn ")]
    assert pieces and all("· you ·" in p for p in pieces)
    assert len(only.stdout) < len(result.stdout) / 2
    assert "the flagged moments of" in only.stdout.splitlines()[0]


def test_replay_errors_are_one_line_and_change_nothing(mockloop: Run, data_home: Path) -> None:
    empty = mockloop("replay", "latest", "--no-audio")
    assert empty.returncode == 2 and empty.stderr.startswith("mockloop: error: no saved sessions")
    folder = saved_session(data_home, "20261115-090000-twitter-feed", "twitter-feed-lands")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    bad_turn = mockloop("replay", "latest", "--turn", "0", "--no-audio")
    assert bad_turn.returncode == 2
    assert bad_turn.stderr.splitlines()[0].startswith("mockloop: error: --turn 0: this session has")
    unknown = mockloop("replay", "nope", "--no-audio")
    assert unknown.returncode == 2 and "no session 'nope'" in unknown.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


TYPED = [
    "There are three options: sync, async, or quorum. I'm picking async replication, because the cache is not "
    "the system of record. What do you want to pull on next?",
    "Maybe sync. Or maybe async. Actually, on second thought, maybe quorum.",
    "I'd dedupe on write by the content hash, because the same bytes always get the same key. It keeps storage flat.",
]


def test_a_typed_drill_gives_verdicts_and_is_reviewable(mockloop: Run, data_home: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mockloop", "drill", "build-cache", "--text", "--no-speech", "--probes", "3"],
        input="\n".join(TYPED) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    verdicts = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if "interviewer (deep_dive): " in line]
    assert "Committed in 3 seconds, handed off at 8: good. 1 of 1." in verdicts
    # The re-argued answer is not good (the line it gets is the tagger's reading of three bare
    # "maybe"s: a known miss, see test_coach_drill_replay's strict xfail).
    second = next(v for v in verdicts if v.endswith(" 1 of 2."))
    assert not second.startswith("Committed in") or "reopened" in second
    assert "Committed at once, but never handed it back: end with a question. 1 of 3." in verdicts
    assert verdicts[-1] == "That's the drill: 1 of 3 landed and handed back in time."

    folder = next((data_home / "sessions").iterdir())
    meta = yaml.safe_load((folder / "session.yaml").read_text())
    assert meta["kind"] == "drill" and meta["status"] == "complete"
    assert meta["drill"]["score"] == 1 and len(meta["drill"]["answers"]) == 3
    assert meta["budgets_s"] == {"deep_dive": 180.0}
    assert (folder / "debrief.md").exists()

    listed = mockloop("sessions", "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert row["id"] == folder.name and row["status"] == "complete"
    replay = mockloop("replay", "latest", "--no-audio")
    assert replay.returncode == 0 and second.removesuffix(" 1 of 2.") in replay.stdout
    debrief = mockloop("debrief", "latest", "--json")
    assert json.loads(debrief.stdout)["metrics"]["answers"] == 3


def test_coach_needs_the_microphone_and_bad_settings_are_one_line(mockloop: Run, data_home: Path) -> None:
    typed = mockloop("practice", "build-cache", "--text", "--no-speech", "--coach")
    assert typed.returncode == 2
    assert typed.stderr.splitlines()[0].startswith("mockloop: error: --coach tone listens to the microphone")
    assert not (data_home / "sessions").exists() or not any((data_home / "sessions").iterdir())
    data_home.mkdir(parents=True, exist_ok=True)
    (data_home / "settings.yaml").write_text("run_on_s: never\n")
    bad = mockloop("sessions")
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == [
        f"mockloop: error: {data_home / 'settings.yaml'}: run_on_s: 'never' is not a positive number",
        "hint: the default is 60.0",
    ]


def recorded_session(home: Path, sid: str, answers: list[str], garble: bool) -> Path:
    """A session folder with real answer audio (the fixtures) and, if `garble`, wrong words saved."""
    folder = home / "sessions" / sid
    (folder / "turns").mkdir(parents=True)
    turns: list[Turn] = []
    now = 0.0
    for n, name in enumerate(answers):
        question = f"Question {n + 1}: walk me through it."
        turns.append(Turn("interviewer", now, now + 2.0, (Word(question, now, now + 2.0),), "deep_dive", question))
        now += 2.0
        audio = read_audio(AUDIO_FIXTURES / f"{name}.wav")
        source = f"turns/{len(turns) + 1:02d}-candidate.flac"
        write_flac(folder / source, audio, 16000)
        duration = len(audio) / 16000
        text = (AUDIO_FIXTURES / f"{name}.txt").read_text().split()
        if garble:
            text = ["banana"] * len(text)
        step = duration / len(text)
        words = tuple(Word(w, now + i * step, now + (i + 1) * step) for i, w in enumerate(text))
        turns.append(Turn("candidate", now, now + duration, words, "deep_dive", " ".join(text), source))
        now += duration
    save(Transcript(tuple(turns), "build-cache", {"session": sid}), folder / "transcript.json")
    meta = {"id": sid, "question": "build-cache", "status": "complete", "minutes": 5.0, "model": "an older model"}
    (folder / "session.yaml").write_text(yaml.safe_dump(meta))
    return folder


@pytest.mark.model
def test_rescore_retranscribes_keeps_the_earlier_debrief_and_says_what_changed(mockloop: Run, data_home: Path) -> None:
    folder = recorded_session(data_home, "20261120-090000-build-cache", ["concise-commit", "jargon-dedupe"], garble=True)
    first = mockloop("debrief", "latest")
    assert first.returncode == 0, first.stderr
    earlier = {name: (folder / name).read_text() for name in ("debrief.md", "debrief.json", "debrief.html", "transcript.json")}

    bad = mockloop("rescore", "latest", "--model", str(data_home / "no-such-model"))
    assert bad.returncode == 3, bad.stderr
    assert len(bad.stderr.splitlines()) == 2 and bad.stderr.startswith("mockloop: error:")
    assert {name: (folder / name).read_text() for name in earlier} == earlier

    result = mockloop("rescore", "latest")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"rescored {folder.name} with " in out
    assert "answer 1 (turn 2): 100% of the words changed" in out
    assert "what changed: verdict " in out and "before (A) → after (B):" in out
    # The earlier debrief and transcript are kept, byte for byte.
    assert (folder / "debrief.previous.md").read_text() == earlier["debrief.md"]
    assert (folder / "debrief.previous.json").read_text() == earlier["debrief.json"]
    assert (folder / "transcript.previous.json").read_text() == earlier["transcript.json"]
    # The new words are what was said, on the session clock.
    new = load(folder / "transcript.json")
    for turn, name in zip(new.answers, ["concise-commit", "jargon-dedupe"]):
        assert wer((AUDIO_FIXTURES / f"{name}.txt").read_text(), turn.text) <= 0.35, turn.text
        assert turn.start <= turn.words[0].start and turn.words[-1].end <= turn.end + 0.5
    after = json.loads((folder / "debrief.json").read_text())
    assert after != json.loads(earlier["debrief.json"])
    assert after["metrics"]["handoff_rate"] > 0  # "what do you want to pull on next?" is heard now
    meta = yaml.safe_load((folder / "session.yaml").read_text())
    assert meta["rescored"][-1]["model"] == str(WhisperTranscriber(None).model_path)
    assert meta["model"] == "an older model"

    again = mockloop("rescore", "latest", "--json")
    assert again.returncode == 0, again.stderr
    doc = json.loads(again.stdout)
    assert [a["words_changed"] for a in doc["answers"]] == [0.0, 0.0]
    assert doc["compare"]["figures"] and all(f["direction"] == "same" for f in doc["compare"]["figures"])
    assert len(yaml.safe_load((folder / "session.yaml").read_text())["rescored"]) == 2


@pytest.mark.model
def test_rescore_of_a_typed_session_keeps_its_words(mockloop: Run, data_home: Path) -> None:
    folder = saved_session(data_home, "20261115-090000-twitter-feed", "twitter-feed-lands")
    before = (folder / "transcript.json").read_text()
    result = mockloop("rescore", "latest")
    assert result.returncode == 0, result.stderr
    assert "no audio was saved (typed): its words are kept" in result.stdout
    assert json.loads((folder / "transcript.json").read_text()) == json.loads(before)
    assert (folder / "debrief.previous.json").exists() and (folder / "debrief.json").exists()
