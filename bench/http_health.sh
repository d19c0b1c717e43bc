#!/usr/bin/env bash
# GET /health through `hotel serve` (every module, every middleware, access log on) against
# nginx serving a file with the same body and content type, with the same wrk settings.
# Prints requests/s and p99 for both and the ratio hotel/nginx.
set -euo pipefail
hotel=${1:?usage: http_health.sh PATH_TO_HOTEL}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_WRK_THREADS:-2}
WORKERS=${BENCH_SERVER_THREADS:-2}
HOTEL_PORT=${BENCH_HOTEL_PORT:-18080}
NGINX_PORT=${BENCH_NGINX_PORT:-18081}

work=$(mktemp -d /tmp/hotel-bench-XXXXXX)
chmod 755 "$work"  # nginx workers run as an unprivileged user and must read www/
hotel_pid=""
cleanup() {
  [ -n "$hotel_pid" ] && kill -TERM "$hotel_pid" 2>/dev/null && wait "$hotel_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -p "$work/" -s quit 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_http() {  # url
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: $1 did not answer" >&2; return 1
}

# hotel serve on embedded defaults, production-like settings.
export JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)
DATABASE_URL="sqlite://$work/hotel.db" "$hotel" migrate up >/dev/null
DATABASE_URL="sqlite://$work/hotel.db" HOST=127.0.0.1 PORT=$HOTEL_PORT HTTP_THREADS=$WORKERS LOG_LEVEL=info \
  "$hotel" serve >"$work/hotel.log" 2>&1 &
hotel_pid=$!
wait_http "http://127.0.0.1:$HOTEL_PORT/health"

# nginx serving the very same bytes.
mkdir -p "$work/www"
curl -fsS "http://127.0.0.1:$HOTEL_PORT/health" >"$work/www/health"
chmod -R a+rX "$work/www"
cat >"$work/nginx.conf" <<NGINX
worker_processes $WORKERS;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /health { default_type application/json; root $work/www; }
  }
}
NGINX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -p "$work/"
wait_http "http://127.0.0.1:$NGINX_PORT/health"

# Both bodies must be identical, or the comparison means nothing.
cmp -s <(curl -fsS "http://127.0.0.1:$HOTEL_PORT/health") <(curl -fsS "http://127.0.0.1:$NGINX_PORT/health") ||
  { echo "bench: bodies differ" >&2; exit 1; }

run_wrk() {  # url -> "rps p99_ms"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" >"$work/wrk.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' "$work/wrk.txt")
  if grep -q "Non-2xx" "$work/wrk.txt"; then echo "bench: non-2xx answers from $1" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
  echo "$rps $p99"
}

# Warm up both, then measure alternately (nginx, hotel, nginx, hotel) and keep the best of each,
# so a noisy neighbour on the shared machine hurts neither side more than the other.
run_wrk "http://127.0.0.1:$NGINX_PORT/health" >/dev/null
run_wrk "http://127.0.0.1:$HOTEL_PORT/health" >/dev/null
best() { sort -k1,1 -g -r | head -1; }
n_results=""; h_results=""
for _ in 1 2; do
  n_results+="$(run_wrk "http://127.0.0.1:$NGINX_PORT/health")"$'\n'
  h_results+="$(run_wrk "http://127.0.0.1:$HOTEL_PORT/health")"$'\n'
done
read -r n_rps n_p99 < <(printf '%s' "$n_results" | best)
read -r h_rps h_p99 < <(printf '%s' "$h_results" | best)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$hotel_pid/status")

printf '\nGET /health — wrk -t%s -c%s -d%s, %s server threads/workers, body %s bytes\n' \
  "$THREADS" "$CONNECTIONS" "$DURATION" "$WORKERS" "$(stat -c %s "$work/www/health")"
printf '  %-28s %12s %10s\n' "" "requests/s" "p99 ms"
printf '  %-28s %12.0f %10.2f\n' "nginx (static file)" "$n_rps" "$n_p99"
printf '  %-28s %12.0f %10.2f\n' "hotel serve (all modules)" "$h_rps" "$h_p99"
printf '  ratio hotel/nginx: %.2fx requests/s; hotel RSS after run: %d MB\n\n' \
  "$(awk -v h="$h_rps" -v n="$n_rps" 'BEGIN {print h / n}')" "$((rss_kb / 1024))"
