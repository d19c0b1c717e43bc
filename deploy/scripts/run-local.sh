#!/usr/bin/env bash
# `make run`: secrets, migrations and the demo world on first start, then every module in one
# process on embedded defaults until Ctrl-C.
set -euo pipefail
hotel=$(realpath "${1:?usage: run-local.sh PATH_TO_HOTEL}")
cd "$(dirname "$0")/../.."
mkdir -p var

export DATABASE_URL=${DATABASE_URL:-sqlite://var/hotel.db}
export PORT=${PORT:-8080}
export HOST=${HOST:-0.0.0.0}

# Secrets are made once per checkout, kept out of git (var/ is ignored) and readable only by
# their owner. Set JWT_SECRET / ENCRYPTION_SECRET yourself to use your own.
if [ ! -s var/secrets.env ]; then
  umask 077
  {
    echo "JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_')"
    echo "ENCRYPTION_SECRET=$(head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_')"
  } >var/secrets.env
  umask 022
fi
set -a
# shellcheck disable=SC1091
. var/secrets.env
set +a
export JWT_SECRET ENCRYPTION_SECRET

"$hotel" migrate up

# The demo world (platform admin, a distributor with its admin, a sub-agent with an agent and
# an API key). Its credentials are shown on every start and kept in var/demo.env.
if "$hotel" modules | grep -q '^identity'; then
  if [ ! -s var/demo.env ] || ! grep -q DEMO_AGENT_API_KEY var/demo.env; then
    export DEMO_PASSWORD=${DEMO_PASSWORD:-$(head -c 12 /dev/urandom | base64 -w0 | tr '+/' 'xy')}
    umask 077
    "$hotel" seed-demo >var/demo.env.new
    mv var/demo.env.new var/demo.env
    umask 022
  fi
fi

base="http://127.0.0.1:${PORT}"
cat <<BANNER

  Hotel Platform $("$hotel" version | cut -d' ' -f2) — every module in one process, on embedded defaults
  database  ${DATABASE_URL}

  API       ${base}/api/v1
  health    ${base}/health
  ready     ${base}/ready
  metrics   ${base}/metrics
BANNER
if [ -s var/demo.env ]; then
  echo
  echo "  Demo credentials (also in var/demo.env; 'source var/demo.env' for the README's curl examples):"
  sed 's/^/    /' var/demo.env
fi
cat <<BANNER

  Logs follow as JSON lines. Ctrl-C stops the platform cleanly.

BANNER
exec "$hotel" serve
