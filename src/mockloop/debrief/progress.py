"""Trends across sessions and the difference between two: pure, from debriefs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockloop.debrief.data import LEVELS, Debrief


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    better: str
    """'lower' or 'higher': which way is progress."""
    unit: str = ""


MEASURES: tuple[Measure, ...] = (
    Measure("elaboration_past_commit_s", "elaboration past the commit point (mean)", "lower", "s"),
    Measure("positions_per_answer", "positions per answer", "lower"),
    Measure("handoff_rate", "hand-off rate", "higher", "%"),
    Measure("requirements_s", "time in requirements", "higher", "s"),
    Measure("verdict", "verdict", "higher"),
)
"""What `mockloop progress` trends, in the order it shows them."""


def value(d: Debrief, key: str) -> float | None:
    if key == "verdict":
        return None if d.verdict is None else float(d.verdict)
    raw = d.metrics.as_dict()[key]
    return None if raw is None else float(raw)


def fmt(m: Measure, v: float | None) -> str:
    if v is None:
        return "—"
    if m.key == "verdict":
        return LEVELS[int(v)]
    if m.unit == "%":
        return f"{v:.0%}"
    if m.unit == "s":
        return f"{v:.0f} s"
    return f"{v:.2f}"


def direction(m: Measure, before: float | None, after: float | None) -> str:
    """'better', 'worse' or 'same' going from `before` to `after`."""
    if before is None or after is None or abs(after - before) < 1e-9:
        return "same"
    up = after > before
    return "better" if up == (m.better == "higher") else "worse"


def trends(debriefs: list[Debrief]) -> dict[str, Any]:
    """The `progress --json` document: each session's figures, oldest first, and the change overall."""
    rows = [
        {
            "id": d.info.id,
            "started": d.info.started,
            "question": d.info.question,
            "verdict": d.verdict_level,
            **{m.key: value(d, m.key) for m in MEASURES},
        }
        for d in debriefs
    ]
    change = {}
    if len(debriefs) >= 2:
        for m in MEASURES:
            first, last = value(debriefs[0], m.key), value(debriefs[-1], m.key)
            change[m.key] = {"first": first, "last": last, "direction": direction(m, first, last)}
    return {"sessions": rows, "change": change}


def compare(a: Debrief, b: Debrief) -> dict[str, Any]:
    """The `compare --json` document: ratings and figures side by side, and which way each moved."""
    return compare_docs(a.as_dict(), b.as_dict())


def doc_value(doc: dict[str, Any], key: str) -> float | None:
    """`value` read from the debrief.json layout (a saved debrief, perhaps an older one)."""
    raw = doc["verdict"]["score"] if key == "verdict" else doc["metrics"].get(key)
    return None if raw is None else float(raw)


def compare_docs(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """`compare` on two debrief.json documents."""
    ratings = []
    for ra, rb in zip(a["competencies"], b["competencies"]):
        move = "same"
        if ra["score"] is not None and rb["score"] is not None and ra["score"] != rb["score"]:
            move = "better" if rb["score"] > ra["score"] else "worse"
        ratings.append(
            {"competency": ra["competency"], "name": ra["name"], "a": ra["rating"], "b": rb["rating"], "direction": move}
        )
    figures = []
    for m in MEASURES:
        va, vb = doc_value(a, m.key), doc_value(b, m.key)
        figures.append({"key": m.key, "label": m.label, "a": va, "b": vb, "direction": direction(m, va, vb)})

    def side(d: dict[str, Any]) -> dict[str, Any]:
        s = d["session"]
        return {"id": s["id"], "started": s["started"], "question": s["question"], "verdict": d["verdict"]["rating"]}

    return {
        "a": side(a),
        "b": side(b),
        "ratings": ratings,
        "figures": figures,
        "changes": {"a": [c["title"] for c in a["changes"]], "b": [c["title"] for c in b["changes"]]},
    }
