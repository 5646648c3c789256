# Sourced by the scripts that build a tool from a Go module once into .tools (temporal-cli.sh,
# temporal-server.sh, compose-check.sh): where Go is, and one build at a time.

# Sets go_bin to the machine's Go, or fails saying what could not be built ($1).
find_go() {
  go_bin="$(command -v go || true)"
  [[ -z "$go_bin" && -x /usr/local/go/bin/go ]] && go_bin=/usr/local/go/bin/go
  [[ -n "$go_bin" ]] || { echo "No Go toolchain to build $1 with" >&2; return 1; }
}

# Holds the lock .tools/$1.lock until the script ends: callers started meanwhile wait for the
# build instead of building the same binary again (they check again once they hold it).
hold_build_lock() {
  mkdir -p "$root/.tools/bin"
  exec 9>"$root/.tools/$1.lock"
  flock 9
}
