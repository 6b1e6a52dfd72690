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
if [ "$mode" = test ]; then
    # A real PulseAudio server with virtual devices for the audio tests; sox to measure audio.
    # The audio-path tests run a real PulseAudio server with virtual devices;
    # util-linux's unshare/mount hide espeak-ng's library in the no-TTS fault test.
    # chromium: the debrief's HTML is opened headless and screenshotted.
    packages+=(pulseaudio pulseaudio-utils alsa-utils sox libsox-fmt-all util-linux chromium)
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

# Python packages come from requirements.lock: every version pinned and every
# file hashed, so CI and every user get what the tests ran against. Refresh it
# with scripts/lock.sh. Reinstall only when the lock or the project changes.
stamp=".venv/.mockloop-installed"
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing the pinned dependencies (requirements.lock) and mockloop into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
    echo "$want" > "$stamp"
fi
