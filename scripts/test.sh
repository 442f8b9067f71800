#!/usr/bin/env bash
# The test suite: lint, format check, types, then pytest. `fast` as the second argument leaves
# out the tests marked slow (those that start servers, worker processes or whole ingests).
set -euo pipefail
venv=${1:-.venv}
cd "$(dirname "$0")/.."
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .
"$venv/bin/mypy"
if [ "${2:-}" = fast ]; then
    "$venv/bin/pytest" -q -m "not slow"
else
    "$venv/bin/pytest" -q
fi
