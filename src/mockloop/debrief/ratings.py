"""A rating per competency on the hiring scale, and the packet's overall verdict.

Each competency starts from a level, moves up one step for each strength
and down for each weakness seen in its phases, and keeps the reasons as
claims with evidence. The verdict follows the panel's habit: one weak
competency holds the packet to one step above it, and a candidate who
cannot hold a call (communication & conviction at no hire or below) does
not pass the level, however strong the diagram.
"""

from __future__ import annotations

from collections.abc import Sequence

from mockloop.judge.session import SessionSignals
from mockloop.debrief.answers import Answer
from mockloop.debrief.data import COMPETENCIES, LEVELS, Cite, Claim, Rating
from mockloop.debrief.findings import Finding

PHASES_OF: dict[str, tuple[str, ...]] = {
    "problem_scoping": ("requirements",),
    "estimation": ("estimation",),
    "interface_data_model": ("api", "data_model"),
    "architecture": ("architecture",),
    "depth_tradeoffs": ("deep_dive",),
}
"""The phases whose answers a competency is rated on; communication & conviction uses them all."""

GATE = "communication_conviction"
TOP = len(LEVELS) - 1


def rate(
    answers: list[Answer],
    session: SessionSignals,
    weak: Sequence[Finding],
    strong: Sequence[Finding],
) -> tuple[Rating, ...]:
    ratings = []
    for cid, name in COMPETENCIES:
        if cid == GATE:
            ratings.append(_conviction(answers, weak, strong))
        else:
            ratings.append(_phase_rating(cid, name, answers, session, weak, strong))
    return tuple(ratings)


def verdict(ratings: Sequence[Rating]) -> tuple[int | None, str | None]:
    """The overall score, and the competency that pulled it down (None when none did)."""
    scored = [r for r in ratings if r.score is not None]
    if not scored:
        return None, None
    scores = [r.score for r in scored if r.score is not None]
    mean = sum(scores) / len(scores)
    lowest = min(scored, key=lambda r: (r.score, r.competency != GATE))
    assert lowest.score is not None
    overall = min(int(mean + 0.5), lowest.score + 1)
    gate = next((r for r in scored if r.competency == GATE), None)
    if gate is not None and gate.score is not None and gate.score <= 1:
        overall = min(overall, gate.score)
    pulled = lowest.name if lowest.score < 3 or lowest.score < overall else None
    return overall, pulled


def _in(finding: Finding, phases: tuple[str, ...]) -> list[Answer]:
    return [a for a in finding.answers if a.phase in phases]


def _phase_rating(
    cid: str,
    name: str,
    answers: list[Answer],
    session: SessionSignals,
    weak: Sequence[Finding],
    strong: Sequence[Finding],
) -> Rating:
    phases = PHASES_OF[cid]
    mine = [a for a in answers if a.phase in phases]
    if not mine:
        return Rating(cid, name, None)
    score = 2
    reasons: list[Claim] = []

    def up(text: str, *cites: Cite) -> None:
        nonlocal score
        score += 1
        reasons.append(Claim("+ " + text, cites))

    def down(text: str, *cites: Cite, steps: int = 1) -> None:
        nonlocal score
        score -= steps
        reasons.append(Claim("− " + text, cites))

    by_kind = {f.kind: f for f in [*weak, *strong]}
    hit = sum(len(session.coverage[p]["hit"]) for p in phases if p in session.coverage)
    total = hit + sum(len(session.coverage[p]["missed"]) for p in phases if p in session.coverage)
    clean = [a for a in mine if a.clean]

    if cid == "problem_scoping":
        f = by_kind.get("skipped_requirements")
        if f:
            down("went to components before asking a single question", *f.cites, steps=2)
        f = by_kind.get("clarifying")
        if f:
            up(f"asked {f.detail} clarifying question(s) before designing", *f.cites)
        f = by_kind.get("narrated_framework")
        if f:
            up("laid out the plan for the round up front", *f.cites)
    elif cid == "estimation":
        f = by_kind.get("calibrated")
        if f and _in(f, phases):
            up("said what was unknown and how to find out", *f.cites)
    elif cid == "architecture":
        f = by_kind.get("final_state_first")
        if f:
            down("drew the final state before any simple version", *f.cites, steps=2)
        f = by_kind.get("simple_first")
        if f:
            up("started from the simplest version and grew it", *f.cites)
    elif cid == "depth_tradeoffs":
        tradeoffs = [(a, e) for a in mine for e in a.evidence("tradeoff")]
        calibrated = [(a, e) for a in mine for e in a.evidence("calibrated")]
        if tradeoffs and total and hit / total >= 0.75:
            a, e = tradeoffs[0]
            up(f"went deep ({hit} of {total} key points) and spoke in tradeoffs", a.cite(e.t))
        if calibrated:
            a, e = calibrated[0]
            up("said what was unknown and how to find out", a.cite(e.t))
        if not tradeoffs and not calibrated:
            down("stated choices without what they cost", mine[0].commit())

    f = by_kind.get("options_then_commit")
    if f and cid in ("interface_data_model", "architecture") and _in(f, phases):
        up("named the options and picked one with a reason", _in(f, phases)[0].commit())
    if clean and cid != "depth_tradeoffs":
        a = min(clean, key=lambda a: a.signals.elaboration_s or 0.0)
        up("landed an answer and gave the floor back", a.commit())
    if total and cid != "depth_tradeoffs" and hit / total >= 0.75:
        up(f"covered {hit} of {total} key points", mine[0].first())
    if total and hit / total < 0.34:
        down(f"covered {hit} of {total} key points", mine[0].first())
    for kind, text in (
        ("no_commit", "an answer never landed on a position"),
        ("run_on", "ran past the commit point without handing off"),
    ):
        f = by_kind.get(kind)
        if f and _in(f, phases) and cid != "depth_tradeoffs":
            a = _in(f, phases)[0]
            down(text, a.cite(a.signals.commit_s or a.sentences[-1].start if a.sentences else a.turn.start))
    for over in (x for x in weak if x.kind == "over_budget" and x.detail in phases):
        down(f"{over.detail.replace('_', ' ')} ran well over its time budget", *over.cites)
    return Rating(cid, name, max(0, min(TOP, score)), tuple(reasons))


def _conviction(answers: list[Answer], weak: Sequence[Finding], strong: Sequence[Finding]) -> Rating:
    cid, name = GATE, dict(COMPETENCIES)[GATE]
    if not answers:
        return Rating(cid, name, None)
    score = 3
    reasons: list[Claim] = []
    by_kind = {f.kind: f for f in [*weak, *strong]}
    f = by_kind.get("relitigation")
    if f:
        repeated = len(f.answers) >= 2
        steps = 2 if repeated else 1
        score -= steps
        text = (
            f"re-argued a call in {len(f.answers)} answers: the pattern repeated"
            if repeated
            else "re-argued a call after making it"
        )
        reasons.append(Claim("− " + text, f.cites[:3]))
    f = by_kind.get("run_on")
    if f:
        alone = [a for a in f.answers if not a.signals.relitigated]
        if alone:
            score -= 1
            a = alone[0]
            reasons.append(Claim("− kept elaborating past the limit", (a.commit(),)))
    for kind, text in (
        ("no_commit", "gave an answer with no position in it"),
        ("no_handoff", "most answers ended without giving the floor back"),
        ("long_pause", "went silent instead of thinking out loud"),
    ):
        f = by_kind.get(kind)
        if f:
            score -= 1
            reasons.append(Claim("− " + text, f.cites[:2]))
    negatives = len(reasons)
    options = by_kind.get("options_then_commit")
    handed = by_kind.get("handoffs")
    if not negatives and options and len(options.answers) >= 2 and handed:
        score += 1
        reasons.append(Claim("+ named the options, picked one, said why and handed off, more than once", options.cites[:2]))
    elif not negatives and handed:
        reasons.append(Claim(f"+ gave the floor back in {handed.detail} answers", handed.cites))
    return Rating(cid, name, max(0, min(TOP, score)), tuple(reasons))
