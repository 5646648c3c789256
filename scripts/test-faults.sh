#!/usr/bin/env bash
# The fault tests alone (npm test runs them too, after the rest): the cluster of `npm run cluster`
# under worker, PostgreSQL, Temporal, SMTP and API faults.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || npm ci
bash scripts/prisma-generate.sh
bash scripts/temporal-server.sh >/dev/null
bash scripts/ensure-postgres.sh
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" exec npx jest -c jest.faults.config.js "$@"
