"""The recruiter's call, written from the findings: what was strong, the
concern, whether it repeated, what the level requires, and the two things
to change. Every sentence is built from a finding's numbers and quotes;
none is a canned paragraph, so two sessions read differently.
"""

from __future__ import annotations

from collections.abc import Sequence

from mockloop.judge.answer import run_on_limit
from mockloop.judge.session import SessionSignals
from mockloop.settings import Settings
from mockloop.debrief.answers import QUOTE_WORDS, Answer
from mockloop.debrief.data import Change, Cite, Claim, Paragraph, Rating, clock, span
from mockloop.debrief.findings import Finding

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"{n}th"


def q(cite: Cite) -> str:
    """A quote as the debrief prints it, with an ellipsis when it was cut."""
    cut = len(cite.quote.split()) >= QUOTE_WORDS
    return f"“{cite.quote}{' …' if cut else ''}”"


def phase_name(phase: str | None) -> str:
    return {"api": "the API", "data_model": "the data model", "deep_dive": "the deep dive"}.get(
        phase or "", (phase or "the answer").replace("_", " ")
    )


def _prompt(a: Answer) -> str:
    return f"“{a.prompt}”" if a.prompt else f"answer {a.index}"


def headline(
    score_level: str, ratings: Sequence[Rating], pulled: str | None, concern: Finding | None = None
) -> Claim | None:
    """The verdict in a sentence, with evidence for what it says held it: the concern's own
    quotes (`concern`), or the weakest competency's, never a strength's under a concern."""
    rated = [r for r in ratings if r.score is not None]
    if not rated:
        return None
    strong = [r.name for r in rated if r.score is not None and r.score >= 3 and r.name != pulled]
    low = next((r for r in rated if r.name == pulled), None)
    if concern is not None and low is None:
        cites = tuple(concern.cites[:2])
    else:
        cites = tuple(c for r in ([low] if low else rated[:1]) for reason in r.reasons[:1] for c in reason.cites)
    parts = [f"Overall: {score_level}."]
    if strong:
        parts.append(f"{_join(strong).capitalize()} read as hire or better.")
    if low is not None and (low.score or 0) < 2:
        parts.append(f"{low.name.capitalize()}, at {low.level}, is what pulled the packet down.")
    elif low is not None:
        parts.append(f"{low.name.capitalize()}, at {low.level}, was the weakest area.")
    elif pulled is not None:
        parts.append(f"What held it there: the candidate {pulled}.")
    else:
        parts.append("No single area pulled the packet down.")
    if not cites:
        best = next((c for r in rated for reason in r.reasons for c in reason.cites), None)
        cites = (best,) if best else ()
    return Claim(" ".join(parts), cites) if cites else None


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def strong_paragraph(strong: Sequence[Finding], answers: Sequence[Answer]) -> Paragraph | None:
    claims: list[Claim] = []
    for f in strong:
        c = f.cites[0] if f.cites else None
        if c is None:
            continue
        if f.kind == "coverage":
            hit, total = f.detail.split("/")
            claims.append(Claim(f"The technical content was there: you touched {hit} of {total} key points, for example at {clock(c.t)}: {q(c)}.", f.cites[:1]))
        elif f.kind == "options_then_commit":
            more = f" You did it {len(f.answers)} times." if len(f.answers) > 1 else ""
            claims.append(Claim(f"At {clock(c.t)} you named the options and made the call in one breath: {q(c)}.{more}", (c,)))
        elif f.kind == "clean_commit":
            a = next(a for a in f.answers if a.index == c.answer)
            claims.append(Claim(f"At {clock(c.t)} you made a clean call — {q(c)} — and gave the floor back {span(a.signals.elaboration_s or 0.0)} later.", (c,)))
        elif f.kind == "tradeoff":
            claims.append(Claim(f"You put a price on your choices; at {clock(c.t)}: {q(c)}.", (c,)))
        elif f.kind == "calibrated":
            claims.append(Claim(f"At {clock(c.t)} you said what you didn't know and how you'd find out — {q(c)} — which is the calibrated confidence panels look for.", (c,)))
        elif f.kind == "simple_first":
            claims.append(Claim(f"You grew the architecture from a simple version instead of drawing the end state (at {clock(c.t)}: {q(c)}).", (c,)))
        elif f.kind == "clarifying":
            claims.append(Claim(f"You scoped before designing, with {f.detail} clarifying question(s), starting at {clock(c.t)}: {q(c)}.", (c,)))
        elif f.kind == "narrated_framework":
            claims.append(Claim(f"You told the panel your plan for the round at {clock(c.t)}: {q(c)}.", (c,)))
        if len(claims) == 3:
            break
    if not claims:
        committed = [a for a in answers if a.signals.commit_s is not None]
        if not committed:
            return None
        a = min(committed, key=lambda a: a.signals.elaboration_s or 0.0)
        c = a.commit()
        claims.append(Claim(f"The panel found little to hold on to; the closest to a clean answer was at {clock(c.t)}: {q(c)}.", (c,)))
    return Paragraph("strong", tuple(claims))


def concern(f: Finding, session: SessionSignals, settings: Settings) -> Claim:
    """The finding as the recruiter would put it, about its worst instance."""
    a = worst(f)
    if f.kind == "relitigation":
        cites = a.positions() or [a.first()]
        first = cites[0]
        parts = [
            f"The concern: on {_prompt(a)} you offered {max(a.signals.positions, len(cites))} positions before landing, "
            f"starting at {clock(first.t)} with {q(first)}."
        ]
        for n, c in enumerate(cites[1:], start=2):
            parts.append(f"At {clock(c.t)}: {q(c)} — your {ordinal(n)} position on it, {span(c.t - first.t)} after the first.")
        return Claim(" ".join(parts), tuple(cites))
    if f.kind == "run_on":
        limit = run_on_limit(a.phase, settings)
        commit = a.commit()
        at = a.cite(commit.t + limit)
        return Claim(
            f"The concern: at {clock(commit.t)} you made the call — {q(commit)} — and then kept going for "
            f"{span(a.signals.elaboration_s or 0.0)} without giving the floor back. {limit:.0f} seconds after the call you were on: {q(at)}.",
            (commit, at),
        )
    c = next((c for c in f.cites if c.answer == a.index), f.cites[0] if f.cites else a.first())
    if f.kind == "skipped_requirements":
        text = f"The concern: you went straight to components — at {clock(c.t)}: {q(c)} — before asking a single question about what was being built."
    elif f.kind == "no_commit":
        text = f"The concern: the answer to {_prompt(a)} never landed on a position; at {clock(c.t)} it ended with {q(c)}."
    elif f.kind == "final_state_first":
        text = f"The concern: your first architecture answer drew the whole end state at once — at {clock(c.t)}: {q(c)} — before any simple version that works."
    elif f.kind == "long_pause":
        text = f"The concern: in the answer to {_prompt(a)} you went quiet for {f.detail} s, and the panel cannot grade thinking it cannot hear. What came after, at {clock(c.t)}: {q(c)}."
    elif f.kind == "no_handoff":
        text = f"The concern: {len(f.answers)} answers ended without giving the floor back; at {clock(c.t)} the answer ended on {q(c)}, and the interviewer had to take it from there."
    elif f.kind == "defended_pushback":
        text = f"The concern: when the interviewer pushed back on {_prompt(a)}, the design stayed as it was without the point being weighed — at {clock(c.t)}: {q(c)}."
    elif f.kind == "no_tradeoffs":
        text = f"The concern: choices came without their cost. At {clock(c.t)}: {q(c)} — no alternative named, nothing given up."
    elif f.kind == "over_budget":
        seconds, budget = session.phase_seconds[f.detail], session.phase_budget_seconds[f.detail]
        text = f"The concern: {phase_name(f.detail)} took {span(seconds)} against a budget of {span(budget)}, squeezing what came after; it began at {clock(c.t)} with {q(c)}."
    else:  # low_coverage
        text = f"The concern: {phase_name(a.phase)} left out key points such as “{f.detail}”; the answer began at {clock(c.t)}: {q(c)}."
    return Claim(text, (c,))


def worst(f: Finding) -> Answer:
    if f.kind in ("relitigation",):
        return max(f.answers, key=lambda a: (a.signals.positions + a.signals.reversals, -a.index))
    if f.kind == "run_on":
        return max(f.answers, key=lambda a: (a.signals.elaboration_s or 0.0, -a.index))
    return f.answers[0]


REPEATABLE = ("relitigation", "run_on", "no_commit", "long_pause")
"""Kinds that happen answer by answer, so they can repeat."""


def pattern(f: Finding, answers: Sequence[Answer], settings: Settings) -> Claim | None:
    """Did it repeat? The recruiter's second question."""
    first = worst(f)
    if f.kind not in REPEATABLE:
        return None
    others = [a for a in f.answers if a is not first]
    if others:
        parts = ["And the pattern repeated."]
        cites: list[Cite] = []
        for a in others[:2]:
            if f.kind == "relitigation":
                pos = a.positions() or [a.first()]
                parts.append(f"On {_prompt(a)}, at {clock(pos[0].t)}, it happened again: {len(pos)} positions, the last at {clock(pos[-1].t)}: {q(pos[-1])}.")
                cites.extend([pos[0], pos[-1]])
            elif f.kind == "run_on":
                c = a.commit()
                parts.append(f"At {clock(c.t)} you ran past the call again, for {span(a.signals.elaboration_s or 0.0)} after {q(c)}.")
                cites.append(c)
            else:
                c = next((c for c in f.cites if c.answer == a.index), a.first())
                parts.append(f"It came back at {clock(c.t)}: {q(c)}.")
                cites.append(c)
        return Claim(" ".join(parts), tuple(cites))
    clean = [a for a in answers if a.clean]
    if not clean:
        return None
    best = clean[0]
    c = best.commit()
    return Claim(
        f"It did not repeat: {len(clean)} of {len(answers)} answers landed cleanly, for example at {clock(c.t)}: {q(c)}.",
        (c,),
    )


def level(f: Finding | None, ratings: Sequence[Rating], answers: Sequence[Answer]) -> Claim | None:
    """What the level requires, said against this session's own moment."""
    technical = [r for r in ratings if r.competency != "communication_conviction" and r.score is not None]
    sound = bool(technical) and all(r.score is not None and r.score >= 3 for r in technical)
    if f is None:
        clean = [a for a in answers if a.clean]
        if not clean:
            return None
        a = min(clean, key=lambda a: a.signals.elaboration_s or 0.0)
        c = a.commit()
        return Claim(f"At this level the panel wants calls made early, backed briefly and handed back, as at {clock(c.t)}: {q(c)}.", (c,))
    a = worst(f)
    if f.kind == "relitigation":
        pos = a.positions() or [a.first()]
        landing = a.landing()
        text = "What the level requires is a call you can defend without re-arguing it."
        if sound:
            text += f" The call you landed on was sound — at {clock(landing.t)}: {q(landing)} — but it came after {len(pos)} positions, not as your first, so the panel could not tell which one you held."
        else:
            text += f" Here the landing came at {clock(landing.t)} — {q(landing)} — after {len(pos)} positions."
        return Claim(text, (landing,))
    c = a.cite(a.signals.commit_s if a.signals.commit_s is not None else a.turn.start)
    needs = {
        "run_on": "knowing when the answer is done: make the call, back it briefly, and give the floor back",
        "skipped_requirements": "scoping a problem before solving it",
        "no_commit": "taking a position and owning it; “it depends” is where an answer starts, not where it ends",
        "final_state_first": "deriving the design: start naive, find what breaks, and justify each addition by it",
        "long_pause": "thinking out loud, so the panel can follow the reasoning and not only its result",
        "no_handoff": "running the conversation with the interviewer, not at them: end an answer by handing it back",
        "no_tradeoffs": "choosing for these requirements and saying what the choice gives up",
        "over_budget": "managing the clock so that the deep dive, where senior signal lands, gets its time",
        "low_coverage": "knowing the material well enough to hit the points that matter without being led",
        "defended_pushback": "treating pushback as an invitation to refine the design, not a challenge to fend off",
    }[f.kind]
    tail = " The technical content did not hold you back." if sound else ""
    return Claim(f"What the level requires is {needs}; the moment to show it was at {clock(c.t)}: {q(c)}.{tail}", (c,))


_CHANGES: dict[str, tuple[str, str]] = {
    "run_on": (
        "The 60-second rule",
        "Once you have made the call, you get 60 seconds to back it. Then stop and ask where the interviewer wants to go next.",
    ),
    "relitigation": (
        "Name the options, pick one, say why, hand off",
        "Open a decision with the option space in one sentence, say which one you pick and why, then ask what to pull on. Reopen it only when the interviewer pushes.",
    ),
    "skipped_requirements": (
        "Scope before you draw",
        "Spend the first minutes on who uses it, at what scale, and what is out of scope; confirm it out loud before the first box.",
    ),
    "no_commit": (
        "Lead with the call",
        "Put the position in your first sentence — “I'd use X, because Y” — and the detail after it.",
    ),
    "final_state_first": (
        "Start naive",
        "Draw the simplest version that works, say what breaks first at your scale, and add one component per problem.",
    ),
    "long_pause": (
        "Think out loud",
        "When you need to think, say what you are weighing (“I'm deciding between sharding by user and by time…”); silence gives the panel nothing to grade.",
    ),
    "no_handoff": (
        "End with a question",
        "Finish every answer by giving the floor back: “That's my call — where do you want to go next?”",
    ),
    "no_tradeoffs": (
        "Say what it costs",
        "Attach the price to each choice: “X over Y, because …; Y would win if …”.",
    ),
    "over_budget": (
        "Watch the phase clock",
        "Glance at the time when you change phase; when one runs long, say so and move on.",
    ),
    "defended_pushback": (
        "Take the pushback as an invitation",
        "When the interviewer pushes, say what the point changes — “fair, a hot key would melt that shard, so I'd add…” — before you defend the rest.",
    ),
    "low_coverage": (
        "Learn the missing points",
        "Study the key points listed under Coverage below and say each in a sentence of your own.",
    ),
}


def changes(
    weak: Sequence[Finding], answers: Sequence[Answer], session: SessionSignals, settings: Settings
) -> tuple[Change, ...]:
    """The two highest-impact fixes, each with the moment in this session it would have helped."""
    picked: list[Change] = []
    for f in weak:
        if any(c.kind == f.kind for c in picked):
            continue
        title, how = _CHANGES[f.kind]
        picked.append(Change(f.kind, title, how, _moment(f, session, settings)))
        if len(picked) == 2:
            break
    if len(picked) < 2:
        longest = max(
            (a for a in answers if a.signals.elaboration_s is not None and not a.signals.run_on),
            key=lambda a: a.signals.elaboration_s or 0.0,
            default=None,
        )
        if longest is not None:
            c = longest.commit()
            picked.append(
                Change(
                    "keep_it_short",
                    "Keep the calls short under pressure",
                    "Nothing here ran past the limit; a real panel adds nerves, so keep practising with a stopwatch and the 60-second rule.",
                    Claim(
                        f"Your longest stretch past a call was {span(longest.signals.elaboration_s or 0.0)}, from {clock(c.t)}: {q(c)}",
                        (c,),
                    ),
                )
            )
    return tuple(picked)


def _moment(f: Finding, session: SessionSignals, settings: Settings) -> Claim:
    a = worst(f)
    if f.kind == "run_on":
        limit = run_on_limit(a.phase, settings)
        commit = a.commit()
        over = (a.signals.elaboration_s or 0.0) - limit
        return Claim(
            f"In the answer to {_prompt(a)} the call came at {clock(commit.t)} — {q(commit)} — so by {clock(commit.t + limit)} "
            f"it was time to ask where to go next; you went on for another {span(over)}.",
            (commit,),
        )
    if f.kind == "relitigation":
        pos = a.positions() or [a.first()]
        landing = a.landing()
        return Claim(
            f"At {clock(pos[0].t)}, on {_prompt(a)}: name the options once, then lead with the call you ended on — {q(landing)} — and stop there.",
            (pos[0], landing),
        )
    c = next((c for c in f.cites if c.answer == a.index), a.first())
    if f.kind == "over_budget":
        text = f"{phase_name(f.detail).capitalize()} began at {clock(c.t)} ({q(c)}) and ran {span(session.phase_seconds[f.detail])} against {span(session.phase_budget_seconds[f.detail])}."
    elif f.kind == "low_coverage":
        text = f"In {phase_name(a.phase)} (from {clock(c.t)}: {q(c)}) you could have said: “{f.detail}”."
    elif f.kind == "long_pause":
        text = f"Before {clock(c.t)} ({q(c)}) there were {f.detail} s of silence to fill with what you were weighing."
    elif f.kind == "skipped_requirements":
        text = f"At {clock(c.t)}, before {q(c)}, ask who uses it, at what scale and what is out of scope — then draw."
    elif f.kind == "no_handoff":
        text = f"At {clock(c.t)} the answer ended on {q(c)}; one more sentence — “where do you want to go next?” — gives the floor back."
    elif f.kind == "no_commit":
        text = f"At {clock(c.t)} the answer ended on {q(c)} with no call in it; say which option you pick, and why."
    elif f.kind == "final_state_first":
        text = f"At {clock(c.t)} you opened with {q(c)}; open instead with one server and one database, then add a part as each one breaks."
    elif f.kind == "defended_pushback":
        text = f"At {clock(c.t)} ({q(c)}), say first what the interviewer's point would change, then what you keep and why."
    else:  # no_tradeoffs
        text = f"At {clock(c.t)}: {q(c)} — add what it costs, and when the alternative would win."
    return Claim(text, (c,))


def also(weak: Sequence[Finding], session: SessionSignals, settings: Settings) -> Paragraph | None:
    """The findings after the main concern, one sentence each."""
    rest = [concern(f, session, settings) for f in weak[1:3]]
    if not rest:
        return None
    return Paragraph("also", tuple(Claim("Also: " + c.text.removeprefix("The concern: "), c.cites) for c in rest))
