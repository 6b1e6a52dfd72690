from __future__ import annotations

from pathlib import Path

import pytest

from mockloop.adapters.storage.bank import Bank, check_dir, default_folders, load_question, shipped_dir
from mockloop.errors import BankError, UnknownQuestion
from mockloop.model import PHASES

from tests.conftest import TEST_FIXTURES

BAD = TEST_FIXTURES / "bad_questions"
SHIPPED = {
    "build-cache", "url-shortener", "twitter-feed", "image-hosting", "chat-messaging", "rate-limiter",
    "notification-service", "job-scheduler", "metrics-pipeline",
}


def test_shipped_bank_loads_every_question() -> None:
    bank = Bank([shipped_dir()])
    assert set(bank.questions) == SHIPPED
    for q in bank.questions.values():
        assert set(q.phases) == set(PHASES)
        for phase in q.phases.values():
            assert phase.opening and phase.follow_ups and phase.key_points
            assert all(kp.phrasings for kp in phase.key_points)
        assert q.phases["deep_dive"].probes and q.phases["deep_dive"].pushbacks
        assert q.vocabulary


def test_build_cache_probes_follow_the_postmortem() -> None:
    deep = Bank([shipped_dir()]).get("build-cache").phases["deep_dive"]
    text = " ".join(deep.probes).lower()
    assert "cross-region replication" in text
    assert "dedupe-on-write" in text
    assert "hot keys" in text


def test_interviewer_lines_cover_every_phase() -> None:
    lines = Bank([shipped_dir()]).interviewer()
    assert set(lines.transitions) == set(PHASES)
    assert "stop you there" in lines.stop_you_there.lower()
    assert lines.greeting and lines.framework_reminder and lines.closing


def test_shipped_folder_checks_clean() -> None:
    results = check_dir(shipped_dir())
    assert len(results) == len(SHIPPED) + 1  # and interviewer.yaml, which --check now reports too
    assert all(not isinstance(outcome, BankError) for _, outcome in results)


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_question_gives_its_promised_message(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text().strip()
    with pytest.raises(BankError) as err:
        load_question(path)
    assert err.value.message.startswith(str(path)), "the message names the file"
    assert expected in err.value.message
    assert err.value.hint


def test_check_dir_reports_every_file_not_just_the_first() -> None:
    results = check_dir(BAD)
    assert len(results) == len(list(BAD.glob("*.yaml")))
    assert all(isinstance(outcome, BankError) for _, outcome in results)


def test_user_folder_adds_and_overrides(tmp_path: Path) -> None:
    source = (shipped_dir() / "rate-limiter.yaml").read_text()
    (tmp_path / "mine.yaml").write_text(source.replace("id: rate-limiter", "id: my-limiter"))
    (tmp_path / "override.yaml").write_text(source.replace("title: Rate limiter", "title: My rate limiter"))
    bank = Bank(default_folders([tmp_path], tmp_path / "absent"))
    assert "my-limiter" in bank.questions
    assert bank.get("rate-limiter").title == "My rate limiter"


def test_duplicate_ids_in_one_folder_are_an_error(tmp_path: Path) -> None:
    source = (shipped_dir() / "rate-limiter.yaml").read_text()
    (tmp_path / "a.yaml").write_text(source)
    (tmp_path / "b.yaml").write_text(source)
    with pytest.raises(BankError, match="also defined in"):
        Bank([tmp_path])


def test_unknown_question_lists_the_known_ones() -> None:
    with pytest.raises(UnknownQuestion) as err:
        Bank([shipped_dir()]).get("design-uber")
    assert "build-cache" in err.value.hint


def test_missing_bank_folder(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="question folder not found"):
        Bank([tmp_path / "nope"])
