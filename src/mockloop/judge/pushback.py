"""Is the interviewer's line a pushback on the candidate's design?

Pushback challenges the current design: it questions whether a choice is
needed, or aims a load, a failure or an edge case at it (a hot key, a
celebrity, a component down). "Walk me through…" and "how does X work"
are not. A small learned model over the line's words decides
(`weights.pushback_model`, trained with the tagger).
"""

from __future__ import annotations

from mockloop.judge.segment import bare
from mockloop.judge.weights import LinearModel, pushback_model

THRESHOLD = 0.5


def pushback_features(text: str) -> list[str]:
    tokens = [t for t in (bare(w) for w in text.split()) if t]
    feats = ["bias", *(f"w={t}" for t in tokens), *(f"b={a}_{b}" for a, b in zip(tokens, tokens[1:]))]
    if tokens:
        feats.append(f"f1={tokens[0]}")
    if len(tokens) >= 2:
        feats.append(f"f2={tokens[0]}_{tokens[1]}")
    if text.rstrip().endswith("?"):
        feats.append("qmark")
    return feats


def pushback_probability(text: str, model: LinearModel | None = None) -> float:
    model = model or pushback_model()
    return float(model.probabilities(pushback_features(text))[0])


def is_pushback(text: str, model: LinearModel | None = None) -> bool:
    return bool(text.strip()) and pushback_probability(text, model) >= THRESHOLD
