#!/usr/bin/env bash
# npm start: build, package the extension (.vsix) and open examples/ with it installed:
# in desktop VS Code when `code` is on PATH, otherwise in code-server on 127.0.0.1
# (installed into .tools/ by scripts/vscode/setup.sh on first use).
set -euo pipefail
cd "$(dirname "$0")/.."

VSIX="$PWD/.tools/dora-patch-cycles.vsix"
mkdir -p .tools

echo "start: building"
node scripts/build.mjs
echo "start: packaging $VSIX"
bash scripts/package-vsix.sh "$VSIX"

if command -v code >/dev/null 2>&1; then
  code --install-extension "$VSIX" --force
  exec code "$PWD/examples"
fi

bash scripts/vscode/setup.sh
exec node --import tsx scripts/vscode/serve.ts "$VSIX" "$PWD/examples"
