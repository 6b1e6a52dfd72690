#!/usr/bin/env python3
"""Transcription benchmark: each decoding configuration on two sets, in the same run.

- fixtures: audio_fixtures/ (the training set: the shipped WER bounds and every
  earlier choice were measured on it);
- held-out: tests/heldout/audio/scripts.jsonl, 40 answers written by an
  independent helper, spoken at bench time by espeak-ng voices and speeds the
  fixtures do not use (bench/heldout_audio.py, into the git-ignored bench/out/).
  Questions outside the bank get the general jargon list, as `mockloop analyze`
  gives an answer without a question.

Each configuration runs in its own process so that its model load time and
peak memory are its own. Printed per configuration and set: real-time factor
(transcription seconds / audio seconds), peak RSS, word error rate on content
words (fillers dropped from both sides), WER with fillers, how many spoken
fillers survived, the worst word loss of any one answer (reference words
deleted / reference words), and how many stretches were decoded again
(`coverage`). Ratios are against plain tiny.en measured in the same run.

Choose the default only among these configurations, by the held-out figures;
never change a configuration to make a held-out figure go up.

Last line (a contract other tools read):
`rtf: X  wer_plain: Y  wer_biased: Z  wer_plain_heldout: A  wer_default_heldout: B  worst_loss_heldout: C`
where rtf, wer_biased, wer_default_heldout and worst_loss_heldout are for the
shipped default, and the first three are on the fixtures.

    .venv/bin/python bench/transcribe.py            # every configuration, both whole sets (~40 min)
    .venv/bin/python bench/transcribe.py --quick    # fewer configurations, every 4th held-out answer
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "audio_fixtures"
sys.path.insert(0, str(ROOT / "bench"))

CONFIGS: dict[str, dict[str, Any]] = {
    "plain": {"biasing": "none", "corrections": False, "own_vad": False},
    "plain/checked": {"biasing": "none", "corrections": False},
    "primer": {"biasing": "primer", "corrections": False},
    "primer+corr": {"biasing": "primer"},
    "primer+vocab+corr": {"biasing": "prompt"},
    "primer+vocab+corr/unchecked": {"biasing": "prompt", "own_vad": False},
    "vocab+corr": {"biasing": "vocabulary"},
    "hotwords+corr": {"biasing": "hotwords"},
    "primer+vocab+corr/beam1": {"biasing": "prompt", "beam_size": 1},
    "primer+vocab+corr/beam3": {"biasing": "prompt", "beam_size": 3},
    "primer+vocab+corr/per-clip": {"biasing": "prompt", "per_clip": True},
    "hotwords+corr/per-clip": {"biasing": "hotwords", "per_clip": True},
}
"""Every config is int8, beam 5, decodes the VAD's clips and re-decodes lost stretches
(`recognize`), unless it says otherwise. `plain` is tiny.en as faster-whisper runs it (its
own VAD filter over the whole recording, nothing checked): the baseline of every ratio.
`/unchecked` is the decoding shipped before issue 16."""

QUICK = ("plain", "primer+corr", "primer+vocab+corr", "hotwords+corr")
FLOAT32 = {"plain/float32": {"biasing": "none", "corrections": False, "own_vad": False, "compute_type": "float32"}}


def _fixture_items() -> list[tuple[str, str, Path, str]]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text())
    return [
        (name, info["question"], FIXTURES / f"{name}.wav", (FIXTURES / f"{name}.txt").read_text())
        for name, info in sorted(manifest.items())
    ]


def _heldout_items(stride: int) -> list[tuple[str, str, Path, str]]:
    from heldout_audio import build

    return [(h.id, h.question, h.wav, h.text) for h in build()[::stride]]


def _score(transcriber: Any, items: list[tuple[str, str, Path, str]]) -> dict[str, Any]:
    from mockloop.adapters.audio.files import duration_s, read_audio
    from mockloop.adapters.storage.bank import Bank, shipped_dir
    from mockloop.adapters.stt.wer import edit_distance, filler_count, lost_words, normalize
    from mockloop.errors import MockloopError
    from mockloop.services.analyze import GENERAL_VOCABULARY

    bank = Bank([shipped_dir()])
    audio_s = work_s = 0.0
    errors = ref_words = errors_f = ref_words_f = 0
    fillers_spoken = fillers_heard = redecoded = 0
    worst = (0.0, "")
    for name, question, wav, truth in items:
        try:
            vocabulary = bank.get(question).vocabulary
        except MockloopError:
            vocabulary = GENERAL_VOCABULARY
        audio = read_audio(wav)
        t0 = time.perf_counter()
        result = transcriber.recognize(audio, vocabulary)
        work_s += time.perf_counter() - t0
        audio_s += duration_s(audio)
        redecoded += len(result.redecoded)
        hyp = " ".join(w.text for w in result.words)
        ref_c, hyp_c = normalize(truth, drop_fillers=True), normalize(hyp, drop_fillers=True)
        errors += edit_distance(ref_c, hyp_c)
        ref_words += len(ref_c)
        loss = lost_words(ref_c, hyp_c) / len(ref_c)
        worst = max(worst, (loss, name))
        ref_f, hyp_f = normalize(truth), normalize(hyp)
        errors_f += edit_distance(ref_f, hyp_f)
        ref_words_f += len(ref_f)
        fillers_spoken += filler_count(truth)
        fillers_heard += min(filler_count(hyp), filler_count(truth))
    return {
        "rtf": work_s / audio_s,
        "wer": errors / ref_words,
        "wer_with_fillers": errors_f / ref_words_f,
        "filler_recall": fillers_heard / fillers_spoken if fillers_spoken else 1.0,
        "worst_loss": worst[0],
        "worst_loss_answer": worst[1],
        "redecoded": redecoded,
        "answers": len(items),
    }


def worker(config: dict[str, Any], stride: int) -> dict[str, Any]:
    from mockloop.adapters.stt.whisper import Biasing, WhisperTranscriber

    kwargs = dict(config)
    kwargs["biasing"] = Biasing(kwargs["biasing"])
    transcriber = WhisperTranscriber(**kwargs)
    t0 = time.perf_counter()
    transcriber.load()
    load_s = time.perf_counter() - t0
    fixtures = _score(transcriber, _fixture_items())
    heldout = _score(transcriber, _heldout_items(stride))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"load_s": load_s, "peak_mb": peak_mb, "fixtures": fixtures, "heldout": heldout}


def default_config() -> str:
    """The configuration the shipped defaults of whisper.py make."""
    from mockloop.adapters.stt.whisper import BEAM_SIZE, COMPUTE_TYPE, DEFAULT_BIASING, PER_CLIP

    defaults = {"corrections": True, "redecode": True, "own_vad": True, "beam_size": BEAM_SIZE, "per_clip": False}
    shipped = {**defaults, "biasing": DEFAULT_BIASING.value, "compute_type": COMPUTE_TYPE, "per_clip": PER_CLIP}
    for name, config in CONFIGS.items():
        full = {**defaults, "compute_type": "int8", **config}
        if full == shipped:
            return name
    raise SystemExit(f"bench/transcribe.py: no configuration matches the shipped default {shipped}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="four configurations, every 4th held-out answer")
    parser.add_argument("--float32", action="store_true", help="also measure plain tiny.en in float32")
    parser.add_argument(
        "--only", metavar="NAMES", help="comma-separated configurations to measure (plain and the default always are)"
    )
    args = parser.parse_args(argv)
    default = default_config()
    only = set(args.only.split(",")) if args.only else None
    unknown = sorted((only or set()) - set(CONFIGS))
    if unknown:
        parser.error(f"unknown configuration {', '.join(unknown)}; choose from {', '.join(CONFIGS)}")
    names = [
        n for n in CONFIGS
        if n in ("plain", default) or ((not args.quick or n in QUICK) and (only is None or n in only))
    ]
    configs = {n: CONFIGS[n] for n in names} | (FLOAT32 if args.float32 else {})
    stride = 4 if args.quick else 1
    results: dict[str, dict[str, Any]] = {}
    for name, config in configs.items():
        out = subprocess.run(
            [sys.executable, __file__, "--worker", json.dumps(config), str(stride)],
            check=True, capture_output=True, text=True,
        )
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"measured {name}", file=sys.stderr, flush=True)
    base = results["plain"]
    print(
        f"{'config':<30}{'set':<9}{'rtf':>7}{'peak MB':>9}{'wer':>8}{'x plain':>8}{'wer+fill':>10}"
        f"{'fillers':>9}{'worst loss':>12}{'redecoded':>11}"
    )
    for name, r in results.items():
        for part in ("fixtures", "heldout"):
            s, b = r[part], base[part]
            print(
                f"{name + (' *' if name == default else ''):<30}{part:<9}{s['rtf']:>7.3f}{r['peak_mb']:>9.0f}{s['wer']:>8.3f}"
                f"{s['wer'] / b['wer']:>8.2f}{s['wer_with_fillers']:>10.3f}{s['filler_recall']:>9.0%}"
                f"{s['worst_loss']:>12.1%}{s['redecoded']:>11d}"
            )
    shipped = results[default]
    held = shipped["heldout"]
    print(f"* shipped default; held-out: {held['answers']} answers; worst loss on {held['worst_loss_answer']}")
    print(
        f"rtf: {shipped['fixtures']['rtf']:.3f}  wer_plain: {base['fixtures']['wer']:.3f}  "
        f"wer_biased: {shipped['fixtures']['wer']:.3f}  wer_plain_heldout: {base['heldout']['wer']:.3f}  "
        f"wer_default_heldout: {held['wer']:.3f}  worst_loss_heldout: {held['worst_loss']:.3f}"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        print(json.dumps(worker(json.loads(sys.argv[2]), int(sys.argv[3]))))
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
