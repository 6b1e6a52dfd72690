#!/usr/bin/env python3
"""Accuracy of the judge against the labelled corpus, and its speed.

Scores every file in tests/corpus/ (typed answers) and tests/corpus/audio/
(answers that went through text-to-speech and the real model) against its
`# labels:` header: precision, recall and F1 per flag, and how often
`positions` is within 1 of the label. Then times judging a simulated
45-minute session, against tokenising the same text as a baseline.

Last line (a contract other tools read): `min_f1_text: X  min_f1_audio: Y`.

    .venv/bin/python bench/judge_accuracy.py [--show-misses]
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from mockloop.judge.answer import judge_answer
from mockloop.judge.summary import summarize
from mockloop.model import Transcript, Turn
from mockloop.settings import Settings
from mockloop.adapters.storage.transcripts import load

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
FLAGS = ("committed", "run_on", "relitigated", "handoff", "options_then_commit", "calibrated")
TARGETS = {"committed": 0.95, "run_on": 0.95, "relitigated": 0.95, "handoff": 0.95, "options_then_commit": 0.9, "calibrated": 0.9}


def labelled(folder: Path) -> list[tuple[Path, Turn, dict[str, int]]]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        if path.name.endswith(".src.txt"):
            continue
        transcript = load(path)
        raw = transcript.meta.get("labels", "")
        labels = {k: int(v) for k, v in (item.split("=") for item in raw.split())}
        out.append((path, transcript.answers[-1], labels))
    return out


def predict(turn: Turn, settings: Settings) -> dict[str, int]:
    s = judge_answer(turn, settings)
    return {
        "committed": int(s.commit_s is not None),
        "run_on": int(s.run_on),
        "relitigated": int(s.relitigated),
        "handoff": int(s.handoff),
        "options_then_commit": int(s.options_then_commit),
        "calibrated": int(s.calibrated),
        "positions": s.positions,
    }


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0  # nothing to find and nothing claimed
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, items: list[tuple[Path, Turn, dict[str, int]]], show: bool) -> float:
    settings = Settings()
    print(f"\n{name}: {len(items)} answers")
    print(f"  {'label':<22}{'P':>6}{'R':>6}{'F1':>6}{'pos':>5}  target")
    worst = 1.0
    predictions = [(path, predict(turn, settings), labels) for path, turn, labels in items]
    for flag in FLAGS:
        tp = sum(1 for _, p, l in predictions if p[flag] and l[flag])
        fp = sum(1 for _, p, l in predictions if p[flag] and not l[flag])
        fn = sum(1 for _, p, l in predictions if not p[flag] and l[flag])
        prec, rec, score = f1(tp, fp, fn)
        worst = min(worst, score)
        mark = "ok" if score >= TARGETS[flag] else "BELOW"
        print(f"  {flag:<22}{prec:>6.2f}{rec:>6.2f}{score:>6.2f}{tp + fn:>5}  {TARGETS[flag]:.2f} {mark}")
        if show:
            for path, p, l in predictions:
                if p[flag] != l[flag]:
                    print(f"      miss: {path.name}: said {p[flag]}, label {l[flag]}")
    within = sum(1 for _, p, l in predictions if abs(p["positions"] - l["positions"]) <= 1)
    share = within / len(predictions) if predictions else 1.0
    print(f"  positions within ±1: {share:.0%} (target 95%)")
    if show:
        for path, p, l in predictions:
            if abs(p["positions"] - l["positions"]) > 1:
                print(f"      miss: {path.name}: positions {p['positions']}, label {l['positions']}")
    return worst


def simulated_session(items: list[tuple[Path, Turn, dict[str, int]]], minutes: float = 45.0) -> Transcript:
    """Corpus answers laid end to end until the session is `minutes` long."""
    turns: list[Turn] = []
    offset = 0.0
    while offset < minutes * 60:
        for _, turn, _ in items:
            shifted = turn.shifted(offset - turn.start)
            turns.append(replace(shifted, phase=turn.phase))
            offset = shifted.end + 2.0
            if offset >= minutes * 60:
                break
    return Transcript(tuple(turns))


def timing(items: list[tuple[Path, Turn, dict[str, int]]]) -> None:
    session = simulated_session(items)
    words = sum(len(t.words) for t in session.turns)
    runs = 5
    t0 = time.perf_counter()
    for _ in range(runs):
        summarize([session], Settings())
    judge_ms = (time.perf_counter() - t0) / runs * 1000
    t0 = time.perf_counter()
    for _ in range(runs):
        [w.text.lower().split() for t in session.turns for w in t.words]
    base_ms = (time.perf_counter() - t0) / runs * 1000
    print(
        f"\njudging a 45-minute session ({len(session.turns)} answers, {words} words): "
        f"{judge_ms:.1f} ms (target < 100 ms); {judge_ms / base_ms:.0f}x the time to lower-case its words"
    )


def main(argv: list[str]) -> int:
    show = "--show-misses" in argv
    text_items = labelled(CORPUS)
    audio_items = labelled(CORPUS / "audio") if (CORPUS / "audio").is_dir() else []
    min_text = report("typed answers", text_items, show)
    min_audio = report("through text-to-speech and the model", audio_items, show) if audio_items else float("nan")
    timing(text_items)
    print(f"min_f1_text: {min_text:.2f}  min_f1_audio: {min_audio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
