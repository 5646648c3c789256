#!/usr/bin/env bash
# Prints the folder holding the Temporal server, its SQL schema tool and its PostgreSQL schemas,
# building them from the Go module the first time (a few minutes on two cores), as
# scripts/temporal-cli.sh builds the CLI. v1.29.1 is the version the pinned CLI embeds and
# docker-compose.yml runs; its go.mod has no `replace` directive, so `go install` takes it.
#   <folder>/temporal-server        the server (cmd/server)
#   <folder>/temporal-sql-tool      creates and upgrades the schemas (cmd/tools/sql)
#   <folder>/schema/postgresql/v12  the schemas the tool applies
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v1.29.1"
folder="$root/.tools/temporal-server-$version"

built() { [[ -x "$folder/temporal-server" && -x "$folder/temporal-sql-tool" && -d "$folder/schema/postgresql/v12" ]]; }
if built; then echo "$folder"; exit 0; fi

source "$root/scripts/go-build.sh"
find_go "the Temporal server"
hold_build_lock temporal-server
if built; then echo "$folder"; exit 0; fi
echo "Building the Temporal server $version with Go (first time only, takes minutes)..." >&2
staging="$(mktemp -d "$root/.tools/temporal-server.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
GOBIN="$staging" GOFLAGS=-mod=mod "$go_bin" install \
  "go.temporal.io/server/cmd/server@$version" "go.temporal.io/server/cmd/tools/sql@$version" >&2
module_dir="$(GOFLAGS=-mod=mod "$go_bin" mod download -json "go.temporal.io/server@$version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$module_dir/schema/postgresql/v12" ]] || { echo "no PostgreSQL schema in $module_dir" >&2; exit 1; }
mv "$staging/server" "$staging/temporal-server"
mv "$staging/sql" "$staging/temporal-sql-tool"
mkdir -p "$staging/schema/postgresql"
cp -R "$module_dir/schema/postgresql/v12" "$staging/schema/postgresql/v12"
chmod -R u+w "$staging/schema"
rm -rf "$folder"
mv "$staging" "$folder"
trap - EXIT
echo "$folder"
