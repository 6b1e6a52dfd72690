#!/usr/bin/env python3
"""Transcription benchmark over audio_fixtures/: speed, memory and accuracy.

Each configuration (compute type x biasing) runs in its own process so that
its model load time and peak memory are its own. Printed per configuration:
model load time, real-time factor (transcription seconds / audio seconds),
peak RSS, word error rate on content words (fillers dropped from both
sides), WER with fillers kept, and how many of the spoken fillers survived.
Ratios are against plain int8 measured in the same run.

Last line (a contract other tools read): `rtf: X  wer_plain: Y  wer_biased: Z`
where rtf and wer_biased are for the shipped default (int8, default biasing).

    .venv/bin/python bench/transcribe.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "audio_fixtures"
CONFIGS = [
    ("int8", "none"),
    ("int8", "prompt"),
    ("int8", "hotwords"),
    ("float32", "none"),
    ("float32", "prompt"),
]


def worker(compute_type: str, biasing: str) -> dict[str, float]:
    from mockloop.adapters.audio.files import duration_s, read_audio
    from mockloop.adapters.storage.bank import Bank, shipped_dir
    from mockloop.adapters.stt.whisper import Biasing, WhisperTranscriber
    from mockloop.adapters.stt.wer import edit_distance, filler_count, normalize

    bank = Bank([shipped_dir()])
    manifest = json.loads((FIXTURES / "manifest.json").read_text())
    transcriber = WhisperTranscriber(compute_type=compute_type, biasing=Biasing(biasing))
    t0 = time.perf_counter()
    transcriber.load()
    load_s = time.perf_counter() - t0
    audio_s = work_s = 0.0
    errors = ref_words = errors_f = ref_words_f = 0
    fillers_spoken = fillers_heard = 0
    for name, info in sorted(manifest.items()):
        audio = read_audio(FIXTURES / f"{name}.wav")
        truth = (FIXTURES / f"{name}.txt").read_text()
        vocabulary = bank.get(info["question"]).vocabulary
        t0 = time.perf_counter()
        words = transcriber.transcribe(audio, vocabulary)
        work_s += time.perf_counter() - t0
        audio_s += duration_s(audio)
        hyp = " ".join(w.text for w in words)
        ref_c, hyp_c = normalize(truth, drop_fillers=True), normalize(hyp, drop_fillers=True)
        errors += edit_distance(ref_c, hyp_c)
        ref_words += len(ref_c)
        ref_f, hyp_f = normalize(truth), normalize(hyp)
        errors_f += edit_distance(ref_f, hyp_f)
        ref_words_f += len(ref_f)
        fillers_spoken += filler_count(truth)
        fillers_heard += min(filler_count(hyp), filler_count(truth))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "load_s": load_s,
        "rtf": work_s / audio_s,
        "peak_mb": peak_mb,
        "wer": errors / ref_words,
        "wer_with_fillers": errors_f / ref_words_f,
        "filler_recall": fillers_heard / fillers_spoken if fillers_spoken else 1.0,
    }


def main() -> int:
    from mockloop.adapters.stt.whisper import COMPUTE_TYPE, DEFAULT_BIASING

    results: dict[tuple[str, str], dict[str, float]] = {}
    for compute_type, biasing in CONFIGS:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", compute_type, biasing],
            check=True, capture_output=True, text=True,
        )
        results[(compute_type, biasing)] = json.loads(out.stdout.strip().splitlines()[-1])
    base = results[("int8", "none")]
    print(f"{'config':<18}{'load s':>8}{'rtf':>8}{'x base':>8}{'peak MB':>9}{'wer':>8}{'wer+fill':>10}{'fillers kept':>14}")
    for (compute_type, biasing), r in results.items():
        print(
            f"{compute_type + '/' + biasing:<18}{r['load_s']:>8.2f}{r['rtf']:>8.3f}{r['rtf'] / base['rtf']:>8.2f}"
            f"{r['peak_mb']:>9.0f}{r['wer']:>8.3f}{r['wer_with_fillers']:>10.3f}{r['filler_recall']:>13.0%}"
        )
    default = results[(COMPUTE_TYPE, DEFAULT_BIASING.value)]
    print(f"rtf: {default['rtf']:.3f}  wer_plain: {base['wer']:.3f}  wer_biased: {default['wer']:.3f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], sys.argv[3])))
        sys.exit(0)
    sys.exit(main())
