from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def mockloop(data_home: Path) -> Run:
    """Run the CLI as a user does, in its own process, with the test's data folder."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mockloop", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=600,
        )

    return run
