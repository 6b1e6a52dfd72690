"""`debrief.md`: the debrief as a person reads it in a terminal or an editor."""

from __future__ import annotations

from typing import Any

from mockloop.debrief.data import Claim, Debrief, clock, span
from mockloop.model import PHASE_TITLES, PHASES

def _evidence(claim: Claim) -> str:
    return "; ".join(f"{clock(c.t)} “{_short(c.quote)}”" for c in claim.cites)


def _short(quote: str, words: int = 12) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def when(d: Debrief) -> str:
    """The session's start as people read it: '2026-11-21 10:15'."""
    return d.info.started.replace("T", " ")[:16] if d.info.started else "date unknown"


def figures(d: Debrief) -> list[str]:
    """The session's figures, one line each (the Markdown list and the HTML list)."""
    m = d.metrics
    elaboration = "—" if m.elaboration_past_commit_s is None else span(m.elaboration_past_commit_s)
    return [
        f"answers: {m.answers}, {span(m.speaking_s)} of speaking",
        f"elaboration past the commit point (mean): {elaboration}; limit {d.run_on_limit_s:.0f} s",
        f"positions per answer: {m.positions_per_answer:.2f}",
        f"hand-off rate: {m.handoff_rate:.0%}",
        f"time in requirements: {span(m.requirements_s)}",
        f"run-ons: {m.run_ons}, relitigated answers: {m.relitigations}",
    ]


def drill_lines(drill: dict[str, Any]) -> list[str]:
    """A drill's own report: the score, the rule it was scored by, each probe's verdict."""
    out = ["## The drill", ""]
    out.append(f"**{drill['score']} of {drill['answered']}** answers landed and handed back in time ({drill['probes']} probes).")
    out.append(f"The minute rule: {drill['rule']}.")
    out.append("")
    if drill["answers"]:
        out += ["| # | probe | verdict |", "| --- | --- | --- |"]
        for i, a in enumerate(drill["answers"], start=1):
            mark = "✓" if a["good"] else "✗"
            out.append(f"| {i} | {a['probe']} | {mark} {a['verdict']} |")
        out.append("")
    return out


def render_markdown(d: Debrief) -> str:
    info = d.info
    out = [f"# Debrief: {info.title}", ""]
    round_name = "drill" if info.kind == "drill" else "round"
    out.append(f"Session `{info.id}` · {when(d)} · {info.minutes:g}-minute {round_name} · {info.status}")
    out.append("")
    for note in d.notes:
        out.append(f"> {note}")
    if d.notes:
        out.append("")
    if d.headline:
        verdict, _, rest = d.headline.text.partition(". ")
        out += [f"**{verdict}.** {rest}", ""]

    if d.narrative:
        out += ["## What the panel said", ""]
        for p in d.narrative:
            out += [p.text, ""]

    if d.changes:
        out += ["## Two things to change for the next loop", ""]
        for i, c in enumerate(d.changes, start=1):
            out.append(f"{i}. **{c.title}.** {c.how}")
            out.append(f"   Where it would have helped: {c.moment.text}")
        out.append("")

    if d.drill is not None:
        out += drill_lines(d.drill)

    if any(r.score is not None for r in d.ratings):
        out += ["## Ratings", "", "| competency | rating | why |", "| --- | --- | --- |"]
        for r in d.ratings:
            why = "<br>".join(f"{reason.text} ({_evidence(reason)})" for reason in r.reasons) or "—"
            out.append(f"| {r.name} | {r.level} | {why} |")
        out.append("")

    if d.coverage:
        out += ["## Coverage by phase", ""]
        for phase in PHASES:
            cov = d.coverage.get(phase)
            if not cov or not (cov["hit"] or cov["missed"]):
                continue
            total = len(cov["hit"]) + len(cov["missed"])
            reached = any(a.phase == phase for a in d.answers)
            suffix = "" if reached else " (phase not reached)"
            out.append(f"**{PHASE_TITLES[phase]}**: {len(cov['hit'])} of {total} key points{suffix}")
            out += [f"- [x] {p}" for p in cov["hit"]]
            out += [f"- [ ] {p}" for p in cov["missed"]]
            if phase in d.study:
                out.append(f"- study the missed points: `{d.study[phase]}`")
            out.append("")

    if d.phases:
        out += ["## Time by phase", "", "| phase | time | budget |", "| --- | --- | --- |"]
        for mark in d.phases:
            over = " ⚠" if mark.over_budget else ""
            out.append(f"| {PHASE_TITLES[mark.phase]} | {span(mark.seconds)}{over} | {span(mark.budget)} |")
        out.append("")

    if d.answers:
        out += [
            "## Answers",
            "",
            "| # | phase | at | length | commit | past commit | flags |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for a in d.answers:
            commit = clock(a.commit) if a.commit is not None else "never"
            past = span(a.end - a.commit) if a.commit is not None else "—"
            flags = [k for k, on in (("run-on", a.run_on), ("relitigated", a.relitigated)) if on]
            flags.append("hand-off" if a.handoff else "no hand-off")
            phase = PHASE_TITLES.get(a.phase or "", "—")
            out.append(
                f"| {a.index} | {phase} | {clock(a.start)} | {span(a.end - a.start)} | {commit} | {past} | {', '.join(flags)} |"
            )
        out.append("")

    out += ["## Figures", ""]
    out += [f"- {line}" for line in figures(d)]
    out.append("")
    return "\n".join(out)
