#!/usr/bin/env bash
# The test command run by `make test` (inside scripts/with-postgres.sh, so DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> import contract (the apps depend one way, down: DESIGN.md)"
.venv/bin/lint-imports --no-cache
echo "==> manage.py check"
.venv/bin/python manage.py check --fail-level WARNING
echo "==> makemigrations --check"
.venv/bin/python manage.py makemigrations --check --dry-run
echo "==> production settings: check --deploy"
DEBUG=false SECRET_KEY="test-only-$(head -c 96 /dev/urandom | base64 | tr -dc a-zA-Z0-9 | head -c 64)" ALLOWED_HOSTS=serviceplans.example \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
echo "==> pip-audit (known vulnerabilities in the pinned packages)"
scripts/audit.sh
echo "==> pytest"
.venv/bin/python -m pytest "$@"
