#!/bin/sh
# tools/fuzz.sh [SECONDS] [TARGET ...] - build the libFuzzer targets of
# tests/fuzz/ into build/fuzz/, replay the kept regression inputs
# (tests/fuzz/regressions/TARGET/*), then fuzz each target for SECONDS
# (default 60) starting from its seed corpus (tests/fuzz/seeds/TARGET/) and
# the corpus grown by earlier runs (build/fuzz/corpus/TARGET/).
#
# TARGET: analyze, lexicon, tokenize, model, linker (default: all of them).
# Exits non-zero when a target does not build, a regression input fails, or
# fuzzing finds a crash, a leak, a sanitizer report, an invariant failure or
# a timeout; the input is left in build/fuzz/crashes/TARGET-*.
#
#   make fuzz          sh tools/fuzz.sh 60
#   CI                 sh tools/fuzz.sh 5
# Environment: CLANG (default clang), FUZZ_FLAGS (extra libFuzzer flags),
# FUZZ_CFLAGS (extra compiler flags, e.g. -DNM_FUZZ_LAX_LINK).
cd "$(dirname "$0")/.." || exit 2

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-analyze lexicon tokenize model linker}
CLANG=${CLANG:-clang}
out=build/fuzz
mkdir -p "$out/crashes"

command -v "$CLANG" >/dev/null 2>&1 || { echo "fuzz: $CLANG not found (apt-get install clang)" >&2; exit 2; }

core_src=$(ls src/*.c | grep -v 'src/lua_newsmark.c')
defs=
# The statistical tagger's loader is fuzzed once it exists.
[ -f src/tagger.c ] && defs="-DNM_FUZZ_TAGGER"
cflags="-std=c99 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc -Itests/fuzz $defs $FUZZ_CFLAGS"

# Per target: the longest input worth trying, and a per-input timeout (s).
max_len() {
    case $1 in
        analyze) echo 16384 ;;
        tokenize) echo 8192 ;;
        lexicon) echo 4096 ;;
        model) echo 4096 ;;
        linker) echo 4096 ;;
        *) echo 4096 ;;
    esac
}

status=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:allocator_may_return_null=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1"
for t in $targets; do
    src=tests/fuzz/fuzz_$t.c
    bin=$out/fuzz_$t
    if [ ! -f "$src" ]; then
        echo "fuzz: no target $t ($src)" >&2
        status=1
        continue
    fi
    # shellcheck disable=SC2086
    if ! $CLANG $cflags -pthread -o "$bin" "$src" $core_src -lm 2>"$out/build-$t.log"; then
        echo "fuzz $t: build failed (see $out/build-$t.log)" >&2
        tail -n 20 "$out/build-$t.log" >&2
        status=1
        continue
    fi

    # The target must start (it loads the committed model once).
    if ! "$bin" -runs=0 >"$out/start-$t.log" 2>&1; then
        echo "fuzz $t: the target cannot start: $(grep -v '^INFO' "$out/start-$t.log" | head -n 1)" >&2
        status=1
        continue
    fi

    # Regression inputs: each must now pass (one run per input, so one
    # failure does not hide the next).
    if [ -d tests/fuzz/regressions/$t ]; then
        nreg=0
        nbad=0
        for r in tests/fuzz/regressions/$t/*; do
            [ -f "$r" ] || continue
            nreg=$((nreg + 1))
            log=$out/regression-$t-$(basename "$r").log
            if ! "$bin" -runs=1 "$r" >"$log" 2>&1; then
                nbad=$((nbad + 1))
                echo "fuzz $t: regression $r fails again (see $log)" >&2
                grep -E 'ERROR|invariant failed|SUMMARY|#[0-3] ' "$log" | head -n 6 >&2
            fi
        done
        [ "$nbad" -eq 0 ] || status=1
        [ "$nreg" -gt 0 ] && echo "fuzz $t: $((nreg - nbad)) of $nreg regression inputs pass"
    fi

    [ "$secs" -gt 0 ] 2>/dev/null || continue
    mkdir -p "$out/corpus/$t"
    seeds=tests/fuzz/seeds/$t
    [ -d "$seeds" ] || seeds=
    # shellcheck disable=SC2086
    limit="-max_total_time=$secs"
    # FUZZ_RUNS=N: a fixed number of inputs instead (with -seed=N in FUZZ_FLAGS, a repeatable run)
    [ -n "${FUZZ_RUNS:-}" ] && limit="-runs=$FUZZ_RUNS"
    "$bin" "$out/corpus/$t" $seeds $limit -max_len="$(max_len "$t")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/crashes/$t-" $FUZZ_FLAGS >"$out/fuzz-$t.log" 2>&1
    rc=$?
    runs=$(grep -E '^stat::number_of_executed_units' "$out/fuzz-$t.log" | awk '{print $2}')
    cov=$(grep -E '#[0-9]+.*cov:' "$out/fuzz-$t.log" | tail -n 1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
    if [ "$rc" -eq 0 ]; then
        echo "fuzz $t: ${secs}s, ${runs:-?} inputs, coverage ${cov:-?}, no crash"
    else
        echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} inputs; see $out/fuzz-$t.log" >&2
        grep -E 'ERROR|invariant failed|SUMMARY|Test unit written' "$out/fuzz-$t.log" | head -n 8 >&2
        status=1
    fi
done
exit $status
