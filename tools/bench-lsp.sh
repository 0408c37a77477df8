#!/bin/sh
# bench-lsp.sh - the language server's cost per edit, semantic tokens and
# memory on a 20,000-word article (see tools/bench-lsp.lua). From anywhere:
#   sh tools/bench-lsp.sh [WORDS [EDITS [PAUSE_MS]]]
cd "$(dirname "$0")/.." || exit 2
[ -f lua/newsmark/core.so ] || make >/dev/null || exit 1
exec luajit tools/bench-lsp.lua "${1:-20000}" "${2:-200}" "${3:-40}" .
