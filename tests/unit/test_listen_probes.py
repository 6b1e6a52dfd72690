"""The listener's questions to the turn model: a silence that is over costs nothing more.

A held fake model stands in for Smart Turn, so a probe stays queued for as long as
the test wants; milliseconds, no audio and no model."""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

from mockloop.adapters.audio.listen import _Shared, _TurnJudge
from mockloop.adapters.audio.vad import VadState
from mockloop.adapters.stt.streaming import AudioBuffer, StreamingTranscriber
from mockloop.conversation.turn_taking import SmartPolicy
from tests.unit.test_streaming import ScriptedDecoder

RATE = 16000


class Held:
    """A turn model that answers only once let go, and counts what it is asked."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.asked = 0

    def probability(self, audio: npt.NDArray[np.float32]) -> float:
        self.asked += 1
        self.go.wait(5.0)
        return 0.5


def _silence(spoke_until_s: float, silent_s: float) -> VadState:
    end = int(spoke_until_s * RATE)
    return VadState(end + int(silent_s * RATE), True, False, end, end)


def test_probes_of_a_silence_that_is_over_are_cancelled() -> None:
    model = Held()
    buffer = AudioBuffer()
    buffer.append(np.zeros(12 * RATE, dtype=np.float32))
    judge = _TurnJudge(SmartPolicy(), model, buffer)
    shared, streamer = _Shared(), StreamingTranscriber(ScriptedDecoder([]), buffer)
    try:
        for silent in SmartPolicy().probes:  # one probe per decision, at each probe silence
            assert judge.decide(_silence(2.0, silent), shared, streamer) is None
        first = list(judge.asked)
        assert len(first) == 3
        # The candidate spoke again and paused anew: the old silence's queued probes go.
        judge.decide(_silence(6.0, 0.3), shared, streamer)
        assert [f.cancelled() for f in first[1:]] == [True, True]
        assert len(judge.asked) == 1
        # The turn ends: what is still queued goes too.
        judge.drop()
    finally:
        model.go.set()
    first[0].result(timeout=5.0)
    assert model.asked <= 2  # the probe running when the silence ended, and perhaps the new one
