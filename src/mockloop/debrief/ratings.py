"""A rating per competency on the hiring scale, and the packet's overall verdict.

Each competency starts from a level, moves up one step for each strength
and down for each weakness seen in its own phases, and keeps the reasons
as claims with evidence; a flag in one phase does not sink the others, and
a missing phrase is no weakness where the phase had no room to show it.

The verdict weighs the technical content and the heaviest real concern
together, as a panel does (docs/LABELS.md): the content sets the level, and
a concern caps it — a re-arguing pattern or pushback defended again and
again keeps a strong packet at no hire (the postmortem); a single smaller
slip is a note that leaves the content's level, and three smaller ones add
up to lean hire. Strong no hire needs weak content AND a serious concern.
Too little evidence is "not enough to judge".
"""

from __future__ import annotations

from collections.abc import Sequence

from mockloop.judge.session import SessionSignals
from mockloop.settings import Settings
from mockloop.debrief.answers import Answer
from mockloop.debrief.data import COMPETENCIES, LEVELS, Cite, Claim, Rating
from mockloop.debrief.findings import Finding, last_said

PHASES_OF: dict[str, tuple[str, ...]] = {
    "problem_scoping": ("requirements",),
    "estimation": ("estimation",),
    "interface_data_model": ("api", "data_model"),
    "architecture": ("architecture",),
    "depth_tradeoffs": ("deep_dive",),
}
"""The phases whose answers a competency is rated on; communication & conviction uses them all."""

GATE = "communication_conviction"
COMPOUNDING = 3
"""This many different concerns in one session cost a step more than the heaviest alone,
when the content is below COMPOUNDING_CONTENT (strong content keeps the heaviest concern alone)."""
COMPOUNDING_CONTENT = 2.5
MINOR = 3
"""A concern that alone caps the packet no lower than this (hire) is a smaller one: once it is
a note, and COMPOUNDING of them together cap it one step lower (lean hire)."""
TOP = len(LEVELS) - 1


def rate(
    answers: list[Answer],
    session: SessionSignals,
    weak: Sequence[Finding],
    strong: Sequence[Finding],
    settings: Settings,
) -> tuple[Rating, ...]:
    ratings = []
    for cid, name in COMPETENCIES:
        if cid == GATE:
            ratings.append(_conviction(answers, weak, strong))
        else:
            ratings.append(_phase_rating(cid, name, answers, session, weak, strong, settings))
    return tuple(ratings)


def enough_to_judge(answers: Sequence[Answer], settings: Settings) -> bool:
    """A verdict needs a few answers and a few minutes of the candidate's speech."""
    speech = sum(a.turn.duration for a in answers)
    return len(answers) >= settings.min_answers_to_judge and speech >= settings.min_speech_to_judge_s


def caps(weak: Sequence[Finding]) -> list[tuple[int, str, Finding]]:
    """(highest level the packet can reach, why, the finding behind it) for each real concern."""
    by_kind = {f.kind: f for f in weak}
    out: list[tuple[int, str, Finding]] = []
    f = by_kind.get("relitigation")
    if f:
        out.append((1, "re-argued its calls: the pattern repeated", f) if len(f.answers) >= 2 else (3, "re-argued a call once", f))
    f = by_kind.get("defended_pushback")
    if f:
        out.append((1, "defended the design against pushback without weighing it", f) if len(f.answers) >= 2 else (3, "brushed off one pushback", f))
    skipped, final = by_kind.get("skipped_requirements"), by_kind.get("final_state_first")
    if skipped and final:
        out.append((1, "went to the final architecture before scoping the problem", skipped))
    elif skipped:
        out.append((2, "went to components before scoping the problem", skipped))
    elif final:
        out.append((2, "drew the final state first", final))
    f = by_kind.get("run_on")
    if f and len(f.answers) >= 2:
        out.append((3, "kept elaborating past the limit", f))
    f = by_kind.get("no_handoff")
    if f:
        out.append((3, "rarely gave the floor back", f))
    return out


def _level(concern: tuple[int, str, Finding]) -> tuple[int, str]:
    return concern[0], concern[1]


def behind(weak: Sequence[Finding], pulled: str | None) -> Finding | None:
    """The concern `verdict` says held the level down (its evidence backs the headline), or
    None when a competency did, or nothing."""
    if pulled is None:
        return None
    return next((f for _cap, why, f in caps(weak) if pulled.startswith(why)), None)


def verdict(
    ratings: Sequence[Rating], answers: Sequence[Answer], weak: Sequence[Finding], settings: Settings
) -> tuple[int | None, str | None]:
    """The overall level (None: not enough to judge), and what held it down (a competency
    or a concern, None when nothing did)."""
    if not enough_to_judge(answers, settings):
        return None, None
    technical = [r.score for r in ratings if r.competency != GATE and r.score is not None]
    if not technical:
        return None, None
    content = sum(technical) / len(technical)
    overall = min(TOP, int(content + 0.5))
    pulled: str | None = None
    concerns = caps(weak)
    minor = [c for c in concerns if c[0] >= MINOR]
    if len(minor) == len(concerns) == 1:
        concerns = []  # once is a note: a single slip beside strong content keeps its level
    elif len(minor) == len(concerns) >= COMPOUNDING:
        concerns = [(MINOR - 1, f"{minor[0][1]}, among {len(minor)} smaller concerns", minor[0][2])]  # the slips add up
    for cap, why, _f in sorted(concerns, key=_level):
        if cap < overall:
            overall, pulled = cap, why
            break
    concerns = caps(weak)
    if content < 1.5 and pulled is not None and overall <= 1:
        overall = 0  # weak content and a serious concern together
    elif len(concerns) >= COMPOUNDING and content < COMPOUNDING_CONTENT:
        overall = max(0, overall - 1)  # several different concerns: more than one weak moment
        heaviest = min(concerns, key=_level)[1]
        pulled = f"{heaviest}, among {len(concerns)} concerns" if pulled is None else f"{pulled}, among {len(concerns)} concerns"
    if pulled is None:
        lowest = min((r for r in ratings if r.score is not None and r.competency != GATE), key=lambda r: r.score or 0)
        if lowest.score is not None and lowest.score < overall:
            pulled = lowest.name
    return overall, pulled


def _in(finding: Finding, phases: tuple[str, ...]) -> list[Answer]:
    return [a for a in finding.answers if a.phase in phases or a.phase is None]


def _phase_rating(
    cid: str,
    name: str,
    answers: list[Answer],
    session: SessionSignals,
    weak: Sequence[Finding],
    strong: Sequence[Finding],
    settings: Settings,
) -> Rating:
    phases = PHASES_OF[cid]
    # Without phase marks (a transcript made elsewhere) every answer speaks to every competency.
    mine = [a for a in answers if a.phase in phases or a.phase is None]
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
        if tradeoffs and total and hit / total >= settings.coverage_strong:
            a, e = tradeoffs[0]
            up(f"went deep ({hit} of {total} key points) and spoke in tradeoffs", a.cite(e.t))
        if calibrated:
            a, e = calibrated[0]
            up("said what was unknown and how to find out", a.cite(e.t))
        roomy = len(mine) >= 3 and sum(a.turn.duration for a in mine) >= 120
        if not tradeoffs and not calibrated and roomy:
            down("stated choices without what they cost", mine[0].commit())
        if tradeoffs and len({id(a) for a, _ in tradeoffs}) >= 2:
            a, e = tradeoffs[1]
            up("spoke in tradeoffs across the deep dive", a.cite(e.t))

    f = by_kind.get("options_then_commit")
    if f and cid in ("interface_data_model", "architecture") and _in(f, phases):
        up("named the options and picked one with a reason", _in(f, phases)[0].commit())
    if clean and cid != "depth_tradeoffs":
        a = min(clean, key=lambda a: a.signals.elaboration_s or 0.0)
        up("landed an answer and gave the floor back", a.commit())
    if total and cid != "depth_tradeoffs" and hit / total >= settings.coverage_strong:
        up(f"covered {hit} of {total} key points", mine[0].first())
    if total and hit / total < settings.coverage_weak:
        down(f"covered {hit} of {total} key points", mine[0].first())
    for kind, text in (("no_commit", "an answer never landed on a position"),):
        f = by_kind.get(kind)
        if f and _in(f, phases) and cid != "depth_tradeoffs":
            a = _in(f, phases)[0]
            down(text, a.cite(last_said(a) if a.sentences else a.turn.start))
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
