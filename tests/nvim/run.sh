#!/bin/sh
# Run the headless-Neovim specs (tests/nvim/*_spec.lua) with busted inside
# Neovim; prints busted's output ending with its summary line
#   N successes / N failures / N errors / N pending : T seconds
# and exits non-zero when anything fails. Extra arguments go to busted
# (e.g. --filter=jump). The specs run against the real core.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1
command -v nvim >/dev/null 2>&1 || { echo "tests/nvim: nvim not found (apt-get install -y neovim)" >&2; exit 1; }
command -v busted >/dev/null 2>&1 || { echo "tests/nvim: busted not found (apt-get install -y lua-busted)" >&2; exit 1; }
if [ ! -f lua/newsmark/core.so ]; then
  echo "tests/nvim: lua/newsmark/core.so is missing: run make first" >&2
  echo "0 successes / 0 failures / 1 errors / 0 pending : 0.0 seconds"
  exit 1
fi
[ -f parser/parser/markdown.so ] || sh tools/build-parser.sh >&2 || echo "tests/nvim: no tree-sitter parser; the fallback is tested only" >&2
busted --lua="$HERE/nvim-lua" -o utfTerminal --pattern=_spec "$@" tests/nvim
