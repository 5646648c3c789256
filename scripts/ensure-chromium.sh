#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (playwright-core drives it
# through executablePath; a test tool's own browser download cannot reach the network here).
# Prints the browser's path. CHROMIUM_PATH overrides.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$path" ]]; then
  echo "installing Debian's chromium for the browser tests" >&2
  sudo_cmd=""; [[ "$(id -u)" -eq 0 ]] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y -q chromium >&2 || { $sudo_cmd apt-get update -q >&2 && $sudo_cmd apt-get install -y -q chromium >&2; }
fi
[[ -x "$path" ]] || { echo "Chromium is not at $path and could not be installed" >&2; exit 1; }
echo "$path"
