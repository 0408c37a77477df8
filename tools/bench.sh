#!/bin/sh
# `make bench`: newsmark's own figures, then newsmark against compromise and
# wink-nlp (installed from npm into bench/node_modules) on the same text: the
# example articles of this repository repeated to about SIZE bytes.
set -eu
cd "$(dirname "$0")/.."
size=${BENCH_SIZE:-1048576}
runs=${BENCH_RUNS:-5}
mkdir -p build
text=build/bench-text.md
: >"$text"
while [ "$(wc -c <"$text")" -lt "$size" ]; do
  for f in examples/*.md; do cat "$f"; printf '\n\n'; done >>"$text"
done
words=$(wc -w <"$text")
echo "== newsmark bench ($text, $(wc -c <"$text") bytes, $words words)"
bin/newsmark bench --runs "$runs" --size 0 "$text"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "bench: node/npm missing, peers skipped (apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -d bench/node_modules/compromise ] || [ ! -d bench/node_modules/wink-nlp ]; then
  (cd bench && npm install --no-audit --no-fund --loglevel=error)
fi
echo
echo "== peers on the same text (paragraph by paragraph; best of 3 runs)"
nm=$(bin/newsmark bench --runs "$runs" --size 0 --machine "$text")
cp=$(node bench/peers.js compromise "$text" 3)
wk=$(node bench/peers.js wink-nlp "$text" 3)
printf '%s\n%s\n%s\n' "$nm" "$cp" "$wk" | awk '
  { name[NR]=$1; wps[NR]=$2; mem[NR]=$3; ent[NR]=$4; q[NR]=$5 }
  END {
    printf "%-12s %14s %10s %10s %8s %14s\n", "library", "words/s", "peak MB", "entities", "quotes", "newsmark is"
    for (i = 1; i <= NR; i++)
      printf "%-12s %14.0f %10.1f %10d %8d %13.1fx\n", name[i], wps[i], mem[i], ent[i], q[i], wps[1] / wps[i]
  }'
