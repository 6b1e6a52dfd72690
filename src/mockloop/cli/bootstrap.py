"""Build the adapters a session runs against from the flags, into the Environment.

Commands are wiring only: `bootstrap(args, env)` chooses the voice, the
speaker, the speech model, where answers come from and the live coach, and
returns the Environment that carries them. Everything that can fail before
the interview starts fails here, so a bad flag never costs a half-spoken
greeting. Heavy libraries are imported only for the adapters a session uses.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mockloop.adapters.candidates import FileCandidate, KeyEvents, MicCandidate, TextCandidate
from mockloop.adapters.storage.store import check_writable
from mockloop.cli.context import Environment
from mockloop.errors import DeviceError, InputError
from mockloop.ports import Candidate, Player, Voice
from mockloop.services.practice import LiveCoach

if TYPE_CHECKING:
    from mockloop.adapters.stt.turn import SmartTurn
    from mockloop.adapters.stt.whisper import WhisperTranscriber

CEILING_S = 8.0
"""`--end-silence` with the smart detector: the longest thinking pause that stays one answer."""

SILENCE_RULE_S = 2.5
"""`--end-silence` with `--turn-detector silence` (the old rule)."""


@dataclass
class Adapters:
    """What a practice session or drill talks to."""

    candidate: Candidate
    voice: Voice | None = None
    player: Player | None = None
    transcriber: WhisperTranscriber | None = None
    coach: LiveCoach | None = None
    keys: KeyEvents = field(default_factory=KeyEvents)
    detector: SmartTurn | None = None

    @property
    def live(self) -> bool:
        """Answers come from the microphone as they are spoken."""
        return isinstance(self.candidate, MicCandidate)

    @contextlib.contextmanager
    def opened(self, env: Environment) -> Iterator[None]:
        """Load the model, then hold the microphone and the key listener for the session."""
        with contextlib.ExitStack() as stack:
            if self.transcriber is not None:
                env.progress("loading the speech model…")
                self.transcriber.load()
            if self.detector is not None and self.live:
                self.detector.load()
            if isinstance(self.player, contextlib.AbstractContextManager):
                stack.enter_context(self.player)  # the speaker's one stream, closed at the end
            if isinstance(self.candidate, MicCandidate):
                stack.enter_context(self.candidate)
                from mockloop.adapters.terminal.keys import key_presses

                stack.enter_context(key_presses(self.keys.press))
            yield


def bootstrap(args: argparse.Namespace, env: Environment, brief: bool = False) -> Environment:
    """The Environment with the session's adapters built from `args` (practice and drill flags).
    `brief`: the answers are a word or a phrase (a quiz), so a finished one ends sooner."""
    if args.end_silence is None:
        args.end_silence = CEILING_S if args.turn_detector == "smart" else SILENCE_RULE_S
    live = not (args.text or args.answers_from)
    if args.coach and not live:
        raise InputError(
            f"--coach {args.coach} listens to the microphone as you speak; it cannot coach "
            f"{'typed answers' if args.text else 'recorded answers'}",
            "drop --coach, or answer into the microphone",
        )
    check_writable(env.data_dir)

    voice: Voice | None = None
    player: Player | None = None
    out_device: int | None = None
    if not args.no_speech:
        from mockloop.adapters.audio.devices import Speaker, resolve
        from mockloop.adapters.audio.voice import Pyttsx3Voice

        voice = Pyttsx3Voice(args.voice, args.rate)
        out_device = resolve(args.output_device, "output")
        player = Speaker(out_device)

    from mockloop.adapters.stt.whisper import WhisperTranscriber

    transcriber = WhisperTranscriber(args.model) if not args.text else None
    keys = KeyEvents()
    detector: SmartTurn | None = None
    coach = _coach(args, env, out_device, speaker=voice is not None)
    candidate: Candidate
    if args.text:
        candidate = TextCandidate()
    elif args.answers_from:
        assert transcriber is not None
        candidate = FileCandidate(args.answers_from, lambda: transcriber)
    else:
        from mockloop.adapters.audio.devices import resolve
        from mockloop.adapters.audio.listen import ListenOptions

        assert transcriber is not None
        if args.turn_detector == "smart":
            from mockloop.adapters.stt.turn import SmartTurn

            detector = SmartTurn()
        candidate = MicCandidate(
            resolve(args.device, "input"),
            transcriber,
            ListenOptions(args.end_silence, args.handoff_silence, detector=detector, brief=brief),
            keys,
            watch=coach,
        )
    return replace(env, adapters=Adapters(candidate, voice, player, transcriber, coach, keys, detector))


def _coach(args: argparse.Namespace, env: Environment, out_device: int | None, speaker: bool) -> LiveCoach | None:
    """The live coach for `--coach MODE`; its tone goes to the interviewer's speaker.

    With --no-speech the tone still sounds if there is a speaker; if there is
    none, the cue shows on screen only (said once, up front)."""
    if not args.coach:
        return None
    from mockloop.conversation.coach import Coach

    tone = None
    if args.coach == "tone":
        from mockloop.adapters.audio.devices import resolve, soft_tone, start_playing

        if not speaker:
            try:
                out_device = resolve(args.output_device, "output")
            except DeviceError as exc:
                print(f"mockloop: warning: the coach's tone has no speaker ({exc.message}); its cue shows on screen only", file=env.stderr)
                return LiveCoach(Coach(env.settings), args.coach, None)

        samples = soft_tone()

        def tone() -> None:
            start_playing(samples, 22_050, out_device)

    return LiveCoach(Coach(env.settings), args.coach, tone)
