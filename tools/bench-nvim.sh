#!/bin/sh
# The editor benchmark: a generated 20,000-word article in headless Neovim
# (-u NONE, the project on the runtimepath); prints the initial analysis and
# drawing time and the work per edit over 200 simulated edits (median,
# worst): the keystroke path and, apart, the checks deferred until the buffer
# is quiet. See tools/bench-nvim.lua. Needs `make` (lua/newsmark/core.so).
# NEWSMARK_BENCH_WORDS / NEWSMARK_BENCH_EDITS change the sizes;
# NEWSMARK_BENCH_STRICT=1 exits 1 when over budget.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
command -v nvim >/dev/null 2>&1 || { echo "bench-nvim: nvim not found (apt-get install -y neovim)" >&2; exit 1; }
[ -f lua/newsmark/core.so ] || { echo "bench-nvim: lua/newsmark/core.so is missing: run make first" >&2; exit 1; }
[ -f parser/parser/markdown.so ] || sh tools/build-parser.sh >&2 || echo "bench-nvim: no tree-sitter parser; the plain-text scanner is measured" >&2
NEWSMARK_ROOT=$ROOT
export NEWSMARK_ROOT
exec nvim --headless -u NONE -i NONE -n \
  --cmd "set rtp^=$ROOT rtp+=$ROOT/parser" \
  -c "luafile $ROOT/tools/bench-nvim.lua" </dev/null
