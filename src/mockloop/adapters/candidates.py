"""Where the candidate's answers come from: the microphone, recorded files, or typing.

Each is a `Candidate`: asked for one answer, it returns the words (timed from
the start of the answer), the audio if there is any, and how the answer
ended. `None` means there are no more answers (the files ran out, or the
typist pressed Ctrl-D): the session ends there, with everything kept.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np
import numpy.typing as npt

from mockloop.adapters.audio.files import duration_s, is_audio_file, read_audio
from mockloop.errors import AudioError, InputError, MockloopError
from mockloop.model import Recognition, Response, printable, typed_words
from mockloop.settings import SAMPLE_RATE
from mockloop.ports import StreamDecoder, Transcriber

if TYPE_CHECKING:
    from mockloop.adapters.audio.listen import ListenOptions, Progress, Watcher


MIN_ANSWER_S = 0.5
"""Shortest recording taken as an answer: below this no one has said anything, and Whisper
makes up words for noise."""


def recorded_answer(
    path: Path, transcriber: Transcriber, vocabulary: Sequence[str]
) -> tuple[npt.NDArray[np.float32], Recognition]:
    """One recorded answer, decoded and transcribed; AudioError if it holds no answer to judge.

    The one check for a recording given as an answer, so `analyze FILE` and
    `practice --answers-from DIR` accept and refuse the same files."""
    audio = read_audio(path)
    seconds = duration_s(audio)
    if seconds < MIN_ANSWER_S:
        raise AudioError(
            f"{path}: only {seconds:.1f} s of audio, too short to hold an answer",
            "give the whole recording of an answer; the file may be truncated",
        )
    recognized = transcriber.recognize(audio, vocabulary)
    if not recognized.words:
        raise AudioError(
            f"{path}: no speech found in {seconds:.1f} s of audio",
            "check that the file holds a spoken answer, and the microphone level",
        )
    return audio, recognized


def answer_files(folder: Path) -> list[Path]:
    """The audio files in `folder`, in name order; a clear error if there are none."""
    if not folder.is_dir():
        raise InputError(f"--answers-from {folder}: no such folder", "give a folder of recorded answers (wav, flac, mp3…)")
    entries = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    audio = [p for p in entries if is_audio_file(p)]
    if not audio:
        what = "is empty" if not entries else f"holds no audio files ({len(entries)} other files)"
        raise InputError(
            f"--answers-from {folder}: the folder {what}",
            "put one recorded answer per audio file in it (wav, flac, mp3, ogg, m4a), named in the order to play",
        )
    return audio


class FileCandidate:
    """Recorded answers, one file per answer, in name order (`--answers-from DIR`)."""

    kind = "files"

    def __init__(self, folder: Path, transcriber: Callable[[], Transcriber]) -> None:
        self.folder = folder
        self.files = answer_files(folder)
        for path in self.files:  # a file that cannot be decoded fails before the model loads
            read_audio(path)
        self.next = 0
        self.transcriber = transcriber
        self._heard: list[tuple[npt.NDArray[np.float32], Recognition]] = []

    def prepare(self, vocabulary: Sequence[str]) -> None:
        """Transcribe every answer now: a file with no answer in it fails before the interview
        starts, not at answer 4 of a saved session."""
        self._heard = [recorded_answer(path, self.transcriber(), vocabulary) for path in self.files]

    def answer(self, vocabulary: Sequence[str]) -> Response | None:
        if self.next >= len(self.files):
            return None
        if not self._heard:
            self.prepare(vocabulary)
        path = self.files[self.next]
        audio, heard = self._heard[self.next]
        self.next += 1
        return Response(tuple(heard.words), len(audio) / SAMPLE_RATE, audio, "file", str(path))

    def describe(self) -> str:
        return f"recorded answers from {self.folder} ({len(self.files)} files)"


class TextCandidate:
    """Typed answers: one line per answer, timed at a speaking pace (`--text`)."""

    kind = "text"

    def __init__(self, stdin: TextIO | None = None, prompt: Callable[[], None] | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.prompt = prompt

    def prepare(self, vocabulary: Sequence[str]) -> None:
        pass

    def answer(self, vocabulary: Sequence[str]) -> Response | None:
        if self.prompt:
            self.prompt()
        line = self.stdin.readline()
        if not line:
            return None
        words = typed_words(printable(line).strip())
        return Response(words, words[-1].end if words else 0.0, None, "typed", "typed")

    def describe(self) -> str:
        return "typed answers"


class MicCandidate:
    """The live microphone: VAD end of turn, streaming transcription."""

    kind = "microphone"

    def __init__(
        self,
        device: int | None,
        decoder: StreamDecoder,
        options: ListenOptions | None = None,
        keys: KeyEvents | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        watch: Watcher | None = None,
    ) -> None:
        from mockloop.adapters.audio.listen import ListenOptions, MicSource

        self.source = MicSource(device)
        self.decoder = decoder
        self.options = options or ListenOptions()
        self.keys = keys or KeyEvents()
        self.on_progress = on_progress
        self.watch = watch
        self._prefix: npt.NDArray[np.float32] | None = None
        self.endings: list[dict[str, object]] = []
        """How each answer ended, for session.yaml: the rule, the silence it waited, what the
        turn model said (the figures to look at when the interviewer came in too soon or late)."""
        self._seen_overflows = 0
        """The microphone's overflow count when the last answer ended (`_overflows`)."""

    def __enter__(self) -> MicCandidate:
        self.source.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.source.__exit__(*exc)

    def prepare(self, vocabulary: Sequence[str]) -> None:
        pass

    def resumed(self, within_s: float, playing: npt.NDArray[np.float32] | None = None) -> bool:
        """Did the candidate speak again in the first `within_s` of the interviewer's reply?
        If so, the next `answer` continues from what was heard (nothing is lost)."""
        from mockloop.adapters.audio.listen import heard_again

        self._prefix = heard_again(self.source, within_s, playing)
        return self._prefix is not None

    def answer(self, vocabulary: Sequence[str]) -> Response | None:
        from mockloop.adapters.audio.listen import listen

        prefix, self._prefix = self._prefix, None
        if prefix is None:
            self.source.flush()
        self.keys.reset()
        heard = listen(
            self.source, self.decoder, vocabulary, self.options, self.keys.done, self.on_progress, self.watch, prefix
        )
        self.endings.append(
            {
                "ended_by": heard.ended_by,
                "waited_s": round(heard.eot_s - heard.speech_end_s, 2),
                "model": [round(p, 3) for p in heard.probabilities],
                **self._overflows(),
            }
        )
        return Response(
            heard.words,
            len(heard.audio) / SAMPLE_RATE,
            heard.audio,
            heard.ended_by,
            "microphone",
            move_on=self.keys.move_on.is_set(),
            error=heard.error,
            interrupted=heard.ended_by == "interrupted",
        )

    def describe(self) -> str:
        return "microphone"

    def _overflows(self) -> dict[str, int]:
        """Input overflows during this answer (a microphone's), for session.yaml: audio the
        sound library dropped because the listener fell behind. Expected 0."""
        total = self.source.overflows
        seen, self._seen_overflows = self._seen_overflows, total
        return {"input_overflows": total - seen}


class KeyEvents:
    """Key presses during an answer: Enter or space ends it, `n` also asks for the next phase."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.move_on = threading.Event()

    def reset(self) -> None:
        self.done.clear()
        self.move_on.clear()

    def press(self, key: str) -> None:
        if key in ("\n", "\r", " "):
            self.done.set()
        elif key.lower() == "n":
            self.move_on.set()
            self.done.set()
