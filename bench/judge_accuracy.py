#!/usr/bin/env python3
"""Accuracy of the judge, training and held-out apart, and its speed.

    .venv/bin/python bench/judge_accuracy.py [--show-misses] [--audio N] [--no-audio]

- Training (tuned on, so a training figure): `tests/corpus/` typed answers,
  `tests/corpus/acts/` (the tagger's own training answers) and
  `tests/corpus/audio/` (answers that went through espeak and the model).
- Held-out (written and labelled by independent labellers, never tuned on):
  `tests/heldout/answers/` as text, and the same answers spoken by espeak
  voices that no training audio uses, heard by the real bundled model
  (`--audio N` answers of them, default all; cached in bench/out/).
- Sessions: `tests/heldout/sessions/` against the hiring panel's verdicts.

Per flag: precision, recall, F1; positions within ±1; pushback F1 (over
the answers that reply to pushback or were said to). Then the time to
judge a simulated 45-minute session, tagger included, against lower-casing
its words in the same run.

Last line (a contract): `min_f1_text: X  min_f1_audio: Y  min_f1_heldout: Z  verdict_within_one: A/B`
(text = training text, audio = held-out audio when run, else training audio,
heldout = held-out text, verdicts on the held-out sessions).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockloop.debrief.build import build_debrief  # noqa: E402
from mockloop.debrief.data import LEVELS, SessionInfo  # noqa: E402
from mockloop.judge.answer import AnswerSignals, judge_answer  # noqa: E402
from mockloop.judge.summary import summarize  # noqa: E402
from mockloop.model import Transcript, Turn, Word  # noqa: E402
from mockloop.settings import Settings  # noqa: E402
from tests.corpus_loader import (  # noqa: E402
    CORPUS,
    FLAGS,
    HELDOUT,
    Labelled,
    answers,
    heldout_answers,
    sessions,
    training_answers,
)

TARGETS = {"committed": 0.95, "run_on": 0.95, "relitigated": 0.95, "handoff": 0.95, "options_then_commit": 0.95, "calibrated": 0.95}
HELDOUT_VOICES = (("en-gb-scotland", 160), ("en-029", 150), ("en-us-nyc", 170), ("en-gb-x-gbclan", 155), ("en-gb-x-gbcwmd", 165))
"""espeak voices no training audio uses (audio_fixtures/ and tests/corpus/audio/ use en-us, en-gb, en-gb-x-rp)."""

OUT = ROOT / "bench" / "out" / "judge_audio"


def predict(s: AnswerSignals) -> dict[str, int]:
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


def report(name: str, items: list[Labelled], show: bool, turns: dict[Path, Turn] | None = None) -> float:
    settings = Settings()
    print(f"\n{name}: {len(items)} answers")
    print(f"  {'label':<22}{'P':>6}{'R':>6}{'F1':>6}{'n':>5}  target")
    worst = 1.0
    rows = []
    for item in items:
        turn = turns[item.path] if turns is not None else item.answer
        s = judge_answer(turn, settings, item.asked)
        rows.append((item, predict(s), s.pushback))
    for flag in FLAGS:
        tp = sum(1 for i, p, _ in rows if p[flag] and i.flag(flag))
        fp = sum(1 for i, p, _ in rows if p[flag] and not i.flag(flag))
        fn = sum(1 for i, p, _ in rows if not p[flag] and i.flag(flag))
        prec, rec, score = f1(tp, fp, fn)
        worst = min(worst, score)
        mark = "ok" if score >= TARGETS[flag] else "BELOW"
        print(f"  {flag:<22}{prec:>6.2f}{rec:>6.2f}{score:>6.2f}{tp + fn:>5}  {TARGETS[flag]:.2f} {mark}")
        if show:
            for i, p, _ in rows:
                if p[flag] != i.flag(flag):
                    print(f"      miss: {i.path.name}: said {p[flag]}, label {i.flag(flag)}")
    within = sum(1 for i, p, _ in rows if abs(p["positions"] - i.flag("positions")) <= 1)
    print(f"  positions within ±1: {within / max(1, len(rows)):.0%} (target 95%)")
    labelled_pushback = [(i, got) for i, _, got in rows if "pushback" in i.labels]
    if labelled_pushback:
        scores = []
        for cls in ("welcomed", "defended"):
            tp = sum(1 for i, got in labelled_pushback if got == cls and i.pushback == cls)
            fp = sum(1 for i, got in labelled_pushback if got == cls and i.pushback != cls)
            fn = sum(1 for i, got in labelled_pushback if got != cls and i.pushback == cls)
            scores.append(f1(tp, fp, fn)[2])
        n = sum(1 for i, _ in labelled_pushback if i.pushback)
        print(f"  pushback F1 (welcomed/defended, macro): {sum(scores) / 2:.2f} over {n} pushback answers (target 0.90)")
        if show:
            for i, got in labelled_pushback:
                if got != i.pushback:
                    print(f"      miss: {i.path.name}: pushback {got}, label {i.pushback}")
    return worst


def spoken_turns(items: list[Labelled], limit: int | None) -> dict[Path, Turn]:
    """Each answer spoken by a held-out espeak voice and heard by the real model (cached)."""
    from mockloop.adapters.audio.files import read_audio
    from mockloop.adapters.stt.whisper import WhisperTranscriber

    OUT.mkdir(parents=True, exist_ok=True)
    transcriber = WhisperTranscriber()
    chosen = items[: limit if limit is not None else len(items)]
    out: dict[Path, Turn] = {}
    for n, item in enumerate(chosen):
        voice, speed = HELDOUT_VOICES[n % len(HELDOUT_VOICES)]
        cache = OUT / f"{item.path.stem}.{voice}.json"
        if cache.is_file():
            words = [Word(**w) for w in json.loads(cache.read_text())]
        else:
            wav = OUT / f"{item.path.stem}.wav"
            text = " ".join(w.text for w in item.answer.words)
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True, capture_output=True)
            subprocess.run(["sox", str(wav), "-r", "16000", "-c", "1", str(wav.with_suffix(".16k.wav"))], check=True, capture_output=True)
            audio = read_audio(wav.with_suffix(".16k.wav"))
            question_vocab: tuple[str, ...] = ()
            words = transcriber.transcribe(audio, question_vocab)
            cache.write_text(json.dumps([w.__dict__ for w in words]))
            wav.unlink(missing_ok=True)
            wav.with_suffix(".16k.wav").unlink(missing_ok=True)
        start = item.answer.start
        shifted = tuple(w.shifted(start) for w in words)
        end = shifted[-1].end if shifted else start
        out[item.path] = replace(item.answer, words=shifted, end=max(end, start), text=" ".join(w.text for w in shifted))
        print(f"\r  audio {n + 1}/{len(chosen)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return out


def verdicts(show: bool, folder: Path | None = None, title: str = "held-out sessions") -> tuple[int, int]:
    """Sessions (held-out unless told): the debrief's verdict against the panel's, within one step and exact."""
    from mockloop.adapters.storage.bank import Bank, shipped_dir

    bank = Bank([shipped_dir()])
    rows = sessions(folder or HELDOUT / "sessions")
    settings = Settings()
    within = exact = counted = 0
    print(f"\n{title}: {len(rows)} with a panel verdict")
    for row in rows:
        if row.verdict is None:
            continue
        counted += 1
        minutes = float(row.transcript.meta.get("minutes", 45) or 45)
        qid = row.transcript.question
        question = bank.questions.get(qid) if qid else None
        info = SessionInfo(row.path.stem, qid, question.title if question else str(qid), "", minutes, "complete")
        d = build_debrief(row.transcript, settings, question, info)
        got = "not_enough_to_judge" if d.verdict is None else LEVELS[d.verdict].replace(" ", "_")
        want = row.verdict
        if got == want:
            exact += 1
            within += 1
        elif got in LEVEL_ORDER and want in LEVEL_ORDER and abs(LEVEL_ORDER.index(got) - LEVEL_ORDER.index(want)) <= 1:
            within += 1
        mark = "=" if got == want else ("~" if got in LEVEL_ORDER and want in LEVEL_ORDER and abs(LEVEL_ORDER.index(got) - LEVEL_ORDER.index(want)) <= 1 else "x")
        print(f"  {mark} {row.path.name:<34} judge {got:<20} panel {want}")
    print(f"  within one step: {within}/{counted} (target 9/10)  exact: {exact}/{counted} (target 7/10)")
    return within, counted


LEVEL_ORDER = ("strong_no_hire", "no_hire", "lean_hire", "hire", "strong_hire")


def simulated_session(items: list[Labelled], minutes: float = 45.0) -> Transcript:
    """Corpus answers laid end to end until the session is `minutes` long."""
    turns: list[Turn] = []
    offset = 0.0
    while offset < minutes * 60:
        for item in items:
            turn = item.answer
            shifted = turn.shifted(offset - turn.start)
            turns.append(replace(shifted, phase=turn.phase))
            offset = shifted.end + 2.0
            if offset >= minutes * 60:
                break
    return Transcript(tuple(turns))


def timing(items: list[Labelled]) -> None:
    session = simulated_session(items)
    words = sum(len(t.words) for t in session.turns)
    summarize([session], Settings())  # loads the weights once
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
        f"\njudging a 45-minute session ({len(session.turns)} answers, {words} words, tagger included): "
        f"{judge_ms:.1f} ms (target ≤ 100 ms); {judge_ms / base_ms:.0f}x the time to lower-case its words"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--audio", type=int, default=None, metavar="N", help="speak only the first N held-out answers")
    parser.add_argument("--no-audio", action="store_true", help="skip the held-out audio (the model is not loaded)")
    args = parser.parse_args(argv)
    show = args.show_misses
    train = training_answers()
    train_audio = answers(CORPUS / "audio")
    held = heldout_answers()
    print("TRAINING figures (the rules and the tagger were tuned on these):")
    min_text = report("training: typed answers", train, show)
    min_train_audio = report("training: through text-to-speech and the model", train_audio, show)
    verdicts(show, CORPUS / "sessions", "training sessions")
    print("\nHELD-OUT figures (independent labellers; never tuned on):")
    min_held = report("held-out: typed answers", held, show)
    min_audio = min_train_audio
    if not args.no_audio:
        heard = spoken_turns(held, args.audio)
        chosen = [i for i in held if i.path in heard]
        min_audio = report(f"held-out: spoken by {len(HELDOUT_VOICES)} unseen espeak voices, heard by the model", chosen, show, heard)
    within, counted = verdicts(show)
    timing(train)
    print(f"min_f1_text: {min_text:.2f}  min_f1_audio: {min_audio:.2f}  min_f1_heldout: {min_held:.2f}  verdict_within_one: {within}/{counted}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
