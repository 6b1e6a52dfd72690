#!/usr/bin/env python3
"""Train the judge's linear models from the labelled training corpus, reproducibly.

    .venv/bin/python scripts/train_tagger.py [--folds K | --by-source] [--no-write] [--cache DIR]

Reads `tests/corpus/acts/*.txt` (one sentence per candidate line, each with
` ||| act,act` — docs/ACTS.md), the bank's probes and pushbacks, and writes
`src/mockloop/judge/tagger.npz`: the sentence-act tagger, the sentence
boundary model (for text without punctuation) and the pushback model. Same
corpus, same file: full-batch training from zero weights, no randomness.
With --folds it first prints cross-validated per-act F1 (by file), a
training-corpus figure: the held-out split (tests/heldout/) is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from mockloop.adapters.storage.bank import Bank, shipped_dir  # noqa: E402
from mockloop.adapters.storage.transcripts import parse_timestamp  # noqa: E402
from mockloop.judge.acts import ACTS, Context, advance, sentence_features  # noqa: E402
from mockloop.judge.pushback import pushback_features  # noqa: E402
from mockloop.judge.segment import bare  # noqa: E402
from mockloop.judge.sentences import Sentence  # noqa: E402
from mockloop.judge.weights import LinearModel, boundary_features, pack, unpack  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "acts"
OUT = ROOT / "src" / "mockloop" / "judge" / "tagger.npz"
LINE = re.compile(r"^\[(?P<t>\d+:\d+(?::\d+)?(?:\.\d+)?)\]\s*(?P<who>interviewer|candidate):\s*(?P<rest>.*)$")
MIN_COUNT = 2


@dataclass
class Answer:
    name: str
    phase: str | None
    pushback: bool
    asked: list[str]
    sentences: list[Sentence]
    acts: list[frozenset[str]]


def read(path: Path) -> Answer:
    phase = None
    labels: dict[str, str] = {}
    lines: list[tuple[float, str, str, frozenset[str]]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# phase:"):
            phase = raw.split(":", 1)[1].strip()
        elif raw.startswith("# labels:"):
            labels = dict(item.split("=", 1) for item in raw.split(":", 1)[1].split())
        m = LINE.match(raw.strip())
        if not m:
            continue
        text, _, acts = m["rest"].partition(" ||| ")
        tags = frozenset(a.strip() for a in acts.split(",") if a.strip())
        unknown = tags - set(ACTS)
        if unknown:
            raise SystemExit(f"{path.name}: unknown acts {sorted(unknown)}")
        lines.append((parse_timestamp(m["t"]), m["who"], text.strip(), tags))
    # The last answer: the trailing run of candidate lines.
    k = len(lines)
    while k > 0 and lines[k - 1][1] == "candidate":
        k -= 1
    answer = lines[k:]
    sentences = []
    for i, (t, _, text, _) in enumerate(answer):
        end = answer[i + 1][0] if i + 1 < len(answer) else t + max(1, len(text.split())) / 2.5
        sentences.append(Sentence(text, t, end))
    asked = [text for _, who, text, _ in lines[:k] if who == "interviewer"]
    return Answer(path.name, phase, labels.get("pushback", "none") != "none", asked, sentences, [a[3] for a in answer])


def act_rows(answers: list[Answer]) -> tuple[list[list[str]], list[frozenset[str]]]:
    """Features with the gold context (the previous sentence's true acts)."""
    rows, ys = [], []
    for a in answers:
        previous: tuple[str, ...] = ()
        standing = concern = False
        for i, (s, acts) in enumerate(zip(a.sentences, a.acts)):
            ctx = Context(previous, standing, concern, i == 0, i == len(a.sentences) - 1, a.phase, a.pushback)
            rows.append(sentence_features(s, ctx))
            ys.append(acts)
            previous = tuple(sorted(acts))
            standing, concern = advance(ctx, acts)
    return rows, ys


def boundary_rows(answers: list[Answer]) -> tuple[list[list[str]], list[frozenset[str]]]:
    rows, ys = [], []
    for a in answers:
        tokens: list[str] = []
        starts: set[int] = set()
        for s in a.sentences:
            words = [t for t in (bare(w) for w in s.text.split()) if t]
            if words:
                starts.add(len(tokens))
                tokens += words
        for i in range(1, len(tokens)):
            rows.append(boundary_features(tokens, i))
            ys.append(frozenset({"boundary"}) if i in starts else frozenset())
    return rows, ys


def pushback_rows(answers: list[Answer]) -> tuple[list[list[str]], list[frozenset[str]]]:
    rows, ys = [], []
    for a in answers:
        for i, line in enumerate(a.asked):
            last = i == len(a.asked) - 1
            rows.append(pushback_features(line))
            ys.append(frozenset({"pushback"}) if (last and a.pushback) else frozenset())
    bank = Bank([shipped_dir()])
    own = bank.interviewer()
    # The interviewer's own housekeeping (greeting, transitions, closing) is never pushback.
    for line in (own.greeting, own.framework_reminder, own.stop_you_there, own.move_on, own.closing, *own.transitions.values()):
        rows.append(pushback_features(line))
        ys.append(frozenset())
    for qid in sorted(bank.questions):
        question = bank.get(qid)
        for phase in sorted(question.phases):
            script = question.phases[phase]
            for line in script.pushbacks:
                rows.append(pushback_features(line))
                ys.append(frozenset({"pushback"}))
            for line in (*script.probes, *script.follow_ups, script.opening):
                rows.append(pushback_features(line))
                ys.append(frozenset())
    return rows, ys


L2 = 1e-3
STEPS = 500
LEXICON_L2_SCALE = 0.1


def fit(rows: list[list[str]], ys: list[frozenset[str]], labels: tuple[str, ...], l2: float = L2, steps: int = STEPS) -> LinearModel:
    """One-vs-rest logistic regression, full-batch Adam from zero: deterministic.

    Rare acts are weighted up (positives count sqrt(negatives / positives) times), so a
    label seen in a few dozen sentences is still learned rather than always predicted absent."""
    counts: dict[str, int] = {}
    for r in rows:
        for f in set(r):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    # The features are sparse (a few dozen of thousands fire per row): keep (row, column)
    # pairs, grouped by row for the scores and by column for the gradient.
    pairs = sorted({(i, index[f]) for i, r in enumerate(rows) for f in r if f in index})
    row_of = np.array([i for i, _ in pairs], dtype=np.int64)
    col_of = np.array([j for _, j in pairs], dtype=np.int64)
    by_col = np.argsort(col_of, kind="stable")
    col_sorted, row_by_col = col_of[by_col], row_of[by_col]
    col_starts = np.flatnonzero(np.r_[True, col_sorted[1:] != col_sorted[:-1]]) if len(pairs) else np.zeros(0, np.int64)
    row_starts = np.flatnonzero(np.r_[True, row_of[1:] != row_of[:-1]]) if len(pairs) else np.zeros(0, np.int64)
    rows_present = row_of[row_starts] if len(pairs) else np.zeros(0, np.int64)
    cols_present = col_sorted[col_starts] if len(pairs) else np.zeros(0, np.int64)

    def scores(w: np.ndarray) -> np.ndarray:
        out = np.zeros((len(rows), w.shape[1]), dtype=np.float32)
        if len(pairs):
            out[rows_present] = np.add.reduceat(w[col_of], row_starts, axis=0)
        return out

    def gradient(g: np.ndarray) -> np.ndarray:
        out = np.zeros((len(names), g.shape[1]), dtype=np.float32)
        if len(pairs):
            out[cols_present] = np.add.reduceat(g[row_by_col], col_starts, axis=0)
        return out

    y = np.array([[1.0 if lab in acts else 0.0 for lab in labels] for acts in ys], dtype=np.float32)
    positives = y.sum(axis=0)
    weight_pos = np.sqrt(np.maximum(1.0, len(rows) - positives) / np.maximum(1.0, positives)).astype(np.float32)
    sample = np.where(y > 0, weight_pos, 1.0).astype(np.float32)
    # The lexicon's phrases and the context generalise; single words and pairs memorise:
    # regularise the word features harder, so the general features carry the weight.
    general = ("lx=", "prev=", "standing", "concern", "first", "last", "qmark", "len=", "phase=", "pushback", "after_pushback", "bias")
    scale = np.array([[LEXICON_L2_SCALE if n.startswith(general) else 1.0] for n in names], dtype=np.float32)
    w = np.zeros((len(names), len(labels)), dtype=np.float32)
    b = np.zeros(len(labels), dtype=np.float32)
    mw, vw = np.zeros_like(w), np.zeros_like(w)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    n = max(1, len(rows))
    for step in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(scores(w) + b, -30, 30)))
        g = (sample * (p - y) / n).astype(np.float32)
        gw = gradient(g) + l2 * scale * w
        gb = g.sum(axis=0)
        mw = b1 * mw + (1 - b1) * gw
        vw = b2 * vw + (1 - b2) * gw * gw
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        corr1, corr2 = 1 - b1**step, 1 - b2**step
        w -= lr * (mw / corr1) / (np.sqrt(vw / corr2) + eps)
        b -= lr * (mb / corr1) / (np.sqrt(vb / corr2) + eps)
    return LinearModel(labels, index, w.astype(np.float32), b.astype(np.float32))


def source(answer: Answer) -> str:
    """Who wrote a training file: its name's prefix (`t3-…`, `old-…`), one writer per batch."""
    return answer.name.split("-", 1)[0]


def split(answers: list[Answer], folds: int, by_source: bool) -> list[tuple[list[Answer], list[Answer]]]:
    """(train, test) per fold: by file, or one fold per writer (each batch held out whole,
    the closest the training corpus comes to answers nobody here wrote)."""
    if by_source:
        groups = sorted({source(a) for a in answers})
        return [([a for a in answers if source(a) != g], [a for a in answers if source(a) == g]) for g in groups]
    return [
        ([a for i, a in enumerate(answers) if i % folds != k], [a for i, a in enumerate(answers) if i % folds == k])
        for k in range(folds)
    ]


def fold_models(parts: list[tuple[list[Answer], list[Answer]]], cache: Path | None) -> list[LinearModel]:
    """One act model per fold, trained on the fold's training files. With `cache`, a model
    is kept there under a key of everything it is made from (each training sentence's
    features and acts, and the training code), so a change to the decision rules alone
    re-runs without training (about 2.5 minutes for 23 writers, against about 45)."""
    code = (inspect.getsource(fit) + repr((L2, STEPS, LEXICON_L2_SCALE, MIN_COUNT, ACTS))).encode()
    models = []
    for n, (train, _) in enumerate(parts, 1):
        rows, ys = act_rows(train)
        path = None
        if cache is not None:
            digest = hashlib.sha256(code)
            for r, y in zip(rows, ys):
                digest.update(("\x1f".join(r) + "\x1e" + ",".join(sorted(y)) + "\x1d").encode())
            path = cache / f"acts-{digest.hexdigest()[:24]}.npz"
            if path.exists():
                with np.load(path, allow_pickle=False) as data:
                    models.append(unpack(data, "acts"))
                continue
        print(f"  training fold {n}/{len(parts)} ({len(train)} answers)", file=sys.stderr, flush=True)
        model = fit(rows, ys, ACTS)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, **{**pack(model, "acts"), "acts_weights": model.weights})  # float32: as trained, not as shipped
        models.append(model)
    return models


def cross_validate(
    answers: list[Answer], folds: int, by_source: bool = False, cache: Path | None = None, misses: tuple[str, ...] = ()
) -> None:
    """Per-act F1 with each fold's files held out of training (tagged left to right)."""
    from mockloop.judge.acts import tag

    tp = {a: 0 for a in ACTS}
    fp = dict(tp)
    fn = dict(tp)
    parts = split(answers, folds, by_source)
    models = fold_models(parts, cache)
    for (train, test), model in zip(parts, models):
        for a in test:
            for got, want in zip(tag(a.sentences, a.phase, a.pushback, model), a.acts):
                for act in ACTS:
                    if act in got.acts and act in want:
                        tp[act] += 1
                    elif act in got.acts:
                        fp[act] += 1
                    elif act in want:
                        fn[act] += 1
    how = f"{len(parts)} writers held out in turn" if by_source else f"{folds} folds"
    print(f"cross-validated ({how} over {len(answers)} training answers; a training-corpus figure)")
    _flag_report(parts, models, misses)
    for act in ACTS:
        p = tp[act] / (tp[act] + fp[act]) if tp[act] + fp[act] else 0.0
        r = tp[act] / (tp[act] + fn[act]) if tp[act] + fn[act] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {act:<12} P {p:.2f}  R {r:.2f}  F1 {f:.2f}  n={tp[act] + fn[act]}")


def _flag_report(
    parts: list[tuple[list[Answer], list[Answer]]], fold_acts: list[LinearModel], misses: tuple[str, ...] = ()
) -> None:
    """Answer-level flags through the whole judge, each fold judged by a model trained without it;
    with `misses`, each wrong call on those flags is printed with the sentences the judge saw."""
    from mockloop.judge import weights
    from mockloop.judge.answer import judge
    from mockloop.settings import Settings
    from tests.corpus_loader import FLAGS, read_transcript

    real = weights._load
    per_writer: dict[str, dict[str, list[int]]] = {}
    pos_ok = 0
    base = real()
    total = 0
    for (_, test), acts in zip(parts, fold_acts):
        total += len(test)
        models = {**base, "acts": acts}
        weights._load = lambda models=models: models  # type: ignore[assignment]
        try:
            for a in test:
                t = read_transcript(CORPUS / a.name)
                labels = dict(item.split("=", 1) for item in str(t.meta.get("labels", "")).split())
                asked = a.asked[-1] if a.asked else None
                judged = judge(t.answers[-1], Settings(), asked)
                s = judged.signals
                got = {"committed": s.commit_s is not None, "run_on": s.run_on, "relitigated": s.relitigated,
                       "handoff": s.handoff, "options_then_commit": s.options_then_commit, "calibrated": s.calibrated}
                mine = per_writer.setdefault(source(a), {f: [0, 0, 0] for f in FLAGS})
                for f in FLAGS:
                    want = labels.get(f) == "1"
                    slot = 0 if got[f] and want else 1 if got[f] else 2 if want else -1
                    if slot >= 0:
                        mine[f][slot] += 1
                    if f in misses and slot in (1, 2):
                        _print_miss(a, f, "false flag" if slot == 1 else "missed", s.positions, labels, judged.sentences)
                pos_ok += abs(s.positions - int(labels.get("positions", 0))) <= 1
        finally:
            weights._load = real
    counts = {f: [sum(mine[f][i] for mine in per_writer.values()) for i in range(3)] for f in FLAGS}
    for f, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print(f"  flag {f:<20} P {p:.2f}  R {r:.2f}  F1 {2 * p * r / (p + r) if p + r else 0.0:.2f}")
    print(f"  positions within ±1: {pos_ok / total:.0%}")
    if len(per_writer) > 1:
        print("  per writer, tp/fp/fn (sum a subset's counts to compare runs with different writers):")
        for name, mine in sorted(per_writer.items()):
            print(f"    {name:<8} " + "  ".join(f"{f} {tp}/{fp}/{fn}" for f, (tp, fp, fn) in mine.items()))


def _print_miss(a: Answer, flag: str, kind: str, positions: int, labels: dict[str, str], seen: Sequence[Any]) -> None:
    """The judge's own sentences and acts; a sentence's labelled acts beside it where the judge
    cut the words as the labeller did (unpunctuated answers are cut by the boundary model)."""
    print(f"\n  {kind} {flag}: {a.name} (positions {positions}, labelled {labels.get('positions', '?')})")
    labelled = {s.text: acts for s, acts in zip(a.sentences, a.acts)}
    for t in seen:
        want = labelled.get(t.sentence.text)
        mark = "   labelled: (cut differently)" if want is None else "" if t.acts == want else f"   labelled: {','.join(sorted(want)) or '-'}"
        print(f"    [{','.join(sorted(t.acts)) or '-'}] {t.sentence.text}{mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="print K-fold cross-validated act F1 first")
    parser.add_argument("--by-source", action="store_true", help="cross-validate one writer's batch at a time instead (implies --folds)")
    parser.add_argument("--no-write", action="store_true", help="only cross-validate; leave the weights file as it is")
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="keep each fold's model in DIR and reuse it while its training sentences' features and acts are unchanged")
    from tests.corpus_loader import FLAGS

    parser.add_argument("--misses", action="append", default=[], choices=FLAGS, metavar="FLAG",
                        help="with cross-validation, print each answer the judge got wrong on FLAG, with its acts (repeatable)")
    args = parser.parse_args()
    answers = [read(p) for p in sorted(CORPUS.glob("*.txt"))]
    if not answers:
        raise SystemExit(f"no training files in {CORPUS}")
    sentences = sum(len(a.sentences) for a in answers)
    print(f"training on {len(answers)} answers, {sentences} labelled sentences")
    if args.folds > 1 or args.by_source:
        cross_validate(answers, args.folds, args.by_source, args.cache, tuple(args.misses))
    if args.no_write:
        return 0
    acts = fit(*act_rows(answers), ACTS)
    boundary = fit(*boundary_rows(answers), ("boundary",), steps=300)
    pushback = fit(*pushback_rows(answers), ("pushback",), steps=300)
    arrays = {**pack(acts, "acts"), **pack(boundary, "boundary"), **pack(pushback, "pushback")}
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB): {len(acts.index)} act features, "
          f"{len(boundary.index)} boundary features, {len(pushback.index)} pushback features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
