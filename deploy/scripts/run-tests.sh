#!/usr/bin/env bash
# Runs every test of a build directory: unit, PostgreSQL (against a throwaway server this
# script starts on 127.0.0.1) and end-to-end (the real binary on port 0).
set -euo pipefail
build=${1:?usage: run-tests.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)

"$here/pg-test-server.sh" start
trap '"$here/pg-test-server.sh" stop >/dev/null 2>&1 || true' EXIT
export HOTEL_TEST_POSTGRES_URL=$("$here/pg-test-server.sh" url)

# End-to-end tests log every HTTP exchange here; tests/contract checks them against the spec.
repo=$(cd "$here/../.." && pwd)
export HOTEL_CONTRACT_LOG_DIR="$repo/var/contract"
rm -rf "$HOTEL_CONTRACT_LOG_DIR" && mkdir -p "$HOTEL_CONTRACT_LOG_DIR"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Tests run two at a time: the machine has two cores and the e2e tests start servers.
ctest --test-dir "$build" --output-on-failure --no-tests=error -j 2 "${@:2}"

# The API contract: lint docs/openapi.yaml, the validator's own tests, then every response
# the end-to-end tests received, checked against the spec.
"$repo/tests/contract/run.sh"
