#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1, removed afterwards.
#   scripts/with-postgres.sh COMMAND [ARGS...]
# The command sees DATABASE_URL pointing at an empty database called "serviceplans".
set -euo pipefail
cd "$(dirname "$0")/.."

pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server not found (apt-get install postgresql)" >&2; exit 1; }

dir="$(mktemp -d /tmp/serviceplans-pg.XXXXXX)"
port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# initdb refuses to run as root: run the cluster as the postgres user then.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres serviceplans

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/serviceplans"
export PGSERVER_BIN="$pgbin"
"$@"
