#!/usr/bin/env bash
# Sets everything up (test extras, audio server packages), then runs the whole suite.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh" test
cd "$root"
echo "test: type-checking src/ (mypy --strict)"
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
