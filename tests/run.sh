#!/bin/sh
# Run every test layer and sum the results into one closing line:
#   tests: N passed, N failed
# Layers: C tests under ASan/UBSan (and the worker-thread analysis under
# ThreadSanitizer where clang can build it); busted specs of newsmark.core and the
# command line under LuaJIT (module built with ASan/UBSan); the same core specs
# under lua5.1 with the plain build; Neovim specs in headless Neovim; valgrind on
# bin/newsmark annotate; and, when asked (CI), the Neovim version matrix
# (NEWSMARK_MATRIX=1), repeatable fuzz runs (NEWSMARK_FUZZ=inputs per target)
# and README's commands on pristine Debian 12 roots (NEWSMARK_FRESH=1).
cd "$(dirname "$0")/.." || exit 2
passed=0
failed=0
log=build/test-logs
mkdir -p "$log"

add() { passed=$((passed + $1)); failed=$((failed + $2)); }

# "name: N passed, N failed" from a log -> add; none: one failure
add_summary() { # log name
  line=$(grep -aE "^$2: [0-9]+ passed, [0-9]+ failed\$" "$1" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    add "$p" "$f"
  else
    echo "$2: printed no summary (see $1)"
    tail -n 30 "$1"
    add 0 1
  fi
}

# 0. src/lua51.h (what `make` builds against) agrees with the real LuaJIT
# and lua5.1 headers, and lua_newsmark.c compiles against them
sh tools/check-lua-api.sh >"$log/lua-api.out" 2>&1
cat "$log/lua-api.out"
add_summary "$log/lua-api.out" lua-api

# 1. C tests
for t in build/asan/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  "$t" >"$log/$name.out" 2>&1
  rc=$?
  cat "$log/$name.out"
  line=$(grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' "$log/$name.out" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    add "$p" "$f"
  else
    echo "$name: crashed or printed no summary (exit $rc)"
    add 0 1
  fi
done

# 1b. the worker-thread analysis (src/job.c, model:analyze_async) under
# ThreadSanitizer, where this machine's compiler builds and runs a
# -fsanitize=thread program (then a failed build is a failure, not a skip)
tsan_cc=${TSAN_CC:-clang}
printf 'int main(void) { return 0; }\n' >"$log/tsan-probe.c"
if command -v "$tsan_cc" >/dev/null 2>&1 &&
  "$tsan_cc" -fsanitize=thread -o "$log/tsan-probe" "$log/tsan-probe.c" >/dev/null 2>&1 &&
  "$log/tsan-probe" >/dev/null 2>&1; then
  TSAN_CC="$tsan_cc" sh tools/test-tsan.sh >"$log/tsan.out" 2>&1
  cat "$log/tsan.out"
  add_summary "$log/tsan.out" tsan
else
  echo "tsan: $tsan_cc cannot build -fsanitize=thread programs here; layer not run"
fi

# busted summary "N successes / N failures / N errors / N pending"
busted_counts() {
  line=$(grep -aE '[0-9]+ successes? / [0-9]+ failures? / [0-9]+ errors?' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    echo "$2: no busted summary (see $1)"
    tail -n 20 "$1"
    add 0 1
    return
  fi
  s=$(echo "$line" | sed -E 's/^[^0-9]*([0-9]+) success.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failures?.*/\1/')
  e=$(echo "$line" | sed -E 's/.* ([0-9]+) errors?.*/\1/')
  echo "$2: $s passed, $((f + e)) failed"
  add "$s" "$((f + e))"
}

# 2. core and command-line specs under LuaJIT, module built with sanitizers
asan_lib=$(cc -print-file-name=libasan.so)
ubsan_lib=$(cc -print-file-name=libubsan.so)
NEWSMARK_CPATH="$PWD/build/asan-lua/?.so" NEWSMARK_DATA="$PWD/data" \
LD_PRELOAD="$asan_lib $ubsan_lib" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  busted --lua=luajit -o utfTerminal tests/core >"$log/core-asan.out" 2>&1
cat "$log/core-asan.out" | tail -n 30
busted_counts "$log/core-asan.out" "core specs (LuaJIT, ASan/UBSan)"

# 3. the same specs with the plain module under lua5.1
busted --lua=lua5.1 -o utfTerminal tests/core >"$log/core-lua51.out" 2>&1
tail -n 5 "$log/core-lua51.out"
busted_counts "$log/core-lua51.out" "core specs (lua5.1)"

# 4. Neovim specs
if [ -x tests/nvim/run.sh ]; then
  tests/nvim/run.sh >"$log/nvim.out" 2>&1
  tail -n 30 "$log/nvim.out"
  busted_counts "$log/nvim.out" "neovim specs"
else
  echo "neovim specs: tests/nvim/run.sh missing"
  add 0 1
fi

# 5. valgrind over the command line on every example article
for f in examples/*.md; do
  if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
      luajit bin/newsmark annotate "$f" >"$log/valgrind.out" 2>&1; then
    add 1 0
  else
    echo "valgrind: errors on bin/newsmark annotate $f"
    tail -n 20 "$log/valgrind.out"
    add 0 1
  fi
done
echo "valgrind: bin/newsmark annotate on examples/*.md done"

# 6. optional: the Neovim version matrix (NEWSMARK_MATRIX=1, root; CI sets it)
if [ -n "${NEWSMARK_MATRIX:-}" ]; then
  sh tools/test-matrix.sh >"$log/matrix.out" 2>&1
  grep -aE '^(matrix|test-matrix)' "$log/matrix.out"
  add_summary "$log/matrix.out" matrix
fi

# 7. optional: every fuzz target replays its regressions, then runs
# NEWSMARK_FUZZ inputs from a fixed seed, so the run is the same every time
# (CI sets it; open-ended fuzzing is `make fuzz`)
if [ -n "${NEWSMARK_FUZZ:-}" ] && [ -f tools/fuzz.sh ]; then
  rm -rf build/fuzz/corpus
  if FUZZ_RUNS="$NEWSMARK_FUZZ" FUZZ_FLAGS="-seed=1" sh tools/fuzz.sh 1 >"$log/fuzz.out" 2>&1; then
    cat "$log/fuzz.out"
    echo "fuzz: every target ran $NEWSMARK_FUZZ inputs (seed 1) without a crash"
    add 1 0
  else
    tail -n 30 "$log/fuzz.out"
    echo "fuzz: a target crashed (see $log/fuzz.out)"
    add 0 1
  fi
fi

# 8. optional: the newcomer (NEWSMARK_FRESH=1, root; CI sets it): README's
# commands on pristine Debian 12 roots, each run counted once
if [ -n "${NEWSMARK_FRESH:-}" ]; then
  sh tools/test-fresh.sh >"$log/fresh.out" 2>&1
  grep -aE '^(fresh|test-fresh)' "$log/fresh.out"
  add_summary "$log/fresh.out" test-fresh
fi

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
