"""Every edge of the system as a small protocol, with an honest fake beside each.

The pure core (judge/, debrief/, report/, conversation/) never touches a
device, a model or the disk; the services reach those only through these
ports. The real adapters live in `adapters/` (pyttsx3, sounddevice,
faster-whisper, Smart Turn, the session folder); the fakes here are what the
runner's unit tests use, and `SilentVoice` is also what `--no-speech` means.

    Voice        interviewer line -> Clip            adapters/audio/voice.py
    Player       Clip -> the speaker                 adapters/audio/devices.py
    Candidate    one answer -> Response              adapters/candidates.py
    Transcriber  samples -> timed words              adapters/stt/whisper.py
    StreamDecoder quick passes while speaking        adapters/stt/whisper.py
    TurnDetector is this turn finished?              adapters/stt/turn.py
    SessionStore the session folder, turn by turn   adapters/storage/store.py
    View         what the terminal shows             adapters/terminal/view.py
    Script       what the interviewer says when      conversation/interview.py, drill.py
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from mockloop.model import Clip, Question, Recognition, Response, Span, Turn, Word, typed_words
from mockloop.settings import SAMPLE_RATE, SPEAKING_RATE_WPM

if TYPE_CHECKING:
    from mockloop.conversation.coach import Cue
    from mockloop.conversation.interview import Line


class Voice(Protocol):
    """Turns an interviewer line into audio."""

    def synthesize(self, text: str) -> Clip: ...


Player = Callable[[Clip], None]
"""Plays a clip to the end (blocking)."""


class Candidate(Protocol):
    """Where answers come from: the microphone, recorded files, or typing.

    `None` means there are no more answers (the files ran out, the typist
    pressed Ctrl-D): the session ends there, with everything kept."""

    kind: str

    def prepare(self, vocabulary: Sequence[str]) -> None:
        """Anything that can be checked before the interview starts (recorded answers are
        transcribed here, so a file with no answer in it fails before anything is saved)."""
        ...

    def answer(self, vocabulary: Sequence[str]) -> Response | None: ...

    def describe(self) -> str: ...


@runtime_checkable
class Resumable(Protocol):
    """A candidate who can be heard starting again while the interviewer begins to reply."""

    def resumed(self, within_s: float, playing: npt.NDArray[np.float32] | None = None) -> bool:
        """True if the candidate spoke again within `within_s`; their next answer then continues
        the last one. `playing`: the reply's audio at 16 kHz, so its echo is not taken for them."""
        ...


class Transcriber(Protocol):
    """Turns 16 kHz mono samples into timed words."""

    def transcribe(self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = ()) -> list[Word]:
        """Words with start/end seconds from the start of `audio`, in order."""
        ...

    def recognize(self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = ()) -> Recognition:
        """The same careful pass, with the stretches it had to decode again (times as above)."""
        ...


class StreamDecoder(Transcriber, Protocol):
    """A Transcriber that can also make quick passes over a growing buffer."""

    def decode(
        self,
        audio: npt.NDArray[np.float32],
        vocabulary: Sequence[str] = (),
        context: str = "",
    ) -> list[Word]:
        """Words in `audio`, quickly. The streamer offers the question's `vocabulary` and the
        answer so far as `context`; an adapter uses them only if they are cheap for it."""
        ...


class TurnDetector(Protocol):
    """Decides from the audio of the answer so far whether the speaker has finished."""

    def probability(self, audio: npt.NDArray[np.float32]) -> float:
        """How likely the turn is complete, 0..1, from the last seconds of `audio` (16 kHz)."""
        ...


class SessionStore(Protocol):
    """One session as it is recorded: every finished turn is kept at once."""

    turns: list[Turn]

    @property
    def id(self) -> str: ...

    def add_turn(self, turn: Turn, audio: npt.NDArray[np.float32] | None = None, rate: int = SAMPLE_RATE) -> Turn:
        """Keep `turn` (and its audio, if any); returns the turn as kept (with its audio's name)."""
        ...

    def replace_words(self, index: int, words: tuple[Word, ...], redecoded: tuple[Span, ...] = ()) -> None:
        """Swap in better words for a kept turn (the refined transcription), with the
        stretches the recogniser decoded again (`Turn.redecoded`)."""
        ...

    def note(self, **fields: Any) -> None:
        """Add or replace fields of the session's record (the coach's cues, a drill's score)."""
        ...

    def finish(self, status: str, **extra: Any) -> None:
        """Record how the session ended."""
        ...


class View(Protocol):
    """What the terminal shows; see `adapters/terminal/view.py`."""

    def interviewer(self, line: Line, at_s: float) -> None: ...

    def listening(self, phase: str, phase_elapsed_s: float, budget_s: float) -> None: ...

    def answered(self, turn: Turn, answer: Response) -> None: ...

    def coached(self, cue: Cue, mode: str) -> None: ...


class Script(Protocol):
    """What the interviewer says when: an `Interview`, or a `Drill`."""

    question: Question
    budgets: dict[str, float]
    done: bool
    judges_each_answer: bool
    """True when the reply to an answer is a judgment of it (the drill): the runner then
    waits for the answer's refined words, so the verdict never rests on rough live words."""

    @property
    def phase(self) -> str: ...

    def start(self) -> list[Line]: ...

    def likely_next(self) -> list[Line]:
        """Lines that may follow the coming answer (pure: decides nothing), to synthesize ahead."""
        ...

    def spoken(self, lines: Sequence[Line], now: float, began: float | None = None) -> None:
        """The runner has said `lines`, from `began` to `now` (session seconds)."""
        ...

    def phase_elapsed(self, now: float) -> float: ...

    def after_answer(
        self, now: float, text: str = "", move_on: bool = False, cut_in: bool = False, turn: Turn | None = None
    ) -> list[Line]: ...


# --- fakes -------------------------------------------------------------------------------

SILENT_RATE = 16_000


class SilentVoice:
    """A voice that says nothing, for as long as the line takes at a speaking pace."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def synthesize(self, text: str) -> Clip:
        self.said.append(text)
        seconds = max(1, len(text.split())) * 60.0 / SPEAKING_RATE_WPM
        return Clip(np.zeros(int(seconds * SILENT_RATE), dtype=np.float32), SILENT_RATE)


class ScriptedCandidate:
    """Answers given in advance: text (timed at a speaking pace) or whole Responses.

    A `BaseException` in the list is raised when its turn comes (Ctrl-C, a fault)."""

    kind = "scripted"

    def __init__(self, answers: Iterable[str | Response | BaseException]) -> None:
        self.answers = list(answers)
        self.asked = 0

    def prepare(self, vocabulary: Sequence[str]) -> None:
        pass

    def answer(self, vocabulary: Sequence[str]) -> Response | None:
        if self.asked >= len(self.answers):
            return None
        item = self.answers[self.asked]
        self.asked += 1
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, Response):
            return item
        words = typed_words(item)
        return Response(words, words[-1].end if words else 0.0, None, "typed", "scripted")

    def describe(self) -> str:
        return f"{len(self.answers)} scripted answers"


class MemoryStore:
    """A SessionStore that keeps everything in memory."""

    def __init__(self, session_id: str = "memory") -> None:
        self._id = session_id
        self.turns: list[Turn] = []
        self.audio: dict[int, npt.NDArray[np.float32]] = {}
        self.meta: dict[str, Any] = {"status": "in progress"}

    @property
    def id(self) -> str:
        return self._id

    def add_turn(self, turn: Turn, audio: npt.NDArray[np.float32] | None = None, rate: int = SAMPLE_RATE) -> Turn:
        if audio is not None:
            self.audio[len(self.turns)] = audio
        self.turns.append(turn)
        return turn

    def replace_words(self, index: int, words: tuple[Word, ...], redecoded: tuple[Span, ...] = ()) -> None:
        from dataclasses import replace

        turn = self.turns[index]
        self.turns[index] = replace(turn, words=words, text=" ".join(w.text for w in words), redecoded=redecoded)

    def note(self, **fields: Any) -> None:
        self.meta.update(fields)

    def finish(self, status: str, **extra: Any) -> None:
        self.meta["status"] = status
        self.meta.update(extra)


__all__ = [
    "SAMPLE_RATE",
    "Candidate",
    "MemoryStore",
    "Player",
    "Resumable",
    "ScriptedCandidate",
    "Script",
    "SessionStore",
    "SilentVoice",
    "StreamDecoder",
    "Transcriber",
    "TurnDetector",
    "View",
    "Voice",
]
