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

# shellcheck source=debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"
ensure_debian_packages setup "${packages[@]}"
echo "setup: system packages present"

# The VS Code end-to-end test's real VS Code (code-server) and browser (chromium).
bash "$(dirname "$0")/setup-e2e.sh"
