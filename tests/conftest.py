"""Shared fixtures. Every test gets its own data folder: no test touches the user's sessions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AUDIO_FIXTURES = ROOT / "audio_fixtures"
TEST_FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "mockloop-home"
    monkeypatch.setenv("MOCKLOOP_HOME", str(home))
    return home


def audio_manifest() -> dict[str, dict[str, object]]:
    return json.loads((AUDIO_FIXTURES / "manifest.json").read_text())
