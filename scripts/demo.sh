#!/usr/bin/env bash
# Build the demo site (the LLM handbook) into site/, or serve it with live reload.
#   scripts/demo.sh          build with --strict into site/
#   scripts/demo.sh serve    serve on http://127.0.0.1:8000/ (rebuilds when docs/ or glossary.yaml change)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .

if [ "${1:-build}" = "serve" ]; then
  exec .venv/bin/mkdocs serve -a 127.0.0.1:8000
fi
exec .venv/bin/mkdocs build --strict
