#!/usr/bin/env bash
# What the end-to-end test (test/e2e) needs besides npm packages: a real VS Code, served by
# code-server 4.100.3 (VS Code 1.100.3; newer code-server needs Node 24), and Debian's chromium
# to drive it. code-server goes to a cache folder outside the project, so `npm ci` and the
# project's node_modules never see it.
#
# Idempotent: when both are there it prints one line and exits at once. Run as root for the
# Debian packages (scripts/setup.sh calls it); the code-server install itself needs no root.
#
# Offline-friendly: @vscode/ripgrep's install downloads rg from GitHub unless it finds the
# archive in its cache folder, so Debian's ripgrep is packed there first. Native modules are
# built against this Node's own headers (npm_config_nodedir) rather than downloaded ones.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
prefix="${CASCADE_CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/cascade-notebooks/code-server-$CODE_SERVER_VERSION}"

bin="$prefix/node_modules/.bin/code-server"
# `code-server --version` prints "4.100.3 <commit> with Code 1.100.3", after a log line on the
# first run (it writes its default config), so pick the version line.
installed_version() {
  [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+ [0-9a-f]{40}' | cut -d' ' -f1
}

if [ "$(installed_version || true)" = "$CODE_SERVER_VERSION" ] && [ -x /usr/bin/chromium ]; then
  echo "setup-e2e: code-server $CODE_SERVER_VERSION and chromium present"
  exit 0
fi

packages=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev build-essential python3)
# shellcheck source=debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"
ensure_debian_packages setup-e2e "the end-to-end test of the extension (chromium drives code-server; the rest builds code-server's native modules)" "${packages[@]}"

if [ "$(installed_version || true)" != "$CODE_SERVER_VERSION" ]; then
  # @vscode/ripgrep looks for its archive in os.tmpdir() before downloading.
  tmp="$(node -p 'require("os").tmpdir()')"
  mkdir -p "$tmp/$RIPGREP_CACHE"
  if [ ! -s "$tmp/$RIPGREP_CACHE/$RIPGREP_ARCHIVE" ]; then
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$tmp/$RIPGREP_CACHE/$RIPGREP_ARCHIVE" -C "$stage" rg
    rm -rf "$stage"
  fi

  node_root="$(node -p 'require("path").resolve(process.execPath, "..", "..")')"
  [ -f "$node_root/include/node/node.h" ] && export npm_config_nodedir="$node_root"

  # Install beside the final folder and rename, so a broken install is never taken for a good one.
  # A local install in a folder of its own, not `npm install --global --prefix`: npm hands its
  # command-line settings to lifecycle scripts as npm_config_* variables, and code-server's
  # postinstall runs `npm install` in lib/vscode, which would then install globally, ignoring
  # VS Code's npm-shrinkwrap.json (and fail half-way).
  partial="$prefix.partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  echo '{ "private": true, "description": "code-server for Cascade Notebooks end-to-end tests" }' > "$partial/package.json"
  echo "setup-e2e: installing code-server $CODE_SERVER_VERSION (a real VS Code for the end-to-end test) into $prefix (a few minutes)"
  (cd "$partial" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION")
  rm -rf "$prefix"
  mv "$partial" "$prefix"
  # npm's bin links are relative, so they survive the rename; check it.
  [ "$(installed_version || true)" = "$CODE_SERVER_VERSION" ] || { echo "setup-e2e: code-server did not install" >&2; exit 1; }
fi
echo "setup-e2e: code-server $CODE_SERVER_VERSION and chromium present"
