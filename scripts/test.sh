#!/usr/bin/env bash
# The test command: prepares what the tests need (Prisma client, Temporal CLI and server, compose
# checker, PostgreSQL, Chromium), type-checks, runs jest, then (for the whole suite) the fault
# tests alone, and ends with the plain line "N passed, N failed" over both.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[[ -d node_modules ]] || npm ci
bash scripts/prisma-generate.sh || exit 1
TEMPORAL_CLI_PATH="$(bash scripts/temporal-cli.sh)" || exit 1
export TEMPORAL_CLI_PATH
# The Temporal server and its SQL tool, for the cluster the fault tests run (npm run cluster's).
bash scripts/temporal-server.sh >/dev/null || exit 1
# Docker Compose v2's loader for test/deploy/compose-loader.test.ts, built once.
bash scripts/compose-check.sh >/dev/null || exit 1
bash scripts/ensure-postgres.sh || exit 1
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)" || exit 1
export CHROMIUM_PATH
npx tsc -p tsconfig.json --noEmit || { echo "type check failed"; echo "0 passed, 1 failed"; exit 1; }

export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules"
results="$(mktemp)"
npx jest --json --outputFile="$results" "$@"
status=$?
faults=""
# Only for the whole suite: they restart the machine's PostgreSQL, so nothing else may run then.
if [[ $# -eq 0 ]]; then
  faults="$(mktemp)"
  npx jest -c jest.faults.config.js --json --outputFile="$faults" || status=1
fi
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of process.argv.slice(1).filter(Boolean)) {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    skipped += r.numPendingTests;
  }
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results" "$faults" || echo "0 passed, 1 failed"
rm -f "$results" "$faults"
exit $status
