#!/bin/sh
# build-parser.sh - build the tree-sitter markdown and markdown_inline parsers
# for Neovim into <project>/parser/parser/{markdown,markdown_inline}.so.
#
# Sources: the npm package @tree-sitter-grammars/tree-sitter-markdown@0.3.2
# (MIT), whose parser.c files are pre-generated (ABI 14), so no tree-sitter
# CLI is needed. Adding <project>/parser to 'runtimepath' lets Neovim find
# the parsers; newsmark also loads them by path when Neovim has none.
#
# Only for Neovim 0.7-0.9: Neovim 0.10 and later ship markdown parsers, and
# newsmark uses theirs, so nothing is built when the `nvim` on PATH (or
# $NVIM_BIN) already loads one. Idempotent: does nothing when both parsers are
# already built. --force builds them in any case.
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

# Does this Neovim load markdown and markdown_inline parsers of its own?
# (0.7: require_language raises; 0.10: language.add raises; 0.11+: returns
# nil, so language.inspect decides.)
nvim_ships_markdown() {
  nvim=${NVIM_BIN:-nvim}
  command -v "$nvim" >/dev/null 2>&1 || return 1
  out=$("$nvim" --headless -u NONE -i NONE -n -c 'lua
    local ts = vim.treesitter
    local ok = true
    for _, lang in ipairs({ "markdown", "markdown_inline" }) do
      ok = ok and pcall(function()
        if ts.language and ts.language.add then
          ts.language.add(lang)
          return ts.language.inspect(lang)
        end
        ts.require_language(lang)
        return ts.inspect_language(lang)
      end)
    end
    io.stdout:write(ok and "ships-markdown" or "no-markdown")' -c 'qall!' </dev/null 2>/dev/null)
  case $out in *ships-markdown*) return 0 ;; esac
  return 1
}
if [ "${1:-}" != "--force" ] && nvim_ships_markdown; then
  echo "build-parser: $(${NVIM_BIN:-nvim} --version | head -n 1) ships markdown parsers; newsmark uses them (nothing to build)"
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
