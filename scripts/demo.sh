#!/usr/bin/env bash
# Build the demo site (the LLM handbook) into site/, or serve it with live reload.
#   scripts/demo.sh                 build with MkDocs (--strict) into site/
#   scripts/demo.sh serve           serve with MkDocs on http://127.0.0.1:8000/ (rebuilds when docs/ or glossary.yaml change)
#   scripts/demo.sh zensical        build with Zensical (zensical.toml, every page rendered again) into site/
#   scripts/demo.sh zensical-serve  serve with Zensical on http://127.0.0.1:8000/ (glossary.yaml is watched)
# Zensical (0.1.2, the newest release the tests cover) needs Python 3.11 or newer: set PYTHON=python3.11 when python3 is older.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
ZENSICAL_VERSION=0.1.2
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .

needs_zensical() {
  if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "demo.sh: Zensical $ZENSICAL_VERSION needs Python 3.11 or newer; .venv has $(.venv/bin/python -V)." >&2
    echo "demo.sh: remove .venv and run again with PYTHON=python3.11 (or newer)." >&2
    exit 2
  fi
  if [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("zensical"))' 2>/dev/null)" != "$ZENSICAL_VERSION" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check "zensical==$ZENSICAL_VERSION"
  fi
}

case "${1:-build}" in
  build) exec .venv/bin/mkdocs build --strict ;;
  serve) exec .venv/bin/mkdocs serve -a 127.0.0.1:8000 ;;
  zensical) needs_zensical; exec .venv/bin/zensical build --clean -f zensical.toml ;;
  zensical-serve) needs_zensical; exec .venv/bin/zensical serve -f zensical.toml -a 127.0.0.1:8000 ;;
  *) echo "usage: scripts/demo.sh [build|serve|zensical|zensical-serve]" >&2; exit 2 ;;
esac
