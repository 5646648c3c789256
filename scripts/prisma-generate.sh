#!/usr/bin/env bash
# Generates the Prisma client into generated/prisma. `prisma generate` only needs the schema
# engine to exist when it cannot download one; where neither the engine nor the network is
# available, a placeholder file satisfies that check (generate never runs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ]] && ! ls node_modules/@prisma/engines/schema-engine* >/dev/null 2>&1; then
  mkdir -p .tools
  touch .tools/schema-engine-placeholder
  export PRISMA_SCHEMA_ENGINE_BINARY="$root/.tools/schema-engine-placeholder"
fi
npx prisma generate >/dev/null
