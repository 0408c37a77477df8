#!/bin/sh
# `make test-fresh`: be the newcomer. README's commands, each run as the very
# first thing on a pristine Debian 12 (bookworm) root:
#   demo-then-test   `make demo` in a terminal (under `script`), which must
#                    reach Neovim with the article's highlights drawn, then
#                    `make test`, which must end with "0 failed"
#   test-first       `make test` as the first command
#   plugin-manager   only gcc, libc6-dev, make and neovim installed (what a
#                    plugin manager's `build = "make"` finds), `make`, then a
#                    headless Neovim loads newsmark.core, finds the entities of
#                    a sentence, passes :checkhealth newsmark and opens
#                    :help newsmark
# The pristine root is built once with `debootstrap --variant=minbase` from the
# machine's own apt source (tools/apt-mirror.sh, read now), plus git, make and
# ca-certificates, with the host's CA bundle copied in; it is cached in
# .chroots/fresh-bookworm (git-ignored). Each run gets a throwaway copy
# (cp -a) holding the committed project (FRESH_WORKTREE=1: the work tree's
# tracked files as they are now) and a clean environment (env -i).
# Prints one summary line per run and "test-fresh: N passed, N failed" last.
# Needs root (debootstrap, chroot, mount). FRESH_RUNS picks runs by name.
set -u
cd "$(dirname "$0")/.." || exit 2
runs=${FRESH_RUNS:-"demo-then-test test-first plugin-manager"}
base=.chroots/fresh-bookworm
logs=build/test-logs/fresh
passed=0
failed=0

. tools/chroot-common.sh
chroot_prereqs test-fresh || exit 2
mkdir -p "$logs"

now() { date +%s; }

# The cached pristine root: debootstrap, then the host's CA bundle (also as a
# local CA, so a later update-ca-certificates in the root keeps it).
prepare_base() {
  [ -f "$base/.newsmark-fresh" ] && return 0
  mirror=$(sh tools/apt-mirror.sh) || return 1
  rm -rf "$base" "$base.tmp"
  echo "test-fresh: debootstrap bookworm from the machine's apt source (about a minute)"
  nice debootstrap --variant=minbase --include=git,make,ca-certificates bookworm "$base.tmp" "$mirror" \
    >"$logs/debootstrap.log" 2>&1 || {
    echo "test-fresh: debootstrap failed (see $logs/debootstrap.log)"
    tail -n 5 "$logs/debootstrap.log"
    return 1
  }
  cp /etc/ssl/certs/ca-certificates.crt "$base.tmp/etc/ssl/certs/ca-certificates.crt"
  mkdir -p "$base.tmp/usr/local/share/ca-certificates"
  cp /etc/ssl/certs/ca-certificates.crt "$base.tmp/usr/local/share/ca-certificates/host-bundle.crt"
  rm -rf "$base.tmp/var/cache/apt/archives/"*.deb
  date -u +%FT%TZ >"$base.tmp/.newsmark-fresh"
  mv "$base.tmp" "$base"
}

mounted=""
mount_into() { # root
  r=$1
  mount -t proc proc "$r/proc" && mounted="$r/proc $mounted"
  mount --bind /dev "$r/dev" && mounted="$r/dev $mounted"
  mount --bind /dev/pts "$r/dev/pts" && mounted="$r/dev/pts $mounted"
}
unmount_all() {
  for m in $mounted; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
  done
  mounted=""
}
trap 'unmount_all' EXIT
trap 'unmount_all; exit 130' INT TERM

# A throwaway copy of the pristine root with the project in /root/newsmark.
new_root() { # name -> sets $root
  root=.chroots/fresh-run-$1
  rm -rf "$root"
  cp -a "$base" "$root" || return 1
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
  mkdir -p "$root/root/newsmark"
  if [ -n "${FRESH_WORKTREE:-}" ]; then
    git ls-files -z | xargs -0 cp --parents -t "$root/root/newsmark"
  else
    git archive "$rev" | tar -x -C "$root/root/newsmark"
  fi
  mount_into "$root"
}

# Run a shell command in $root as a newcomer's root login would: clean
# environment, a terminal type, in the project folder.
in_root() { # timeout-seconds command
  t=$1
  shift
  nice chroot "$root" /usr/bin/env -i HOME=/root TERM=xterm-256color LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    timeout "$t" /bin/sh -c "cd /root/newsmark && $*"
}

finish_root() { # name ok
  unmount_all
  # kept on failure for a look; the next run replaces it
  [ "$2" = 1 ] && rm -rf ".chroots/fresh-run-$1"
}

# "tests: N passed, N failed" of make test in a log; ok when it says 0 failed
# and make succeeded
tests_line() { grep -aE '^tests: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1; }
tests_ok() { # log rc
  line=$(tests_line "$1")
  [ "$2" = 0 ] && [ -n "$line" ] && [ "${line##*passed, }" = "0 failed" ] && [ "${line#tests: 0 passed}" = "$line" ]
}

report() { # name ok seconds detail
  if [ "$2" = 1 ]; then
    passed=$((passed + 1))
    echo "fresh $1: passed in $3 s ($4)"
  else
    failed=$((failed + 1))
    echo "fresh $1: FAILED after $3 s ($4)"
  fi
}

run_demo_then_test() {
  log=$logs/demo-then-test
  t0=$(now)
  new_root demo-then-test || { report demo-then-test 0 0 "no root"; return; }
  # make demo in a terminal; the demo's Neovim writes what it drew, then quits
  in_root 1800 "NEWSMARK_DEMO_STATUS=/tmp/demo.status script -qec 'make demo' /dev/null </dev/null" \
    >"$log-demo.out" 2>&1
  demo_rc=$?
  status=$(cat "$root/tmp/demo.status" 2>/dev/null)
  t1=$(now)
  ok=0
  # highlights drawn, in a real UI, with the tree-sitter parser make demo built
  case $status in
    "demo: 0 "*) ;;
    "demo: "*" highlights drawn in examples/article.md; uis=1; prose=treesitter;"*NewsmarkPerson=*) [ "$demo_rc" = 0 ] && ok=1 ;;
  esac
  echo "fresh demo-then-test: make demo exited $demo_rc in $((t1 - t0)) s: ${status:-no status line}"
  if [ "$ok" = 1 ]; then
    in_root 2400 "make test" >"$log-test.out" 2>&1
    rc=$?
    tail -n 12 "$log-test.out"
    tests_ok "$log-test.out" "$rc" || ok=0
  else
    tail -n 20 "$log-demo.out" | tr -d '\033' | cut -c1-200
  fi
  t2=$(now)
  finish_root demo-then-test "$ok"
  report demo-then-test "$ok" $((t2 - t0)) "make demo $((t1 - t0)) s, make test $((t2 - t1)) s: $(tests_line "$log-test.out" 2>/dev/null)"
}

run_test_first() {
  log=$logs/test-first
  t0=$(now)
  new_root test-first || { report test-first 0 0 "no root"; return; }
  in_root 2400 "make test" >"$log.out" 2>&1
  rc=$?
  tail -n 12 "$log.out"
  ok=0
  tests_ok "$log.out" "$rc" && ok=1
  t1=$(now)
  finish_root test-first "$ok"
  report test-first "$ok" $((t1 - t0)) "make test exited $rc: $(tests_line "$log.out")"
}

# What a plugin manager's `build = "make"` meets: a compiler, make, Neovim,
# and no Lua headers, no pkg-config, no npm.
run_plugin_manager() {
  log=$logs/plugin-manager
  t0=$(now)
  new_root plugin-manager || { report plugin-manager 0 0 "no root"; return; }
  ok=1
  in_root 900 "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev make neovim" \
    >"$log-apt.out" 2>&1 || { ok=0; tail -n 10 "$log-apt.out"; }
  if [ "$ok" = 1 ] && in_root 60 "dpkg -s libluajit-5.1-dev liblua5.1-0-dev pkg-config npm" >/dev/null 2>&1; then
    echo "fresh plugin-manager: Lua headers, pkg-config or npm are installed: not the machine this run is about"
    ok=0
  fi
  if [ "$ok" = 1 ]; then
    in_root 900 "make" >"$log-make.out" 2>&1 || { ok=0; tail -n 20 "$log-make.out"; }
  fi
  if [ "$ok" = 1 ]; then
    # the core, the bundled model, a sentence's entities, health and :help
    cat >"$root/tmp/check.lua" <<'EOF'
local out = {}
local function say(s) out[#out + 1] = s end
local core = require("newsmark.core")
local model, err = core.model()
if not model then
  say("core: " .. tostring(err))
else
  local text = "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal would hold."
  local got = {}
  for _, e in ipairs(model:analyze(text, { entities = true, quotes = true }).entities) do
    got[#got + 1] = e.label .. ":" .. text:sub(e.start + 1, e.finish)
  end
  say("entities: " .. table.concat(got, ", "))
end
require("newsmark").setup({})
vim.cmd("checkhealth newsmark")
local health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
say("health errors: " .. select(2, health:gsub("ERROR", "")))
say("health core: " .. (health:find("OK:? core version") and "ok" or "missing"))
say("health known-answer: " .. (health:find("OK:? known%-answer analysis") and "ok" or "missing"))
vim.cmd("bwipeout!")
local ok, e = pcall(vim.cmd, "help newsmark")
say("help: " .. (ok and vim.fn.expand("%:t") or tostring(e)))
local f = assert(io.open("/tmp/check.out", "w"))
f:write(table.concat(out, "\n") .. "\n" .. health .. "\n")
f:close()
EOF
    in_root 300 "nvim --headless -u NONE -i NONE -n --cmd 'set rtp^=/root/newsmark' -c 'runtime plugin/newsmark.lua' -c 'luafile /tmp/check.lua' -c 'qall!' </dev/null" \
      >"$log-nvim.err" 2>&1
    cat "$root/tmp/check.out" >"$log-nvim.out" 2>/dev/null || cat "$log-nvim.err" >"$log-nvim.out"
    head -n 5 "$log-nvim.out"
    grep -q '^entities: .*PERSON:Ana Ruiz.*GPE:Lisbon.*DATE:Tuesday' "$log-nvim.out" || ok=0
    grep -q '^health errors: 0$' "$log-nvim.out" || ok=0
    grep -q '^health core: ok$' "$log-nvim.out" || ok=0
    grep -q '^health known-answer: ok$' "$log-nvim.out" || ok=0
    grep -q '^help: newsmark.txt$' "$log-nvim.out" || ok=0
    [ "$ok" = 1 ] || tail -n 30 "$log-nvim.out"
  fi
  t1=$(now)
  finish_root plugin-manager "$ok"
  report plugin-manager "$ok" $((t1 - t0)) "apt-get gcc libc6-dev make neovim, make, headless nvim"
}

t_start=$(now)
rev=$(git rev-parse HEAD) # every run gets the same commit, however long they take
if ! prepare_base; then
  echo "test-fresh: 0 passed, 1 failed"
  exit 1
fi
echo "test-fresh: pristine root $base (built $(cat "$base/.newsmark-fresh")), project from $([ -n "${FRESH_WORKTREE:-}" ] && echo "the work tree" || git rev-parse --short "$rev")"
for r in $runs; do
  case $r in
    demo-then-test) run_demo_then_test ;;
    test-first) run_test_first ;;
    plugin-manager) run_plugin_manager ;;
    *) echo "test-fresh: unknown run '$r'"; failed=$((failed + 1)) ;;
  esac
done
echo "test-fresh: all runs took $(( $(now) - t_start )) s"
echo "test-fresh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
