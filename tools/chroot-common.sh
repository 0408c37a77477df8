# Sourced by tools/test-matrix.sh and tools/test-fresh.sh: what both need
# before they build or enter a Debian chroot under .chroots/ (git-ignored).
#   chroot_prereqs NAME    root, and debootstrap (installed when missing);
#                          returns 2 with a one-line reason on stderr
chroot_prereqs() {
  if [ "$(id -u)" != 0 ]; then
    echo "$1: needs root (debootstrap, chroot, mount)" >&2
    return 2
  fi
  command -v debootstrap >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  } || { echo "$1: cannot install debootstrap" >&2; return 2; }
  mkdir -p .chroots build/test-logs
}
