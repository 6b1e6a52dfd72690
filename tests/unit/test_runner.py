"""The practice runner with fakes: a scripted candidate, a silent voice, a memory store.

Milliseconds each; the same runner the spoken sessions use."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.conversation.drill import Drill
from mockloop.conversation.interview import Interview, Line
from mockloop.errors import AudioError
from mockloop.model import PHASES, Clip, Recognition, Response, Turn, Word, typed_words
from mockloop.ports import MemoryStore, ScriptedCandidate, SilentVoice
from mockloop.services.practice import Refiner, run_practice
from mockloop.settings import Settings

BANK = Bank([shipped_dir()])
QUESTION = BANK.get("build-cache")


class Quiet:
    """A View that remembers what it was asked to show."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.answers: list[str] = []

    def interviewer(self, line: Line, at_s: float) -> None:
        self.lines.append(line)

    def listening(self, phase: str, phase_elapsed_s: float, budget_s: float) -> None:
        pass

    def answered(self, turn: Turn, answer: Response) -> None:
        self.answers.append(turn.text)

    def coached(self, cue: object, mode: str) -> None:
        pass


def interview(phases: tuple[str, ...] = PHASES, minutes: float = 45) -> Interview:
    return Interview(QUESTION, BANK.interviewer(), phases, minutes, Settings())


def test_turns_alternate_and_lie_end_to_end() -> None:
    store, view, voice = MemoryStore(), Quiet(), SilentVoice()
    answers = ["Who are the clients?", "I'd assume CI and laptops, reads dominate.", "Say ten thousand builds an hour."]
    played: list[Clip] = []
    outcome = run_practice(interview(), ScriptedCandidate(answers), store, view, voice, played.append)
    assert outcome.status == "answers ran out"
    # The preamble (greeting, question, reminder) is a turn of its own outside every phase,
    # then the first phase opens; after that the two speakers alternate.
    preamble, opening, *rest = store.turns
    assert (preamble.speaker, preamble.phase) == ("interviewer", None)
    assert (opening.speaker, opening.phase) == ("interviewer", "requirements")
    speakers = [t.speaker for t in [opening, *rest]]
    assert speakers.count("candidate") == 3
    assert all(a != b for a, b in zip(speakers, speakers[1:]))
    for a, b in zip(store.turns, store.turns[1:]):
        assert abs(a.end - b.start) < 1e-6
    assert [t.text for t in store.turns if t.speaker == "candidate"] == answers
    # Every interviewer turn was played and kept, each of its lines synthesized (the likely
    # ones ahead, while the candidate spoke): the first reply was ready before it was chosen.
    said = [t.text for t in store.turns if t.speaker == "interviewer"]
    assert len(played) == len(said)
    for turn, clip in zip((t for t in store.turns if t.speaker == "interviewer"), played):
        assert abs(clip.duration_s - (turn.end - turn.start)) < 1e-6


def test_the_likely_reply_is_synthesized_while_the_candidate_answers() -> None:
    import time

    voice = SilentVoice()
    ready_when_asked: list[set[str]] = []

    class Watched(ScriptedCandidate):
        def answer(self, vocabulary: Sequence[str]) -> Response | None:
            time.sleep(0.2)  # the candidate speaks; the voice's thread works meanwhile
            ready_when_asked.append(set(voice.said))
            return super().answer(vocabulary)

    store = MemoryStore()
    run_practice(interview(), Watched(["I'd assume CI and laptops.", "Reads dominate."]), store, Quiet(), voice, lambda clip: None)
    replies = [t.text for t in store.turns if t.speaker == "interviewer"][2:]  # after the preamble and the opening
    assert replies, "the interviewer replied"
    for reply, ready in zip(replies, ready_when_asked):
        assert reply in ready  # synthesized before the answer was in, not after
    assert store.meta["status"] == "answers ran out"


def test_asking_to_move_on_opens_the_next_phase() -> None:
    store = MemoryStore()
    run_practice(
        interview(("requirements", "estimation")),
        ScriptedCandidate(["Reads dominate. Let's move on to the next phase.", "Ten thousand engineers."]),
        store,
        Quiet(),
        None,
        None,
    )
    phases = [t.phase for t in store.turns if t.speaker == "candidate"]
    assert phases == ["requirements", "estimation"]


def test_the_session_closes_when_its_time_is_spent() -> None:
    long_answer = " ".join(["word"] * 400)  # 160 s at a speaking pace
    store = MemoryStore()
    outcome = run_practice(interview(("requirements",), minutes=2), ScriptedCandidate([long_answer] * 10), store, Quiet(), None, None)
    assert outcome.status == "complete"
    assert sum(1 for t in store.turns if t.speaker == "candidate") < 10
    assert store.turns[-1].speaker == "interviewer"


def test_ctrl_c_keeps_every_finished_turn() -> None:
    store = MemoryStore()
    outcome = run_practice(
        interview(), ScriptedCandidate(["First answer.", KeyboardInterrupt()]), store, Quiet(), None, None
    )
    assert outcome.status == "interrupted"
    assert [t.text for t in store.turns if t.speaker == "candidate"] == ["First answer."]
    assert store.meta["status"] == "interrupted"


def test_a_fault_mid_answer_keeps_the_words_so_far_and_fails() -> None:
    words = typed_words("So we write to the local region")
    cut = Response(words, words[-1].end, np.zeros(16000, dtype=np.float32), "error", "microphone",
                   error=AudioError("the microphone went away", "plug it back in"))
    store = MemoryStore()
    outcome = run_practice(interview(), ScriptedCandidate(["Hello.", cut]), store, Quiet(), None, None)
    assert outcome.status == "failed" and outcome.error is not None
    assert store.meta["error"] == "the microphone went away"
    assert store.turns[-1].text == "So we write to the local region"
    assert len(store.turns) - 1 in store.audio  # its audio is kept too


class Refines:
    """A transcriber whose careful pass hears something different from the live words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.calls = 0

    def transcribe(self, audio: object, vocabulary: object = ()) -> list[Word]:
        return list(self.recognize(audio, vocabulary).words)

    def recognize(self, audio: object, vocabulary: object = ()) -> Recognition:
        self.calls += 1
        return Recognition(typed_words(self.text), ((1.0, 2.5),))


def test_a_drill_judges_the_refined_words() -> None:
    live = typed_words("um so maybe we could uh")
    audio = np.zeros(16000 * 5, dtype=np.float32)
    response = Response(live, 5.0, audio, "silence", "microphone")
    refined = "I'd go with a single region write, because the cache is not the system of record. What do you want to pull on?"
    store = MemoryStore()
    drill = Drill(QUESTION, 1, Settings())
    run_practice(drill, ScriptedCandidate([response]), store, Quiet(), None, None, Refiner(Refines(refined), ()))
    answer = next(t for t in store.turns if t.speaker == "candidate")
    assert answer.text == refined
    assert answer.redecoded == ((answer.start + 1.0, answer.start + 2.5),)  # on the session clock, as the words
    verdict = next(t for t in store.turns if t.speaker == "interviewer" and t.start >= answer.end)
    assert verdict.text.startswith("Committed at once")


class Resuming(ScriptedCandidate):
    """Answers given in advance; after the first, the candidate goes on while the reply starts."""

    def __init__(self, answers: list[str], go_on_after: int) -> None:
        super().__init__(answers)
        self.go_on_after = go_on_after
        self.windows: list[float] = []

    def resumed(self, within_s: float, playing: np.ndarray | None = None) -> bool:
        self.windows.append(within_s)
        return self.asked == self.go_on_after


class StoppablePlayer:
    def __init__(self) -> None:
        self.played: list[Clip] = []
        self.stopped = 0

    def __call__(self, clip: Clip) -> None:
        self.played.append(clip)

    def stop(self) -> None:
        self.stopped += 1


def test_a_candidate_who_goes_on_as_the_reply_starts_gives_one_answer() -> None:
    store, player = MemoryStore(), StoppablePlayer()
    candidate = Resuming(["We write to the local region and", "replicate asynchronously to the others.", "Ten regions."], go_on_after=1)
    run_practice(interview(), candidate, store, Quiet(), SilentVoice(), player)
    answers = [t.text for t in store.turns if t.speaker == "candidate"]
    assert answers[0] == "We write to the local region and replicate asynchronously to the others."
    assert answers[1:] == ["Ten regions."]
    assert player.stopped == 1  # the reply was cut off, and not saved
    speakers = [t.speaker for t in store.turns][1:]  # after the preamble, the speakers alternate
    assert all(a != b for a, b in zip(speakers, speakers[1:]))
    for a, b in zip(store.turns, store.turns[1:]):
        assert abs(a.end - b.start) < 1e-6
    # the script was put back as it was before the cut-off reply: the interviewer goes on
    # exactly as if the answer had come in one piece
    plain = MemoryStore()
    run_practice(interview(), ScriptedCandidate([answers[0], "Ten regions."]), plain, Quiet(), SilentVoice(), StoppablePlayer())
    assert [t.text for t in store.turns if t.speaker == "interviewer"] == [t.text for t in plain.turns if t.speaker == "interviewer"]
