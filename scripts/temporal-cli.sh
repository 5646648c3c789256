#!/usr/bin/env bash
# Prints the path of a Temporal CLI (which contains the dev server), building it when none exists.
# Order: $TEMPORAL_CLI_PATH, the project's .tools/bin/temporal, `temporal` on PATH, then a build
# from its Go module. v1.5.1 is pinned: later versions add a `replace` directive that
# `go install` refuses.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v1.5.1"
local_bin="$root/.tools/bin/temporal"

if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
  [[ -x "$TEMPORAL_CLI_PATH" ]] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if [[ -x "$local_bin" ]]; then echo "$local_bin"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi

source "$root/scripts/go-build.sh"
find_go "a Temporal CLI (none found; or set TEMPORAL_CLI_PATH)"
hold_build_lock build
if [[ -x "$local_bin" ]]; then echo "$local_bin"; exit 0; fi
echo "Building the Temporal CLI $version with Go (first time only, takes minutes)..." >&2
GOBIN="$root/.tools/bin" GOFLAGS=-mod=mod "$go_bin" install "github.com/temporalio/cli/cmd/temporal@$version" >&2
echo "$local_bin"
