#!/usr/bin/env bash
# The project's two commands (see README.md):
#   bash run.sh main   set up .venv from requirements.lock, run every notebook, verify data
#   bash run.sh test   set up .venv from requirements.lock, run the unit tests and nbval
# Only the first set-up needs the network: later runs find .venv matching the lock
# (a stamp file records its digest) and install nothing; the package itself is
# installed without build isolation, from the setuptools pinned in the lock.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
STAMP="$VENV/.lcanalysis-setup"

say() { echo "run.sh: $*" >&2; }

setup() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || {
    say "lcanalysis reproduces its outputs on Python 3.11 (found $("$PYTHON" --version 2>&1)); set PYTHON=python3.11"
    exit 1
  }
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
  fi
  local digest
  digest=$("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(b"".join(open(f, "rb").read() for f in sys.argv[1:])).hexdigest())' requirements.lock pyproject.toml)
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$digest" ]; then
    return 0
  fi
  say "installing the pinned packages of requirements.lock into $VENV (the first time downloads about 120 packages; a minute or two)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
  say "installing lcanalysis itself (editable, no build isolation: offline)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$digest" > "$STAMP"
  say "set-up done; later runs work offline"
}

case "${1:-}" in
  main)
    setup
    "$VENV/bin/lcanalysis" run "${@:2}"
    "$VENV/bin/lcanalysis" verify
    ;;
  test)
    setup
    say "running the unit tests and nbval over every notebook (about 8 minutes, with the end-to-end runs of the series)"
    "$VENV/bin/python" -m pytest --nbval "${@:2}"
    ;;
  *)
    echo "usage: bash run.sh main|test" >&2
    exit 2
    ;;
esac
