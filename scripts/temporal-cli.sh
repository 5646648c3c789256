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

go_bin="$(command -v go || true)"
[[ -z "$go_bin" && -x /usr/local/go/bin/go ]] && go_bin=/usr/local/go/bin/go
[[ -n "$go_bin" ]] || { echo "No Temporal CLI found and no Go toolchain to build one; set TEMPORAL_CLI_PATH" >&2; exit 1; }
mkdir -p "$root/.tools/bin"
# One build at a time: callers started meanwhile wait for it instead of building the same binary again.
exec 9>"$root/.tools/build.lock"
flock 9
if [[ -x "$local_bin" ]]; then echo "$local_bin"; exit 0; fi
echo "Building the Temporal CLI $version with Go (first time only, takes minutes)..." >&2
GOBIN="$root/.tools/bin" GOFLAGS=-mod=mod "$go_bin" install "github.com/temporalio/cli/cmd/temporal@$version" >&2
echo "$local_bin"
