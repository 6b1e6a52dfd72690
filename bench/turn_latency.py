#!/usr/bin/env python3
"""Turn-taking latency of the live listening path, against transcribing after the answer.

Answers of about 10, 60 and 180 s, built from audio_fixtures/ (joined at
0.8 s pauses, shorter than the end-of-turn silence), are fed in real time
through the same path as the microphone: streaming VAD, end of turn,
LocalAgreement passes. Measured from the last speech sample (the VAD's):

    eot      end of turn declared (2.5 s of silence, 0.7 s after a hand-off)
    ready    the full transcript ready, counted from the end of turn
    next     the interviewer's next line ready to play (decide + synthesize), from the end of turn
    lag      live commit lag: how long after a word is spoken it is committed (median)
    wer      of the live words; and of the words after the background refine

The baseline, in the same run: transcribing the whole 180 s answer only
after it ended (what a non-streaming loop would do), `batch_180s`.

Then memory: a 45-minute session simulated through the real runner (the
interviewer's lines synthesized, answers fed through the live path 20x
faster than real time, every turn saved, the refine pass run), RSS after
each turn, its slope per turn, and the peak.

Last line (a contract other tools read):
`ready_after_eot_s: 10s=X 60s=Y 180s=Z  batch_180s=W  rss_mb=M`
(X, Y, Z medians over the repeats; M the simulated session's peak RSS).

With `--turn-detector smart` the live path ends turns with Smart Turn (the
session default) and the memory run has the model loaded; `--quick` runs
each answer once and feeds the simulated session 40x faster (a few minutes).

    .venv/bin/python bench/turn_latency.py [--quick] [--repeats N] [--skip-memory] [--turn-detector smart|silence]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "audio_fixtures"
GAP_S = 0.8
ANSWERS = {
    # Only the last part of an answer may end with a hand-off ("what do you want to
    # pull on next?"): one in the middle would rightly end the turn there.
    "10s": ["jargon-ratelimit:10"],
    "60s": ["jargon-dedupe", "fillers-requirements", "concise-commit"],
    "180s": ["relitigating-replication", "jargon-dedupe", "calibrated-estimate", "concise-commit"],
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cut_at_pause(audio: np.ndarray, after_s: float) -> np.ndarray:
    """Cut at the first quiet 250 ms after `after_s`, so the answer ends between words."""
    frame = 400  # 25 ms
    start = int(after_s * 16000) // frame
    quiet = 0
    for i in range(start, len(audio) // frame):
        level = float(np.sqrt(np.mean(audio[i * frame : (i + 1) * frame] ** 2)))
        quiet = quiet + 1 if level < 0.005 else 0
        if quiet >= 10:
            return audio[: (i - 9) * frame]
    return audio


def build(parts: list[str]) -> tuple[np.ndarray, str]:
    from mockloop.adapters.audio.files import read_audio

    pieces, truths = [], []
    gap = np.zeros(int(GAP_S * 16000), dtype=np.float32)
    for part in parts:
        name, _, cut = part.partition(":")
        audio = read_audio(FIXTURES / f"{name}.wav")
        truth = (FIXTURES / f"{name}.txt").read_text().strip()
        if cut:
            audio = _cut_at_pause(audio, float(cut))
            keep = len(audio) / 16000 / (len(read_audio(FIXTURES / f"{name}.wav")) / 16000)
            words = truth.split()
            truth = " ".join(words[: max(1, round(len(words) * keep))])
        pieces += [audio, gap]
        truths.append(truth)
    return np.concatenate(pieces[:-1]), " ".join(truths)


def _options(detector: str) -> Any:
    from mockloop.adapters.audio.listen import ListenOptions

    if detector == "smart":
        from mockloop.adapters.stt.turn import SmartTurn

        turn = SmartTurn()
        turn.load()
        return ListenOptions(8.0, detector=turn)
    return ListenOptions()


def latency(repeats: int, detector: str = "silence") -> dict[str, dict[str, float]]:
    from mockloop.adapters.audio.listen import PacedSource, listen
    from mockloop.adapters.audio.voice import Pyttsx3Voice
    from mockloop.adapters.storage.bank import Bank, shipped_dir
    from mockloop.conversation.interview import Interview
    from mockloop.settings import Settings
    from mockloop.adapters.stt.whisper import WhisperTranscriber
    from mockloop.adapters.stt.wer import wer

    bank = Bank([shipped_dir()])
    question = bank.get("build-cache")
    transcriber = WhisperTranscriber()
    transcriber.load()
    voice = Pyttsx3Voice()
    results: dict[str, dict[str, float]] = {}
    lead_in = np.zeros(8000, dtype=np.float32)
    options = _options(detector)
    for label, parts in ANSWERS.items():
        audio, truth = build(parts)
        rows = []
        for _ in range(repeats):
            heard = listen(PacedSource(np.concatenate([lead_in, audio])), transcriber, question.vocabulary, options)
            t0 = time.monotonic()
            interview = Interview(question, bank.interviewer(), ("deep_dive",), 45, Settings())
            interview.start()
            lines = interview.after_answer(60.0, " ".join(w.text for w in heard.words))
            voice.synthesize(" ".join(line.text for line in lines))
            next_s = heard.ready_delay_s + time.monotonic() - t0
            live = " ".join(w.text for w in heard.words)
            rows.append(
                {
                    "eot": heard.eot_s - heard.speech_end_s,
                    "ready": heard.ready_delay_s,
                    "next": next_s,
                    "lag": statistics.median(heard.commit_lags) if heard.commit_lags else float("nan"),
                    "wer_live": wer(truth, live),
                    "passes": heard.passes,
                    "ended_by": heard.ended_by,
                    "audio_s": len(audio) / 16000,
                }
            )
        t0 = time.monotonic()
        refined = transcriber.transcribe(audio, question.vocabulary)
        batch_s = time.monotonic() - t0
        summary = {k: statistics.median(float(r[k]) for r in rows) for k in ("eot", "ready", "next", "lag", "wer_live", "passes", "audio_s")}
        summary["batch"] = batch_s
        summary["wer_refined"] = wer(truth, " ".join(w.text for w in refined))
        results[label] = summary
        ends = ",".join(sorted({str(r["ended_by"]) for r in rows}))
        print(
            f"{label:>5} ({summary['audio_s']:5.1f} s audio, {repeats}x, ended by {ends}): "
            f"eot {summary['eot']:.2f} s  ready +{summary['ready']:.2f} s  next line +{summary['next']:.2f} s  "
            f"commit lag {summary['lag']:.2f} s  passes {summary['passes']:.0f}  "
            f"wer live {summary['wer_live']:.3f} / refined {summary['wer_refined']:.3f}  "
            f"(batch after the answer: {batch_s:.2f} s)",
            flush=True,
        )
    return results


def memory_worker(out: Path, detector: str = "silence", speed: float = 20.0) -> None:
    """A 45-minute session through the real runner; prints RSS per turn as JSON lines."""
    import json

    from mockloop.adapters.audio.listen import ListenOptions, PacedSource, listen
    from mockloop.adapters.audio.voice import Pyttsx3Voice
    from mockloop.adapters.storage.bank import Bank, shipped_dir
    from mockloop.model import Response
    from mockloop.services.practice import Refiner, run_practice
    from mockloop.conversation.interview import Interview
    from mockloop.settings import Settings
    from mockloop.adapters.storage.store import SessionFolder
    from mockloop.adapters.stt.whisper import WhisperTranscriber

    bank = Bank([shipped_dir()])
    question = bank.get("build-cache")
    transcriber = WhisperTranscriber()
    transcriber.load()
    names = ["concise-commit", "jargon-dedupe", "relitigating-replication", "calibrated-estimate", "fillers-requirements"]
    clips = [build([n])[0] for n in names]
    options = _options(detector)
    samples: list[float] = []

    class Simulated:
        kind = "simulated"

        def __init__(self) -> None:
            self.n = 0

        def answer(self, vocabulary: tuple[str, ...] | list[str]) -> Response | None:
            audio = clips[self.n % len(clips)]
            self.n += 1
            heard = listen(PacedSource(audio, speed=speed), transcriber, vocabulary, options)
            samples.append(rss_mb())
            return Response(heard.words, len(heard.audio) / 16000, heard.audio, heard.ended_by, "simulated")

    class Quiet:
        def interviewer(self, *a: object) -> None: ...
        def listening(self, *a: object) -> None: ...
        def answered(self, *a: object) -> None: ...

    interview = Interview(question, bank.interviewer(), ("requirements", "estimation", "api", "data_model", "architecture", "deep_dive"), 45, Settings())
    folder = SessionFolder.create(out, question.id, {})
    outcome = run_practice(interview, Simulated(), folder, Quiet(), Pyttsx3Voice(), None, Refiner(transcriber, question.vocabulary))
    print(json.dumps({"rss": samples, "peak": peak_mb(), "turns": len(folder.turns), "minutes": folder.meta.get("minutes_spoken"), "status": outcome.status}))


def memory(detector: str = "silence", quick: bool = False) -> dict[str, float]:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [sys.executable, __file__, "--memory-worker", tmp, "--turn-detector", detector, "--speed", "40" if quick else "20"],
            capture_output=True,
            text=True,
            check=True,
        )
    doc = json.loads(proc.stdout.strip().splitlines()[-1])
    rss = doc["rss"]
    half = len(rss) // 2
    slope = float(np.polyfit(np.arange(len(rss) - half), rss[half:], 1)[0]) if len(rss) - half >= 2 else float("nan")
    print(
        f"memory ({detector} turn detector): {doc['minutes']} min simulated, {doc['turns']} turns ({doc['status']}): RSS after first answer "
        f"{rss[0]:.0f} MB, after last {rss[-1]:.0f} MB, slope over the second half {slope:+.2f} MB/turn, "
        f"peak {doc['peak']:.0f} MB",
        flush=True,
    )
    return {"peak": float(doc["peak"]), "slope": slope}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="each answer once, the session fed 40x (a few minutes)")
    parser.add_argument("--turn-detector", choices=["smart", "silence"], default="silence")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-only", action="store_true")
    parser.add_argument("--memory-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--speed", type=float, default=20.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_worker:
        memory_worker(args.memory_worker, args.turn_detector, args.speed)
        return
    if args.memory_only:
        mem = memory(args.turn_detector, args.quick)
        print(f"rss_mb={mem['peak']:.0f}")
        return
    results = latency(1 if args.quick else args.repeats, args.turn_detector)
    mem = {"peak": float("nan")} if args.skip_memory else memory(args.turn_detector, args.quick)
    print(
        f"ready_after_eot_s: 10s={results['10s']['ready']:.2f} 60s={results['60s']['ready']:.2f} "
        f"180s={results['180s']['ready']:.2f}  batch_180s={results['180s']['batch']:.2f}  rss_mb={mem['peak']:.0f}"
    )


if __name__ == "__main__":
    main()
