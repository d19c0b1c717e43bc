#!/usr/bin/env bash
# Lints docs/openapi.yaml with Redocly CLI: the recommended ruleset plus the stricter rules
# in tests/contract/redocly.yaml (examples must fit their schemas, every 4xx is problem+json).
# Deliberate exceptions are listed, with reasons, in tests/contract/.redocly.lint-ignore.yaml.
# Exits non-zero on any error; warnings are printed but allowed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
"$here/npm-ci.sh"
cd "$repo"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
npx --no-install redocly lint docs/openapi.yaml --config tests/contract/redocly.yaml "$@"
