# Sourced by the set-up scripts: ensure_debian_packages TAG PACKAGE... installs the packages
# that are missing (one `apt-get update`, then `apt-get install`), as root; otherwise it names
# them and stops.
ensure_debian_packages() {
  local tag="$1"
  shift
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "$tag: missing Debian packages (${missing[*]}); run as root: sudo bash scripts/setup.sh" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}
