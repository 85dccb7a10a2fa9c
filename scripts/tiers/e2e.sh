#!/usr/bin/env bash
# End-to-end tier: Playwright drives headless Chromium against code-server with the
# packaged extension (.vsix) installed, as a user would. Specs: test/e2e/**/*.spec.ts,
# on the harness in test/e2e/harness.ts. When code-server or Chromium cannot run, it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! bash scripts/vscode/setup.sh; then
  echo "e2e: code-server or Chromium could not be installed (see above); the tier cannot run." >&2
  exit 1
fi
node scripts/build.mjs
mkdir -p .test-output
export PATCH_CYCLES_VSIX="$PWD/.test-output/dora-patch-cycles.vsix"
bash scripts/package-vsix.sh "$PATCH_CYCLES_VSIX"
specs=$(find test/e2e -name '*.spec.ts' | sort)
if [ -z "$specs" ]; then
  echo "e2e: no spec files under test/e2e; nothing would be tested." >&2
  exit 1
fi
# shellcheck disable=SC2086
npx mocha --no-config --require tsx/cjs --require ./test/support/register-text-loaders.cjs \
  --timeout 240000 --reporter spec $specs
