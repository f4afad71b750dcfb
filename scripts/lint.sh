#!/usr/bin/env bash
# The one lint command: `make lint` and `.ci/run` both call it, so CI enforces exactly what
# developers run. Uses the venv in $VENV (default .venv); any failure stops with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

"$VENV/bin/ruff" check src tests benchmarks scripts
"$VENV/bin/ruff" format --check src tests benchmarks scripts
"$VENV/bin/mypy"
