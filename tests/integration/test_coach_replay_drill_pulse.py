"""The live coach, replay and the drill on a real PulseAudio server.

Recordings are made from `speaker.monitor`: what mockloop plays (the
interviewer, the coach's tone, a replay). The answers the test plays into
the virtual microphone are what mockloop saves as each answer's audio.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import yaml

from mockloop.judge.answer import judge_answer
from mockloop.adapters.audio.devices import TONE_HZ, TONE_S
from mockloop.adapters.audio.files import read_audio, read_wav, write_flac
from mockloop.adapters.audio.playback import GAP_S
from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.conversation.drill import judge_drill_answer
from mockloop.model import Transcript, Turn, Word
from mockloop.conversation.replay import plan
from mockloop.services.review import open_session
from mockloop.settings import Settings
from mockloop.adapters.storage.transcripts import load, save

from tests.conftest import AUDIO_FIXTURES
from tests.pulse import Pulse
from tests.integration.conftest import drive_practice

LONG = AUDIO_FIXTURES / "relitigating-replication.wav"
SILENCE_RULE = ["--turn-detector", "silence"]
"""The coach's tests want the whole long answer heard: the smart detector may end it at one
of its sentence boundaries (a finished sentence and a pause look like an ending to it on
espeak voices; see bench/turn_taking.py), long before the run-on limit."""
CONCISE = AUDIO_FIXTURES / "concise-commit.wav"
LIMIT_S = 40.0
"""The coached user's own run-on limit (settings.yaml), shorter than the default 60 s so the
long answer need not play a full minute past its commit; its second position (about 35 s in)
is still heard before the cue."""
FRAME_S = 0.02
FLOOR_DB = -40.0


def envelope(samples: npt.NDArray[np.float32], rate: int = 16000) -> npt.NDArray[np.float64]:
    """RMS per 20 ms frame."""
    frame = int(rate * FRAME_S)
    n = len(samples) // frame
    frames = samples[: n * frame].reshape(n, frame).astype(np.float64)
    return np.sqrt(np.mean(frames**2, axis=1))


def loud(env: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    return env > 10 ** (FLOOR_DB / 20)


def regions(mask: npt.NDArray[np.bool_], bridge: int = 5) -> list[tuple[float, float]]:
    """(start s, end s) of audible stretches, bridging gaps shorter than `bridge` frames."""
    out: list[list[int]] = []
    for i in np.flatnonzero(mask):
        if out and i - out[-1][1] <= bridge:
            out[-1][1] = int(i)
        else:
            out.append([int(i), int(i)])
    return [(a * FRAME_S, (b + 1) * FRAME_S) for a, b in out]


def best_lag(part: npt.NDArray[np.float64], whole: npt.NDArray[np.float64], lo: int = 0, hi: int | None = None) -> tuple[int, float]:
    """The frame offset where `part` best matches `whole` (Pearson correlation), and that correlation."""
    hi = len(whole) - len(part) if hi is None else min(hi, len(whole) - len(part))
    best = (lo, -1.0)
    p = (part - part.mean()) / (part.std() + 1e-12)
    for lag in range(max(0, lo), hi + 1):
        w = whole[lag : lag + len(part)]
        c = float(np.mean(p * (w - w.mean()) / (w.std() + 1e-12)))
        if c > best[1]:
            best = (lag, c)
    return best


def record(pulse: Pulse, path: Path, source: str = "speaker.monitor") -> subprocess.Popen[bytes]:
    proc = pulse.record(path, source)
    time.sleep(0.5)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    time.sleep(0.5)
    proc.terminate()
    proc.wait(timeout=10)


def session_of(home: Path) -> Path:
    return sorted((home / "sessions").iterdir())[-1]


def meta_of(folder: Path) -> dict[str, object]:
    for _ in range(20):
        try:
            doc = yaml.safe_load((folder / "session.yaml").read_text())
            if isinstance(doc, dict):
                return doc
        except (OSError, yaml.YAMLError):
            pass
        time.sleep(0.05)
    raise AssertionError("session.yaml unreadable")


@dataclass
class Coached:
    home: Path
    session: Path
    returncode: int
    stderr: str
    speaker: Path


@pytest.fixture(scope="module")
def coached(pulse: Pulse, tmp_path_factory: pytest.TempPathFactory) -> Coached:
    """A spoken deep dive with `--coach tone`: the long, re-arguing answer goes into the microphone
    until a few seconds after the cue; then the user ends the session (Ctrl-C)."""
    base = tmp_path_factory.mktemp("coached")
    home = base / "home"
    home.mkdir()
    (home / "settings.yaml").write_text(f"run_on_s: {LIMIT_S}\n")
    speaker = base / "speaker.wav"
    rec_speaker = record(pulse, speaker)

    def after_the_cue(_: int, player: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 110
        while player.poll() is None and time.monotonic() < deadline:
            coach = meta_of(session_of(home)).get("coach")
            if isinstance(coach, dict) and coach.get("cues"):
                time.sleep(4.0)
                break
            time.sleep(0.1)
        player.terminate()

    try:
        run = drive_practice(
            pulse,
            home,
            ["build-cache", "--phases", "deep_dive", "--minutes", "10", "--no-speech", "--coach", "tone", *SILENCE_RULE],
            [LONG],
            during_answer=after_the_cue,
            interrupt_at_end=True,
        )
    finally:
        stop(rec_speaker)
    assert run.session is not None, run.stderr
    return Coached(home, run.session, run.returncode, run.stderr, speaker)


def test_the_coach_tone_sounds_within_a_second_of_the_limit(coached: Coached) -> None:
    assert coached.returncode == 130, coached.stderr  # the user ended it with Ctrl-C; all kept
    meta = meta_of(coached.session)
    assert meta["status"] == "interrupted"
    cues = meta["coach"]["cues"]  # type: ignore[index]
    assert meta["coach"]["mode"] == "tone" and len(cues) == 1, meta["coach"]  # type: ignore[index]
    (cue,) = cues
    transcript = load(coached.session / "transcript.json")
    (answer,) = [a for a in transcript.answers if a.words]  # then the answer Ctrl-C cut short, empty
    assert cue["turn"] == transcript.turns.index(answer) + 1
    # Past the limit, at the first moment the candidate is speaking (a pause between two
    # sentences as the limit passes holds the cue until the next word).
    assert LIMIT_S <= cue["t"] - cue["since_s"] <= LIMIT_S + 1.0

    # One soft tone on the speaker, and nothing else (the interviewer was silent: --no-speech).
    heard, rate = read_wav(coached.speaker)
    tones = regions(loud(envelope(heard, rate)))
    assert len(tones) == 1, tones
    start, end = tones[0]
    assert abs((end - start) - TONE_S) < 0.1
    piece = heard[int(start * rate) : int(end * rate)]
    spectrum = np.abs(np.fft.rfft(piece))
    assert abs(np.argmax(spectrum) * rate / len(piece) - TONE_HZ) < 15

    # When the coach spoke up: the limit's worth of audio after the commit point, as spoken.
    # The answer's saved audio is what the microphone heard from listening start, so the true
    # commit point is where the speech begins in it (the commit is the first sentence) plus the
    # commit's place in the words. (Two monitor recordings cannot be lined up to a second: an
    # idle null sink's monitor starts recording late.)
    signals = judge_answer(answer, Settings(run_on_s=LIMIT_S))
    assert signals.commit_s is not None and signals.run_on and signals.relitigated
    heard_by_mic = read_audio(coached.session / answer.source, allow_silent=True)
    onset = regions(loud(envelope(heard_by_mic)))[0][0]
    commit_in_speech = signals.commit_s - answer.words[0].start
    due = answer.start + onset + commit_in_speech + LIMIT_S
    assert abs(cue["t"] - due) <= 1.0, (cue["t"], due)
    # It came while the candidate was still talking, well before the answer ended.
    assert answer.end - cue["t"] > 3.0


def test_replay_flags_plays_only_the_flagged_spans(coached: Coached, pulse: Pulse, tmp_path: Path) -> None:
    opened = open_session(coached.session, Bank([shipped_dir()]), Settings(run_on_s=LIMIT_S))
    pieces = plan(opened.transcript, opened.debrief, flags=True)
    assert pieces and all(p.speaker == "candidate" for p in pieces)
    (answer,) = [a for a in opened.transcript.answers if a.words]
    assert sum(p.duration for p in pieces) < 0.8 * answer.duration  # not the whole answer
    kinds = {k for p in pieces for k in p.flags}
    assert {"run_on", "reversal"} <= kinds

    capture = tmp_path / "replay.wav"
    recorder = record(pulse, capture)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mockloop", "replay", "latest", "--flags"],
            env={**pulse.env, "MOCKLOOP_HOME": str(coached.home)},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        stop(recorder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("▶ turn ") == len(pieces)
    assert "⏱" in result.stdout  # the coach's cue is shown at its moment

    saved = read_audio(coached.session / answer.source, allow_silent=True)
    heard, rate = read_wav(capture)
    whole = envelope(heard, rate)
    expected_lag = None
    for piece in pieces:
        a = int(piece.offset * 16000)
        part = envelope(saved[a : a + int(piece.duration * 16000)])
        lo = 0 if expected_lag is None else expected_lag - 10
        hi = None if expected_lag is None else expected_lag + 10
        lag, corr = best_lag(part, whole, lo, hi)
        assert corr > 0.9, (piece, corr)
        expected_lag = lag + len(part) + round(GAP_S / FRAME_S)
    # Nothing but the pieces was played: the audible time matches theirs.
    played = sum(float(np.sum(loud(envelope(saved[int(p.offset * 16000) : int((p.offset + p.duration) * 16000)])))) for p in pieces)
    assert abs(float(np.sum(loud(whole))) - played) <= 0.05 * played + 10


def test_the_coach_can_have_the_interviewer_cut_in(pulse: Pulse, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.yaml").write_text("run_on_s: 15\n")  # a user's own, stricter rule

    def until_the_cut_in(_: int, player: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 60
        while player.poll() is None and time.monotonic() < deadline:
            path = session_of(home) / "transcript.json"
            turns = json.loads(path.read_text())["turns"] if path.exists() else []
            if len(turns) >= 3:
                break
            time.sleep(0.1)
        player.terminate()

    run = drive_practice(
        pulse,
        home,
        ["build-cache", "--phases", "deep_dive", "--minutes", "10", "--no-speech", "--coach", "interrupt", *SILENCE_RULE],
        [LONG],
        during_answer=until_the_cut_in,
        interrupt_at_end=True,
    )
    assert run.returncode == 130, run.stderr
    assert run.session is not None
    transcript = load(run.session / "transcript.json")
    interviewer = Bank([shipped_dir()]).interviewer()
    speakers = [t.speaker for t in transcript.turns]
    # The preamble, the phase's opening, the answer, the cut-in.
    assert speakers[:4] == ["interviewer", "interviewer", "candidate", "interviewer"]
    assert transcript.turns[3].text == interviewer.stop_you_there
    meta = meta_of(run.session)
    (cue,) = meta["coach"]["cues"]  # type: ignore[index]
    assert 15.0 <= cue["t"] - cue["since_s"] <= 15.3
    answer = transcript.turns[2]
    # The answer ended where the interviewer cut in: its audio stops at the cue.
    assert abs(answer.end - cue["t"]) < 0.2
    saved = read_audio(run.session / answer.source, allow_silent=True)
    assert abs(len(saved) / 16000 - answer.duration) < 0.1
    assert "the interviewer cuts in" in run.stdout


def espeak_wav(text: str, path: Path) -> None:
    subprocess.run(["espeak-ng", "-s", "200", "-w", str(path), text], check=True, capture_output=True)


def test_replay_plays_the_saved_audio_in_order(pulse: Pulse, tmp_path: Path, data_home: Path) -> None:
    folder = data_home / "sessions" / "20261121-090000-build-cache"
    (folder / "turns").mkdir(parents=True)
    turns: list[Turn] = []
    now = 0.0
    parts = [("interviewer", "Walk me through replication."), ("candidate", CONCISE), ("interviewer", "Why is that the right call?")]
    for n, (speaker, what) in enumerate(parts, 1):
        if speaker == "interviewer":
            source = f"turns/{n:02d}-interviewer.wav"
            espeak_wav(str(what), folder / source)
            samples, rate = read_wav(folder / source)
            duration, text = len(samples) / rate, str(what)
        else:
            source = f"turns/{n:02d}-candidate.flac"
            audio = read_audio(Path(what))
            write_flac(folder / source, audio, 16000)
            duration, text = len(audio) / 16000, Path(what).with_suffix(".txt").read_text().strip()
        words = tuple(Word(w, now + i * duration / len(text.split()), now + (i + 1) * duration / len(text.split())) for i, w in enumerate(text.split()))
        turns.append(Turn(speaker, now, now + duration, words, "deep_dive", text, source))
        now += duration
    save(Transcript(tuple(turns), "build-cache", {"session": folder.name}), folder / "transcript.json")
    (folder / "session.yaml").write_text(yaml.safe_dump({"id": folder.name, "question": "build-cache", "status": "complete", "minutes": 2}))

    capture = tmp_path / "replay.wav"
    recorder = record(pulse, capture)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mockloop", "replay", "latest"],
            env={**pulse.env, "MOCKLOOP_HOME": str(data_home)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        stop(recorder)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert [line.split(" · ")[0] for line in out if line.startswith("▶")] == ["▶ turn 1", "▶ turn 2", "▶ turn 3"]
    assert out[-1] == "end of replay"

    heard, rate = read_wav(capture)
    whole = envelope(heard, rate)
    saved = [read_audio(folder / t.source, allow_silent=True) for t in turns]
    lags = []
    lo, hi = 0, None
    for turn, samples in zip(turns, saved):
        part = envelope(samples)
        lag, corr = best_lag(part, whole, lo, hi)
        assert corr > 0.9, (turn.source, corr)
        lags.append(lag)
        lo, hi = lag + len(part) - 10, lag + len(part) + 10
    # In order, back to back, each as long as its file.
    for (a, b), samples in zip(zip(lags, lags[1:]), saved):
        assert abs((b - a) * FRAME_S - len(samples) / 16000) < 0.15
    audible = float(np.sum(loud(whole))) * FRAME_S
    expected = sum(float(np.sum(loud(envelope(s)))) for s in saved) * FRAME_S
    assert abs(audible - expected) <= 0.05 * expected, (audible, expected)

    # Reversed order would not match: the check can fail.
    _, corr = best_lag(envelope(np.concatenate(saved[::-1])), whole)
    assert corr < 0.9


def test_a_drill_speaks_its_verdicts(pulse: Pulse, tmp_path: Path, data_home: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    for n, name in enumerate(["concise-commit", "jargon-dedupe"], 1):
        (answers / f"{n}.wav").write_bytes((AUDIO_FIXTURES / f"{name}.wav").read_bytes())
    capture = tmp_path / "speaker.wav"
    recorder = record(pulse, capture)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mockloop", "drill", "build-cache", "--answers-from", str(answers), "--probes", "2", "--rate", "400"],
            env={**pulse.env, "MOCKLOOP_HOME": str(data_home)},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        stop(recorder)
    assert result.returncode == 0, result.stderr
    folder = session_of(data_home)
    transcript = load(folder / "transcript.json")
    spoken = [t for t in transcript.turns if t.speaker == "interviewer"][1:]  # after the preamble
    assert spoken[1].text.startswith("Committed in 8 seconds, handed off at 18: good. 1 of 1.")
    # The verdict rests on the answer's refined words, the ones saved, never on the live
    # passes (those vary with CPU load): it is the drill's verdict of the saved answer.
    answers = [t for t in transcript.turns if t.speaker == "candidate"]
    assert all(w.probability < 1.0 for w in answers[1].words)  # recognised, not typed
    second = judge_drill_answer(answers[1], Settings()).line
    assert "but never handed it back: end with a question." in second
    assert spoken[2].text.startswith(f"{second} 1 of 2.")
    assert spoken[2].text.endswith("That's the drill: 1 of 2 landed and handed back in time.")
    meta = meta_of(folder)
    assert meta["drill"]["score"] == 1  # type: ignore[index]
    # Every verdict was heard on the speaker, as long as it was saved.
    heard, rate = read_wav(capture)
    every_line = [t for t in transcript.turns if t.speaker == "interviewer"]
    said = sum(float(np.sum(loud(envelope(*read_wav(folder / t.source))))) for t in every_line) * FRAME_S
    audible = float(np.sum(loud(envelope(heard, rate)))) * FRAME_S
    assert said > 5 and abs(audible - said) <= 0.1 * said, (audible, said)
