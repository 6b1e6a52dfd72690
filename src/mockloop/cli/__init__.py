"""The command line: parser and the one error handler (`main`), the commands, the bootstrap."""

from mockloop.cli.main import main, run

__all__ = ["main", "run"]
