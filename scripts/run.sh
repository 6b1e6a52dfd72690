#!/usr/bin/env bash
# Sets everything up, then runs mockloop. With no arguments: a spoken practice
# session (a random question, 45 minutes) on the microphone and speakers, with
# the bundled speech model. Arguments are passed to mockloop, e.g.
#   bash scripts/run.sh practice build-cache --minutes 15
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh" run
if [ $# -eq 0 ]; then
    set -- practice
fi
exec "$root/.venv/bin/mockloop" "$@"
