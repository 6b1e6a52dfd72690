"""Voice activity on a live stream: the Silero VAD that faster-whisper ships, frame by frame.

faster-whisper's `get_speech_timestamps` works on a whole recording: it resets
the model's recurrent state on every call and wants 2 s of silence to split.
A live listener needs the opposite: 32 ms frames fed as they arrive, with the
state (and the 64-sample context the model expects) carried from one frame to
the next. `StreamingVad` does that and keeps the running speech/silence state
the turn-taking rules read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mockloop.settings import SAMPLE_RATE

FRAME = 512
"""Samples per VAD frame at 16 kHz (32 ms), as the Silero model wants."""

CONTEXT = 64
"""Samples of the previous frame the model sees before each new one."""

SPEECH_THRESHOLD = 0.5
SILENCE_THRESHOLD = 0.35
"""Hysteresis, as in faster-whisper's batch VAD: speech above 0.5, silence below 0.35."""

MIN_SPEECH_S = 0.25
"""A burst shorter than this does not start an answer (a cough, a click)."""

_session_lock = threading.Lock()
_session: Any = None


def _silero() -> Any:
    """The ONNX session, created once per process (it is stateless; state is ours)."""
    global _session
    with _session_lock:
        if _session is None:
            import onnxruntime
            from faster_whisper.utils import get_assets_path

            opts = onnxruntime.SessionOptions()
            opts.inter_op_num_threads = 1
            opts.intra_op_num_threads = 1
            opts.enable_cpu_mem_arena = False
            opts.log_severity_level = 4
            path = Path(get_assets_path()) / "silero_vad_v6.onnx"
            _session = onnxruntime.InferenceSession(
                str(path), providers=["CPUExecutionProvider"], sess_options=opts
            )
        return _session


@dataclass(frozen=True)
class VadState:
    """Where the stream stands, in samples from its start."""

    samples: int
    """Samples fed so far."""

    speech_started: bool
    """True once a burst of at least MIN_SPEECH_S has been heard."""

    in_speech: bool
    last_speech_end: int
    """Sample index where speech last fell silent (or `samples` while speaking)."""

    speech_samples: int
    """Total samples judged to be speech (the coach's speech-time clock)."""

    @property
    def silence_s(self) -> float:
        """Seconds of silence since the candidate last spoke (0 while speaking)."""
        if self.in_speech or not self.speech_started:
            return 0.0
        return (self.samples - self.last_speech_end) / SAMPLE_RATE


class StreamingVad:
    """Feed any number of samples at a time; read `state` after each feed."""

    def __init__(self) -> None:
        self._model = _silero()
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)
        self._samples = 0
        self._in_speech = False
        self._burst_start = 0
        self._speech_started = False
        self._last_speech_end = 0
        self._speech_samples = 0

    def probability(self, frame: npt.NDArray[np.float32]) -> float:
        """Speech probability of one FRAME-sample frame, advancing the model's state."""
        x = np.concatenate([self._context, frame])[None, :]
        out, self._h, self._c = self._model.run(None, {"input": x, "h": self._h, "c": self._c})
        self._context = frame[-CONTEXT:]
        return float(np.asarray(out).reshape(-1)[0])

    def feed(self, samples: npt.NDArray[np.float32]) -> VadState:
        data = np.concatenate([self._pending, samples]) if self._pending.size else samples
        whole = len(data) - len(data) % FRAME
        for i in range(0, whole, FRAME):
            self._step(self.probability(np.ascontiguousarray(data[i : i + FRAME], dtype=np.float32)))
        self._pending = np.array(data[whole:], dtype=np.float32)
        return self.state

    def _step(self, p: float) -> None:
        start = self._samples
        self._samples += FRAME
        if self._in_speech:
            self._speech_samples += FRAME
            if p < SILENCE_THRESHOLD:
                self._in_speech = False
                self._last_speech_end = start
        elif p >= SPEECH_THRESHOLD:
            self._in_speech = True
            self._burst_start = start
            self._speech_samples += FRAME
        if self._in_speech and not self._speech_started:
            if self._samples - self._burst_start >= MIN_SPEECH_S * SAMPLE_RATE:
                self._speech_started = True

    @property
    def state(self) -> VadState:
        return VadState(
            samples=self._samples,
            speech_started=self._speech_started,
            in_speech=self._in_speech,
            last_speech_end=self._samples if self._in_speech else self._last_speech_end,
            speech_samples=self._speech_samples,
        )


BATCH_FRAMES = 256
"""Frames (32 ms each, about 8 s) the whole-recording VAD gives the model at a time."""


class BlockedSilero:
    """faster-whisper's `SileroVADModel`, a block of frames at a time, on the one session.

    faster-whisper runs the model over up to 10,000 frames at once: for a
    2-minute answer the session's intermediate tensors took 50 MB more at
    their peak (120 MB for 5 minutes), on top of the speech model, and the
    session does this both in the careful pass (`voiced_spans`) and in
    faster-whisper's own `vad_filter` of every live pass. The model's state is
    carried from block to block exactly as faster-whisper carries it from
    batch to batch, so the probabilities are the same to the bit
    (tests/unit/test_vad.py); and it is `_silero`'s session, not a second one.
    """

    def __init__(self) -> None:
        self.session = _silero()

    def __call__(
        self, audio: npt.NDArray[np.float32], num_samples: int = FRAME, context_size_samples: int = CONTEXT
    ) -> npt.NDArray[np.float32]:
        if audio.ndim != 1 or audio.shape[0] % num_samples:
            raise ValueError(f"the VAD wants 1-D audio in whole frames of {num_samples} samples")
        h = np.zeros((1, 1, 128), dtype=np.float32)
        c = np.zeros((1, 1, 128), dtype=np.float32)
        frames = audio.reshape(-1, num_samples)
        # Each frame is preceded by the last samples of the frame before (zeros for the first).
        context = np.zeros((len(frames), context_size_samples), dtype=frames.dtype)
        context[1:] = frames[:-1, -context_size_samples:]
        outputs = []
        for i in range(0, len(frames), BATCH_FRAMES):
            batch = np.concatenate([context[i : i + BATCH_FRAMES], frames[i : i + BATCH_FRAMES]], 1)
            if i + BATCH_FRAMES >= len(frames):
                # faster-whisper zeroes the last frame's final samples (in making the first
                # frame's context); the same here, to give the same probabilities.
                batch[-1, -context_size_samples:] = 0
            output, h, c = self.session.run(None, {"input": batch, "h": h, "c": c})
            outputs.append(output)
        result: npt.NDArray[np.float32] = np.concatenate(outputs, axis=0)
        return result


_blocked_lock = threading.Lock()


def use_blocked_vad() -> None:
    """Make faster-whisper's VAD (its `get_speech_timestamps`, so its `vad_filter` too) run
    `BlockedSilero`; once per process, before the first whole-recording VAD."""
    import faster_whisper.vad as theirs

    with _blocked_lock:
        if isinstance(getattr(theirs.get_vad_model, "model", None), BlockedSilero):
            return
        model = BlockedSilero()

        def get_vad_model() -> BlockedSilero:
            return model

        get_vad_model.model = model  # type: ignore[attr-defined]
        theirs.get_vad_model = get_vad_model


VOICED_MIN_SILENCE_S = 0.3
"""Whole-recording VAD: a silence this long ends a voiced stretch (finer than
faster-whisper's own 2 s, so that a lost sentence shows as its own stretch)."""

VOICED_PAD_S = 0.1
"""Whole-recording VAD: each voiced stretch is widened by this much on each side."""


def voiced_spans(audio: npt.NDArray[np.float32]) -> list[tuple[float, float]]:
    """The voiced stretches of a whole recording, (start, end) in seconds.

    The Silero VAD that faster-whisper ships, run over the recording at once
    (its `get_speech_timestamps`); the recogniser compares these with the
    time its words cover (`adapters/stt/coverage.py`)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    use_blocked_vad()
    options = VadOptions(
        min_silence_duration_ms=int(VOICED_MIN_SILENCE_S * 1000), speech_pad_ms=int(VOICED_PAD_S * 1000)
    )
    return [
        (c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE)
        for c in get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
    ]
