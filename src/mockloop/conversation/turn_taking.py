"""When the candidate's turn is over: a pure decision from the silence, the model and the words.

The live listener (`adapters/audio/listen.py`) and the benchmark
(`bench/turn_taking.py`) feed the same functions, so what the benchmark
measures on its simulated clock is what a session does:

    Pause        where a silence stands: how long, what the turn model said
                 (Smart Turn's probabilities, asked at `probe_at`), what the
                 live words say (`Cue`), and whether those words are fresh
    decide()     `Ending` ("handoff", "complete", "silence", …) or None: keep listening

Two policies: `SmartPolicy` (the model and the words, up to a silence
ceiling for a real thinking pause) and `SilenceRule` (`--turn-detector
silence`: a fixed silence, shorter after a hand-off; the old behaviour).

What the words say is read from the last sentence of the live words:
a hand-off ("does that match what you have in mind?") ends the turn at once;
a closer ("so yeah", "that's the rough envelope") ends it once the words are
fresh; a dangling clause ("…and", "so we", "um,") or "let me think" keeps the
floor with the candidate whatever the model says. What was measured, and
what was tried and left out, is in docs/SPEECH.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from mockloop.judge import lexicon as lx

DANGLING = re.compile(
    r"(?:\b(?:and|or|but|so|because|since|then|which|that|who|where|when|if|than|like|with|without|of|to|for|"
    r"from|in|on|at|by|into|onto|about|the|a|an|our|my|their|its|this|these|those|we|i|i'd|i'll|i'm|we'd|we'll|"
    r"we're|you|they|it's|that's|there's|is|are|was|be|would|will|can|could|should|might|maybe|just|also|um|uh|"
    r"er|hmm|like|say|plus|either|whether|per|via|using|some|any|every|each|more|less|over|under|between|"
    r"through|after|before|until|while|although|though|unless|whereas)|,|-|—|…|\.\.\.)$"
)
"""The last words of a clause that is still going: the candidate has more to say."""

NEVER_LAST = re.compile(
    r"\b(?:and|or|but|because|whereas|unless|if|than|the|an|our|my|their|its|your|we|i|they|"
    r"i'd|i'll|i'm|we'd|we'll|we're|they're|you're|it's|that's|there's|um|uh|er)$"
)
"""Words no spoken sentence ends on. A full stop after one is the recogniser closing its
window mid-clause ("…and for the blobs themselves we."), not the candidate finishing."""

THINKING = re.compile(
    r"\b(?:let me (?:think|see|figure|work (?:this|that|it) out)|give me a (?:second|sec|moment|minute)|"
    r"hold on|one (?:second|sec|moment)|bear with me|how do i put (?:this|it)|what's the word|"
    r"i'm (?:just )?thinking|thinking about (?:it|this|that)|hmm+)\b"
)
"""Said before a pause to keep the floor."""

CLOSER = re.compile(
    r"(?:\bso,? yeah|\byeah,? so|\bthat's (?:it|all|about it|roughly (?:it|\w+ \w+)|the (?:\w+ ){0,3}(?:idea|plan|shape|"
    r"envelope|design|picture|gist|scope|sizing|approach|summary|story))|\band that's (?:roughly |basically )?(?:it|how|what|the)|"
    r"\bthat (?:covers|sums up|'s my answer)|\bin (?:short|summary|a nutshell)|\bthat's how i'd\b|\bthat's what i'd\b|"
    r"\bso that's(?: (?:basically|roughly|about|pretty much))?(?: it| all| that| me)?[.!]*$|\bi'll (?:stop|pause) (?:there|here)\b)"
)
"""Words that wrap an answer up. A bare "so that's" only at the very end ("…so that's
it.", "So that's that."): followed by more it is a result ("so that's 100 TB a year"),
said mid-answer before a pause as often as at the end."""

CLOSER_AT_END = re.compile(rf"(?:{CLOSER.pattern})[\s.,!]*$")
TAG_WORDS = 6
"""A wrap-up the recogniser split with a full stop ("So yeah. That's the shape of it.",
"…so yeah. That's not a shame of it." when it mishears): a sentence that ends on a closer,
then one of at most this many words, wraps up as the closer alone does."""

ASKS = re.compile(
    r"^(?:so,? |and |okay,? )?(?:does|do|did|would|should|shall|is|are|can|could|will) (?:that|this|those|these|you|i|we)\b"
    r"|,\s*(?:(?:should|shall|can|could) (?:i|we)|(?:do|would|will|can|could) you|(?:does|did|is|would|will) (?:that|this))\b[^,]*\?$"
    r"|\bor (?:should|shall|would|do|did|can|could) (?:i|we|you)\b"
    r"|\b(?:does|do|did) (?:that|this|it) (?:match|fit|make sense|sound|work|cover|answer)\b"
    r"|\bwhat you (?:have|had) in mind\b|\bwhat you were (?:thinking|picturing|after|looking for)\b"
)
"""A sentence put as a question to the interviewer, even when the recogniser drops the "?";
or a question clause the recogniser ran on after a comma ("…to the gateways, should I talk
through the failure modes?")."""

_SENTENCE_END = re.compile(r"[.!?]['\")\]]*$")
_SPLIT = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Cue:
    """What the words at the end of the answer so far say about the turn."""

    handoff: bool = False
    """The last sentence gives the floor back with a hand-off phrase (the judge's lexicon)."""

    asks: bool = False
    """The last sentence is a question to the interviewer ("does that match what you have in mind?")."""

    closer: bool = False
    """The last sentence wraps up ("so yeah", "that's the idea")."""

    finished: bool = False
    """The last word ends a sentence (Whisper's punctuation)."""

    dangling: bool = False
    """The last words leave a clause open ("and", "so we", "um,")."""

    thinking: bool = False
    """The candidate said they are thinking ("let me think", "hmm")."""


def cue_of(text: str) -> Cue:
    """Read the end of `text` (the answer so far, as the live words have it)."""
    text = " ".join(text.split())
    if not text:
        return Cue()
    sentences = [s for s in _SPLIT.split(text) if s.strip()]
    last = sentences[-1].lower()
    trailing_off = last.endswith(("...", "…"))
    bare = last.rstrip(" .!?\"')]")
    finished = bool(_SENTENCE_END.search(last)) and not trailing_off and not NEVER_LAST.search(bare)
    question = last.endswith("?")
    handoff = bool(lx.HANDOFF.search(last))
    asks = bool(ASKS.search(last)) or (question and re.search(r"\b(?:you|your)\b", last) is not None)
    return Cue(
        handoff=handoff,
        asks=asks,
        closer=bool(CLOSER.search(last)) or _split_closer(sentences, bare),
        finished=finished,
        dangling=trailing_off or (not finished and bool(DANGLING.search(bare))) or last.endswith((",", "-")),
        thinking=bool(THINKING.search(last)),
    )


def _split_closer(sentences: list[str], bare_last: str) -> bool:
    if len(sentences) < 2 or len(bare_last.split()) > TAG_WORDS:
        return False
    return bool(CLOSER_AT_END.search(sentences[-2].lower()))


@dataclass(frozen=True)
class Pause:
    """Where a silence after speech stands, as the listener sees it."""

    silence_s: float
    probabilities: tuple[float, ...] = ()
    """The turn model's answers in this silence so far, in order (latest last)."""

    cue: Cue | None = None
    """What the live words say, or None if there are none yet."""

    fresh: bool = False
    """The words were decoded after this silence began (they reach its start)."""


class Policy(Protocol):
    """A way of deciding the end of a turn; both policies are pure."""

    def probe_at(self) -> tuple[float, ...]:
        """Silences (seconds) at which the turn model is asked; () = never."""
        ...

    def decide(self, pause: Pause) -> str | None:
        """How the turn ends now ("handoff", "complete", "silence"), or None to keep listening."""
        ...


@dataclass(frozen=True)
class SmartPolicy:
    """The semantic end of turn: the model's say, weighed by the words, with a ceiling.

    The thresholds are what bench/turn_taking.py chose on its material (see
    its report); each is the model probability needed to end the turn, given
    what the words say. On espeak voices the model tells a clause left open
    from a finished one well (4-5 of 35 mid-clause thinking pauses cut in,
    against 23 for the silence rule) but reads a finished sentence followed
    by a pause as an ending whether or not more follows (24-25 of 34); no
    threshold, and nothing else measured (docs/SPEECH.md), separates those."""

    probes: tuple[float, ...] = (0.25, 0.5, 1.0)
    """When the model is asked: first after a short silence, again as the silence grows (its
    answer changes with the trailing silence it sees). Not later: with 2 s of silence in its
    window it drifts towards "complete" inside clauses (0.06 at 0.5 s, 0.95 at 2 s, measured
    live on a mid-clause pause)."""

    handoff_s: float = 0.25
    """A hand-off ends the turn after this much silence, whatever the model says."""

    settle_s: float = 0.5
    """No end on the model's say before this much silence: people leave 0.2-0.5 s between
    sentences of one answer, and the model reads each of those as an ending."""

    sure: float = 0.9
    """The model alone ends the turn above this (unless the words dangle or think aloud)."""

    steady: float = 0.5
    """The model's say (`sure`, `finished`) ends the turn only if its first say was at least this:
    with more silence in its window it drifts towards "complete" inside a clause too. Seen
    live (tests/integration/test_turn_taking_pulse.py, session 6): 0.41 then 0.95 half a
    second into a 4 s mid-clause pause, with fresh words the recogniser had closed with a
    guess ("…for the blobs themselves weak."). Neutral on bench/turn_taking.py's material
    (0.3 and 0.5 change no decision there); a finished answer the model doubts at first
    still ends on a wrap-up (`closer`) or on `patience_s`. Its first say is the first
    `early` of them, as for `doubt`."""

    closer: float = 0.3
    """Enough when words not yet fresh wrap up ("so yeah", "that's the idea"); fresh words that
    wrap up end the turn whatever the model says (on espeak voices it said 0.01-0.04 after
    "So yeah." and "and that's roughly how I'd keep it sane", which then waited for the ceiling)."""

    finished: float = 0.9
    """Enough when the fresh words end a sentence, once the silence reaches `statement_s`."""

    statement_s: float = 0.7
    patience_s: float = 4.5
    """After this much silence a finished sentence is taken as the end unless the model's
    first say was a firm no (below `doubt`). Only the first: the model is trained on audio
    that ends in a short silence, and with seconds of silence in its window it drifts up
    (measured: 0.08 at 0.25 s, 0.86 at 2 s, in a clause the recogniser had closed early).
    Longer than most thinking pauses (2-5 s): the recogniser closes a clause cut off by a
    pause with a guess and a full stop ("…for the blobs themselves weak."), so at 3 s this
    rule cut into 4 s mid-clause pauses; a longer pause it ends is undone by the resume merge
    (`MERGE_WITHIN_S`). Measured on the benchmark's tuned half: the same cut-ins, 6 of them
    undone by the merge instead of 2, and p90 reply gap 3.1 -> 4.6 s (the endings it waits
    on were late already)."""

    doubt: float = 0.1
    early: int = 1
    """How many of the first says count for `doubt`."""
    ceiling_s: float = 8.0
    """Silence that ends any turn: the longest thinking pause allowed (`--end-silence`)."""

    brief: bool = False
    """Answers are a word or a phrase (a quiz's "B", "the second one"): once there are fresh
    words, `statement_s` of silence ends the turn whatever the model says, with or without
    the recogniser's full stop. The model is unsure of a two-word reply (a quiz answer waited
    out `patience_s`, 6 s from the start of listening to the next question), and the
    recogniser does not always close one ("The fourth one" waited for the ceiling on a busy
    machine); words that dangle or think aloud still hold."""

    def probe_at(self) -> tuple[float, ...]:
        return self.probes

    def decide(self, pause: Pause) -> str | None:
        s = pause.silence_s
        if s >= self.ceiling_s:
            return "silence"
        cue = pause.cue or Cue()
        if (cue.handoff or cue.asks) and s >= self.handoff_s:
            return "handoff"
        if not pause.probabilities or s < self.settle_s:
            return None
        p = pause.probabilities[-1]
        if cue.thinking or cue.dangling:
            return None  # stale words that dangle hold too: holding costs only until fresh ones come
        if cue.closer and (pause.fresh or p >= self.closer):
            return "complete"  # a wrap-up then silence is an ending; on stale words, if the model half agrees
        first = max(pause.probabilities[: self.early])
        steady = first >= self.steady
        if p >= self.sure and steady:
            return "complete"
        if not pause.fresh:
            return None
        if self.brief and pause.cue is not None and s >= self.statement_s:
            return "complete"
        if cue.finished and s >= self.statement_s and p >= self.finished and steady:
            return "complete"
        if cue.finished and s >= self.patience_s and first >= self.doubt:
            return "complete"
        return None


@dataclass(frozen=True)
class SilenceRule:
    """Today's rule (`--turn-detector silence`): a fixed silence, shorter after a hand-off."""

    end_silence_s: float = 2.5
    handoff_silence_s: float = 0.7

    def probe_at(self) -> tuple[float, ...]:
        return ()

    def decide(self, pause: Pause) -> str | None:
        if pause.fresh and pause.cue is not None and pause.cue.handoff and pause.silence_s >= self.handoff_silence_s:
            return "handoff"
        if pause.silence_s >= self.end_silence_s:
            return "silence"
        return None


MERGE_WITHIN_S = 1.5
"""A candidate who speaks again this soon after the interviewer began was not done: the
interviewer stops and the two pieces are one answer."""
