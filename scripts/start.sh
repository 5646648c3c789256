#!/usr/bin/env bash
# The embedded default, one command: installs what is missing, then runs the API and the worker
# in one process with a Temporal dev server (data in ./data/temporal.sqlite, Web UI on :8233)
# and an embedded database (./data/pglite) unless DATABASE_URL / TEMPORAL_ADDRESS say otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
bash scripts/prisma-generate.sh
if [[ -z "${TEMPORAL_ADDRESS:-}" ]]; then
  TEMPORAL_CLI_PATH="$(bash scripts/temporal-cli.sh)"
  export TEMPORAL_CLI_PATH TEMPORAL_DEV_SERVER="${TEMPORAL_DEV_SERVER:-true}"
fi
exec npx tsx server/main.ts
