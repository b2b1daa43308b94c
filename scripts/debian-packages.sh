# Sourced by the set-up scripts: ensure_debian_packages TAG WHY PACKAGE... installs the packages
# that are missing (one `apt-get update`, then `apt-get install`), as root or through a sudo that
# works without a password prompt, saying what it installs and why; when it may not, it names
# them and the exact command to run, and stops.
ensure_debian_packages() {
  local tag="$1" why="$2"
  shift 2
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$tag: missing system packages (${missing[*]}), for $why; this is not a Debian or Ubuntu system: install them with its package manager, then run npm test again" >&2
    exit 1
  fi
  local as=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as=(sudo -n)
    else
      echo "$tag: missing Debian packages (${missing[*]}), for $why." >&2
      echo "$tag: run this as root (or with sudo), then npm test again:" >&2
      echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "$tag: installing Debian packages ${missing[*]}, for $why"
  "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
