"""Terminal renderings for the review commands: the sessions table, the
progress chart and a comparison of two sessions."""

from __future__ import annotations

from typing import Any

from mockloop.debrief.data import Debrief
from mockloop.debrief.progress import MEASURES, direction, fmt, value
from mockloop.services.review import Saved

BLOCKS = " ▏▎▍▌▋▊▉█"
BAR_WIDTH = 30


def sessions_rows(saved: list[Saved]) -> list[dict[str, Any]]:
    """`sessions --json`: one object per folder, damaged ones included."""
    rows = []
    for s in saved:
        d = s.debrief
        quiz = s.kind == "quiz"
        rows.append(
            {
                "id": s.id,
                "date": s.started,
                "kind": s.kind,
                "question": (d.info.question if d else (s.meta.get("mode") if quiz else s.meta.get("question"))),
                "minutes": None if quiz else s.meta.get("minutes", d.info.minutes if d else None),
                "score": _score(s.meta.get(s.kind)) if s.kind in ("drill", "quiz") else None,
                "status": s.status,
                "complete": s.complete,
                "problem": s.problem,
                "verdict": d.verdict_level if d else None,
                "run_ons": d.metrics.run_ons if d else None,
                "relitigations": d.metrics.relitigations if d else None,
                "answers": d.metrics.answers if d else None,
                "path": str(s.path),
            }
        )
    return rows


def _score(record: Any) -> str | None:
    """A drill's or a quiz round's score as "N/M", from its record in session.yaml."""
    if not isinstance(record, dict) or not isinstance(record.get("score"), int):
        return None
    total = record.get("probes", record.get("asked"))
    return f"{record['score']}/{total}" if isinstance(total, int) else str(record["score"])


def sessions_table(saved: list[Saved]) -> str:
    rows = sessions_rows(saved)
    if not rows:
        return "no saved sessions yet: run `mockloop practice`\n"
    head = ("id", "date", "question", "min", "kind", "verdict", "score", "run-ons", "relitigations", "status")
    table = [head]
    for r in rows:
        status = "complete" if r["complete"] else f"incomplete: {r['problem'] or r['status']}"
        minutes = r["minutes"]
        table.append(
            (
                r["id"],
                str(r["date"]).replace("T", " ")[:16],
                str(r["question"] or "—"),
                f"{float(minutes):g}" if isinstance(minutes, (int, float)) else "—",
                r["kind"],
                r["verdict"] or "—",
                r["score"] or "—",
                "—" if r["run_ons"] is None else str(r["run_ons"]),
                "—" if r["relitigations"] is None else str(r["relitigations"]),
                status,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(head) - 1)]
    lines = []
    for row in table:
        cells = [row[i].ljust(widths[i]) for i in range(len(head) - 1)]
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def quiz_rows(saved: list[Saved]) -> list[dict[str, Any]]:
    """`progress --json`'s quiz scores: every quiz round that was scored, oldest first."""
    rows = []
    for s in saved:
        record = s.meta.get("quiz")
        if s.kind != "quiz" or not isinstance(record, dict) or not isinstance(record.get("score"), int):
            continue
        rows.append(
            {
                "id": s.id,
                "started": s.started,
                "mode": s.meta.get("mode", "knowledge"),
                "score": record["score"],
                "asked": record.get("asked"),
                "status": s.status,
            }
        )
    return rows


def quiz_chart(rows: list[dict[str, Any]]) -> str:
    """The quiz scores, one bar per round."""
    if not rows:
        return "no quiz rounds yet: run `mockloop quiz`\n"
    out = ["quiz scores  (higher is better)"]
    for r in rows:
        asked = r["asked"] if isinstance(r["asked"], int) and r["asked"] else 5
        label = f"{str(r['started']).replace('T', ' ')[:16]:<16}  {str(r['mode']):<14.14}"
        out.append(f"  {label}  {r['score']:>8}/{asked:<5}  {_bar(float(r['score']), float(asked))}")
    return "\n".join(out) + "\n"


def _bar(v: float, top: float) -> str:
    if top <= 0:
        return ""
    eighths = int(round(v / top * BAR_WIDTH * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def progress_chart(debriefs: list[Debrief]) -> str:
    if not debriefs:
        return "no judged sessions yet: run `mockloop practice`\n"
    out = []
    for m in MEASURES:
        values = [value(d, m.key) for d in debriefs]
        known = [v for v in values if v is not None]
        top = max(known, default=0.0)
        if m.key == "verdict":
            top = 4.0
        out.append(f"{m.label}  ({m.better} is better)")
        for d, v in zip(debriefs, values):
            label = f"{d.info.started.replace('T', ' ')[:16] or d.info.id:<16}  {str(d.info.question or ''):<14.14}"
            # A verdict bar starts one step up, so "strong no hire" still shows.
            lift = 1.0 if m.key == "verdict" else 0.0
            bar = _bar(v + lift, top + lift) if v is not None else ""
            out.append(f"  {label}  {fmt(m, v):>14}  {bar}")
        if len(known) >= 2:
            first, last = known[0], known[-1]
            out.append(f"  first → last: {fmt(m, first)} → {fmt(m, last)} ({direction(m, first, last)})")
        out.append("")
    return "\n".join(out)


def compare_text(doc: dict[str, Any]) -> str:
    a, b = doc["a"], doc["b"]
    out = [f"A  {a['id']}  {a['verdict']}", f"B  {b['id']}  {b['verdict']}", ""]
    width = max(len(r["name"]) for r in doc["ratings"])
    for r in doc["ratings"]:
        mark = {"better": "↑", "worse": "↓", "same": " "}[r["direction"]]
        out.append(f"  {r['name']:<{width}}  {r['a']:>15} → {r['b']:<15} {mark}")
    out.append("")
    width = max(len(f["label"]) for f in doc["figures"])
    for f in doc["figures"]:
        m = next(x for x in MEASURES if x.key == f["key"])
        out.append(f"  {f['label']:<{width}}  {fmt(m, f['a']):>15} → {fmt(m, f['b']):<15} {f['direction']}")
    out.append("")
    for side in ("a", "b"):
        out.append(f"things to change in {side.upper()}: " + ("; ".join(doc["changes"][side]) or "none"))
    return "\n".join(out) + "\n"
