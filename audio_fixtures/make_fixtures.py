#!/usr/bin/env python3
"""Make the recorded-answer fixtures: espeak-ng speaks, sox inserts pauses.

Each fixture is a 16 kHz mono WAV with its truth (the words spoken) in a .txt
beside it. Voices and speeds vary so that recognition is tested on more than
one speaker. Needs espeak-ng and sox (installed by `scripts/setup.sh test`).

    python3 audio_fixtures/make_fixtures.py          # rewrite every fixture
    python3 audio_fixtures/make_fixtures.py NAME...  # just these
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATE = 16_000

Segment = str | float  # text to speak, or seconds of silence


@dataclass(frozen=True)
class Fixture:
    name: str
    voice: str
    speed: int  # words per minute, espeak-ng's -s
    segments: tuple[Segment, ...]
    pitch: int = 50
    question: str = "build-cache"


FIXTURES: tuple[Fixture, ...] = (
    Fixture(
        "concise-commit", "en-us", 165,
        (
            "There are three options here: synchronous replication, asynchronous replication, "
            "or a quorum write across two regions.",
            0.6,
            "I'm picking asynchronous replication to a partner region, because the cache is not "
            "the system of record, and a missing artifact only costs a slower build.",
            0.8,
            "What do you want to pull on next?",
        ),
    ),
    Fixture(
        "relitigating-replication", "en-gb", 152,
        (
            "So for cross region replication, I'd write to the local region first and replicate "
            "asynchronously to a partner region.",
            0.7,
            "The key is the content hash, so there are no conflicts.",
            0.9,
            "Um, but let me explain why async and not sync. Synchronous replication would add the "
            "round trip to the other region on every write, and that is maybe eighty milliseconds, "
            "which the build tool would feel on every upload.",
            0.8,
            "Then there's the question of what happens if the partner region is the one that goes "
            "down. In that case the writes pile up in the local region, and we need backpressure "
            "on the replication queue.",
            1.0,
            "Actually, on second thought, maybe we should do a quorum write to two regions, "
            "because then an outage never loses a fresh artifact.",
            0.9,
            "Uh, although the quorum write brings back the latency problem, and the failover "
            "detection gets complicated, because you have to decide when a region is really gone "
            "and not just slow.",
            1.0,
            "Or maybe a single region write with a read through to the other region on a miss. "
            "That is simpler, and the read path already falls through tier by tier.",
            1.1,
            "And then there's the question of the hash itself. SHA256 is fine against accidents, but "
            "if someone uploads crafted content, maybe we want a keyed hash instead.",
            0.8,
            "What would happen if the failover detector flaps? Then clients would bounce between "
            "regions, and the hit rate would drop in both of them.",
            0.9,
            "Let me go back to the first idea. Let me commit to a position. I think single region "
            "write with async cross region replication is the right call here, because the cache "
            "is not the system of record, and the failure mode of a missing artifact is a slow "
            "build, not lost data.",
            0.8,
            "Um, I mean, unless the artifacts are release builds, in which case we might want the "
            "quorum after all, but I think for this cache it is fine.",
        ),
    ),
    Fixture(
        "thinking-pause", "en-us+m3", 160,
        (
            "Hmm, how many lookups per second do we need to handle?",
            7.0,
            "Okay. Say ten thousand engineers, each running a few builds an hour, and every build "
            "asks the cache a few hundred times. That puts the peak in the tens of thousands of "
            "lookups per second.",
        ),
    ),
    Fixture(
        "jargon-dedupe", "en-us+f3", 145,
        (
            "For the dedupe on write path, the client computes the SHA256 of the artifact locally.",
            0.6,
            "It sends a head probe with the digest, and the server answers present or absent.",
            0.6,
            "The client uploads only if the artifact is absent. The race is benign, because the "
            "cache key is the content hash, and a second write of the same bytes is a no-op.",
        ),
    ),
    Fixture(
        "jargon-feed", "en-gb-x-rp", 170,
        (
            "I'd go with fan out on write for most users. When someone posts, a worker pushes the "
            "post ID into each follower's timeline in a Redis cache.",
            0.7,
            "For celebrities that would be millions of writes, so their posts use fan out on read, "
            "and we merge them into the timeline when the feed is loaded.",
            0.7,
            "The timelines are sharded by user ID. Should I go deeper on the hot key problem, or "
            "move on?",
        ),
        pitch=40,
        question="twitter-feed",
    ),
    Fixture(
        "jargon-ratelimit", "en-us", 180,
        (
            "The limiter sits in the API gateway, and the counters live in Redis.",
            0.5,
            "I'd use a token bucket per API key, because it allows short bursts with a steady "
            "refill.",
            0.5,
            "The check and the increment have to be atomic, so I'd run them in one Lua script. "
            "When a client is over the limit, we return too many requests with a retry after "
            "header.",
        ),
        question="rate-limiter",
    ),
    Fixture(
        "calibrated-estimate", "en-gb", 150,
        (
            "I'm not sure what the write latency of the object store is at this size.",
            0.8,
            "I'd find out by running a quick benchmark against it, and by asking the storage team "
            "for their numbers.",
            0.7,
            "Until then, I'll assume writes are slow and keep them off the request path with an "
            "async fill.",
        ),
        pitch=60,
    ),
    Fixture(
        "fillers-requirements", "en-us+m3", 155,
        (
            "Um, so before I draw anything, uh, who are the clients?",
            0.7,
            "Is it just CI, or, um, developer laptops too?",
            0.8,
            "And, uh, what happens to a build when the cache is down? Does it fail, or does it "
            "just build from scratch?",
        ),
    ),
)


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make(fixture: Fixture, tmp: Path, out_dir: Path = HERE) -> Path:
    """Speak `fixture` into out_dir/NAME.wav with its truth in NAME.txt; return the WAV."""
    parts: list[Path] = []
    for i, seg in enumerate(fixture.segments):
        part = tmp / f"{fixture.name}-{i:02d}.wav"
        if isinstance(seg, str):
            raw = tmp / f"{fixture.name}-{i:02d}-raw.wav"
            _run(["espeak-ng", "-v", fixture.voice, "-s", str(fixture.speed), "-p", str(fixture.pitch), "-w", str(raw), seg])
            _run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(part)])
        else:
            _run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(part), "trim", "0", f"{seg}"])
        parts.append(part)
    out = out_dir / f"{fixture.name}.wav"
    # A short lead-in and tail of silence, as a real recording has.
    _run(["sox", *map(str, parts), str(out), "pad", "0.3", "0.5"])
    truth = " ".join(s for s in fixture.segments if isinstance(s, str))
    (out_dir / f"{fixture.name}.txt").write_text(truth + "\n", encoding="utf-8")
    return out


def write_manifest() -> None:
    """manifest.json: what each fixture is, for the tests and the benchmark."""
    doc = {
        f.name: {
            "question": f.question,
            "voice": f.voice,
            "speed_wpm": f.speed,
            "pauses_over_5s": sum(1 for s in f.segments if isinstance(s, float) and s > 5.0),
        }
        for f in FIXTURES
    }
    (HERE / "manifest.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def main(names: list[str]) -> int:
    chosen = [f for f in FIXTURES if not names or f.name in names]
    unknown = set(names) - {f.name for f in FIXTURES}
    if unknown:
        print(f"make_fixtures: unknown fixture(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for fixture in chosen:
            make(fixture, Path(tmp))
            print(f"wrote {fixture.name}.wav")
    write_manifest()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
