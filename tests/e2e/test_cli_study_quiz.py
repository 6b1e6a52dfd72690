"""study, quiz and session kinds as a user runs them (typed and printed; the spoken paths
are in tests/integration)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import yaml

from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.adapters.storage.quiz import load_quiz
from mockloop.conversation.quiz import LETTERS, pick_round, shuffled

from .conftest import Run

BANK = Bank([shipped_dir()])


def _run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockloop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MOCKLOOP_HOME": str(home)},
    )


def test_study_prints_every_phase_at_once_into_a_pipe(mockloop: Run) -> None:
    question = BANK.get("build-cache")
    result = mockloop("study", "build-cache", "--no-speech")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for n, (phase, title, minutes) in enumerate(
        [("requirements", "Requirements", 5), ("estimation", "Estimation", 3), ("api", "API", 5),
         ("data_model", "Data model", 5), ("architecture", "Architecture", 15), ("deep_dive", "Deep dive", 10)],
        start=1,
    ):  # fmt: skip
        assert f"{n}/6  {title} · about {minutes} min" in out
        assert question.phases[phase].model_answer in out
        for kp in question.phases[phase].key_points:
            assert f"• {kp.point}" in out
    assert out.index("Requirements ·") < out.index("Deep dive ·")
    one = mockloop("study", "build-cache", "--phase", "deep_dive", "--no-speech")
    assert "6/6  Deep dive" in one.stdout and "Requirements ·" not in one.stdout
    bad = mockloop("study", "build-cache", "--phase", "lunch", "--no-speech")
    assert bad.returncode != 0 and "unknown phase" in bad.stderr


def test_a_typed_quiz_round_is_marked_saved_and_charted(data_home: Path) -> None:
    rng = random.Random(11)
    items = [shuffled(i, rng) for i in pick_round(list(load_quiz([shipped_dir()]).items), rng)]
    # Three right (by letter, by position, by letter), two wrong.
    replies = [
        LETTERS[items[0].answer],
        ["the first one", "the second one", "the third one", "the fourth one"][items[1].answer],
        LETTERS[items[2].answer].lower(),
        LETTERS[(items[3].answer + 1) % len(items[3].choices)],
        "no idea",
    ]
    result = _run(data_home, "quiz", "--text", "--no-speech", "--seed", "11", stdin="\n".join(replies) + "\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "score: 3/5"
    assert result.stdout.count("Right: ") == 3 and result.stdout.count("Not quite") == 1
    for item in items:
        assert item.prompt in result.stdout and item.explanation in result.stdout
    session = next((data_home / "sessions").iterdir())
    meta = yaml.safe_load((session / "session.yaml").read_text())
    assert meta["kind"] == "quiz" and meta["status"] == "complete" and meta["quiz"]["score"] == 3
    turns = json.loads((session / "transcript.json").read_text())["turns"]
    assert [t["text"] for t in turns if t["speaker"] == "candidate"] == replies

    progress = json.loads(_run(data_home, "progress", "--json").stdout)
    assert [(q["mode"], q["score"], q["asked"]) for q in progress["quiz"]] == [("knowledge", 3, 5)]
    assert "3/5" in _run(data_home, "progress").stdout
    rows = json.loads(_run(data_home, "sessions", "--json").stdout)
    assert rows[0]["kind"] == "quiz" and rows[0]["score"] == "3/5" and rows[0]["complete"] is True


def test_a_vocabulary_round_asks_the_term_from_its_definition(data_home: Path) -> None:
    terms = load_quiz([shipped_dir()]).terms
    result = _run(data_home, "quiz", "--vocabulary", "--text", "--no-speech", "--seed", "2", stdin="Sharding\n" * 5)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Which term is this?") == 5
    asked = [t for t in terms if t.definition in result.stdout]
    assert len(asked) == 5
    right = 1 if any(t.term == "Sharding" for t in asked) else 0
    assert result.stdout.splitlines()[-1] == f"score: {right}/5"


def test_drills_are_drills(data_home: Path) -> None:
    drill = _run(
        data_home, "drill", "build-cache", "--text", "--no-speech", "--probes", "2",
        stdin="I'd replicate asynchronously, because the cache is not the system of record. What do you want to pull on?\n"
        "No idea really.\n",
    )  # fmt: skip
    assert drill.returncode == 0, drill.stderr
    practice = _run(
        data_home, "practice", "build-cache", "--text", "--no-speech", "--phases", "requirements",
        stdin="Reads dominate. Let's move on.\n",
    )  # fmt: skip
    assert practice.returncode == 0, practice.stderr
    rows = {r["kind"]: r for r in json.loads(_run(data_home, "sessions", "--json").stdout)}
    assert rows["drill"]["complete"] is True and rows["drill"]["status"] == "complete"
    assert rows["drill"]["score"] == "1/2"
    table = _run(data_home, "sessions").stdout.splitlines()
    assert table[0].split()[:5] == ["id", "date", "question", "min", "kind"]
    drill_row = next(line for line in table if rows["drill"]["id"] in line)
    assert " drill " in drill_row and "incomplete" not in drill_row

    refused = _run(data_home, "compare", rows["drill"]["id"], rows["practice"]["id"])
    assert refused.returncode == 2 and "is a drill session" in refused.stderr and "--any-kind" in refused.stderr
    anyway = _run(data_home, "compare", rows["drill"]["id"], rows["practice"]["id"], "--any-kind", "--json")
    assert anyway.returncode == 0 and "warning" in anyway.stderr
    assert json.loads(anyway.stdout)["a"]["kind"] == "drill"

    debrief = _run(data_home, "debrief", rows["drill"]["id"]).stdout
    assert "## The drill" in debrief and "**1 of 2**" in debrief and "The minute rule: commit within 20 s" in debrief
    assert "phase not reached" not in debrief and "**Requirements**" not in debrief
    doc = json.loads(_run(data_home, "debrief", rows["drill"]["id"], "--json").stdout)
    assert doc["session"]["kind"] == "drill" and list(doc["coverage"]) == ["deep_dive"]
    assert doc["drill"]["score"] == 1 and len(doc["drill"]["answers"]) == 2
    # The practice debrief links the missed points to the study mode.
    practice_md = _run(data_home, "debrief", rows["practice"]["id"]).stdout
    assert "`mockloop study build-cache --phase requirements`" in practice_md
