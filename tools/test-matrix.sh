#!/bin/sh
# `make test-matrix`: the core specs and the Neovim specs on the Neovim
# versions people run, each in a Debian chroot kept in .chroots/ (git-ignored):
#   trixie -> Neovim 0.10.4, sid -> Neovim 0.12.4  (this machine: 0.7.2, by `make test`)
# The project is copied in and the core built with that release's compiler and
# headers. A third layer, tests/nvim-lsp, runs bin/newsmark lsp under
# Neovim's own LSP client (it needs 0.9+, so it runs only here). Needs root
# and debootstrap (installed when missing). Prints one line per release,
# "matrix <release>: N passed, N failed", and the total last.
set -u
cd "$(dirname "$0")/.." || exit 2
root=$PWD
releases=${MATRIX_RELEASES:-"trixie sid"}
# the machine's own Debian source, read now (never written into the repo)
mirror=${MATRIX_MIRROR:-$(sh tools/apt-mirror.sh)} || exit 2
passed=0
failed=0

. tools/chroot-common.sh
chroot_prereqs test-matrix || exit 2

prepare() { # release dir
  rel=$1 dir=$2
  if [ -x "$dir/usr/bin/nvim" ] && [ -x "$dir/usr/bin/busted" ] && [ -x "$dir/usr/bin/gcc" ]; then
    return 0
  fi
  if [ ! -x "$dir/usr/bin/apt-get" ]; then
    rm -rf "$dir"
    echo "test-matrix: debootstrap $rel (about a minute)"
    debootstrap --variant=minbase "$rel" "$dir" "$mirror" >"build/test-logs/debootstrap-$rel.log" 2>&1 || {
      echo "test-matrix: debootstrap $rel failed (see build/test-logs/debootstrap-$rel.log)"; return 1; }
  fi
  echo "test-matrix: installing neovim, luajit, busted, gcc in $rel"
  chroot "$dir" /bin/sh -c "apt-get -o Acquire::Check-Valid-Until=false update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      neovim luajit libluajit-5.1-dev lua-busted gcc make pkg-config libc6-dev" \
    >"build/test-logs/apt-$rel.log" 2>&1 || {
      echo "test-matrix: package install in $rel failed (see build/test-logs/apt-$rel.log)"; return 1; }
}

summary() { # file -> "successes failures+errors"
  line=$(grep -aE '[0-9]+ successes? / [0-9]+ failures? / [0-9]+ errors?' "$1" | tail -n 1)
  [ -n "$line" ] || { echo "0 1"; return; }
  s=$(echo "$line" | sed -E 's/^[^0-9]*([0-9]+) success.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failures?.*/\1/')
  e=$(echo "$line" | sed -E 's/.* ([0-9]+) errors?.*/\1/')
  echo "$s $((f + e))"
}

for rel in $releases; do
  dir=.chroots/$rel
  if ! prepare "$rel" "$dir"; then
    echo "matrix $rel: 0 passed, 1 failed"
    failed=$((failed + 1))
    continue
  fi
  version=$(chroot "$dir" nvim --version | head -n 1)
  # a fresh copy of the committed project (MATRIX_WORKTREE=1: the work tree's
  # tracked files as they are now), without build outputs from this machine
  rm -rf "$dir/newsmark"
  mkdir -p "$dir/newsmark"
  if [ -n "${MATRIX_WORKTREE:-}" ]; then
    git ls-files -z | xargs -0 cp --parents -t "$dir/newsmark"
  else
    git archive HEAD | tar -x -C "$dir/newsmark"
  fi
  [ -d parser/parser ] && cp -a parser "$dir/newsmark/"
  mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
  log=build/test-logs/matrix-$rel
  chroot "$dir" /bin/sh -c "cd /newsmark && make >/dev/null 2>&1 && echo built" >"$log-build.out" 2>&1
  if ! grep -q built "$log-build.out"; then
    echo "matrix $rel ($version): build failed"
    chroot "$dir" /bin/sh -c "cd /newsmark && make" 2>&1 | tail -n 20
    failed=$((failed + 1))
    umount "$dir/proc" 2>/dev/null
    continue
  fi
  chroot "$dir" /bin/sh -c "cd /newsmark && busted --lua=luajit -o utfTerminal tests/core" >"$log-core.out" 2>&1
  set -- $(summary "$log-core.out")
  cs=$1 cf=$2
  chroot "$dir" /bin/sh -c "cd /newsmark && HOME=/tmp tests/nvim/run.sh" >"$log-nvim.out" 2>&1
  set -- $(summary "$log-nvim.out")
  ns=$1 nf=$2
  # bin/newsmark lsp under Neovim's own LSP client (needs 0.9+: only here)
  chroot "$dir" /bin/sh -c "cd /newsmark && HOME=/tmp tests/nvim-lsp/run.sh" >"$log-lsp.out" 2>&1
  set -- $(summary "$log-lsp.out")
  ls_=$1 lf=$2
  # deprecation warnings count as failures: newer versions must see none
  dep=$(grep -ac -i "deprecat" "$log-nvim.out" || true)
  if [ "$dep" -gt 0 ]; then
    echo "matrix $rel: deprecation warnings:"
    grep -a -i "deprecat" "$log-nvim.out" | sort -u | head -n 10
    nf=$((nf + 1))
  fi
  dep=$(grep -ac -i "deprecat" "$log-lsp.out" || true)
  if [ "$dep" -gt 0 ]; then
    echo "matrix $rel: deprecation warnings (lsp client):"
    grep -a -i "deprecat" "$log-lsp.out" | sort -u | head -n 10
    lf=$((lf + 1))
  fi
  umount "$dir/proc" 2>/dev/null
  [ "$cf" -gt 0 ] && tail -n 30 "$log-core.out"
  [ "$nf" -gt 0 ] && tail -n 40 "$log-nvim.out"
  [ "$lf" -gt 0 ] && tail -n 40 "$log-lsp.out"
  echo "matrix $rel ($version): core $cs passed, $cf failed; neovim $ns passed, $nf failed; lsp client $ls_ passed, $lf failed"
  echo "matrix $rel: $((cs + ns + ls_)) passed, $((cf + nf + lf)) failed"
  passed=$((passed + cs + ns + ls_))
  failed=$((failed + cf + nf + lf))
done
echo "matrix: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
