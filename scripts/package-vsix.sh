#!/usr/bin/env bash
# Package the extension into a .vsix at the path given (default dist/dora-patch-cycles.vsix).
# The bundles in dist/ carry every dependency, hence --no-dependencies. README links stay
# relative (--no-rewrite-relative-links): vsce would otherwise need a public repository
# URL to rewrite the README's image links and refuses to package without one.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/dora-patch-cycles.vsix}
mkdir -p "$(dirname "$out")"
log="$(dirname "$out")/vsce.log"
npx vsce package --no-dependencies --no-rewrite-relative-links --out "$out" >"$log" 2>&1 || {
  echo "vsce package failed:" >&2
  tail -n 30 "$log" >&2
  exit 1
}
