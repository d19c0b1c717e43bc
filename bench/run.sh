#!/usr/bin/env bash
# `make bench`: every benchmark, each printing its figures (ratios against a reference
# measured in the same run where one exists).
set -euo pipefail
hotel=$(realpath "${1:?usage: bench/run.sh PATH_TO_HOTEL}")
here=$(cd "$(dirname "$0")" && pwd)
"$here/http_health.sh" "$hotel"
"$here/gateway.sh" "$hotel"
"$here/matching.sh" "$hotel"
"$here/catalog_import.sh" "$hotel"
"$here/transactions.sh" "$hotel"
