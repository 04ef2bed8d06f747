#!/usr/bin/env bash
# `npm run docs:check`: regenerates the API reference into a temporary folder and fails when the
# checked-in docs/api differs, so a change to the TSDoc or to the public types cannot leave it stale.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
npx typedoc --out "$tmp/api" --logLevel Error

if ! diff -r -q docs/api "$tmp/api" >/dev/null; then
  echo "docs:check: docs/api is stale: it is not what TypeDoc generates from the TSDoc now." >&2
  echo "docs:check: run \`npm run docs:api\` and commit docs/api. What differs:" >&2
  git --no-pager diff --no-index --stat docs/api "$tmp/api" >&2 || true
  exit 1
fi
echo "docs:check: docs/api is up to date"
