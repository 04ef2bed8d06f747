#!/usr/bin/env bash
# npm ci for the examples that build with their own CLIs (examples/angular, examples/next), from
# their committed lockfiles and the npm cache, unless node_modules was installed from the lockfile
# already. test-all.sh runs it in the background beside the unit tests; examples.test.ts makes the
# same check (test/e2e/support/framework-examples.ts), so either may install.
set -euo pipefail
cd "$(dirname "$0")/../examples"
for app in angular next; do
  marker="$app/node_modules/.package-lock.json"
  if [ -f "$marker" ] && [ "$marker" -nt "$app/package-lock.json" ]; then continue; fi
  (cd "$app" && npm ci --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error)
done
