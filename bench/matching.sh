#!/usr/bin/env bash
# Hotel matching: precision and recall of auto-mapping (and with the review queue) against the
# world generator's ground truth, review-queue size and throughput, at 3 suppliers × 5,000
# hotels. Builds hotel_bench_matching beside the given `hotel` (release preset).
set -euo pipefail
hotel=${1:?usage: matching.sh PATH_TO_HOTEL}
build=$(dirname "$(realpath "$hotel")")
cmake --build "$build" --target hotel_bench_matching >/dev/null
"$build/hotel_bench_matching" --seed "${BENCH_MATCHING_SEED:-42}" --hotels "${BENCH_MATCHING_HOTELS:-5000}" \
  --suppliers "${BENCH_MATCHING_SUPPLIERS:-3}"
