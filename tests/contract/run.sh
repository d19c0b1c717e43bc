#!/usr/bin/env bash
# The whole contract check: lint docs/openapi.yaml, test the validator, then check every
# exchange the end-to-end tests logged (JSON lines in ${HOTEL_CONTRACT_LOG_DIR:-var/contract}/*.jsonl,
# written by tests/support's HttpCall when HOTEL_CONTRACT_LOG is set) against the spec.
# Every step runs; the exit status is non-zero when any failed. Extra arguments go to
# validate.mjs (e.g. --coverage lists the operations no test exercised, --strict).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
"$here/npm-ci.sh" || exit 2

failed=()
echo "== contract: lint docs/openapi.yaml"
"$here/lint.sh" || failed+=(lint)

echo "== contract: validator tests"
node --test "$here/validate_test.mjs" || failed+=("validator tests")

log_dir=${HOTEL_CONTRACT_LOG_DIR:-var/contract}
shopt -s nullglob
logs=("$log_dir"/*.jsonl)
shopt -u nullglob
echo "== contract: responses logged by the end-to-end tests"
if [ ${#logs[@]} -eq 0 ]; then
  echo "contract: read 0 log files (no *.jsonl in $log_dir); no responses checked"
else
  echo "contract: read ${#logs[@]} log file(s) from $log_dir"
  node "$here/validate.mjs" "$@" "${logs[@]}" || failed+=("responses")
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "contract: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "contract: OK"
