#!/usr/bin/env bash
# The test command run by `make test` (inside scripts/with-postgres.sh, so DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> manage.py check"
.venv/bin/python manage.py check --fail-level WARNING
echo "==> makemigrations --check"
.venv/bin/python manage.py makemigrations --check --dry-run
echo "==> production settings: check --deploy"
DEBUG=false SECRET_KEY="test-only-$(head -c 96 /dev/urandom | base64 | tr -dc a-zA-Z0-9 | head -c 64)" ALLOWED_HOSTS=serviceplans.example \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
echo "==> pip-audit (known vulnerabilities in the pinned packages)"
# Needs its vulnerability database online. When it cannot be reached pip-audit either fails
# to connect or skips every package as "not found": both print a notice and the tests go on.
# An audit that ran and found a vulnerability fails the command.
audit_log="$(mktemp)"
pins="$(cat requirements.txt requirements-dev.txt | grep -cE '^[A-Za-z0-9_.-]+==')"
if .venv/bin/pip-audit --progress-spinner off --disable-pip --no-deps \
    -r requirements.txt -r requirements-dev.txt >"$audit_log" 2>&1; then
  skipped="$(grep -c 'could not be audited' "$audit_log" || true)"
  if [ "$skipped" -ge "$pins" ]; then
    echo "NOTICE: pip-audit could not reach its vulnerability database (nothing audited); skipped."
  else
    echo "pip-audit: no known vulnerabilities ($((pins - skipped)) of $pins pins audited)."
  fi
elif grep -qiE "connection|resolve|timed out|network|unreachable|ssl" "$audit_log"; then
  echo "NOTICE: pip-audit could not reach its vulnerability database; skipped."
else
  cat "$audit_log"
  rm -f "$audit_log"
  exit 1
fi
rm -f "$audit_log"
echo "==> pytest"
.venv/bin/python -m pytest "$@"
