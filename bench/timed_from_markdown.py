#!/usr/bin/env python3
"""Turn a podcast transcript in The Changelog's markdown into timed text for `bench/real_speech.py`.

    .venv/bin/python bench/timed_from_markdown.py EPISODE.md OUT.txt --hosts "Jerod Santo,Adam Stacoviak"

The markdown has `**Name:**` at each change of speaker and an occasional
`\\[MM:SS\\]` time mark. Hosts become the interviewer, everyone else the
candidate; each sentence gets a time interpolated by word count between the
marks (2.6 words a second outside them). The output is third-party text:
keep it outside the repository.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mockloop.adapters.storage.transcripts import format_timestamp, parse_timestamp  # noqa: E402

SPEAKER = re.compile(r"^\*\*(?P<who>[^*]+?):\*\*\s*(?P<rest>.*)$")
MARK = re.compile(r"\\?\[(\d+(?::\d+){1,2})\\?\]")
SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[A-Z0-9\"'(])")
WORDS_PER_S = 2.6


def pieces(md: str, hosts: set[str]) -> list[tuple[str, str, float | None]]:
    """(role, sentence, time mark at its start or None), in order; "Break" segments dropped."""
    out: list[tuple[str, str, float | None]] = []
    who = None
    for para in md.split("\n\n"):
        para = " ".join(para.split())
        if not para:
            continue
        m = SPEAKER.match(para)
        if m:
            who, para = m.group("who").strip(), m.group("rest")
        if who is None or who.lower() == "break":
            continue
        role = "interviewer" if who in hosts else "candidate"
        mark = None
        first = MARK.match(para)
        if first:
            mark = parse_timestamp(first.group(1))
            para = para[first.end():].strip()
        para = MARK.sub("", para)
        for i, s in enumerate(x.strip() for x in SENTENCE.split(para)):
            if s:
                out.append((role, s, mark if i == 0 else None))
    return out


def timed(items: list[tuple[str, str, float | None]]) -> list[tuple[float, str, str]]:
    words = [len(s.split()) for _, s, _ in items]
    starts = [0.0] * len(items)
    anchors = [(i, m) for i, (_, _, m) in enumerate(items) if m is not None]
    if not anchors or anchors[0][0] != 0:
        anchors.insert(0, (0, max(0.0, (anchors[0][1] if anchors else 0.0) - sum(words[: anchors[0][0]]) / WORDS_PER_S) if anchors else 0.0))
    for (i, t), nxt in zip(anchors, anchors[1:] + [None]):
        j = nxt[0] if nxt else len(items)
        span = sum(words[i:j])
        rate = (span / (nxt[1] - t)) if nxt and nxt[1] > t and span else WORDS_PER_S
        rate = min(max(rate, 1.5), 4.5)
        at = t
        for k in range(i, j):
            starts[k] = at
            at += words[k] / rate
    return [(starts[k], role, s) for k, (role, s, _) in enumerate(items)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("markdown", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--hosts", required=True, help="comma-separated names of the hosts (the interviewer side)")
    args = parser.parse_args(argv)
    hosts = {h.strip() for h in args.hosts.split(",") if h.strip()}
    try:
        md = args.markdown.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.markdown}: cannot read it ({exc}); give the episode's .md file", file=sys.stderr)
        return 1
    rows = timed(pieces(md, hosts))
    if not any(r == "candidate" for _, r, _ in rows):
        print(f"{args.markdown}: no guest speech found (check --hosts)", file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8") as f:
        for t, role, s in rows:
            f.write(f"[{format_timestamp(t)}] {role}: {s}\n")
    print(f"{args.out}: {len(rows)} sentences, {sum(len(s.split()) for _, _, s in rows)} words, {format_timestamp(rows[-1][0])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
