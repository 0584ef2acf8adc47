#!/usr/bin/env bash
# Sets up everything the app needs on this machine; quick when nothing has changed.
#   scripts/setup.sh        runtime: Debian libraries, .venv, GOV.UK Frontend, static files
#   scripts/setup.sh dev    also test and benchmark tools: PostgreSQL and Redis servers,
#                           Chromium + driver, wrk, dev packages
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------
debs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2)
if [ "$mode" = dev ]; then
  debs+=(postgresql redis-server chromium chromium-driver poppler-utils wrk)
fi
missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# --- Python virtual environment ---------------------------------------------------------
reqs=requirements.txt
[ "$mode" = dev ] && reqs=requirements-dev.txt
if [ ! -x .venv/bin/python ]; then
  python="$(scripts/find-python.sh)"
  say "Creating .venv with $python"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt "$reqs" | sha1sum | cut -c1-12)-$mode"
if [ ! -f "$stamp" ]; then
  say "Installing Python packages from $reqs"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# --- GOV.UK Frontend, compiled for a council --------------------------------------------
if [ ! -d node_modules/govuk-frontend ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing front-end packages (npm ci)"
  npm ci --silent --no-audit --no-fund
fi
mkdir -p static/build
if [ ! -f static/build/application.css ] || [ -n "$(find frontend -newer static/build/application.css -print -quit)" ]; then
  say "Compiling GOV.UK Frontend (Arial, no crown)"
  npm run --silent build:css
fi
cp -u node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/build/
# The rich text editor of narrative sections (TinyMCE 6, MIT): only the parts we load.
tiny=node_modules/tinymce
mkdir -p static/build/tinymce/plugins static/build/tinymce/skins/ui static/build/tinymce/skins/content
cp -u "$tiny/tinymce.min.js" "$tiny/license.txt" static/build/tinymce/
cp -ru "$tiny/themes" "$tiny/models" "$tiny/icons" static/build/tinymce/
for plugin in lists link table autolink; do cp -ru "$tiny/plugins/$plugin" static/build/tinymce/plugins/; done
cp -ru "$tiny/skins/ui/oxide" static/build/tinymce/skins/ui/
cp -ru "$tiny/skins/content/default" static/build/tinymce/skins/content/

# Source maps are not shipped: drop the references to them, or the production static
# storage (hashed names) refuses the files that point at a missing map. On a second run
# grep finds none and exits 1, which must not stop the script (pipefail).
{ find static/build -type f \( -name '*.js' -o -name '*.css' \) -exec grep -l 'sourceMappingURL' {} + 2>/dev/null || true; } \
  | xargs -r sed -i -e 's#//\# sourceMappingURL=[^ ]*$##' -e 's#/\*\# sourceMappingURL=[^*]*\*/##'

# --- Static files -----------------------------------------------------------------------
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
