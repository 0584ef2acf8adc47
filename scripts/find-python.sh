#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter, or explains why there is none.
# Looks at $PYTHON, then python3.13/python3.12/python3 on PATH, then pyenv's versions
# (pyenv shims can exist for a version that is not selected, so each candidate is run).
set -u
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.14 python3.13 python3.12 python3; do
  command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
done
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]* /usr/local/bin /usr/bin; do
  for exe in "$dir"/bin/python3 "$dir"/python3.1[2-9]; do
    [ -x "$exe" ] && candidates+=("$exe")
  done
done
for exe in "${candidates[@]}"; do
  if "$exe" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    echo "$exe"
    exit 0
  fi
done
echo "serviceplans needs Python 3.12 or newer (Django 6.1 requires it) and none was found." >&2
echo "Install one (e.g. 'apt-get install python3.12' or 'pyenv install 3.12'), or set PYTHON=/path/to/python3.12." >&2
exit 1
