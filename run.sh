#!/usr/bin/env bash
# The project's two commands (see README.md):
#   bash run.sh main   set up .venv from requirements.lock, run every notebook, verify data
#   bash run.sh test   set up .venv from requirements.lock, run the unit tests and nbval
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

setup() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || {
    echo "lcanalysis needs Python 3.10 or newer (found $("$PYTHON" --version 2>&1)); set PYTHON=python3.11" >&2
    exit 1
  }
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
}

case "${1:-}" in
  main)
    setup
    "$VENV/bin/lcanalysis" run "${@:2}"
    "$VENV/bin/lcanalysis" verify
    ;;
  test)
    setup
    "$VENV/bin/python" -m pytest --nbval "${@:2}"
    ;;
  *)
    echo "usage: bash run.sh main|test" >&2
    exit 2
    ;;
esac
