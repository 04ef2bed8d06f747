#!/usr/bin/env bash
# Installs what a fresh machine lacks: npm dependencies, and with --browser Debian's Chromium.
# Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

lock_hash() { sha1sum package-lock.json | cut -d' ' -f1; }
if [ ! -x node_modules/.bin/vitest ] || [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$(lock_hash)" ]; then
  echo "setup: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
  lock_hash > node_modules/.lock-hash
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Chromium from Debian (apt-get install chromium)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
