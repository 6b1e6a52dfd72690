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


def real_time(module: str) -> bool:
    """A test module whose tests run sessions on a real PulseAudio server, in real time: its
    file name ends in `_pulse.py`."""
    return module.endswith("_pulse.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The real-time modules first: under scripts/test.sh's two workers, the one that runs them
    (the longest stretch of the suite) starts on them at once."""
    items.sort(key=lambda item: not real_time(item.path.name))


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Two workers (scripts/test.sh): every real-time module in one of them, one test at a time,
    as a user's sessions run (their timings are a user's timings), and the CPU-bound modules,
    a module at a time (so a module's fixtures, the loaded model among them, are made once),
    in the other and, once the real-time ones are done, in both."""
    from xdist.scheduler import LoadScopeScheduling

    class RealTimeApart(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "real time" if real_time(module) else module

    return RealTimeApart(config, log)
