#!/usr/bin/env bash
# npm run test:all (the README's Quick start test line, what CI runs). Prints each stage's wall time.
# The unit tests (one Vitest worker on a 2-core machine) run beside tsc, the build, the package
# checks, the API reference check, the stand-in tests and the bench's self-tests (one core): the two
# lanes take about as long (about 235 s and 230 s on an idle machine), and neither reads what the
# other writes (the unit tests build their own copy of the package). The end-to-end files run last, three at a
# time (vite.config.ts); examples.test.ts packs the dist/ built here (NVS_DIST_BUILT=1).
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"

# Runs a stage and says how long it took; fails as the stage failed.
stage() {
  local name=$1 started=$SECONDS
  shift
  "$@" || return
  echo "test:all: $name took $((SECONDS - started)) s" >&2
}

checks() {
  stage typecheck npm run typecheck &&
    stage build npm run build &&
    stage publint publint --strict &&
    stage attw attw --pack . --profile esm-only &&
    stage 'docs:check' npm run docs:check &&
    stage 'standin tests' vitest run --project standin &&
    stage 'bench self-tests' vitest run --config bench/vitest.config.ts
}

stage setup bash scripts/setup.sh --browser
# The Angular and Next.js examples' own installs (network and disk, little CPU) beside everything up to the e2e.
stage 'example installs' bash scripts/install-examples.sh &
examples=$!
started=$SECONDS
stage 'unit tests' vitest run --project unit &
unit=$!
checks || { status=$?; wait "$unit" || true; wait "$examples" || true; exit "$status"; }
wait "$unit"
echo "test:all: checks and unit tests side by side took $((SECONDS - started)) s" >&2
wait "$examples"
stage e2e env NVS_DIST_BUILT=1 vitest run --project e2e
