"""Listening to one answer: audio in, the end of the turn decided, words transcribed as they come.

Two threads per answer. The caller's thread reads audio chunks, feeds the
streaming VAD and decides when the turn is over; a decoder thread makes
LocalAgreement passes over the growing buffer. When the candidate falls
silent, the decoder speculatively decodes the tail at once, so that when the
end-of-turn silence has run out the transcript is usually ready already.

When the turn is over is the pure policy's call (`conversation/turn_taking`),
made on every chunk from the silence so far, the live words and, with a
`TurnDetector`, the model's say: the reader thread asks the model (on a
third thread, so a call never holds up the audio) at the policy's probe
silences, and the decoder thread decodes the tail as soon as the candidate
pauses, so the words are fresh for the decision. With the semantic policy a
thinking pause continues the answer up to `end_silence_s` (the ceiling,
8 s); `--turn-detector silence` is the old fixed rule (2.5 s, 0.7 s after a
hand-off). A key press (the `done` event) ends the turn at once.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from mockloop.conversation.turn_taking import Pause, Policy, SilenceRule, SmartPolicy, cue_of
from mockloop.errors import MockloopError
from mockloop.model import Word
from mockloop.settings import SAMPLE_RATE
from mockloop.ports import StreamDecoder, TurnDetector
from mockloop.adapters.stt.streaming import AudioBuffer, StreamingTranscriber
from mockloop.adapters.audio.vad import StreamingVad, VadState
from mockloop.adapters.audio.sources import CHUNK_S, ChunkSource, MicSource, PacedSource, heard_again

__all__ = ["CHUNK_S", "ChunkSource", "MicSource", "PacedSource", "heard_again", "listen", "ListenOptions"]

STEP_S = 0.5
"""New audio needed before another streaming pass; passes take about this long or more,
so in practice they run back to back while the candidate speaks."""

PAUSE_S = 0.2
"""Silence after which the decoder speculatively decodes the tail (the words the end-of-turn
decision reads; a pause ends in ~0.2 s when the candidate goes on, so little is wasted)."""

MODEL_WINDOW_S = 8.0
"""Audio the turn model is shown (its training window)."""



@dataclass(frozen=True)
class ListenOptions:
    end_silence_s: float = 2.5
    """The silence rule's end of turn; with a detector, the ceiling for a thinking pause."""

    handoff_silence_s: float = 0.7
    max_answer_s: float = 15 * 60.0
    detector: TurnDetector | None = None
    """Smart Turn (`adapters/stt/turn.py`); None = the silence rule."""

    reply_first: bool | None = None
    """End the turn without waiting for a decoding pass in flight: the answer's words are
    then the live ones (committed, and the tail if it is decoded already), and the refine pass
    that follows every live answer puts the rest right. Waiting costs up to a pass (0.5-1 s)
    before the interviewer can reply. None = yes with a detector, no with the silence rule."""

    brief: bool = False
    """Answers are a word or a phrase (a quiz): see `SmartPolicy.brief`."""

    @property
    def replies_first(self) -> bool:
        return self.detector is not None if self.reply_first is None else self.reply_first

    def policy(self) -> Policy:
        if self.detector is None:
            return SilenceRule(self.end_silence_s, self.handoff_silence_s)
        return SmartPolicy(ceiling_s=self.end_silence_s, brief=self.brief)


@dataclass(frozen=True)
class Progress:
    """What the live view shows while the candidate speaks."""

    elapsed_s: float
    speech_s: float
    committed: str
    tentative: str
    vad: VadState


@dataclass(frozen=True)
class CapturedAnswer:
    """One answer as heard: its audio, its words, and how and when it ended.

    Times are seconds on the answer's audio clock (0 = listening started).
    """

    audio: npt.NDArray[np.float32]
    words: tuple[Word, ...]
    ended_by: str
    """"complete" (the turn model and the words), "silence", "handoff", "key", "limit", "coach"
    (the interviewer cut in), "interrupted" or "error"."""

    speech_end_s: float
    """When the candidate last spoke."""

    eot_s: float
    """When the end of turn was declared."""

    ready_delay_s: float
    """Wall seconds from the end of turn to the full transcript."""

    commit_lags: tuple[float, ...]
    passes: int
    error: MockloopError | None = None
    """A fault that cut the answer short (the words heard so far are kept)."""

    probabilities: tuple[float, ...] = ()
    """What the turn model said in the silence that ended the answer."""


_DECODER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mockloop-decoder")
"""One decoder thread for every answer of the process, not one per answer: the
model's per-thread caches otherwise pile up (measured: +4 MB per turn)."""

_TURN_MODEL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mockloop-turn")
"""The turn model's thread: its calls (50-150 ms) never hold up the audio or the decoder."""


class _Shared:
    """State the reader thread publishes for the decoder thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.vad: VadState | None = None
        self.final: tuple[int, list[Word]] | None = None
        """(last_speech_end it was decoded for, the tail words after the committed ones)."""
        self.said = ""
        """The end of the answer as of `final`: what the end-of-turn decision reads."""
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.error: BaseException | None = None


class Watcher(Protocol):
    """Follows an answer as it is heard (the live coach, `practice.LiveCoach`)."""

    def hear(self, words: Sequence[Word], now_s: float, in_speech: bool) -> bool:
        """Words so far, the answer's clock, whether the candidate is speaking now;
        True ends the turn at once (the interviewer cuts in)."""
        ...


def listen(
    source: ChunkSource,
    decoder: StreamDecoder,
    vocabulary: Sequence[str] = (),
    options: ListenOptions = ListenOptions(),
    done: threading.Event | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    watch: Watcher | None = None,
    prefix: npt.NDArray[np.float32] | None = None,
) -> CapturedAnswer:
    """Listen until the end of the candidate's turn; return what was said.

    `prefix`: audio already heard that belongs to this answer (the candidate spoke again
    while the interviewer began to reply: `heard_again`)."""
    done = done or threading.Event()
    buffer = AudioBuffer()
    vad = StreamingVad()
    if prefix is not None and len(prefix):
        buffer.append(prefix)
        vad.feed(prefix)
    streamer = StreamingTranscriber(decoder, buffer, vocabulary)
    shared = _Shared()
    worker = _DECODER.submit(_decode_loop, streamer, shared)
    judge = _TurnJudge(options.policy(), options.detector, buffer)
    ended_by = "limit"
    state = vad.state
    error: MockloopError | None = None
    clock0 = time.monotonic()
    eot_wall = clock0
    shown = 0.0  # when the live view was last updated (audio comes a 32 ms block at a time)
    try:
        while True:
            chunk = source.read(timeout=CHUNK_S)
            if chunk is not None and len(chunk):
                buffer.append(chunk)
                state = vad.feed(chunk)
                with shared.lock:
                    shared.vad = state
                shared.wake.set()
            if shared.error is not None:
                raise shared.error
            if done.is_set():
                ended_by = "key"
                break
            if watch is not None and state.speech_started:
                if watch.hear(streamer.words(), state.samples / SAMPLE_RATE, state.in_speech):
                    ended_by = "coach"
                    break
            if state.speech_started and not state.in_speech:
                how = judge.decide(state, shared, streamer)
                if how is not None:
                    ended_by = how
                    break
            if state.samples >= options.max_answer_s * SAMPLE_RATE:
                break
            if on_progress is not None and time.monotonic() - shown >= CHUNK_S:
                shown = time.monotonic()
                committed, tentative = streamer.text()
                on_progress(
                    Progress(
                        time.monotonic() - clock0,
                        state.speech_samples / SAMPLE_RATE,
                        committed,
                        tentative,
                        state,
                    )
                )
        eot_wall = time.monotonic()
        if options.replies_first:
            words = _as_heard(streamer, shared, state)
        else:
            words = _finish(streamer, shared, state, worker, len(buffer))
    except (KeyboardInterrupt, MockloopError) as exc:
        # Keep what was heard: the committed words and the audio so far.
        ended_by = "interrupted" if isinstance(exc, KeyboardInterrupt) else "error"
        error = exc if isinstance(exc, MockloopError) else None
        words = list(streamer.committed)
        options = ListenOptions(reply_first=False)  # join the decoder below before going on
    finally:
        judge.drop()
        shared.stop.set()
        shared.wake.set()
        if not options.replies_first:
            worker.result()  # never leave a thread inside the model (it crashes the interpreter at exit)
        # else the pass in flight finishes on its own; the pool's one thread (joined at exit)
        # runs the next answer's decoder only after it
    ready_delay_s = time.monotonic() - eot_wall
    eot_s = len(buffer) / SAMPLE_RATE
    return CapturedAnswer(
        audio=buffer.take(),
        words=tuple(words),
        ended_by=ended_by,
        speech_end_s=state.last_speech_end / SAMPLE_RATE,
        eot_s=eot_s,
        ready_delay_s=ready_delay_s,
        commit_lags=tuple(c.lag_s for c in streamer.commits),
        passes=streamer.passes,
        error=error,
        probabilities=judge.said,
    )


class _TurnJudge:
    """The reader thread's side of the decision: asks the model at the probe silences, reads
    the words, and hands both to the pure policy."""

    def __init__(self, policy: Policy, detector: TurnDetector | None, buffer: AudioBuffer) -> None:
        self.policy = policy
        self.detector = detector
        self.buffer = buffer
        self.probes = policy.probe_at() if detector is not None else ()
        self.silence_of = -1
        self.asked: list[Future[float]] = []
        self.said: tuple[float, ...] = ()

    def decide(self, state: VadState, shared: _Shared, streamer: StreamingTranscriber) -> str | None:
        if state.last_speech_end != self.silence_of:
            self.silence_of = state.last_speech_end
            self.drop()
        silence = state.silence_s
        if self.detector is not None and len(self.asked) < len(self.probes) and silence >= self.probes[len(self.asked)]:
            n = state.samples
            audio = self.buffer.slice(n - int(MODEL_WINDOW_S * SAMPLE_RATE), n)
            self.asked.append(_TURN_MODEL.submit(self.detector.probability, audio))
        said: list[float] = []
        for future in self.asked:
            if not future.done():
                break
            said.append(future.result())
        self.said = tuple(said)
        with shared.lock:
            final, text = shared.final, shared.said
        fresh = final is not None and final[0] == state.last_speech_end
        if not fresh:
            text = " ".join(w.text for w in streamer.words()[-30:])
        return self.policy.decide(Pause(silence, self.said, cue_of(text) if text else None, fresh))

    def drop(self) -> None:
        """Forget the probes of a silence that is over, and cancel those not yet begun.

        Nobody reads their answers any more, yet each still holds its 8 s of audio and
        would take the turn model's thread for 50-150 ms. When the CPU is busy, silences
        can come faster than the model answers, and uncancelled probes queued up turn
        after turn (measured in bench/turn_latency.py: 160 waiting by the 40th answer,
        +4 MB of RSS per turn)."""
        for future in self.asked:
            future.cancel()
        self.asked = []


def _as_heard(streamer: StreamingTranscriber, shared: _Shared, state: VadState) -> list[Word]:
    """The answer's words now, without waiting: the speculative tail if it is for this
    silence, else the committed and tentative words of the last pass."""
    if shared.error is not None:
        raise shared.error
    if not state.speech_started:
        return []
    with shared.lock:
        final = shared.final
    if final is not None and final[0] == state.last_speech_end:
        return [*streamer.committed, *final[1]]
    return streamer.words()


def _finish(
    streamer: StreamingTranscriber,
    shared: _Shared,
    state: VadState,
    worker: Future[None],
    upto: int,
) -> list[Word]:
    """The answer's words at end of turn: the speculative tail if still valid, else a fresh one.

    The decoder is idle once it has decoded the tail of this silence, so the
    join is immediate in the usual case.
    """
    shared.stop.set()
    shared.wake.set()
    worker.result()
    if shared.error is not None:
        raise shared.error
    if not state.speech_started:
        return []
    final = shared.final
    tail = final[1] if final is not None and final[0] == state.last_speech_end else streamer.final_tail(upto)
    return [*streamer.committed, *tail]


def _decode_loop(streamer: StreamingTranscriber, shared: _Shared) -> None:
    last_step = 0
    try:
        while not shared.stop.is_set():
            shared.wake.wait(0.05)
            shared.wake.clear()
            with shared.lock:
                state = shared.vad
                final = shared.final
            if state is None or not state.speech_started:
                continue
            n = state.samples
            if not state.in_speech:
                # In a pause no pass starts (one started now would hold up the tail decode),
                # and from PAUSE_S on the tail is decoded once for this silence.
                if state.silence_s >= PAUSE_S and (final is None or final[0] != state.last_speech_end):
                    tail = streamer.final_tail(n)
                    said = " ".join(w.text for w in [*streamer.committed[-30:], *tail])
                    with shared.lock:
                        shared.final = (state.last_speech_end, tail)
                        shared.said = said
                continue
            if n - last_step >= STEP_S * SAMPLE_RATE:
                last_step = n
                streamer.step(n)
    except BaseException as exc:  # surfaced to the reader thread
        shared.error = exc
