"""Sentences Whisper invents: the outro lines of the videos it was trained on.

Whisper learned from subtitled videos, and over the last, thin stretch of a
window it can write how such videos end ("Thanks for watching!", "We'll see
you in the next one.") instead of the words that were said. It is a known
failure of the model family, seen in many tools built on it (and in a
clean-clone CI run here: the end of an answer about lookups per second came
back as "We'll see you in the next one."). No candidate closes a design
answer that way, so a sentence that is wholly such a line is taken out; the
recogniser then finds the stretch wordless and decodes it again
(`coverage.uncovered`, `WhisperTranscriber._mend`).

Only whole lines are matched, as a sentence or run on at a sentence's end
from a capitalised word: "clients subscribe to the topic", "thanks for
listening" and "see you in the next round" stay.

Pure: words in, words and the stretches taken out back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mockloop.judge.sentences import sentence_runs
from mockloop.model import Span, Word

_LINE = (
    r"(?:thanks|thank you)(?: (?:so|very) much)? for (?:watching|viewing)"
    r"(?: (?:this video|the video|everyone|guys))?"
    r"|(?:(?:we ?ll|i ?ll|we will|i will) )?see you (?:guys |all )?(?:in the next (?:one|video|episode)|next time)"
    r"|(?:please|don ?t forget to) (?:like and )?subscribe(?: to (?:my|our|the) channel)?"
    r"|like and subscribe(?: to (?:my|our|the) channel)?"
    r"|subscribe to (?:my|our|the) channel"
    r"|(?:subtitles|captions) by .+"
)
_OUTRO = re.compile(rf"(?:(?:ok(?:ay)?|so|well|and|alright|all right) )?(?:{_LINE})")
"""A whole sentence that is an outro line."""

_TAIL = re.compile(rf"(?:{_LINE})")
"""An outro line run on at the end of a real sentence, after words it does not belong to."""


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z ]+", " ", text.lower().replace("'", "").replace("’", "")).split())


def is_outro(text: str) -> bool:
    """Whether `text` is wholly one of the video outro lines Whisper invents."""
    return _OUTRO.fullmatch(_plain(text)) is not None


def _tail(sentence: Sequence[Word]) -> int:
    """Where an outro line run on at the end of `sentence` starts (its length if none): a
    capitalised word mid-sentence (Whisper starting a new line without a full stop)
    from which the rest is wholly an outro line."""
    for i in range(1, len(sentence)):
        if sentence[i].text[:1].isupper() and _TAIL.fullmatch(_plain(" ".join(w.text for w in sentence[i:]))):
            return i
    return len(sentence)


def drop_outros(words: Sequence[Word]) -> tuple[list[Word], list[Span]]:
    """`words` without the invented outro lines (a whole sentence, or one run on at a
    sentence's end after a capitalised word), and the stretches they took."""
    kept: list[Word] = []
    dropped: list[Span] = []
    for sentence in sentence_runs(words, lambda w: w.text):
        cut = 0 if is_outro(" ".join(w.text for w in sentence)) else _tail(sentence)
        kept += sentence[:cut]
        if cut < len(sentence):
            dropped.append((sentence[cut].start, sentence[-1].end))
    return kept, dropped
