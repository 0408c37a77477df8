#!/bin/sh
# Install what newsmark needs on a Debian machine, only what is missing.
#   tools/deps.sh test   everything `make test` uses
#   tools/deps.sh demo   what `make demo` uses
set -eu
mode=${1:-test}
case "$mode" in
  # libc6-dev: gcc only recommends it, and --no-install-recommends skips it
  test) pkgs="gcc libc6-dev make pkg-config neovim luajit libluajit-5.1-dev lua5.1 liblua5.1-0-dev lua-busted valgrind npm clang libclang-rt-dev" ;;
  # `make` needs no Lua headers (src/lua51.h); npm builds the markdown parser
  # for Neovim 0.7-0.9 (Debian 12 has 0.7.2)
  demo) pkgs="gcc libc6-dev make neovim npm" ;;
  *) echo "deps.sh: unknown mode '$mode' (test, demo)" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
  # npm may come from outside Debian (a nodejs install): a working command is enough
  [ "$p" = npm ] && command -v npm >/dev/null 2>&1 && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: missing packages:$missing (no apt-get here: install them with your package manager)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "deps.sh: missing packages:$missing; run as root or: sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "deps.sh: installing$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
