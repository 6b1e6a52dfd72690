#!/usr/bin/env bash
# Sets everything up, then runs mockloop. With no arguments: analyse a shipped
# recorded answer on the bundled speech model (the spoken practice loop is next).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh" run
if [ $# -eq 0 ]; then
    set -- analyze "$root/audio_fixtures/concise-commit.wav" --question build-cache --phase deep_dive
fi
exec "$root/.venv/bin/mockloop" "$@"
