#!/usr/bin/env python3
"""Turn-taking as the candidate hears it: how soon the interviewer replies, how often it cuts in.

Material, generated at bench time into bench/out/turn_taking/ (git-ignored):
the 40 independent held-out scripts (tests/heldout/audio/scripts.jsonl, never
edited), spoken by espeak-ng in several voices, speeds and pitches, each
`<pause N>` a silence of N s clamped into 2–5 s; scripts with at most one
marked pause get one more, alternately mid-clause and between sentences; a
-60 dBFS noise floor under everything. Endings: each script's own (statement,
hand-off, trailing "so yeah") and the ends of audio_fixtures/*.wav.

Two halves: **tuned** (the scripts spoken by the first four voices of
VOICES, and every other fixture in name order) is the half the policy's rules
and thresholds are chosen on; **report** (the other four voices, the other
fixtures) is only reported. The split was made after the first defaults
(0.9, 0.7 s, 3 s; chosen on all of it) and before any later change. Every
policy's figures are given for all and for each half; the last line is all.

Two measurements, both for the semantic policy and for today's silence rule:

    sim    every answer replayed through the real VAD, the real Smart Turn
           model and the real decoder, on a simulated clock: each model call
           and each decode lands when its measured compute time has passed;
           the decision is the pure `conversation.turn_taking` one the listener
           makes. Until the tail decode lands, the words the decision reads are
           those of the listener's last streaming pass (decoded over the audio
           up to where that pass would have begun). Fast enough to run over the
           whole set.
    live   a subset in real time through a real PulseAudio server: `mockloop
           practice` listens on the virtual mic, the answers are paplay'd into
           it, and the reply gap is timed on one recording of both the
           candidate's and the interviewer's audio (last candidate sample ->
           first interviewer sample).

Figures: reply gap p50/p90 after a finished answer (speech end -> the
decision, plus the voice's start, measured live), cut-ins (a turn ended
inside a thinking pause; how many of them the resume-merge would undo),
premature ends elsewhere (a natural gap mid-answer), late replies (> 1 s).
Memory: peak RSS of a simulated 45-minute session with the detector loaded
(bench/turn_latency.py's worker, `--turn-detector smart`).

Last line (a contract):
`reply_gap_p50_s: X  reply_gap_p90_s: Y  cutins: A/B  silence_rule_p50_s: Z  rss_mb: M`

    .venv/bin/python bench/turn_taking.py [--quick] [--skip-live] [--skip-memory]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from mockloop.conversation.turn_taking import Pause, SmartPolicy  # noqa: E402  (pure; the heavy parts load later)

SCRIPTS = ROOT / "tests" / "heldout" / "audio" / "scripts.jsonl"
FIXTURES = ROOT / "audio_fixtures"
OUT = ROOT / "bench" / "out" / "turn_taking"
RATE = 16_000
CHUNK = 1_600
"""The listener's 100 ms chunks: decisions happen at chunk boundaries, as live."""

VOICES = [
    # (espeak voice, words per minute, pitch 0-99): none of them is audio_fixtures/' pairing
    ("en-us+f2", 150, 60),
    ("en-gb-scotland", 165, 45),
    ("en-us+m7", 175, 35),
    ("en-029", 155, 50),
    ("en-gb-x-gbclan+f4", 160, 70),
    ("en-us-nyc", 185, 40),
    ("en-gb-x-rp+m2", 145, 55),
    ("en-us+f5", 170, 65),
]
PAUSE_RANGE = (2.0, 5.0)
NOISE = 10 ** (-60 / 20)
WORDS_WINDOW_S = 6.0
"""Audio the simulated live decoder looks at before a pause (the listener's tail decode)."""

LATE_S = 1.0
FASTEST_DECODE_S = 0.1
IN_FLIGHT = 0.5
"""A tail decode waits, on average, for half a streaming pass already running when the pause
begins, or for the listener's PAUSE_S, whichever is later: the listener starts no pass once a
pause has begun (`adapters/audio/listen.py`)."""


@dataclass
class Item:
    """One spoken answer: where its speech ends and where its thinking pauses are."""

    id: str
    path: Path
    ending: str
    speech_end: float
    pauses: list[tuple[float, float, str]] = field(default_factory=list)
    voice: str = ""
    half: str = "tuned"
    """"tuned" or "report" (see the module's docstring)."""


# --- material ----------------------------------------------------------------------------


def _espeak(text: str, voice: str, wpm: int, pitch: int, out: Path) -> np.ndarray:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(out), text], check=True)
    from mockloop.adapters.audio.files import read_audio

    audio = read_audio(out)
    loud = np.nonzero(np.abs(audio) > 0.01)[0]
    return audio[loud[0] : loud[-1] + 1] if len(loud) else audio


def _extra_pause(text: str, k: int) -> str:
    """One more pause: mid-clause (after "and"/"so"/"because") or between sentences, alternately."""
    dur = (2, 3, 4, 5)[k % 4]
    body = text
    if k % 2 == 0:
        spots = [m.end() for m in re.finditer(r"\b(?:and|so|because|but|which) ", body)]
    else:
        spots = [m.end() for m in re.finditer(r"[.?!] (?=[A-Z])", body)]
    spots = [s for s in spots if 0.25 * len(body) < s < 0.8 * len(body) and "<pause" not in body[s - 12 : s + 12]]
    if not spots:
        return text
    at = spots[len(spots) // 2]
    return f"{body[:at]}<pause {dur}> {body[at:]}"


def build_material(rows: list[dict[str, Any]], quick: bool) -> list[Item]:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(16)
    items: list[Item] = []
    for k, row in enumerate(rows):
        text = row["text"]
        if text.count("<pause") <= 1:
            text = _extra_pause(text, k)
        voice, wpm, pitch = VOICES[k % len(VOICES)]
        wav = OUT / f"{row['id']}.wav"
        meta = OUT / f"{row['id']}.json"
        key = f"{text}|{voice}|{wpm}|{pitch}"
        if meta.exists() and wav.exists() and json.loads(meta.read_text()).get("key") == key:
            doc = json.loads(meta.read_text())
        else:
            parts = re.split(r"<pause (\d+(?:\.\d+)?)>", text)
            pieces: list[np.ndarray] = [np.zeros(RATE // 2, dtype=np.float32)]
            pauses = []
            t = 0.5
            for i in range(0, len(parts), 2):
                seg = _espeak(parts[i].strip(), voice, wpm, pitch, OUT / "segment.wav")
                pieces.append(seg)
                t += len(seg) / RATE
                if i + 1 < len(parts):
                    dur = min(max(float(parts[i + 1]), PAUSE_RANGE[0]), PAUSE_RANGE[1])
                    before = parts[i].rstrip()
                    kind = "between" if before.endswith((".", "?", "!")) else "mid-clause"
                    pauses.append((t, t + dur, kind))
                    pieces.append(np.zeros(int(dur * RATE), dtype=np.float32))
                    t += dur
            speech_end = t
            pieces.append(np.zeros(int(9.0 * RATE), dtype=np.float32))
            audio = np.concatenate(pieces)
            audio = (audio + NOISE * rng.standard_normal(len(audio))).astype(np.float32)
            _write_wav(wav, audio)
            doc = {"key": key, "speech_end": speech_end, "pauses": pauses, "ending": row["ending"], "voice": f"{voice} {wpm} wpm p{pitch}"}
            meta.write_text(json.dumps(doc))
        half = "tuned" if k % len(VOICES) < len(VOICES) // 2 else "report"
        items.append(Item(row["id"], wav, doc["ending"], doc["speech_end"], [tuple(p) for p in doc["pauses"]], doc["voice"], half))
    manifest = json.loads((FIXTURES / "manifest.json").read_text())
    for j, name in enumerate(sorted(manifest)):
        src = FIXTURES / f"{name}.wav"
        if not src.exists():
            continue
        from mockloop.adapters.audio.files import read_audio

        audio = read_audio(src)
        loud = np.nonzero(np.abs(audio) > 0.01)[0]
        end = loud[-1] / RATE
        wav = OUT / f"fixture-{name}.wav"
        padded = np.concatenate([np.zeros(RATE // 2, dtype=np.float32), audio[: loud[-1] + 1], np.zeros(9 * RATE, dtype=np.float32)])
        padded = (padded + NOISE * rng.standard_normal(len(padded))).astype(np.float32)
        _write_wav(wav, padded)
        pauses = [(0.5 + a, 0.5 + b, "fixture") for a, b in _long_gaps(audio[: loud[-1] + 1], 2.0)]
        m = manifest[name]
        half = "tuned" if j % 2 == 0 else "report"
        items.append(Item(f"fixture-{name}", wav, "fixture", 0.5 + end, pauses, f"{m.get('voice')} {m.get('speed_wpm')} wpm", half))
    if quick:
        # two answers in four: all kinds of ending, both halves, and both kinds of added pause
        # (they alternate with the script's index; every other answer would keep only mid-clause ones)
        items = [it for k, it in enumerate(items) if k % 4 < 2]
    return items


def _long_gaps(audio: np.ndarray, at_least: float) -> list[tuple[float, float]]:
    frame = 400
    n = len(audio) // frame
    quiet = np.sqrt(np.mean(audio[: n * frame].reshape(n, frame) ** 2, axis=1)) < 0.003
    gaps, start = [], None
    for i, q in enumerate(quiet):
        if q and start is None:
            start = i
        elif not q and start is not None:
            if (i - start) * frame / RATE >= at_least:
                gaps.append((start * frame / RATE, i * frame / RATE))
            start = None
    return gaps


def _write_wav(path: Path, audio: np.ndarray) -> None:
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())


# --- the simulated clock -----------------------------------------------------------------


@dataclass
class Observed:
    """What the listener would learn in each silence of one answer, with when it learns it.

    Keyed by the silence's start (the VAD's last speech end, in samples)."""

    silences: list[tuple[int, int, int]]
    """(chunk index, samples so far, silence start) for every chunk heard in silence after speech."""

    probs: dict[tuple[int, float], tuple[float, float]]
    """(silence start, probe) -> (probability, compute seconds)."""

    words: dict[int, tuple[str, float]]
    """silence start -> (the words up to it, decode seconds)."""

    spoken: dict[int, float] = field(default_factory=dict)
    """silence start -> seconds of speech in the answer up to it (the VAD's count)."""

    passes: dict[int, tuple[str, str]] = field(default_factory=dict)
    """silence start -> (the words of the streaming pass before the one in flight, the words of
    the pass in flight when the silence began): what the listener reads until the tail is decoded."""

    model_calls: int = 0
    decodes: int = 0


def observe(item: Item, detector: Any, decoder: Any, probes: tuple[float, ...], words_after: float) -> Observed:
    """Run the real VAD, model and decoder over `item` once; every policy is replayed from this."""
    from mockloop.adapters.audio.files import read_audio
    from mockloop.adapters.audio.vad import StreamingVad

    audio = read_audio(item.path)
    vad = StreamingVad()
    obs = Observed([], {}, {})
    end = int((item.speech_end + 8.5) * RATE)
    for i in range(0, min(len(audio), end) // CHUNK):
        n = (i + 1) * CHUNK
        state = vad.feed(audio[i * CHUNK : n])
        if not state.speech_started or state.in_speech:
            continue
        start = state.last_speech_end
        obs.silences.append((i, n, start))
        obs.spoken.setdefault(start, state.speech_samples / RATE)
        silence = state.silence_s
        for probe in probes:
            if silence >= probe and (start, probe) not in obs.probs:
                p = detector.probability(audio[:n])
                obs.probs[(start, probe)] = (p, detector.last_compute_s)
                obs.model_calls += 1
        # A decode is only worth running if the silence lasts past the fastest decode (words
        # cannot arrive sooner); shorter gaps between sentences never see fresh words live either.
        if silence >= words_after + FASTEST_DECODE_S and start not in obs.words:
            t0 = time.perf_counter()
            at = start + int(words_after * RATE)
            window = audio[max(0, at - int(WORDS_WINDOW_S * RATE)) : at]
            text = " ".join(w.text for w in decoder.decode(window))
            took = time.perf_counter() - t0
            obs.words[start] = (text, took)
            obs.decodes += 1
            # The live passes run back to back while the candidate speaks, each over the audio
            # up to where it began and each about as long as this decode: the pass in flight
            # began IN_FLIGHT of a pass before the silence, the one before it a whole pass earlier.
            said = []
            for back in (1 + IN_FLIGHT, IN_FLIGHT):
                upto = max(0, start - int(back * took * RATE))
                said.append(" ".join(w.text for w in decoder.decode(audio[max(0, upto - int(WORDS_WINDOW_S * RATE)) : upto])))
            obs.passes[start] = (said[0], said[1])
    return obs


@dataclass
class Outcome:
    decisions: list[tuple[float, str, int]]
    """(time s, how, silence start) for every silence in which the policy would end the turn."""


def replay(policy: Any, obs: Observed, words_after: float) -> Outcome:
    """The listener's decisions over the observed answer, on the simulated clock."""
    from mockloop.conversation.turn_taking import cue_of

    decided: set[int] = set()
    out: list[tuple[float, str, int]] = []
    previous_text = ""
    last_start = -1
    for _i, n, start in obs.silences:
        if start != last_start:
            if last_start in obs.words:
                previous_text = obs.words[last_start][0]
            last_start = start
        if start in decided:
            continue
        now = n / RATE
        silence = (n - start) / RATE
        probs = []
        for probe in policy.probe_at():
            got = obs.probs.get((start, probe))
            if got is not None and start / RATE + probe + got[1] <= now + 1e-9:
                probs.append(got[0])
        words = obs.words.get(start)
        fresh = words is not None and start / RATE + max(words_after, IN_FLIGHT * words[1]) + words[1] <= now + 1e-9
        if words is not None and fresh:
            text = words[0]
        elif words is not None and start in obs.passes:  # the live words as the last streaming pass left them
            before, in_flight = obs.passes[start]
            text = in_flight if start / RATE + IN_FLIGHT * words[1] <= now + 1e-9 else before
        else:
            text = previous_text
        how = policy.decide(SpokenPause(silence, tuple(probs), cue_of(text) if text else None, fresh, obs.spoken.get(start, 0.0)))
        if how is not None:
            decided.add(start)
            out.append((now, how, start))
    return Outcome(out)


@dataclass
class Score:
    gaps: list[float] = field(default_factory=list)
    cutins: int = 0
    merged: int = 0
    pauses: int = 0
    premature: int = 0
    late: int = 0
    endings: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    cut_kinds: dict[str, int] = field(default_factory=dict)


def score(items: list[Item], outcomes: list[Outcome], merge_s: float, voice_start_s: float = 0.0) -> Score:
    sc = Score()
    for item, outcome in zip(items, outcomes):
        sc.endings += 1
        sc.pauses += len(item.pauses)
        cut = set()
        for t, _how, _start in outcome.decisions:
            if t >= item.speech_end - 0.05:
                continue
            hit = next((k for k, (a, b, _kind) in enumerate(item.pauses) if a - 0.3 <= t < b), None)
            if hit is None:
                sc.premature += 1
            elif hit not in cut:
                cut.add(hit)
                a, b, kind = item.pauses[hit]
                sc.cutins += 1
                sc.cut_kinds[kind] = sc.cut_kinds.get(kind, 0) + 1
                if b - (t + voice_start_s) <= merge_s:
                    sc.merged += 1
        after = [t for t, _h, _s in outcome.decisions if t >= item.speech_end - 0.05]
        gap = (after[0] - item.speech_end + voice_start_s) if after else 9.0
        sc.gaps.append(gap)
        sc.by_kind.setdefault(item.ending, []).append(gap)
        if gap > LATE_S:
            sc.late += 1
    return sc


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


# --- real time through PulseAudio ----------------------------------------------------------


def live(items: list[Item], detector: str, home: Path) -> list[float]:
    """`mockloop practice` on the virtual mic; the reply gaps timed on one recording of both sides."""
    from mockloop.adapters.audio.files import read_audio, read_wav
    from tests.integration.conftest import drive_practice
    from tests.pulse import reply_gap, start_pulse

    import os

    src = str(ROOT / "src")
    if src not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)
    pulse = start_pulse()
    try:
        both = OUT / f"live-{detector}.wav"
        recorder = pulse.record_both(both)
        started = time.monotonic()
        played_at: list[float] = []
        # each answer ends 9 s after its speech: the silence rule's 2.5 s and the ceiling both fit
        wavs = [it.path for it in items]
        run = drive_practice(
            pulse,
            home,
            ["build-cache", "--minutes", "45", "--rate", "230", "--turn-detector", detector],
            wavs,
            during_answer=lambda i, player: played_at.append(time.monotonic() - started),
            interrupt_at_end=True,
            timeout=120.0 + 80.0 * len(items),
        )
        time.sleep(0.5)
        recorder.terminate()
        recorder.wait(timeout=10)
        if run.session is None or len(played_at) < len(items):
            raise RuntimeError(f"the live session stopped early (exit {run.returncode}): {run.stderr[-600:]}")
        mixed, rate = read_wav(both)
        gaps = []
        for item, at in zip(items, played_at):
            try:
                gaps.append(reply_gap(mixed, read_audio(item.path), at, rate))
            except AssertionError:
                gaps.append(float("nan"))
        return gaps
    finally:
        pulse.remove()


def memory(quick: bool) -> subprocess.Popen[str]:
    """bench/turn_latency.py's simulated 45-minute session, with the turn detector loaded."""
    args = [sys.executable, str(ROOT / "bench" / "turn_latency.py"), "--memory-only", "--turn-detector", "smart"]
    if quick:
        args.append("--quick")
    return subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=ROOT)


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpokenPause(Pause):
    """A pause that also knows how long the candidate has spoken in this answer (for `Opening`)."""

    spoken_s: float = 0.0


@dataclass(frozen=True)
class Opening(SmartPolicy):
    """Measured, not adopted (docs/SPEECH.md): in an answer's first `opening_s` seconds of
    speech the model's say alone does not end a plain statement; a hand-off, a wrap-up or the
    patience rule still do. Fewer cut-ins here, where every answer runs 30-50 s and the added
    pauses sit inside its first 80 %; but every short answer that ends on a plain statement
    (a quiz answer, a reply to a follow-up) would wait `patience_s`, and this material has none."""

    opening_s: float = 10.0

    def decide(self, pause: Pause) -> str | None:
        if getattr(pause, "spoken_s", self.opening_s) < self.opening_s:
            return SmartPolicy.decide(replace(self, sure=2.0, finished=2.0), pause)
        return SmartPolicy.decide(self, pause)


def policies() -> dict[str, Any]:
    from mockloop.conversation.turn_taking import SilenceRule, SmartPolicy

    return {
        "silence rule (today: 2.5 s, 0.7 s after a hand-off)": SilenceRule(),
        "smart (defaults)": SmartPolicy(),
        "smart + a 10 s opening (measured, not adopted)": Opening(opening_s=10.0),
        "smart + a 20 s opening (measured, not adopted)": Opening(opening_s=20.0),
        "smart + a 30 s opening (about the scripts' length)": Opening(opening_s=30.0),
        "smart, cautious (model >= 0.97 alone)": SmartPolicy(sure=0.97),
        "smart, cautious (model >= 0.95 alone; statements at 1 s)": SmartPolicy(sure=0.95, statement_s=1.0),
        "smart, unsteady (model alone whatever its first say)": SmartPolicy(steady=0.0),
        "smart, patient (statements wait for the ceiling)": SmartPolicy(statement_s=8.0, patience_s=8.0),
    }


def row(name: str, sc: Score) -> str:
    kinds = " ".join(f"{k} {pct(v, 50):.2f}" for k, v in sorted(sc.by_kind.items()))
    cut = ", ".join(f"{k} {v}" for k, v in sorted(sc.cut_kinds.items())) or "none"
    return (
        f"{name:58s} gap p50 {pct(sc.gaps, 50):4.2f} p90 {pct(sc.gaps, 90):4.2f}  late {sc.late:2d}/{sc.endings}  "
        f"cut-ins {sc.cutins:2d}/{sc.pauses} ({cut}; merge undoes {sc.merged})  early elsewhere {sc.premature:2d}  "
        f"p50 by ending: {kinds}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="half the material, a short live run (under 5 minutes)")
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    t_start = time.monotonic()
    from mockloop.adapters.stt.turn import SmartTurn
    from mockloop.adapters.stt.whisper import WhisperTranscriber
    from mockloop.conversation.turn_taking import MERGE_WITHIN_S, SmartPolicy

    rows = [json.loads(line) for line in SCRIPTS.read_text().splitlines() if line.strip()]
    items = build_material(rows, args.quick)
    endings = {k: sum(1 for it in items if it.ending == k) for k in sorted({it.ending for it in items})}
    kinds = {k: sum(1 for it in items for p in it.pauses if p[2] == k) for k in ("mid-clause", "between", "fixture")}
    voices = sorted({it.voice.split()[0] for it in items})
    print(f"material: {len(items)} answers ({endings}), {sum(kinds.values())} thinking pauses {kinds}, voices {', '.join(voices)}", flush=True)
    for half in ("tuned", "report"):
        mine = [it for it in items if it.half == half]
        print(
            f"  {half} half: {len(mine)} answers, {sum(len(it.pauses) for it in mine)} thinking pauses, "
            f"voices {', '.join(sorted({it.voice.split()[0] for it in mine}))}",
            flush=True,
        )

    mem = None if args.skip_memory else memory(args.quick)
    detector = SmartTurn()
    t0 = time.perf_counter()
    detector.load()
    load_s = time.perf_counter() - t0
    decoder = WhisperTranscriber()
    decoder.load()
    probes = SmartPolicy().probes
    t0 = time.monotonic()
    observed = [observe(it, detector, decoder, probes, 0.2) for it in items]
    calls = [c for o in observed for (_p, c) in o.probs.values()]
    decodes = [c for o in observed for (_t, c) in o.words.values()]
    print(
        f"sim: observed in {time.monotonic() - t0:.0f} s; Smart Turn loaded in {load_s:.2f} s, "
        f"{len(calls)} calls p50 {pct(calls, 50) * 1000:.0f} ms p90 {pct(calls, 90) * 1000:.0f} ms; "
        f"{len(decodes)} tail decodes p50 {pct(decodes, 50):.2f} s p90 {pct(decodes, 90):.2f} s",
        flush=True,
    )
    scores = {}
    for name, policy in policies().items():
        outcomes = [replay(policy, o, 0.2) for o in observed]
        scores[name] = score(items, outcomes, MERGE_WITHIN_S)
        print(row(name, scores[name]), flush=True)
        for half in ("tuned", "report"):
            chosen = [k for k, it in enumerate(items) if it.half == half]
            part = score([items[k] for k in chosen], [outcomes[k] for k in chosen], MERGE_WITHIN_S)
            print(row(f"  {half} half", part), flush=True)
    smart = scores["smart (defaults)"]
    silence = scores["silence rule (today: 2.5 s, 0.7 s after a hand-off)"]

    live_gaps: dict[str, list[float]] = {}
    if not args.skip_live:
        import tempfile

        subset = [it for it in items if it.ending in ("statement", "handoff", "trailing")][: 2 if args.quick else 6]
        for det in ("smart",) if args.quick else ("smart", "silence"):
            with tempfile.TemporaryDirectory() as home:
                try:
                    live_gaps[det] = live(subset, det, Path(home))
                except (RuntimeError, AssertionError) as exc:  # a session that fails is reported, not the end of the report
                    print(f"live ({det}): the session failed: {str(exc).splitlines()[0]}", flush=True)
                    continue
            g = [x for x in live_gaps[det] if x == x]
            shown = ", ".join("overlap" if x < 0.05 else f"{x:.2f}" for x in live_gaps[det])
            print(
                f"live ({det}, {len(subset)} answers in real time through PulseAudio, last candidate sample -> "
                f"first interviewer sample): {shown} s" + (f"; p50 {pct(g, 50):.2f}" if g else "")
                + "  (overlap: the interviewer was already speaking when the answer ended, after a cut-in)",
                flush=True,
            )
    rss = float("nan")
    if mem is not None:
        out, _ = mem.communicate()
        for line in out.splitlines():
            if line.startswith("memory"):
                print(line, flush=True)
            m = re.search(r"rss_mb=(\d+)", line)
            if m:
                rss = float(m.group(1))
    print(f"({time.monotonic() - t_start:.0f} s in all)")
    print(
        f"reply_gap_p50_s: {pct(smart.gaps, 50):.2f}  reply_gap_p90_s: {pct(smart.gaps, 90):.2f}  "
        f"cutins: {smart.cutins}/{smart.pauses}  silence_rule_p50_s: {pct(silence.gaps, 50):.2f}  rss_mb: {rss:.0f}"
    )


if __name__ == "__main__":
    main()
