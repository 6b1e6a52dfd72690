"""Is the candidate's turn finished? Pipecat's Smart Turn v3.2, run with onnxruntime.

The model (8 MB ONNX, BSD-2; a Whisper-tiny encoder with a small head) ships
inside the `pipecat-ai` wheel. It is found through the wheel's metadata
(`importlib.metadata`), so neither pipecat's top-level package (loguru, a
version banner, the pipeline framework) nor anything else of pipecat is
imported: only the feature extractor it vendors, loaded from its file, which
needs nothing but numpy. Nothing is downloaded and no weights are copied.

It is fed as `LocalSmartTurnAnalyzerV3` feeds it: the last 8 s of 16 kHz
audio (zero-padded at the front), Whisper log-mel features, one sigmoid out.
What the model says is only one input of the decision; the policy that
combines it with the silence and the live words is `conversation/turn_taking.py`.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from mockloop.adapters import heap
from mockloop.errors import ModelError
from mockloop.settings import SAMPLE_RATE

WINDOW_S = 8
"""Seconds of audio the model sees (its training window)."""

_PACKAGE = "pipecat-ai"
_MODEL = "pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx"
_FEATURES = "pipecat/audio/turn/smart_turn/_whisper_features.py"
_HINT = "install the pinned dependencies (pip install -r requirements.lock), or use --turn-detector silence"


def _bundled(relative: str) -> Path:
    from importlib import metadata

    try:
        dist = metadata.distribution(_PACKAGE)
    except metadata.PackageNotFoundError:
        raise ModelError(f"the turn detector needs the {_PACKAGE} package, which is not installed", _HINT) from None
    path = Path(str(dist.locate_file(relative)))
    if not path.is_file():
        raise ModelError(f"{_PACKAGE} {dist.version} has no {relative}", _HINT)
    return path


def _load_features() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mockloop_smart_turn_features", _bundled(_FEATURES))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SmartTurn:
    """The bundled Smart Turn v3.2 model on one CPU thread; `probability(audio)` per decision.

    `last_compute_s` is the wall time of the latest call (the benchmark adds it
    to its simulated clock)."""

    def __init__(self) -> None:
        self.model_path = _bundled(_MODEL)
        """Found now, so a missing package fails before a session starts."""
        self._session: Any = None
        self._features: ModuleType | None = None
        self._lock = threading.Lock()
        self.last_compute_s = 0.0

    def load(self) -> None:
        """Open the model now (a session loads it before the interviewer speaks)."""
        with self._lock:
            if self._session is not None:
                return
            heap.tune()
            try:
                import onnxruntime
            except ImportError as exc:
                raise ModelError(f"the turn detector needs onnxruntime ({exc})", _HINT) from None
            opts = onnxruntime.SessionOptions()
            opts.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
            opts.inter_op_num_threads = 1
            opts.intra_op_num_threads = 1
            # onnxruntime's own arena, planned tensor by tensor: each call reuses the same
            # 25 MB rather than taking fresh pages from the C heap (`heap`: blocks of 4 MB
            # and more are mapped afresh), so a call costs 2,000 page faults, not 7,000, and
            # runs in 32 ms, not 41 (in isolation; 35 ms before either change).
            opts.enable_cpu_mem_arena = True
            opts.enable_mem_pattern = False
            opts.log_severity_level = 4
            try:
                self._session = onnxruntime.InferenceSession(
                    str(self.model_path), providers=["CPUExecutionProvider"], sess_options=opts
                )
                self._features = _load_features()
            except ModelError:
                raise
            except Exception as exc:
                raise ModelError(f"cannot load the turn detector ({type(exc).__name__}: {exc})", _HINT) from None

    def probability(self, audio: npt.NDArray[np.float32]) -> float:
        """How likely the turn is complete, from the last WINDOW_S seconds of `audio`."""
        self.load()
        assert self._features is not None
        t0 = time.perf_counter()
        n = WINDOW_S * SAMPLE_RATE
        x = np.asarray(audio[-n:], dtype=np.float32)
        if len(x) < n:
            x = np.concatenate([np.zeros(n - len(x), dtype=np.float32), x])
        mel = self._features.compute_whisper_log_mel_features(x, do_normalize=True)
        out = self._session.run(None, {"input_features": np.asarray(mel, dtype=np.float32)[None]})
        self.last_compute_s = time.perf_counter() - t0
        return float(np.asarray(out[0]).reshape(-1)[0])
