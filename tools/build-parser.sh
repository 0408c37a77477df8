#!/bin/sh
# build-parser.sh - build the tree-sitter markdown and markdown_inline parsers
# for Neovim into <project>/parser/parser/{markdown,markdown_inline}.so.
#
# Sources: the npm package @tree-sitter-grammars/tree-sitter-markdown@0.3.2
# (MIT), whose parser.c files are pre-generated (ABI 14), so no tree-sitter
# CLI is needed. Adding <project>/parser to 'runtimepath' lets Neovim find
# the parsers; newsmark also loads them by path when Neovim has none.
#
# Idempotent: does nothing when both parsers are already built.
# Usage: sh tools/build-parser.sh [--force]
set -eu

VERSION=0.3.2
PKG="@tree-sitter-grammars/tree-sitter-markdown@$VERSION"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/parser/parser"
CC=${CC:-cc}

if [ "${1:-}" != "--force" ] && [ -s "$OUT/markdown.so" ] && [ -s "$OUT/markdown_inline.so" ]; then
  echo "build-parser: parsers already built in $OUT"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "build-parser: npm not found; install it (Debian: apt-get install -y npm) and run again" >&2
  exit 1
fi
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build-parser: C compiler '$CC' not found; install one (Debian: apt-get install -y gcc)" >&2
  exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsmark-parser.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "build-parser: fetching $PKG"
(cd "$TMP" && npm pack --silent "$PKG" >/dev/null) || {
  echo "build-parser: 'npm pack $PKG' failed (is the npm registry reachable?)" >&2
  exit 1
}
TGZ=$(ls "$TMP"/*.tgz 2>/dev/null | head -n 1)
[ -n "$TGZ" ] || { echo "build-parser: npm pack produced no archive" >&2; exit 1; }
tar -xzf "$TGZ" -C "$TMP"

mkdir -p "$OUT"
build() { # lang srcdir
  src="$TMP/package/$2/src"
  [ -f "$src/parser.c" ] || { echo "build-parser: $src/parser.c missing in $PKG" >&2; exit 1; }
  scanner=""
  [ -f "$src/scanner.c" ] && scanner="$src/scanner.c"
  "$CC" -O2 -std=c11 -shared -fPIC -I "$src" "$src/parser.c" $scanner -o "$OUT/$1.so.tmp"
  mv "$OUT/$1.so.tmp" "$OUT/$1.so"
  echo "build-parser: built $OUT/$1.so"
}
build markdown tree-sitter-markdown
build markdown_inline tree-sitter-markdown-inline
