"""The debrief: goldens, evidence that exists, sessions that read differently,
and a debrief that moves when the signals move."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from mockloop.debrief import Debrief
from mockloop.debrief.data import LEVELS
from mockloop.judge import lexicon as lx
from mockloop.model import Transcript
from mockloop.report import render_html, render_markdown
from mockloop.settings import Settings
from mockloop.adapters.storage.transcripts import parse_timed_text

from tests.debrief_helpers import SESSION_NAMES, SESSIONS, debrief_of, fixture

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "debriefs"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
UPDATE = os.environ.get("MOCKLOOP_UPDATE_GOLDEN") == "1"


def test_there_are_three_session_fixtures() -> None:
    assert len(SESSION_NAMES) == 3


@pytest.mark.parametrize("name", SESSION_NAMES)
def test_golden_debrief(name: str) -> None:
    d = debrief_of(fixture(name), name)
    md, doc = render_markdown(d), json.dumps(d.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if UPDATE:
        (GOLDEN / f"{name}.md").write_text(md)
        (GOLDEN / f"{name}.json").write_text(doc)
    assert md == (GOLDEN / f"{name}.md").read_text()
    assert doc == (GOLDEN / f"{name}.json").read_text()


def _check_claims(d: Debrief, transcript: Transcript) -> int:
    """Every claim's evidence is the candidate's words, verbatim, starting at a word spoken at that time;
    a fault is never shown by quoting a hand-off."""
    answers = transcript.answers
    checked = 0
    doc = d.as_dict()
    claims = [doc["verdict"]["headline"]] if doc["verdict"]["headline"] else []
    for r in doc["competencies"]:
        claims += r["reasons"]
    for p in doc["narrative"]:
        claims += p["claims"]
    claims += [c["moment"] for c in doc["changes"]]
    assert len(claims) == len(d.claims())
    for claim in claims:
        assert claim["evidence"], f"a claim without evidence: {claim['text']}"
        for ev in claim["evidence"]:
            turn = answers[ev["answer"] - 1]
            words = [w.text for w in turn.words]
            quoted = ev["quote"].split()
            starts = [i for i, w in enumerate(turn.words) if abs(w.start - ev["t"]) < 0.01]
            assert starts, f"no word starts at {ev['t']} in answer {ev['answer']}"
            i = starts[0]
            assert words[i : i + len(quoted)] == quoted, (ev, " ".join(words[i : i + len(quoted)]))
            assert ev["at"] in claim["text"] or ev["quote"][:40] in claim["text"] or claim["text"].startswith(("+", "−", "Overall"))
            if claim["text"].startswith("−"):
                assert not lx.HANDOFF.search(ev["quote"].lower()), f"a hand-off quoted as a fault: {claim['text']} {ev['quote']}"
            checked += 1
    return checked


@pytest.mark.parametrize("name", SESSION_NAMES)
def test_every_claim_carries_a_timestamp_and_quote_from_the_transcript(name: str) -> None:
    transcript = fixture(name)
    assert _check_claims(debrief_of(transcript, name), transcript) >= 8


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt"))[::4], ids=lambda p: p.stem)
def test_claims_hold_on_single_answers_too(path: Path) -> None:
    transcript = parse_timed_text(path.read_text(), path.name)
    _check_claims(debrief_of(transcript, path.stem), transcript)


def test_the_postmortem_session_reads_like_the_recruiter_call() -> None:
    d = debrief_of(fixture("build-cache-relitigates"), "x")
    ratings = {r.competency: r for r in d.ratings}
    assert d.verdict_level == "no hire"
    # Technically strong, one concern that repeated: the concern is what held the packet at no hire.
    assert d.pulled_down_by == "re-argued its calls: the pattern repeated"
    assert ratings["communication_conviction"].level == "no hire"
    technical = [r for r in d.ratings if r.competency != "communication_conviction"]
    assert all(r.score is not None and r.score >= LEVELS.index("hire") for r in technical)
    concern = next(p for p in d.narrative if p.topic == "concern").text
    assert "3 positions" in concern and "your third position on it" in concern
    assert "the pattern repeated" in concern
    assert "defend without re-arguing" in next(p for p in d.narrative if p.topic == "level").text
    assert [c.kind for c in d.changes] == ["relitigation", "run_on"]
    assert "04:41" in d.changes[1].moment.text  # 60 s after the 03:41 commit


def test_two_sessions_read_differently() -> None:
    texts = {name: [p.text for p in debrief_of(fixture(name), name).narrative] for name in SESSION_NAMES}
    concerns = {}
    for name, paragraphs in texts.items():
        for other, theirs in texts.items():
            if other != name:
                assert not set(paragraphs) & set(theirs), f"{name} and {other} share a paragraph"
        concerns[name] = debrief_of(fixture(name), name).changes[0].kind
    assert len(set(concerns.values())) == 3, concerns
    verdicts = {debrief_of(fixture(n), n).verdict_level for n in SESSION_NAMES}
    assert len(verdicts) == 3


def _without(text: str, *starts: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(starts))


def test_the_debrief_moves_when_the_signals_move() -> None:
    source = (SESSIONS / "build-cache-relitigates.txt").read_text()
    before = debrief_of(parse_timed_text(source), "before")
    # The same round, but each deep-dive answer stops after its first call and the interviewer moves on.
    landed = _without(
        source,
        *(f"[{t}]" for t in ("04:15.0", "04:26.0", "04:39.0", "04:50.0", "05:00.0", "05:12.0", "05:28.0")),
        *(f"[{t}]" for t in ("06:10.0", "06:17.0", "06:28.0", "06:36.0", "06:50.0")),
    )
    landed = landed.replace(
        "[05:32.0] candidate:", "[04:14.0] interviewer: Good. Walk me through the dedupe-on-write path.\n[05:32.0] candidate:"
    ).replace(
        "[06:55.0] candidate:", "[06:09.0] interviewer: What about hot keys?\n[06:55.0] candidate:"
    )
    after = debrief_of(parse_timed_text(landed), "after")
    assert after.metrics.relitigations == 0 < before.metrics.relitigations
    assert after.metrics.run_ons == 0 < before.metrics.run_ons
    assert after.verdict is not None and before.verdict is not None and after.verdict > before.verdict
    assert "relitigation" not in [c.kind for c in after.changes]
    assert render_markdown(after) != render_markdown(before)


def test_thresholds_change_the_debrief() -> None:
    transcript = fixture("url-shortener-runs-on")
    strict = debrief_of(transcript, "x")
    lax = debrief_of(transcript, "x", replace(Settings(), run_on_s=120.0))
    assert strict.metrics.run_ons == 1 and lax.metrics.run_ons == 0
    assert "run_on" not in [c.kind for c in lax.changes] or strict.changes != lax.changes


def test_an_excerpt_rates_only_what_it_reached() -> None:
    d = debrief_of(parse_timed_text((CORPUS / "bc-dd-replication-relitigate.txt").read_text()), "dd")
    assessed = {r.competency for r in d.ratings if r.score is not None}
    assert assessed == {"depth_tradeoffs", "communication_conviction"}


def test_no_answers_gives_an_empty_but_valid_debrief() -> None:
    transcript = parse_timed_text("# question: build-cache\n[00:00.0] interviewer: Hello.\n")
    d = debrief_of(transcript, "empty")
    assert d.verdict is None and not d.narrative and not d.changes
    assert "There are no candidate answers to judge." in d.notes
    assert render_markdown(d) and render_html(d)


def test_html_is_self_contained() -> None:
    html = render_html(debrief_of(fixture("build-cache-relitigates"), "x"))
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert html.count('class="answer-bar"') == 9
    assert "default-src 'none'" in html


@pytest.mark.parametrize("name", [*SESSION_NAMES, "01-url-shortener", "03-rate-limiter"])
def test_the_headline_quotes_what_held_the_verdict_down(name: str) -> None:
    # a concern's headline cites that concern's own answers, never a strength's quotes
    # (it once quoted the opening clarifying questions as evidence of re-arguing)
    transcript = fixture(name) if name in SESSION_NAMES else parse_timed_text((CORPUS / "sessions" / f"{name}.txt").read_text(), name)
    d = debrief_of(transcript, name)
    doc = d.as_dict()["verdict"]
    headline, pulled = doc["headline"], doc["pulled_down_by"]
    assert headline and headline["evidence"]
    if pulled and pulled.startswith("re-argued"):
        flagged = {a.index for a in d.answers if a.relitigated}
        assert flagged and {e["answer"] for e in headline["evidence"]} <= flagged, (headline, flagged)
