"""What a command runs against: its streams, data folder and settings.

Tests build their own Environment; `cli.run` builds the real one, and
`cli.bootstrap` adds the adapters a session needs.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mockloop.settings import Settings, data_dir

if TYPE_CHECKING:
    from mockloop.cli.bootstrap import Adapters


@dataclass
class Environment:
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    data_dir: Path = field(default_factory=data_dir)
    settings: Settings = field(default_factory=Settings)
    adapters: Adapters | None = None
    """The session's voice, speaker, model and candidate, once `bootstrap` has built them."""

    @property
    def interactive(self) -> bool:
        """True when progress messages go to a person's terminal."""
        return self.stderr.isatty()

    def progress(self, message: str) -> None:
        if self.interactive:
            print(message, file=self.stderr, flush=True)

    @property
    def user_questions_dir(self) -> Path:
        return self.data_dir / "questions"
