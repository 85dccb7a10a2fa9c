#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it: static checks, the plain-Node unit tier,
# then the tiers that need a real VS Code (code-server) and a real browser (Chromium).
# Every tier runs; a tier that cannot run fails the suite instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build"
npm run --silent build

echo "== typecheck"
npm run --silent typecheck

echo "== lint"
npm run --silent lint

echo "== unit tests"
npx mocha

for tier in scripts/tiers/*.sh; do
  [ -e "$tier" ] || continue
  echo "== $(basename "$tier" .sh)"
  bash "$tier"
done
