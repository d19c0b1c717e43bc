#!/usr/bin/env bash
# Gateway overhead: GET /api/v1/me (an API key, so authentication runs everywhere) through
#   direct     `hotel serve --only identity`      the module alone: auth, no gateway middleware
#   in-process `hotel serve`                      every module: edge + auth + rate limit
#   proxied    `hotel serve --only api-gateway`   a gateway process forwarding to `direct`
# Prints requests/s at 64 connections, p50 at 1 connection, and the overhead per request.
set -euo pipefail
hotel=${1:?usage: gateway.sh PATH_TO_HOTEL}
DURATION=${BENCH_DURATION:-10s}
BASE_PORT=${BENCH_GATEWAY_PORT:-18180}
work=$(mktemp -d /tmp/hotel-bench-gw-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://$work/hotel.db" JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)
export ENCRYPTION_SECRET=$JWT_SECRET DEMO_PASSWORD=bench-password-123 LOG_LEVEL=warn HOST=127.0.0.1
export RATE_LIMIT_MAX=100000000 HTTP_THREADS=2
"$hotel" migrate up >/dev/null
"$hotel" seed-demo >"$work/demo.env"
key=$(awk -F= '/^DEMO_AGENT_API_KEY=/ {print $2}' "$work/demo.env")
[ -n "$key" ] || { echo "bench: seed-demo printed no API key" >&2; exit 1; }

start() {  # port, args...
  local port=$1; shift
  PORT=$port MODULE_URLS="identity=http://127.0.0.1:$((BASE_PORT + 0))" "$hotel" serve "$@" >"$work/$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: server on $port did not start" >&2; cat "$work/$port.log" >&2; exit 1
}
start $((BASE_PORT + 0)) --only identity
start $((BASE_PORT + 1))
start $((BASE_PORT + 2)) --only api-gateway

cat >"$work/key.lua" <<LUA
wrk.headers["X-Api-Key"] = "$key"
LUA
measure() {  # port -> "rps p50_us"
  local url="http://127.0.0.1:$1/api/v1/me"
  curl -fsS -o /dev/null -H "X-Api-Key: $key" "$url" || { echo "bench: $url failed" >&2; exit 1; }
  wrk -t2 -c64 -d2s -s "$work/key.lua" "$url" >/dev/null  # warm-up: caches, pools, page cache
  wrk -t2 -c64 -d"$DURATION" -s "$work/key.lua" "$url" >"$work/t.txt"
  wrk -t1 -c1 -d"$DURATION" --latency -s "$work/key.lua" "$url" >"$work/l.txt"
  if grep -q "Non-2xx" "$work/t.txt" "$work/l.txt"; then echo "bench: non-2xx from $url" >&2; exit 1; fi
  local rps p50
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/t.txt")
  p50=$(awk '$1 == "50%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v)} else if (v ~ /ms$/) {sub(/ms$/,"",v); v=v*1000} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000000}; print v}' "$work/l.txt")
  echo "$rps $p50"
}
read -r d_rps d_p50 < <(measure $((BASE_PORT + 0)))
read -r i_rps i_p50 < <(measure $((BASE_PORT + 1)))
read -r p_rps p_p50 < <(measure $((BASE_PORT + 2)))

printf '\nGET /api/v1/me with an API key — wrk -t2 -c64 (throughput) and -t1 -c1 (latency), %s each\n' "$DURATION"
printf '  %-44s %12s %10s %14s\n' "" "requests/s" "p50 µs" "overhead µs"
printf '  %-44s %12.0f %10.0f %14s\n' "direct: identity module alone" "$d_rps" "$d_p50" "-"
printf '  %-44s %12.0f %10.0f %14.0f\n' "in-process gateway (edge+auth+rate limit)" "$i_rps" "$i_p50" "$(awk -v a="$i_p50" -v b="$d_p50" 'BEGIN {print a - b}')"
printf '  %-44s %12.0f %10.0f %14.0f\n\n' "gateway process proxying to identity" "$p_rps" "$p_p50" "$(awk -v a="$p_p50" -v b="$d_p50" 'BEGIN {print a - b}')"
