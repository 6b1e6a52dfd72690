#!/usr/bin/env bash
# Refreshes requirements.lock from pyproject.toml (runtime and test extras) and
# requirements-build.in, with hashes, for every platform and Python >= 3.11.
# Run it after changing a dependency, then run the tests:  bash scripts/lock.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tool=$(mktemp -d)
trap 'rm -rf "$tool"' EXIT
python3 -m venv "$tool"
"$tool/bin/python" -m pip install -q --disable-pip-version-check "uv==0.13.9"
"$tool/bin/uv" pip compile pyproject.toml requirements-build.in --extra test \
    --universal --python-version 3.11 --generate-hashes --quiet -o requirements.lock
echo "lock: requirements.lock refreshed; run bash scripts/test.sh"
