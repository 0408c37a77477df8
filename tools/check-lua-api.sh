#!/bin/sh
# check-lua-api.sh - keep src/lua51.h (the project's own Lua 5.1 API header,
# what `make` builds against) in agreement with the real headers.
# For each of LuaJIT's and lua5.1's headers that this machine has:
#   1. src/lua_newsmark.c compiles against them (-DNEWSMARK_SYSTEM_LUA), with
#      -Werror=implicit-function-declaration (catches Lua 5.2+ API use);
#   2. src/lua51.h, read after them, repeats every declaration: a prototype,
#      constant or macro that disagrees, or a luaL_Buffer/luaL_Reg of another
#      layout, is a compile error;
#   3. the comparison itself fails on a copy of lua51.h with one prototype,
#      one constant and the buffer size changed (so step 2 cannot pass vacuously).
# Prints one line per check and "lua-api: N passed, N failed"; both header
# sets are required (tools/deps.sh test installs them).
cd "$(dirname "$0")/.." || exit 2
CC=${CC:-cc}
WARN="-Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith -Wno-unused-parameter"
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsmark-luaapi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

pass() { echo "lua-api: ok: $1"; passed=$((passed + 1)); }
fail() { echo "lua-api: FAILED: $1"; [ -s "$tmp/err" ] && head -n 15 "$tmp/err"; failed=$((failed + 1)); }

cflags_of() { # pkg -> include flags, or nothing when its headers are absent
  f=$(pkg-config --cflags "$1" 2>/dev/null) || f=""
  if [ -z "$f" ]; then
    case $1 in
      luajit) d=/usr/include/luajit-2.1 ;;
      lua5.1) d=/usr/include/lua5.1 ;;
    esac
    [ -f "$d/lua.h" ] && f="-I$d"
  fi
  echo "$f"
}

printf '#include <lua.h>\n#include <lauxlib.h>\n#define NEWSMARK_LUA51_CHECK\n#include "lua51.h"\n' >"$tmp/check.c"
# three deliberate disagreements, each in its own copy of the header
mkdir -p "$tmp/proto" "$tmp/const" "$tmp/buf"
sed 's/^extern void (lua_settop)/extern int (lua_settop)/' src/lua51.h >"$tmp/proto/lua51.h"
sed 's/^#define LUA_TSTRING\t\t4$/#define LUA_TSTRING\t\t5/' src/lua51.h >"$tmp/const/lua51.h"
sed 's/^  char buffer\[NM_LUAL_BUFFERSIZE\];/  char buffer[NM_LUAL_BUFFERSIZE + 8];/' src/lua51.h >"$tmp/buf/lua51.h"
for d in proto const buf; do
  cmp -s src/lua51.h "$tmp/$d/lua51.h" && echo "lua-api: the '$d' mutation no longer applies to src/lua51.h" >"$tmp/$d/stale"
done

for pkg in luajit lua5.1; do
  inc=$(cflags_of "$pkg")
  if [ -z "$inc" ]; then
    : >"$tmp/err"
    fail "$pkg headers not found (Debian: apt-get install libluajit-5.1-dev liblua5.1-0-dev)"
    continue
  fi
  if $CC -std=c99 -D_POSIX_C_SOURCE=200809L $WARN -Werror=implicit-function-declaration \
      -DNEWSMARK_SYSTEM_LUA $inc -Isrc -fsyntax-only src/lua_newsmark.c 2>"$tmp/err"; then
    pass "src/lua_newsmark.c compiles against the $pkg headers"
  else
    fail "src/lua_newsmark.c against the $pkg headers"
  fi
  if $CC -std=c11 -Wall -Werror $inc -Isrc -fsyntax-only "$tmp/check.c" 2>"$tmp/err"; then
    pass "src/lua51.h agrees with the $pkg headers"
  else
    fail "src/lua51.h disagrees with the $pkg headers"
  fi
  for d in proto const buf; do
    if [ -f "$tmp/$d/stale" ]; then
      cp "$tmp/$d/stale" "$tmp/err"
      fail "the $d mutation of src/lua51.h ($pkg)"
    elif $CC -std=c11 -Wall -Werror $inc -I"$tmp/$d" -fsyntax-only "$tmp/check.c" 2>/dev/null; then
      : >"$tmp/err"
      fail "a lua51.h with a changed $d still passes against the $pkg headers"
    else
      pass "a lua51.h with a changed $d is caught ($pkg)"
    fi
  done
done
echo "lua-api: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
