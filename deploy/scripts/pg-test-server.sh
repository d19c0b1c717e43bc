#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the `postgres`-labelled tests, started without systemd.
# Usage: pg-test-server.sh start|stop|status|url
#   PG_TEST_DIR   data + socket + log directory (default: <repo>/var/pg-test, or a /tmp
#                 directory when the postgres user cannot reach the repository)
#   PG_TEST_PORT  TCP port on 127.0.0.1 (default 55432)
# Tests then run with: HOTEL_TEST_POSTGRES_URL=$(deploy/scripts/pg-test-server.sh url)
# Speed over durability: fsync, synchronous_commit and full_page_writes are off, unless
# PG_TEST_DURABLE=1 (benchmarks: PostgreSQL's defaults, as a bedbank would run it).
set -euo pipefail

port=${PG_TEST_PORT:-55432}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
url="postgresql://postgres@127.0.0.1:${port}/postgres"

die() { echo "pg-test-server: $*" >&2; exit 1; }

# Runs a command as the postgres user when we are root (initdb and postgres refuse root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    # From /: the caller's working directory may be unreadable to postgres.
    (cd / && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
  else
    "$@"
  fi
}

pick_dir() {
  if [ -n "${PG_TEST_DIR:-}" ]; then realpath -m "$PG_TEST_DIR"; return; fi
  local dir="$repo/var/pg-test"
  # As root the server runs as postgres, which must be able to traverse every parent.
  if [ "$(id -u)" -eq 0 ] && ! su postgres -s /bin/sh -c "test -x '$repo'" 2>/dev/null; then
    dir="/tmp/hotel-pg-test-${port}"
  fi
  echo "$dir"
}

running() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1; }

start() {
  [ -x "$bin/initdb" ] || die "PostgreSQL 15 binaries not found in $bin (apt-get install postgresql)"
  if running; then echo "$url"; return; fi
  local dir; dir=$(pick_dir)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 0700 "$dir"
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      die "initdb failed, see $dir/initdb.log"
  fi
  local opts="-p $port -k $dir -c listen_addresses=127.0.0.1"
  if [ "${PG_TEST_DURABLE:-0}" != 1 ]; then
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  opts+=" -c max_connections=300 -c shared_buffers=128MB ${PG_TEST_EXTRA_OPTS:-}"
  as_pg "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/log" -w -t 60 start >/dev/null ||
    die "start failed, see $dir/log"
  for _ in $(seq 1 50); do
    if running; then echo "$url"; return; fi
    sleep 0.2
  done
  die "server did not become ready, see $dir/log"
}

stop() {
  local dir; dir=$(pick_dir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  echo "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running: $url"; else echo "not running"; exit 3; fi ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
