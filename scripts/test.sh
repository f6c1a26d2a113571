#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: installs what it needs first.
#   - Debian's chromium for the browser tests (apt-get; needs root or sudo)
#   - a virtual environment in .venv with the package and its `test` extra
#   - ESLint from package-lock.json in node_modules (npm ci; needs node and npm)
#   - Debian's neovim, for the language server's end-to-end editor test (apt-get)
#   - the VS Code extension's packages (editors/vscode/package-lock.json; npm ci)
# Then: ruff, mypy, ESLint, the VS Code extension compiled (tsc) and linted, and pytest (browser and
# editor tests included, never skipped).
# Without arguments (the whole suite, as CI runs it), the Zensical build tests run once more, on the
# oldest Zensical release supported, in .venv-zensical-oldest (the test extra pins the newest), with
# zensical-i18n, which requires Zensical below 0.1 (tests/test_zensical_i18n.py runs only there).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)  # the browser tests
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)     # ESLint for glossary.js
command -v nvim >/dev/null 2>&1 || missing+=(neovim)         # glossary-ls in a real editor
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
echo "== the VS Code extension: tsc and eslint"
(cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent check)
echo "== pytest"
.venv/bin/python -m pytest "$@"

ZENSICAL_OLDEST=0.0.73
ZENSICAL_I18N=0.3.0
if [ "$#" -eq 0 ]; then
  if [ ! -x .venv-zensical-oldest/bin/python ]; then
    echo "== creating .venv-zensical-oldest"
    "$PYTHON" -m venv .venv-zensical-oldest
  fi
  echo "== installing the package with its test extra and Zensical $ZENSICAL_OLDEST"
  # The test extra's requirements with Zensical's pin replaced, so that pip resolves them in one go.
  .venv-zensical-oldest/bin/python -c '
import sys, tomllib
with open("pyproject.toml", "rb") as file:
    extra = tomllib.load(file)["project"]["optional-dependencies"]["test"]
print("\n".join(requirement for requirement in extra if not requirement.startswith("zensical")))
print("zensical==" + sys.argv[1])
print("zensical-i18n==" + sys.argv[2])  # translated Zensical sites; it requires Zensical below 0.1
' "$ZENSICAL_OLDEST" "$ZENSICAL_I18N" >.venv-zensical-oldest/requirements.txt
  .venv-zensical-oldest/bin/python -m pip install -q --disable-pip-version-check \
    -e . -r .venv-zensical-oldest/requirements.txt
  echo "== pytest: the Zensical tests on Zensical $ZENSICAL_OLDEST (the oldest supported), with zensical-i18n"
  .venv-zensical-oldest/bin/python -m pytest tests/test_zensical.py tests/test_zensical_pages.py \
    tests/test_zensical_usedon.py tests/test_zensical_i18n.py tests/test_zensical_definitions.py
fi
