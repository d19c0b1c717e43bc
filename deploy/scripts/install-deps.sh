#!/usr/bin/env bash
# Installs what building, testing and running the platform needs on Debian 12 (idempotent).
# Usage: install-deps.sh [build|test|bench|all]   (default: build)
set -euo pipefail
what=${1:-build}

build_pkgs=(clang lld ninja-build cmake make pkg-config ccache git ca-certificates curl jq
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpq-dev libsqlite3-dev libsodium-dev libssl-dev libhiredis-dev librabbitmq-dev libpugixml-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfmt-dev)
test_pkgs=(postgresql prometheus libclang-rt-14-dev)
bench_pkgs=(wrk nginx-light)

pkgs=("${build_pkgs[@]}")
case "$what" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${bench_pkgs[@]}") ;;
  all) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench|all]" >&2; exit 2 ;;
esac
# tests/contract (OpenAPI lint, response checks) runs on Node.js and npm. One already on
# PATH (Debian's or another vendor's) is used as it is; only when missing are Debian's
# packages added (Debian's npm conflicts with other vendors' nodejs packages).
if [ "$what" = test ] || [ "$what" = all ]; then
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# Services installed by apt must not try to start (no systemd here; our scripts start them).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
