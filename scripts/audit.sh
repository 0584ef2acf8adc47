#!/usr/bin/env bash
# Checks every pinned Python package against the PyPA vulnerability database (pip-audit).
#   scripts/audit.sh            lenient: where the database cannot be reached, say so and pass
#   scripts/audit.sh --strict   the audit must run: unreachable is a failure (`make audit`)
# `make test` runs the lenient form, or the strict one when REQUIRE_AUDIT=true (set it in a CI
# that can reach the database). A known vulnerability fails either form.
set -euo pipefail
cd "$(dirname "$0")/.."
strict=false
[ "${1:-}" = --strict ] || [ "${REQUIRE_AUDIT:-false}" = true ] && strict=true

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
pins="$(cat requirements.txt requirements-dev.txt | grep -cE '^[A-Za-z0-9_.-]+==')"
unreachable() {
  if [ "$strict" = true ]; then
    echo "pip-audit could not reach its vulnerability database: nothing was audited." >&2
    echo "Run it where the database can be reached (make audit), or fix the network." >&2
    exit 1
  fi
  echo "NOTICE: pip-audit could not reach its vulnerability database; nothing audited (run 'make audit' where it can)."
}

if .venv/bin/pip-audit --progress-spinner off --disable-pip --no-deps \
    -r requirements.txt -r requirements-dev.txt >"$log" 2>&1; then
  skipped="$(grep -c 'could not be audited' "$log" || true)"
  if [ "$skipped" -ge "$pins" ]; then
    unreachable
  elif [ "$skipped" -gt 0 ] && [ "$strict" = true ]; then
    grep 'could not be audited' "$log" >&2
    echo "pip-audit: $skipped of $pins pins could not be audited." >&2
    exit 1
  else
    echo "pip-audit: no known vulnerabilities ($((pins - skipped)) of $pins pins audited)."
  fi
elif grep -qiE "connection|resolve|timed out|network|unreachable|ssl" "$log"; then
  unreachable
else
  cat "$log"
  exit 1
fi
