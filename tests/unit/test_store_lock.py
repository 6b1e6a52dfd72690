"""The session lock: held while a session records, gone when it finishes or its process dies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mockloop.errors import SessionBusy
from mockloop.adapters.storage.store import SessionFolder, session_lock


def test_a_recording_session_is_locked_until_it_finishes(tmp_path: Path) -> None:
    folder = SessionFolder.create(tmp_path, "build-cache", {})
    # flock locks belong to the open file, so a second open in this process is refused too.
    with pytest.raises(SessionBusy, match="still being recorded"):
        with session_lock(folder.path):
            pass
    folder.finish("complete")
    with session_lock(folder.path):
        pass


def test_a_lock_left_by_a_dead_process_does_not_block(tmp_path: Path) -> None:
    code = (
        "import os, sys; from pathlib import Path; from mockloop.adapters.storage.store import SessionFolder;"
        "f = SessionFolder.create(Path(sys.argv[1]), 'q', {}); print(f.path, flush=True); os._exit(9)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=False)
    assert out.returncode == 9, out.stderr
    path = Path(out.stdout.strip())
    assert (path / ".lock").exists()
    with session_lock(path):
        pass
