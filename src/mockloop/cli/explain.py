"""`mockloop explain "SENTENCE…"`: why the judge read each sentence as it did.

Prints every sentence's acts with their probabilities and the features that
weighed most, so a newcomer can see what the tagger saw. Several sentences
are tagged in order, as one answer (context matters: "so maybe a queue
instead?" reads differently once a position stands).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from mockloop.cli.context import Environment
from mockloop.errors import InputError
from mockloop.judge.acts import given, tag
from mockloop.judge.pushback import is_pushback
from mockloop.judge.segment import segment
from mockloop.judge.weights import act_model
from mockloop.model import PHASES, typed_words

TOP_FEATURES = 5
SHOWN_BELOW = 0.2
"""Acts below the threshold are still shown from this probability: the near misses."""


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "explain",
        help="show why the judge read a sentence as it did",
        description="Tag each sentence of TEXT (one answer) with its acts, and show the features that weighed most.",
    )
    p.add_argument("text", nargs="+", metavar="TEXT", help="the sentence(s), as the candidate said them")
    p.add_argument("--phase", choices=PHASES, help="the phase the answer was given in")
    p.add_argument("--after", metavar="LINE", help="the interviewer's line before the answer (for pushback)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def explain(args: argparse.Namespace, env: Environment) -> int:
    text = " ".join(args.text).strip()
    if not text:
        raise InputError("nothing to explain", 'give a sentence in quotes, e.g. mockloop explain "I\'d go with a queue."')
    pushed = bool(args.after) and is_pushback(args.after)
    model = act_model()
    tagged = tag(segment(typed_words(text)), args.phase, pushed, model)
    out: list[dict[str, Any]] = []
    for t in tagged:
        acts = []
        for act, p in sorted(t.probabilities.items(), key=lambda ap: -ap[1]):
            if p < SHOWN_BELOW:
                continue
            top = model.contributions(list(t.features), act)[:TOP_FEATURES]
            acts.append({"act": act, "p": round(p, 3), "given": given(act, p), "features": [[f, round(w, 2)] for f, w in top]})
        out.append({"sentence": t.sentence.text, "acts": acts})
    if args.json:
        json.dump({"phase": args.phase, "after_pushback": pushed, "sentences": out}, env.stdout, indent=2)
        env.stdout.write("\n")
        return 0
    if args.after:
        print(f"interviewer: {args.after}  ({'pushback' if pushed else 'not pushback'})", file=env.stdout)
    for s in out:
        print(f"“{s['sentence']}”", file=env.stdout)
        if not s["acts"]:
            print("  (no act reaches the threshold: plain elaboration)", file=env.stdout)
        for a in s["acts"]:
            mark = "+" if a["given"] else " "
            feats = ", ".join(f"{f} {w:+.2f}" for f, w in a["features"])
            print(f"  {mark} {a['act']:<12} {a['p']:.2f}   {feats}", file=env.stdout)
    return 0
