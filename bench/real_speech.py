#!/usr/bin/env python3
"""Judge real, public transcripts kept outside the repository, and list every flag for review.

    .venv/bin/python bench/real_speech.py DIR [--json]

DIR holds timed-text transcripts (third-party text: never commit it). For
each file: the verdict, and every answer the judge flagged (relitigated,
run-on, detours, no hand-off past the limit…) with its time and the quoted
sentence, so a person can mark each flag right or wrong. The reviewed
figures go in docs/JUDGING.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockloop.debrief.build import build_debrief  # noqa: E402
from mockloop.debrief.data import LEVELS, SessionInfo, clock  # noqa: E402
from mockloop.judge.transcript import judge_transcript  # noqa: E402
from mockloop.settings import Settings  # noqa: E402
from tests.corpus_loader import read_transcript  # noqa: E402

FLAGGED = ("relitigated", "run_on", "detour", "reversal", "position")


def _context(a: object, t: float, before: int = 6, after: int = 3) -> list[str]:
    """The sentences around `t`, each with its acts, for the reviewer."""
    sentences = list(a.sentences)  # type: ignore[attr-defined]
    at = max((i for i, x in enumerate(sentences) if x.sentence.start <= t + 0.01), default=0)
    return [f"[{clock(x.sentence.start)}] ({','.join(sorted(x.acts)) or '-'}) {x.sentence.text}" for x in sentences[max(0, at - before) : at + after]]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    report = []
    for path in sorted(args.folder.glob("*.txt")):
        t = read_transcript(path)
        judged = judge_transcript(t, settings)
        minutes = max((x.end for x in t.turns), default=0.0) / 60
        d = build_debrief(t, settings, None, SessionInfo(path.stem, None, path.stem, "", max(minutes, 1.0), "complete"), judged=judged)
        verdict = "not enough to judge" if d.verdict is None else LEVELS[d.verdict]
        words = sum(len(a.turn.words) for a in judged.answers)
        flags = []
        for n, a in enumerate(judged.answers, 1):
            s = a.signals
            for kind in ("relitigated", "run_on"):
                if getattr(s, kind):
                    e = next(e for e in s.evidence if e.kind == kind)
                    marks = [x.t for x in s.evidence if x.kind in ("commit", "position", "reversal")] if kind == "relitigated" else [e.t]
                    context: list[str] = []
                    for t in marks:
                        context += [c for c in _context(a, t, 2, 2) if c not in context]
                    flags.append({"answer": n, "kind": kind, "at": clock(e.t), "quote": e.quote[:160],
                                  "context": context, "asked": a.asked[:200]})
            for e in s.evidence:
                if e.kind == "detour":
                    flags.append({"answer": n, "kind": "detour", "at": clock(e.t), "quote": e.quote[:160],
                                  "context": _context(a, e.t), "asked": a.asked[:200]})
        tradeoffs = sum(a.signals.tradeoffs for a in judged.answers)
        report.append({"file": path.name, "answers": len(judged.answers), "words": words, "verdict": verdict,
                       "tradeoffs": tradeoffs, "flags": flags})
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    for r in report:
        print(f"\n{r['file']}: {r['answers']} answers, {r['words']} words, verdict {r['verdict']}, {r['tradeoffs']} tradeoff statements, {len(r['flags'])} flags")
        for f in r["flags"]:
            print(f"  #{f['answer']:<3} {f['kind']:<12} {f['at']}  {f['quote']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
