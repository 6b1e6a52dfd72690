"""Clarifying questions and the interviewer's answers to them, from the question's facts.

Pure. `clarifying_questions(turn)` finds the questions a candidate puts to
the interviewer about scope, users, scale or constraints ("is it just CI or
laptops too?", "how many users?"). It reads the judge's own act
for it (the learned tagger's `clarify`), so the interview and the debrief
agree on what was asked. `answer_questions` picks the best-matching fact for each
question, so the interviewer answers briefly, as a real one would, and says
"that's your call" when the facts are silent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mockloop.judge.acts import tag
from mockloop.judge.segment import segment
from mockloop.judge.sentences import split_sentences
from mockloop.model import Fact, Turn, typed_words

LEAD = re.compile(
    r"\b(?:is it|is this|is that|are we|are there|are they|do we|does it|does this|does the|did you|"
    r"should we|should it|should i assume|will we|will it|would we|would it|can we|can i|can it|may i|"
    r"how many|how much|how big|how large|how often|how fast|how long|how quickly|"
    r"what about|what's the|what is the|what are the|what kind|what sort|which|who are|who is|who uses|"
    r"i'd like to know|i want to know|i'm wondering|i wonder)\b"
)
"""How a question to the interviewer starts, with or without a question mark."""

_WH = re.compile(r"^(?:how|what|which|who)\b")
_AUX = re.compile(r"\b(?:is|are|do|does|did|should|will|would|can|may|was|were|has|have)\b")

HANDBACK = re.compile(
    r"\bmake sense\b|\bwhere (?:should|shall|do) (?:we|i|you)\b|\bwhat do you want (?:me )?to\b"
    r"|\b(?:shall|should) i (?:go|dig|drill|keep|continue|move|start)\b|\bwant me to\b|\bmove on\b"
    r"|\bany questions\b|\bwhich (?:part|piece|area)\b|\bhappy with\b|\bsounds? (?:right|good|ok|okay|fair)\b"
    r"|\bthoughts\b|\bwhat would you (?:like|prefer)\b|\bis that (?:ok|okay|enough|fine|alright)\b"
    r"|\bwhat happens (?:if|when)\b|\bwhat if\b|\bwhy not\b|\bright\?$"
)
"""Questions that give the floor back, or that the candidate asks of the design itself: not clarifying."""

_STOP = {"a", "an", "the", "is", "it", "are", "we", "do", "does", "to", "of", "or", "and", "too", "just", "be", "for", "on", "in"}


def clarifying_questions(turn: Turn) -> list[str]:
    """The clarifying questions in a candidate's answer, as the candidate put them.

    Two readings, joined: how a question to the interviewer starts ("is it…",
    "how many…", with or without a question mark), and the judge's own act for
    it (the tagger's `clarify`), which also hears questions that start
    otherwise ("Are logs in scope?"). Hand-backs and questions about the design
    itself ("what happens if…") are never clarifying."""
    found = _asked_by_phrase(turn)
    words = turn.words or typed_words(turn.text)
    punctuated = any(ch in w.text for w in words for ch in ".?!")
    for t in tag(segment(words), turn.phase):
        text = t.sentence.text.strip()
        if not t.has("clarify") or HANDBACK.search(_lower(text)) or not _is_question(text, punctuated):
            continue
        if any(_lower(f).rstrip("?") in _lower(text) for f in found):
            continue
        found.append(text)
    return found


_QUESTION_START = re.compile(r"^(?:how|what|which|who|where|when|why|is|are|do|does|did|should|will|would|can|could|may|was|were|has|have)\b")


def _is_question(text: str, punctuated: bool) -> bool:
    """A clarifying question is a question: it ends with "?" (or, in text without
    punctuation, starts like one)."""
    if punctuated:
        return text.rstrip().endswith("?")
    return _QUESTION_START.match(_lower(text)) is not None


def _asked_by_phrase(turn: Turn) -> list[str]:
    """Clarifying questions found by how they start (with or without a question mark)."""
    words = turn.words or typed_words(turn.text)
    text = " ".join(w.text for w in words)
    if not text.strip():
        return []
    punctuated = any(ch in text for ch in ".?!")
    if punctuated:
        asked = [s.text for s in split_sentences(words) if s.text.rstrip().endswith("?")]
    else:
        asked = [text]
    found: list[str] = []
    for sentence in asked:
        if HANDBACK.search(_lower(sentence)):
            continue
        pieces = _split_at_leads(sentence)
        whole = punctuated and len(pieces) == 1
        found += [p for p in pieces if _is_clarifying(p, whole)]
    return found


def _lower(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def _split_at_leads(sentence: str) -> list[str]:
    """One sentence → the questions in it: a lead ("how many", "is it") after a comma, "and",
    or a finished question starts a new one; a lead inside a wh-question still waiting
    for its verb ("how many users *do we* have") does not, nor one after "or"."""
    tokens = sentence.split()
    pieces: list[list[str]] = [[]]
    for i, token in enumerate(tokens):
        rest = _lower(" ".join(tokens[i:]))
        current = pieces[-1]
        if current and LEAD.match(rest) and _may_start_here(current):
            pieces.append([])
        pieces[-1].append(token)
    out = [_TRAILING.sub("", " ".join(p)).strip(" ,;") for p in pieces]
    return [p for p in out if p]


_TRAILING = re.compile(r"[,;]?\s+(?:and|or|also|so|then|but)[,.]?$", re.IGNORECASE)


def _may_start_here(current: list[str]) -> bool:
    so_far = _lower(" ".join(current))
    if not LEAD.search(so_far):
        return True  # what came before was a lead-in, not a question
    previous = so_far.split()[-1].strip(",;")
    if previous in ("or", "of", "the", "a", "to", "about", "know", "where", "what", "how", "why", "when", "who"):
        return False
    body = _strip_lead_in(so_far)
    if _WH.match(body) and not _AUX.search(" ".join(body.split()[1:])):
        return False
    return len(body.split()) >= 2


def _strip_lead_in(text: str) -> str:
    return re.sub(r"^(?:(?:so|and|also|okay|ok|um|uh|well|first|then|right),?\s+)+", "", text)


def _is_clarifying(question: str, whole_sentence: bool) -> bool:
    """A question to the interviewer: it starts as one ("are we…", "how many…"), or it is a
    whole sentence ending in "?" about the system ("the builds run in one region?")."""
    low = _lower(question).rstrip("?")
    if HANDBACK.search(low + "?"):
        return False
    body = _strip_lead_in(low)
    if LEAD.match(body):
        return True
    return whole_sentence and bool(re.search(r"\b(?:we|it|they|users?|this|clients?)\b", body))


@dataclass(frozen=True)
class Reply:
    """The interviewer's answer to one clarifying question; `fact` is None when none matched."""

    question: str
    fact: Fact | None


def best_fact(question: str, facts: Sequence[Fact]) -> Fact | None:
    """The fact a question asks about: the most (and longest) phrasings it uses; None if it uses none."""
    spoken = " " + " ".join(re.sub(r"[^a-z0-9%/]+", " ", _lower(question).replace("-", " ")).split()) + " "
    best: tuple[float, Fact] | None = None
    for fact in facts:
        score = 0.0
        for phrasing in fact.phrasings:
            norm = " ".join(re.sub(r"[^a-z0-9%/]+", " ", phrasing.lower().replace("-", " ")).split())
            if norm and f" {norm}" in spoken:
                score += sum(1.0 if w not in _STOP else 0.25 for w in norm.split())
        if score > 0 and (best is None or score > best[0]):
            best = (score, fact)
    return best[1] if best else None


def answer_questions(questions: Sequence[str], facts: Sequence[Fact]) -> list[Reply]:
    """One reply per question; a fact already given is not given twice."""
    replies: list[Reply] = []
    given: set[str] = set()
    for q in questions:
        fact = best_fact(q, facts)
        if fact is not None and fact.answer in given:
            continue
        if fact is not None:
            given.add(fact.answer)
        replies.append(Reply(q, fact))
    return replies


def reply_text(replies: Sequence[Reply], no_fact: str) -> str:
    """What the interviewer says: each matched fact's answer, then, once, the no-fact line."""
    said = [r.fact.answer for r in replies if r.fact is not None]
    if any(r.fact is None for r in replies):
        said.append(no_fact)
    return " ".join(said)
