"""The errors mockloop raises on purpose, each with what the user should do next.

    MockloopError                 any failure the CLI turns into one clear line
    ├── InputError                a file the user gave us is missing or unreadable
    │   ├── AudioError            audio that cannot be decoded, is empty or silent
    │   └── TranscriptError       a transcript with a malformed line or field
    ├── BankError                 a question file that does not validate
    │   └── UnknownQuestion       a question id that is not in the bank
    ├── ModelError                the speech model cannot be found or loaded
    ├── DeviceError               no microphone or speaker, or one went away mid-session
    ├── VoiceError                no text-to-speech engine (espeak-ng) to speak with
    └── StorageError              the data folder cannot be written (read-only, full)
        └── SessionBusy           a session still being recorded (its lock is held)

`cli.main` is the only place that catches these; it prints
``mockloop: error: <message>`` and, when there is one, ``hint: <hint>``.
Anything the user gave that an error repeats goes through `quote`, so a
message stays one short line whatever the input held.
"""

from __future__ import annotations

import reprlib

QUOTE_CHARS = 60
"""Longest piece of the user's input an error message repeats."""

_REPR = reprlib.Repr()
_REPR.maxstring = QUOTE_CHARS
_REPR.maxother = QUOTE_CHARS
_REPR.maxlevel = 2


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """`repr(value)`, cut to about `limit` characters: input echoed back in an error stays short."""
    text = _REPR.repr(value)
    return text if len(text) <= limit + 2 else text[:limit] + "…"


class MockloopError(Exception):
    """Base class: a message saying what is wrong and a hint saying what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(MockloopError):
    """A file named by the user is missing, unreadable or of the wrong kind."""

    exit_code = 2


class AudioError(InputError):
    """Audio that cannot be decoded, holds no samples, or holds no speech."""


class TranscriptError(InputError):
    """A transcript file whose content does not parse; names file and line."""


class BankError(MockloopError):
    """A question-bank file that does not validate; names file and field."""

    exit_code = 2


class UnknownQuestion(BankError):
    """A question id that no file in the bank defines."""


class ModelError(MockloopError):
    """The speech model is missing or cannot be loaded."""

    exit_code = 3


class DeviceError(MockloopError):
    """An audio device is missing, unknown, or stopped working mid-session."""

    exit_code = 4


class VoiceError(MockloopError):
    """The text-to-speech engine cannot be started or cannot speak a line."""

    exit_code = 4


class StorageError(MockloopError):
    """The data folder cannot be created or written to."""

    exit_code = 5


class SessionBusy(StorageError):
    """A session another mockloop is still recording (or rescoring): its lock is held."""
