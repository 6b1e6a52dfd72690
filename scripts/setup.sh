#!/usr/bin/env bash
# Installs what mockloop needs on Debian or Ubuntu: the system packages, a
# virtualenv in .venv and the package itself. Safe to run again: it only does
# what is missing. Usage: scripts/setup.sh [run|test]
set -euo pipefail

mode=${1:-run}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# espeak-ng: the interviewer's voice (pyttsx3); libportaudio2: microphone and speakers;
# libasound2-plugins: ALSA's route to a PulseAudio/PipeWire desktop's sound server.
packages=(python3 python3-venv python3-pip espeak-ng libportaudio2 libasound2-plugins)
extra=""
if [ "$mode" = test ]; then
    # A real PulseAudio server with virtual devices for the audio tests; sox to measure audio.
    # The audio-path tests run a real PulseAudio server with virtual devices;
    # util-linux's unshare/mount hide espeak-ng's library in the no-TTS fault test.
    # chromium: the debrief's HTML is opened headless and screenshotted.
    packages+=(pulseaudio pulseaudio-utils alsa-utils sox libsox-fmt-all util-linux chromium)
    extra="[test]"
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
    sudo=sudo
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating the virtualenv in .venv"
    python3 -m venv .venv
fi

# Reinstall only when the package's declared dependencies change. An install
# with the test extras also serves the run command.
stamp=".venv/.mockloop-installed$extra"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
current() { [ -f "$1" ] && [ "$(cat "$1")" = "$want" ]; }
if ! current "$stamp" && ! { [ -z "$extra" ] && current ".venv/.mockloop-installed[test]"; }; then
    echo "setup: installing mockloop$extra into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".$extra"
    echo "$want" > "$stamp"
fi
