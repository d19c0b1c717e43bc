#!/usr/bin/env bash
# `make run`: migrate, then serve every module on embedded defaults until Ctrl-C.
set -euo pipefail
hotel=${1:?usage: run-local.sh PATH_TO_HOTEL}
cd "$(dirname "$0")/../.."

export DATABASE_URL=${DATABASE_URL:-sqlite://var/hotel.db}
export PORT=${PORT:-8080}
export HOST=${HOST:-0.0.0.0}

"$hotel" migrate up
base="http://127.0.0.1:${PORT}"
cat <<BANNER

  Hotel Platform $("$hotel" version | cut -d' ' -f2) — every module in one process, on embedded defaults
  database  ${DATABASE_URL}

  API       ${base}/api/v1
  health    ${base}/health
  ready     ${base}/ready
  metrics   ${base}/metrics

  Logs follow as JSON lines. Ctrl-C stops the platform cleanly.

BANNER
exec "$hotel" serve
