#!/usr/bin/env bash
# The production topology as plain processes on this machine: a Temporal server on PostgreSQL
# (built from its Go module the first time), two APIs and three workers. Ctrl-C stops it all.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
bash scripts/prisma-generate.sh
bash scripts/ensure-postgres.sh
bash scripts/temporal-server.sh >/dev/null
exec node --import tsx scripts/cluster.ts
