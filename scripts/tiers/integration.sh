#!/usr/bin/env bash
# Integration tier: the mocha suite in test/integration runs inside a real VS Code
# extension host (code-server 4.139.1, VS Code 1.139.1), opened by headless Chromium.
# It installs what it needs first; when code-server or Chromium cannot run, it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! bash scripts/vscode/setup.sh; then
  echo "integration: code-server or Chromium could not be installed (see above); the tier cannot run." >&2
  exit 1
fi
node scripts/build.mjs
node scripts/vscode/buildIntegration.mjs
node --import tsx scripts/vscode/runIntegration.ts
