#!/usr/bin/env bash
# Catalog import end to end: three `hotel supplier-sim` processes (one per protocol) and
# `hotel serve` on a scratch SQLite database; each supplier's content is imported through the
# API (paging over HTTP, parsing, matching against the stored catalog, one transaction of
# decisions). Prints hotels, pages, decisions and supplier hotels/s per import.
set -euo pipefail
hotel=$(realpath "${1:?usage: catalog_import.sh PATH_TO_HOTEL}")
hotels=${BENCH_IMPORT_HOTELS:-5000}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export DATABASE_URL="sqlite://$work/hotel.db" JWT_SECRET=bench-jwt-secret-0123456789abcdef0123456789
export ENCRYPTION_SECRET=bench-encryption-secret-0123456789abcdef ACCESS_LOG=false
LOG_LEVEL=warn "$hotel" migrate up >/dev/null
echo "bench-password-123" | "$hotel" users create --tenant platform --role platform_admin --email bench@platform.test \
  --password-stdin >/dev/null

sims=()
seed=11
for protocol in hbx-json ota-xml rapid-json; do
  "$hotel" supplier-sim --protocol "$protocol" --port 0 --seed "$seed" --hotels "$hotels" >"$work/$protocol.json" 2>/dev/null &
  pids+=($!)
  seed=$((seed + 1))
done
PORT=0 "$hotel" serve >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  port=$(grep -o '"port":[0-9]*' "$work/serve.log" 2>/dev/null | head -1 | cut -d: -f2 || true)
  all=1
  for protocol in hbx-json ota-xml rapid-json; do [ -s "$work/$protocol.json" ] || all=0; done
  [ -n "$port" ] && [ $all = 1 ] && break
  sleep 0.1
done
base="http://127.0.0.1:$port"
token=$(curl -fsS "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"bench@platform.test","password":"bench-password-123"}' | jq -r .accessToken)
auth="Authorization: Bearer $token"

echo "catalog import  world_hotels=$hotels, one supplier after the other, SQLite"
for protocol in hbx-json ota-xml rapid-json; do
  url=$(jq -r .url "$work/$protocol.json")
  code=$(jq -r .supplier_code "$work/$protocol.json")
  currency=$(jq -r .currency "$work/$protocol.json")
  curl -fsS -o /dev/null "$base/api/v1/suppliers" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"code\":\"$code\",\"name\":\"$protocol\",\"protocol\":\"$protocol\",\"endpoint\":\"$url\",\"currency\":\"$currency\"}"
  id=$(curl -fsS -X POST "$base/api/v1/suppliers/$code/content-imports" -H "$auth" | jq -r .id)
  for _ in $(seq 1 1200); do
    job=$(curl -fsS "$base/api/v1/content-imports/$id" -H "$auth")
    status=$(jq -r .status <<<"$job")
    [ "$status" = succeeded ] || [ "$status" = failed ] && break
    sleep 0.1
  done
  jq -r --arg p "$protocol" '
    def ms(t): (t | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) * 1000 + ((t | capture("\\.(?<f>[0-9]+)Z$").f // "0") | tonumber);
    (ms(.finishedAt) - ms(.startedAt)) as $d
    | "  \($p | .+"           " | .[0:11]) \(.status)  \(.hotelsFetched) hotels in \(.pages) pages, \($d) ms → \((.hotelsFetched * 1000 / ([$d,1]|max)) | floor) hotels/s;"
      + "  auto \(.counts.autoMapped), review \(.counts.review), new \(.counts.newMasters), duplicates \(.counts.duplicates)"' <<<"$job"
done
