#!/usr/bin/env bash
# What the tests need besides npm packages, installed when missing (`npm test` runs this first):
# Debian packages (as root, or with a sudo that needs no password; otherwise it prints the exact
# command and stops) and code-server for the end-to-end test (no root needed). When everything
# is there it prints one line per part and changes nothing.
set -euo pipefail

packages=(
  # a real Jupyter client for the kernel's Jupyter protocol tests and nbconvert runs
  jupyter-nbconvert python3-jupyter-client python3-ipykernel
  # headless browser: static chart images, the end-to-end test of the extension
  chromium
)

# shellcheck source=debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"
ensure_debian_packages setup "the Jupyter protocol tests (a real Jupyter client and nbconvert) and Chromium (static chart images)" "${packages[@]}"
echo "setup: system packages present"

# The VS Code end-to-end test's real VS Code (code-server) and browser (chromium).
bash "$(dirname "$0")/setup-e2e.sh"
