#!/usr/bin/env bash
# Installs what a fresh machine lacks: npm dependencies, and with --browser Debian's Chromium.
# Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

lock_hash() { sha1sum package-lock.json | cut -d' ' -f1; }
# Whether npm (an `npm ci` run by hand or by CI) installed exactly this lockfile: npm writes
# node_modules/.package-lock.json, the lockfile's entries without the root and without the optional
# packages it skipped (other platforms' binaries). Any other difference means the lockfile changed.
npm_installed_this_lock() {
  [ -f node_modules/.package-lock.json ] && node -e '
    const { readFileSync } = require("node:fs");
    const { isDeepStrictEqual } = require("node:util");
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")).packages ?? {};
    const installed = JSON.parse(readFileSync("node_modules/.package-lock.json", "utf8")).packages ?? {};
    const same = Object.entries(installed).every(([path, entry]) => isDeepStrictEqual(entry, lock[path])) &&
      Object.entries(lock).every(([path, entry]) => path === "" || path in installed || entry.optional === true);
    process.exit(same ? 0 : 1);
  ' 2>/dev/null
}
if [ -x node_modules/.bin/vitest ] && [ "$(cat node_modules/.lock-hash 2>/dev/null)" = "$(lock_hash)" ]; then
  : # installed by this script, from this lockfile
elif [ -x node_modules/.bin/vitest ] && npm_installed_this_lock; then
  lock_hash > node_modules/.lock-hash # installed by npm ci: the quick check above suffices next time
else
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
