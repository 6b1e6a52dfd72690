from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


def cli(*args: str | Path) -> list[str]:
    """The command line that runs the CLI as a user does."""
    return [sys.executable, "-m", "mockloop", *map(str, args)]


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI in its own process (the data folder is the test's: MOCKLOOP_HOME)."""
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=600)


@pytest.fixture
def mockloop(data_home: Path) -> Run:
    """Run the CLI as a user does, in its own process, with the test's data folder."""
    return run_cli
