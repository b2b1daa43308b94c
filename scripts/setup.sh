#!/usr/bin/env bash
# System packages the tests and benchmarks use, from Debian's archive (needs root).
# npm packages come from `npm ci`; this script is the other half of the set-up.
set -euo pipefail

packages=(
  # a real Jupyter client for the kernel's Jupyter protocol tests and nbconvert runs
  jupyter-nbconvert python3-jupyter-client python3-ipykernel
  # headless browser: static chart images, the end-to-end test of the extension
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages (${missing[*]}); run as root: sudo bash scripts/setup.sh" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "setup: system packages present"

# The VS Code end-to-end test's real VS Code (code-server) and browser (chromium).
bash "$(dirname "$0")/setup-e2e.sh"
