#!/bin/sh
# test-tsan.sh - the worker-thread analysis (src/job.c, model:analyze_async)
# under ThreadSanitizer (`make test-tsan`, a layer of tests/run.sh):
#   1. tests/c/test_job.c (several jobs on one model, freeing running jobs);
#   2. tests/core/*async*_spec.lua under busted in a lua5.1 built with TSan
#      (tools/tsan-lua-host.c; the module built with TSan too).
# A data race is a failure (TSan's exit code). Prints one line per part and
# "tsan: N passed, N failed". Needs a compiler with -fsanitize=thread
# (TSAN_CC, default clang) and the lua5.1 headers and library.
cd "$(dirname "$0")/.." || exit 2
CC=${TSAN_CC:-clang}
B=build/tsan
mkdir -p "$B" "$B-lua/newsmark"
passed=0
failed=0
core_src=$(ls src/*.c | grep -v 'src/lua_newsmark.c')
TSAN="-fsanitize=thread -g -O1 -pthread"
export TSAN_OPTIONS="halt_on_error=1:exitcode=66${TSAN_OPTIONS:+:$TSAN_OPTIONS}"

# 1. the C test
if make --no-print-directory -s TSAN_CC="$CC" "$B/test_job" >"$B/test_job.log" 2>&1; then
  "$B/test_job" >"$B/test_job.out" 2>&1
  rc=$?
  line=$(grep -E '^job: [0-9]+ passed, [0-9]+ failed$' "$B/test_job.out" | tail -n 1)
  if [ "$rc" -eq 0 ] && [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    echo "tsan: tests/c/test_job.c: $p passed"
    passed=$((passed + p))
  else
    echo "tsan: tests/c/test_job.c: FAILED (exit $rc; a race or a failed check)"
    tail -n 30 "$B/test_job.out"
    failed=$((failed + 1))
  fi
else
  echo "tsan: tests/c/test_job.c: the build failed"
  tail -n 20 "$B/test_job.log"
  failed=$((failed + 1))
fi

# 2. the analyze_async specs in a TSan lua5.1
inc=$(pkg-config --cflags lua5.1 2>/dev/null) || inc=""
lib=$(pkg-config --libs lua5.1 2>/dev/null) || lib=""
[ -z "$inc" ] && [ -f /usr/include/lua5.1/lua.h ] && inc=-I/usr/include/lua5.1
[ -z "$lib" ] && lib=-llua5.1
# shellcheck disable=SC2086
if $CC -std=c99 -D_POSIX_C_SOURCE=200809L $TSAN -fPIC -shared -Isrc -o "$B-lua/newsmark/core.so" \
      $core_src src/lua_newsmark.c -lm 2>"$B/core.log" &&
   $CC $TSAN $inc -o "$B/lua-host" tools/tsan-lua-host.c $lib -lm -ldl -Wl,-E 2>"$B/host.log"; then
  NEWSMARK_CPATH="$PWD/$B-lua/?.so" "$B/lua-host" -o utfTerminal tests/core/*async*_spec.lua \
    >"$B/specs.out" 2>&1
  rc=$?
  line=$(grep -aE '[0-9]+ successes? / [0-9]+ failures? / [0-9]+ errors?' "$B/specs.out" | tail -n 1)
  s=$(echo "$line" | sed -E 's/^[^0-9]*([0-9]+) success.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failures?.*/\1/')
  e=$(echo "$line" | sed -E 's/.* ([0-9]+) errors?.*/\1/')
  if [ -n "$line" ] && [ "$rc" -eq 0 ] && [ "$((f + e))" -eq 0 ]; then
    echo "tsan: tests/core/*async*_spec.lua (lua5.1 with TSan): $s passed"
    passed=$((passed + s))
  else
    echo "tsan: tests/core/*async*_spec.lua: FAILED (exit $rc; a race, a crash or a failed spec)"
    tail -n 40 "$B/specs.out"
    failed=$((failed + ${f:-0} + ${e:-0}))
    [ "$rc" -ne 0 ] || [ -z "$line" ] && failed=$((failed + 1))
    passed=$((passed + ${s:-0}))
  fi
else
  echo "tsan: the TSan module or lua5.1 host did not build (lua5.1 headers: apt-get install liblua5.1-0-dev)"
  cat "$B/core.log" "$B/host.log" | tail -n 20
  failed=$((failed + 1))
fi
echo "tsan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
