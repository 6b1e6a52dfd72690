#!/usr/bin/env python3
"""The audio half of the judge's corpus: answers spoken by espeak-ng, heard by
the real bundled model, written as timed text with their labels.

The judge must survive recognition errors ("cash" for "cache"), so it is
scored on what the model heard, not on what was typed. Labels describe the
answer as spoken; `NAME.src.txt` keeps the spoken text beside the heard one.

    .venv/bin/python tests/corpus/make_audio_corpus.py
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "audio"

spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "audio_fixtures" / "make_fixtures.py")
assert spec and spec.loader
fx = importlib.util.module_from_spec(spec)
sys.modules["make_fixtures"] = fx
spec.loader.exec_module(fx)

LEAD_IN = 3.0  # seconds the interviewer's line takes before the answer starts

# name, question, phase, interviewer line, voice, speed, segments, labels
ANSWERS = [
    ("a-bc-dd-clean", "build-cache", "deep_dive", "Walk me through the cross-region replication path.", "en-us", 160,
     ("There are two options: replicate synchronously, or write locally and replicate in the background.", 0.5,
      "I'd write to the local region and replicate asynchronously, because a missing artifact only means a slower build.", 0.6,
      "Where do you want to go next?"),
     "committed=1 run_on=0 relitigated=0 handoff=1 options_then_commit=1 calibrated=0 positions=1"),
    ("a-bc-dd-relitigate", "build-cache", "deep_dive", "Walk me through the dedupe-on-write path.", "en-gb", 165,
     ("The client hashes the artifact and sends a head request first.", 0.5,
      "On second thought, the server should compute the hash, because clients can lie.", 0.6,
      "Or maybe both compute it and the server verifies.", 0.5,
      "Hmm, that doubles the work on big artifacts though."),
     "committed=1 run_on=0 relitigated=1 handoff=0 options_then_commit=0 calibrated=0 positions=3"),
    ("a-bc-dd-runon", "build-cache", "deep_dive", "What happens on a regional outage?", "en-us+m3", 140,
     ("Reads fall back to the partner region, so a hit gets slower, and a miss means a rebuild.", 0.6,
      "Then there's the question of writes during the outage. They land in the partner region and replicate back once the region recovers, which is safe because the keys are content hashes.", 0.7,
      "What happens when the region comes back? The solid state tiers are cold, so the hit rate dips, and we might want to warm the hottest artifacts from the partner region before sending traffic back.", 0.7,
      "There's also the question of how clients notice. Waiting for DNS failover is slow, so the client library should try the partner region itself after a short timeout, and remember that choice for a while.", 0.6,
      "And the backfill traffic between regions needs a rate limit, otherwise the recovery itself becomes the next outage.", 0.6,
      "What would happen if both regions lose the same artifact? Then it is simply rebuilt by the next build that needs it, which is the whole point of a cache that is not the system of record."),
     "committed=1 run_on=1 relitigated=0 handoff=0 options_then_commit=0 calibrated=0 positions=1"),
    ("a-bc-est-calibrated", "build-cache", "estimation", "How much storage do we need?", "en-us+f3", 155,
     ("I'm not sure how big the average artifact is in this org.", 0.5,
      "I'd find out by sampling the artifacts of a week of CI builds.", 0.5,
      "For now I'll assume one megabyte on average. Shall I carry on?"),
     "committed=1 run_on=0 relitigated=0 handoff=1 options_then_commit=0 calibrated=1 positions=1"),
    ("a-us-arch-options", "url-shortener", "architecture", "How do you generate the short codes?", "en-gb-x-rp", 160,
     ("There are three ways: hash the long link, use a global counter, or hand out ranges of IDs to each server.", 0.6,
      "I'm picking ranges of IDs, because each server allocates locally and the counter is touched once per thousand links.", 0.6,
      "Should I go deeper on that, or move on?"),
     "committed=1 run_on=0 relitigated=0 handoff=1 options_then_commit=1 calibrated=0 positions=1"),
    ("a-us-req-clarify", "url-shortener", "requirements", "What do you need to know?", "en-us", 170,
     ("Do links expire? And can people choose their own alias?", 0.5,
      "Do we need click analytics, or only the redirect?"),
     "committed=0 run_on=0 relitigated=0 handoff=1 options_then_commit=0 calibrated=0 positions=0"),
    ("a-tw-dd-nocommit", "twitter-feed", "deep_dive", "What about a celebrity with fifty million followers?", "en-us+m3", 150,
     ("Hmm, yeah, that is a lot of writes.", 0.6,
      "We could push in batches, or we could pull for them, it kind of depends.", 0.6,
      "There are a lot of ways to look at it."),
     "committed=0 run_on=0 relitigated=0 handoff=0 options_then_commit=0 calibrated=0 positions=0"),
    ("a-tw-arch-emphasis", "twitter-feed", "architecture", "Where do the timelines live?", "en-gb", 160,
     ("I'd keep each timeline as a list of post IDs in Redis.", 0.5,
      "That's actually cheap, a few kilobytes per user.", 0.5,
      "It actually makes the read path one lookup plus hydration."),
     "committed=1 run_on=0 relitigated=0 handoff=0 options_then_commit=0 calibrated=0 positions=1"),
    ("a-ch-dd-reverse", "chat-messaging", "deep_dive", "How do you order messages?", "en-us+f3", 160,
     ("The server assigns a sequence number per conversation when it stores the message.", 0.5,
      "Actually, let's use timestamps from the client instead, it saves a round trip.", 0.5,
      "Does that work for you?"),
     "committed=1 run_on=0 relitigated=1 handoff=1 options_then_commit=0 calibrated=0 positions=2"),
    ("a-ch-api-calibrated", "chat-messaging", "api", "How does a client catch up after being offline?", "en-gb-x-rp", 155,
     ("A sync call returns everything after the last sequence number the client has.", 0.5,
      "I don't know how large that backlog gets for a phone that was off for a week. I'd measure it from the gateway logs before deciding on paging.", 0.5,
      "Does that answer it?"),
     "committed=1 run_on=0 relitigated=0 handoff=1 options_then_commit=0 calibrated=1 positions=1"),
    ("a-rl-dd-rhetorical", "rate-limiter", "deep_dive", "What if Redis is down?", "en-us", 165,
     ("The gateway falls back to a local limit in memory.", 0.5,
      "Is that perfectly fair? No, but it keeps the API up, and that matters more.", 0.5,
      "So the limiter fails open with a local cap."),
     "committed=1 run_on=0 relitigated=0 handoff=0 options_then_commit=0 calibrated=0 positions=1"),
    ("a-rl-arch-runon-handoff", "rate-limiter", "deep_dive", "Walk me through two requests racing on one counter.", "en-gb", 140,
     ("The check and the increment run as one script in Redis, so they are atomic.", 0.6,
      "Without that, two requests both read nine and both write ten, and we let one extra through, which at scale adds up to real overshoot for the noisy clients.", 0.6,
      "What happens if the script is slow? Every request waits on it, so it has to stay tiny, a get, a compare, an increment and an expiry, nothing else.", 0.6,
      "And there's also the question of clusters. The key has to live on one shard, which is fine because a key is one client, but a hash tag keeps related keys together.", 0.6,
      "Then there is the client side, retries with backoff, so a limited client does not hammer us harder.", 0.5,
      "And one more thing, the limits themselves should be loaded from configuration at startup and refreshed every minute, so that changing a limit never needs a deploy of the gateway.", 0.5,
      "What do you want to pull on?"),
     "committed=1 run_on=1 relitigated=0 handoff=1 options_then_commit=0 calibrated=0 positions=1"),
]


def main() -> int:
    from mockloop.adapters.audio.files import read_audio
    from mockloop.adapters.storage.bank import Bank, shipped_dir
    from mockloop.model import Transcript, Turn, Word
    from mockloop.adapters.stt.whisper import WhisperTranscriber
    from mockloop.adapters.storage.transcripts import format_timed_text

    bank = Bank([shipped_dir()])
    transcriber = WhisperTranscriber()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, qid, phase, line, voice, speed, segments, labels in ANSWERS:
            fixture = fx.Fixture(name, voice, speed, segments, question=qid)
            wav = fx.make(fixture, Path(tmp), out_dir=Path(tmp))
            words = transcriber.transcribe(read_audio(wav), bank.get(qid).vocabulary)
            heard = tuple(Word(w.text, w.start + LEAD_IN, w.end + LEAD_IN, w.probability) for w in words)
            asked = Turn("interviewer", 0.0, LEAD_IN, (Word(line, 0.0, 0.1),), phase, line)
            answer = Turn("candidate", LEAD_IN, LEAD_IN + len(read_audio(wav)) / 16_000, heard, phase, "")
            body = format_timed_text(Transcript((asked, answer), qid, {"labels": labels, "voice": f"{voice} {speed} wpm"}))
            (OUT / f"{name}.txt").write_text(body, encoding="utf-8")
            (OUT / f"{name}.src.txt").write_text((Path(tmp) / f"{name}.txt").read_text(), encoding="utf-8")
            print(f"wrote audio/{name}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
