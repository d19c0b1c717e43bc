#!/usr/bin/env bash
# Installs the contract tools (package.json / package-lock.json at the repo root) into
# node_modules with `npm ci`, when node_modules is missing or was installed from another
# lock file or Node.js version. Only the npm registry is contacted, and only then.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "contract: node and npm are needed; run deploy/scripts/install-deps.sh test (Debian: apt-get install nodejs npm)" >&2
  exit 2
fi

stamp=node_modules/.hotel-contract-stamp
want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1) node-$(node --version)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "contract: npm ci (node_modules missing or stale)" >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$want" > "$stamp"
