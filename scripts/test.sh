#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: installs what it needs first.
#   - Debian's chromium for the browser tests (apt-get; needs root or sudo)
#   - a virtual environment in .venv with the package and its `test` extra
#   - ESLint from package-lock.json in node_modules (npm ci; needs node and npm)
# Then: ruff, mypy, ESLint, and pytest (browser tests included, never skipped).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)  # the browser tests
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)     # ESLint for glossary.js
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing Debian's ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi
echo "== installing the package with its test extra"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

echo "== ruff"
.venv/bin/ruff check glossary_plugin tests bench
.venv/bin/ruff format --check glossary_plugin tests bench
echo "== mypy"
.venv/bin/mypy
echo "== eslint"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
./node_modules/.bin/eslint --max-warnings 0 glossary_plugin/assets/*.js
echo "== pytest"
.venv/bin/python -m pytest "$@"
