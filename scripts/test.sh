#!/usr/bin/env bash
# The test command: prepares what the tests need (Prisma client, Temporal CLI, compose checker,
# PostgreSQL, Chromium), type-checks, runs jest, and ends with the plain line "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[[ -d node_modules ]] || npm ci
bash scripts/prisma-generate.sh || exit 1
TEMPORAL_CLI_PATH="$(bash scripts/temporal-cli.sh)" || exit 1
export TEMPORAL_CLI_PATH
# Docker Compose v2's loader for test/deploy/compose-loader.test.ts, built once.
bash scripts/compose-check.sh >/dev/null || exit 1
bash scripts/ensure-postgres.sh || exit 1
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)" || exit 1
export CHROMIUM_PATH
npx tsc -p tsconfig.json --noEmit || { echo "type check failed"; echo "0 passed, 1 failed"; exit 1; }

results="$(mktemp)"
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx jest --json --outputFile="$results" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  console.log(`${r.numPassedTests} passed, ${failed} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$results" || echo "0 passed, 1 failed"
rm -f "$results"
exit $status
