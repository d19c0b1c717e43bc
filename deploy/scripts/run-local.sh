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
# Credentials of the simulated suppliers (what a real supplier would issue to us).
if ! grep -q SUPPLIER_SIM_API_KEY var/secrets.env; then
  umask 077
  {
    echo "SUPPLIER_SIM_API_KEY=sim_$(head -c 18 /dev/urandom | base64 -w0 | tr '+/' 'xy')"
    echo "SUPPLIER_SIM_SECRET=$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' 'xy')"
  } >>var/secrets.env
  umask 022
fi
set -a
# shellcheck disable=SC1091
. var/secrets.env
set +a
export JWT_SECRET ENCRYPTION_SECRET SUPPLIER_SIM_API_KEY SUPPLIER_SIM_SECRET

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

# Three simulated suppliers, one per protocol, each with its own view of one shared world of
# hotels (SUPPLIER_SIMS=0: none; SIM_HOTELS: the world's size).
sims=()
if [ "${SUPPLIER_SIMS:-1}" != 0 ]; then
  seed=11
  for spec in "HBX hbx-json 9101 EUR" "OTA ota-xml 9102 USD" "RPD rapid-json 9103 USD"; do
    read -r code protocol sim_port currency <<<"$spec"
    setsid "$hotel" supplier-sim --protocol "$protocol" --port "$sim_port" --seed "$seed" --hotels "${SIM_HOTELS:-3000}" \
      --latency-ms 20 --jitter-ms 30 >"var/sim-$code.json" 2>"var/sim-$code.log" &
    sims+=("$code $protocol http://127.0.0.1:$sim_port $currency $!")
    seed=$((seed + 1))
  done
fi

# Children run in their own session: Ctrl-C reaches only this script, which passes ONE signal
# on (a second one would make the server stop without draining).
setsid "$hotel" serve &
serve_pid=$!
stop_all() {
  kill -INT "$serve_pid" 2>/dev/null || true
  for s in "${sims[@]}"; do kill -INT "${s##* }" 2>/dev/null || true; done
}
trap stop_all INT TERM
trap 'for s in "${sims[@]}"; do kill "${s##* }" 2>/dev/null || true; done' EXIT

for _ in $(seq 1 100); do
  curl -fsS "$base/ready" >/dev/null 2>&1 && break
  kill -0 "$serve_pid" 2>/dev/null || { wait "$serve_pid"; exit $?; }
  sleep 0.2
done

# Register the simulators as suppliers and import their content into the master catalog (as
# an operator would, through the API; a second start finds them registered and re-imports).
if [ ${#sims[@]} -gt 0 ] && [ -s var/demo.env ]; then
  # shellcheck disable=SC1091
  token=$( (. var/demo.env && curl -fsS "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg e "$DEMO_PLATFORM_ADMIN_EMAIL" --arg p "$DEMO_PASSWORD" '{email:$e,password:$p}')") |
    jq -r .accessToken) || token=""
  if [ -n "$token" ]; then
    for s in "${sims[@]}"; do
      read -r code protocol url currency _ <<<"$s"
      body=$(jq -n --arg c "$code" --arg p "$protocol" --arg u "$url" --arg cur "$currency" \
        --arg k "$SUPPLIER_SIM_API_KEY" --arg s "$SUPPLIER_SIM_SECRET" \
        '{code:$c,name:("Simulated " + $p),protocol:$p,endpoint:$u,currency:$cur,credentials:{apiKey:$k,secret:$s}}')
      curl -sS -o /dev/null "$base/api/v1/suppliers" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "$body" || true
      curl -sS -o /dev/null -X POST "$base/api/v1/suppliers/$code/content-imports" -H "Authorization: Bearer $token" || true
    done
  fi
fi

# The demo's commerce (once; later starts find it): markups on every tier (platform 8 %, the
# distributor 5 %, its agency 3 %) and credit granted down the chain (the platform to the
# distributor, the distributor to its agency, with a first deposit), through the API as the
# operator and the distributor's admin would.
login() {  # email -> access token ("" on failure)
  curl -fsS "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg e "$1" --arg p "$DEMO_PASSWORD" '{email:$e,password:$p}')" 2>/dev/null | jq -r '.accessToken // ""' || true
}
api() {  # token method path [body] -> body (errors ignored: a second start finds things done)
  if [ $# -ge 4 ]; then
    curl -sS -X "$2" "$base$3" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$4" 2>/dev/null || true
  else
    curl -sS -X "$2" "$base$3" -H "Authorization: Bearer $1" 2>/dev/null || true
  fi
}
seed_commerce() {
  # shellcheck disable=SC1091
  . var/demo.env
  local admin dist count account
  admin=$(login "$DEMO_PLATFORM_ADMIN_EMAIL")
  dist=$(login "$DEMO_DISTRIBUTOR_ADMIN_EMAIL")
  [ -n "$admin" ] && [ -n "$dist" ] || return 0
  count=$(api "$admin" GET "/api/v1/markup-rules?ownerTenantId=tnt_platform" | jq -r '.items | length' 2>/dev/null || echo 1)
  if [ "$count" = 0 ]; then
    api "$admin" POST /api/v1/markup-rules '{"ownerTenantId":"tnt_platform","kind":"percent","percentBp":800,"note":"demo: platform margin"}' >/dev/null
    api "$dist" POST /api/v1/markup-rules "{\"ownerTenantId\":\"$DEMO_DISTRIBUTOR_ID\",\"kind\":\"percent\",\"percentBp\":500,\"note\":\"demo: distributor margin\"}" >/dev/null
    api "$dist" POST /api/v1/markup-rules "{\"ownerTenantId\":\"$DEMO_AGENCY_ID\",\"kind\":\"percent\",\"percentBp\":300,\"note\":\"demo: agency margin\"}" >/dev/null
  fi
  api "$admin" POST /api/v1/credit-accounts \
    "{\"tenantId\":\"$DEMO_DISTRIBUTOR_ID\",\"currency\":\"CNY\",\"limit\":{\"amount\":100000000,\"currency\":\"CNY\"}}" >/dev/null
  account=$(api "$dist" POST /api/v1/credit-accounts \
    "{\"tenantId\":\"$DEMO_AGENCY_ID\",\"currency\":\"CNY\",\"limit\":{\"amount\":5000000,\"currency\":\"CNY\"}}" | jq -r '.id // ""')
  [ -n "$account" ] || account=$(api "$dist" GET "/api/v1/credit-accounts?tenantId=$DEMO_AGENCY_ID" | jq -r '.items[0].id // ""')
  [ -n "$account" ] && api "$dist" POST "/api/v1/credit-accounts/$account/deposits" \
    '{"amount":{"amount":1000000,"currency":"CNY"},"reference":"DEMO-DEPOSIT-1","note":"demo: first deposit"}' >/dev/null
  return 0
}
if [ -s var/demo.env ] && "$hotel" modules | grep -q '^pricing-service'; then seed_commerce; fi

cat <<BANNER

  Hotel Platform $("$hotel" version | cut -d' ' -f2) — every module in one process, on embedded defaults
  database  ${DATABASE_URL}

  API       ${base}/api/v1
  health    ${base}/health
  ready     ${base}/ready
  metrics   ${base}/metrics
BANNER
if [ ${#sims[@]} -gt 0 ]; then
  echo
  echo "  Simulated suppliers (logs in var/sim-*.log), content imported into the master catalog:"
  for s in "${sims[@]}"; do
    read -r code protocol url _ _ <<<"$s"
    printf '    %-4s %-11s %s\n' "$code" "$protocol" "$url"
  done
  echo "    catalog  ${base}/api/v1/hotels   reviews ${base}/api/v1/mapping-reviews   suppliers ${base}/api/v1/suppliers"
fi
if [ -s var/demo.env ]; then
  echo
  echo "  Demo credentials (also in var/demo.env; 'source var/demo.env' for the README's curl examples):"
  sed 's/^/    /' var/demo.env
fi
cat <<BANNER

  Logs follow as JSON lines. Ctrl-C stops the platform cleanly.

BANNER
# Until the server has drained (Ctrl-C interrupts `wait`; the trap has passed the signal on).
while kill -0 "$serve_pid" 2>/dev/null; do
  wait "$serve_pid" || true
done
