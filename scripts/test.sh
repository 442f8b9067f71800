#!/usr/bin/env bash
# The whole test suite: lint, format check, types, then pytest.
set -euo pipefail
venv=${1:-.venv}
cd "$(dirname "$0")/.."
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .
"$venv/bin/mypy"
"$venv/bin/pytest" -q
