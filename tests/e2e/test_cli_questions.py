from __future__ import annotations

import json
import shutil
from pathlib import Path

from mockloop.adapters.storage.bank import shipped_dir

from tests.conftest import TEST_FIXTURES
from tests.e2e.conftest import Run


def test_questions_lists_the_bank(mockloop: Run) -> None:
    result = mockloop("questions")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert ids == sorted([
        "build-cache", "chat-messaging", "image-hosting", "rate-limiter", "twitter-feed", "url-shortener",
        "job-scheduler", "metrics-pipeline", "notification-service",
    ])  # fmt: skip


def test_questions_json(mockloop: Run) -> None:
    doc = json.loads(mockloop("questions", "--json").stdout)
    build = next(q for q in doc if q["id"] == "build-cache")
    assert build["title"] == "Build-cache service"
    assert build["key_points"] >= 18 and build["probes"] >= 3


def test_user_questions_folder_and_bank_flag(mockloop: Run, data_home: Path, tmp_path: Path) -> None:
    source = (shipped_dir() / "rate-limiter.yaml").read_text()
    (data_home / "questions").mkdir(parents=True)
    (data_home / "questions" / "mine.yaml").write_text(source.replace("id: rate-limiter", "id: my-own"))
    extra = tmp_path / "team"
    extra.mkdir()
    (extra / "team.yaml").write_text(source.replace("id: rate-limiter", "id: team-q"))
    ids = [q["id"] for q in json.loads(mockloop("questions", "--json", "--bank", extra).stdout)]
    assert "my-own" in ids and "team-q" in ids


def test_check_good_folder(mockloop: Run) -> None:
    result = mockloop("questions", "--check", shipped_dir())
    assert result.returncode == 0
    questions = [p for p in shipped_dir().glob("*.yaml") if p.name != "interviewer.yaml"]
    # Every question file, interviewer.yaml, and the quiz's two files (knowledge check and vocabulary).
    assert result.stdout.splitlines()[-1] == f"{len(questions) + 3} valid, 0 with errors"
    assert "quiz/knowledge.yaml" in result.stdout and "quiz/vocabulary.yaml" in result.stdout


def test_check_reports_each_broken_file(mockloop: Run, tmp_path: Path) -> None:
    shutil.copy(shipped_dir() / "url-shortener.yaml", tmp_path / "good.yaml")
    shutil.copy(TEST_FIXTURES / "bad_questions" / "missing-phase.yaml", tmp_path / "broken.yaml")
    result = mockloop("questions", "--check", tmp_path)
    assert result.returncode == 2
    assert "broken.yaml: phases.api: is missing" in result.stdout
    assert "ok    " in result.stdout
    assert result.stdout.splitlines()[-1] == "1 valid, 1 with errors"


def test_check_missing_folder(mockloop: Run, tmp_path: Path) -> None:
    result = mockloop("questions", "--check", tmp_path / "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("mockloop: error: ") and "not a folder" in result.stderr


def test_help_and_version(mockloop: Run) -> None:
    assert "analyze" in mockloop("--help").stdout
    assert mockloop("--version").stdout.startswith("mockloop ")
