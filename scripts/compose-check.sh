#!/usr/bin/env bash
# Prints the path of the compose checker (tools/compose-check: Docker Compose v2's own loader,
# compose-go, without a Docker engine), building it into .tools/bin when it is missing or older
# than its sources.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/tools/compose-check"
local_bin="$root/.tools/bin/compose-check"

up_to_date() {
  [[ -x "$local_bin" ]] || return 1
  local f
  for f in "$src/main.go" "$src/go.mod" "$src/go.sum"; do
    [[ "$f" -nt "$local_bin" ]] && return 1
  done
  return 0
}

if up_to_date; then echo "$local_bin"; exit 0; fi

source "$root/scripts/go-build.sh"
find_go "the compose checker (tools/compose-check)"
hold_build_lock compose-check
if up_to_date; then echo "$local_bin"; exit 0; fi
echo "Building the compose checker with Go (first time only)..." >&2
# Build to a temporary name and rename, so no caller ever runs a half-written binary.
(cd "$src" && GOFLAGS=-mod=mod "$go_bin" build -o "$local_bin.tmp" .) >&2
mv -f "$local_bin.tmp" "$local_bin"
echo "$local_bin"
