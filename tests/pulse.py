"""A real PulseAudio server for the audio-path tests, with virtual devices.

    speaker        null sink: the interviewer's voice goes here (its monitor is recorded)
    mouth          null sink: the tests play the candidate's recorded answers into it
    mic            remap source on mouth.monitor: what mockloop hears as its microphone
    both           null sink fed by loopbacks from mouth.monitor and speaker.monitor (`record_both`):
                   the candidate and the interviewer on one clock, for reply gaps

The server runs with its own XDG_RUNTIME_DIR and HOME, so it never meets a
desktop's server; sounddevice reaches it through ALSA's pulse plugin
(libasound2-plugins). A missing `pulseaudio` is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Pulse:
    env: dict[str, str]
    runtime: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), env=self.env, check=check, capture_output=True, text=True, timeout=60)

    def play(self, wav: Path, sink: str = "mouth") -> subprocess.Popen[bytes]:
        """Start playing a WAV into a sink; returns the player process."""
        return subprocess.Popen(["paplay", f"--device={sink}", str(wav)], env=self.env)

    def record(self, out: Path, source: str = "speaker.monitor") -> subprocess.Popen[bytes]:
        """Record a source to a 16 kHz mono WAV until the process is terminated."""
        return subprocess.Popen(
            ["parec", f"--device={source}", "--file-format=wav", "--rate=16000", "--channels=1", "--format=s16le", str(out)],
            env=self.env,
        )

    def record_both(self, out: Path) -> subprocess.Popen[bytes]:
        """Record what the candidate says and what the interviewer says, mixed, on one clock."""
        if "both" not in self.run("pactl", "list", "short", "sinks").stdout:
            self.run("pactl", "load-module", "module-null-sink", "sink_name=both", "rate=16000", "channels=1")
            for source in ("mouth.monitor", "speaker.monitor"):
                self.run("pactl", "load-module", "module-loopback", f"source={source}", "sink=both", "latency_msec=20")
        return self.record(out, "both.monitor")

    def alive(self) -> bool:
        return self.run("pactl", "info", check=False).returncode == 0

    def kill(self) -> None:
        self.run("pulseaudio", "--kill", check=False)
        for _ in range(50):
            if not self.alive():
                break
            time.sleep(0.1)

    def remove(self) -> None:
        self.kill()
        shutil.rmtree(self.runtime.parent, ignore_errors=True)


def start_pulse() -> Pulse:
    """Start a server in a short folder of its own (a unix socket path must stay under 108 bytes)."""
    for tool in ("pulseaudio", "pactl", "paplay", "parec"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed: run `bash scripts/setup.sh test`")
    base = Path(tempfile.mkdtemp(prefix="mockloop-pa-"))
    runtime, home = base / "runtime", base / "home"
    runtime.mkdir(mode=0o700)
    home.mkdir()
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(home),
        "PULSE_SERVER": f"unix:{runtime}/pulse/native",
    }
    env.pop("PULSE_SINK", None)
    env.pop("PULSE_SOURCE", None)
    pulse = Pulse(env, runtime)
    pulse.run(
        "pulseaudio",
        "--daemonize=yes",
        "-n",
        "--exit-idle-time=-1",
        "--disallow-exit",
        "--use-pid-file=yes",
        "--load=module-native-protocol-unix",
    )
    for _ in range(100):
        if pulse.alive():
            break
        time.sleep(0.1)
    else:
        raise RuntimeError("pulseaudio did not start")
    pulse.run("pactl", "load-module", "module-null-sink", "sink_name=speaker", "rate=16000", "channels=1")
    pulse.run("pactl", "load-module", "module-null-sink", "sink_name=mouth", "rate=16000", "channels=1")
    pulse.run("pactl", "load-module", "module-remap-source", "master=mouth.monitor", "source_name=mic")
    pulse.run("pactl", "set-default-sink", "speaker")
    pulse.run("pactl", "set-default-source", "mic")
    return pulse



LOUD = 10 ** (-40 / 20)
"""A 10 ms frame louder than this (-40 dBFS) is someone speaking."""


def _envelope(audio: "np.ndarray", rate: int) -> "np.ndarray":
    import numpy as np

    frame = rate // 100
    n = len(audio) // frame
    return np.sqrt(np.mean(audio[: n * frame].reshape(n, frame).astype(np.float64) ** 2, axis=1))


def reply_gap(mixed: "np.ndarray", answer: "np.ndarray", played_at_s: float, rate: int = 16_000, search_s: float = 5.0) -> float:
    """Seconds from the candidate's last sample to the interviewer's first, in a `record_both` mix.

    The answer is found in the mix by its loudness envelope within `search_s` of `played_at_s`
    (roughly when it was started: the recording's clock trailed the wall clock by 1.9 s in
    one run, at the edge of the 2 s window this searched before), so its last loud frame is
    known to 10 ms; the reply is the first sound after it."""
    import numpy as np

    mix_env, ans_env = _envelope(mixed, rate), _envelope(answer, rate)
    last = int(np.nonzero(ans_env > LOUD)[0][-1])
    lo = max(0, int((played_at_s - search_s) * 100))
    hi = min(len(mix_env) - last - 1, int((played_at_s + search_s) * 100))
    if hi <= lo:
        raise AssertionError("the answer is not in the recording")
    a = np.log(ans_env[: last + 1] + 1e-5)
    m = np.log(mix_env + 1e-5)
    scores = [float(np.corrcoef(m[o : o + last + 1], a)[0, 1]) for o in range(lo, hi)]
    offset = lo + int(np.argmax(scores))
    end = offset + last
    # the fade of the last word may lie a frame either side of `end` in the mix, and flicker
    # across LOUD as it dies away (0.0098 then 0.0104 once, read as a reply 0 s later): start
    # from the first 50 ms of quiet after it, and take the reply as the first 30 ms of sound
    # (the gap is counted from `end` all the same)
    quiet = next((i for i in range(end, len(mix_env)) if (mix_env[i : i + 5] <= LOUD).all()), len(mix_env))
    after = next((i for i in range(quiet, len(mix_env) - 2) if (mix_env[i : i + 3] > LOUD).all()), None)
    if after is None:
        raise AssertionError("the interviewer never spoke after the answer")
    return (after - end - 1) / 100
