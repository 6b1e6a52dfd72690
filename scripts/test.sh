#!/usr/bin/env bash
# Sets everything up (test extras, audio server packages), then runs the whole suite.
# Two pytest-xdist workers: the real-time audio tests run one at a time in one of them
# (tests/conftest.py schedules them), the rest beside them. Arguments go to pytest
# (`bash scripts/test.sh -n 0` runs everything in one process).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh" test
cd "$root"
echo "test: type-checking src/ (mypy --strict)"
.venv/bin/mypy
exec .venv/bin/python -m pytest -n 2 --no-loadscope-reorder "$@"
