#!/bin/sh
# Run the headless-Neovim specs (tests/nvim/*_spec.lua) with busted inside
# Neovim; prints busted's output ending with its summary line
#   N successes / N failures / N errors / N pending : T seconds
# and exits non-zero when anything fails. Extra arguments go to busted
# (e.g. --filter=jump). The specs run against the real core.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1
who=tests/nvim
. "$ROOT/tests/nvim/need.sh"
[ -f parser/parser/markdown.so ] || sh tools/build-parser.sh >&2 || echo "tests/nvim: no tree-sitter parser; the fallback is tested only" >&2
busted --lua="$HERE/nvim-lua" -o utfTerminal --pattern=_spec "$@" tests/nvim
