"""Labelled answers and sessions, as the judge's tests and benchmark read them.

Answer files hold `# labels:` for their last candidate answer (docs/LABELS.md);
training files in `corpus/acts/` also carry each sentence's acts after
` ||| ` (docs/ACTS.md), which are stripped here. Session files hold
`# facts:` and, for held-out sessions, a panel verdict in `verdicts.tsv`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from mockloop.adapters.storage.transcripts import parse_timed_text
from mockloop.model import Transcript, Turn

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
HELDOUT = ROOT / "tests" / "heldout"
FLAGS = ("committed", "run_on", "relitigated", "handoff", "options_then_commit", "calibrated")
VERDICTS = ("strong_no_hire", "no_hire", "lean_hire", "hire", "strong_hire")

_ACTS = re.compile(r"\s+\|\|\|\s.*$", re.MULTILINE)


@dataclass(frozen=True)
class Labelled:
    path: Path
    transcript: Transcript
    labels: dict[str, str]

    @property
    def answer(self) -> Turn:
        return self.transcript.answers[-1]

    @property
    def asked(self) -> str | None:
        """The interviewer line just before the last answer."""
        turns = self.transcript.turns
        i = turns.index(self.answer)
        before = [t for t in turns[:i] if t.speaker == "interviewer"]
        return (before[-1].text or None) if before and turns[i - 1].speaker == "interviewer" else None

    def flag(self, name: str) -> int:
        return int(self.labels[name])

    @property
    def pushback(self) -> str | None:
        value = self.labels.get("pushback", "none")
        return None if value == "none" else value


def read_transcript(path: Path) -> Transcript:
    return parse_timed_text(_ACTS.sub("", path.read_text(encoding="utf-8")), path.name)


def answers(*folders: Path) -> list[Labelled]:
    out = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            if path.name.endswith(".src.txt"):
                continue
            t = read_transcript(path)
            raw = str(t.meta.get("labels", ""))
            labels = dict(item.split("=", 1) for item in raw.split())
            if labels:
                out.append(Labelled(path, t, labels))
    return out


def training_answers() -> list[Labelled]:
    return answers(CORPUS / "acts")


def heldout_answers() -> list[Labelled]:
    return answers(HELDOUT / "answers")


@dataclass(frozen=True)
class LabelledSession:
    path: Path
    transcript: Transcript
    verdict: str | None
    facts: dict[str, str]


def sessions(folder: Path) -> list[LabelledSession]:
    verdicts: dict[str, str] = {}
    table = folder / "verdicts.tsv"
    if table.is_file():
        with table.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                verdicts[row["file"]] = row["verdict"]
    out = []
    for path in sorted(folder.glob("*.txt")):
        t = read_transcript(path)
        facts = dict(item.split("=", 1) for item in str(t.meta.get("facts", "")).split())
        verdict = verdicts.get(path.name) or (str(t.meta["verdict"]) if "verdict" in t.meta else None)
        out.append(LabelledSession(path, t, verdict, facts))
    return out
