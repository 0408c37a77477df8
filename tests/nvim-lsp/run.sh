#!/bin/sh
# Run the real-client specs (tests/nvim-lsp/*_spec.lua: bin/newsmark lsp
# under Neovim's own LSP client) with busted inside headless Neovim, as
# tests/nvim/run.sh does. They need Neovim 0.9+: tools/test-matrix.sh runs
# them on 0.10.4 and 0.12.4; on an older Neovim they fail (never skipped).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1
command -v nvim >/dev/null 2>&1 || { echo "tests/nvim-lsp: nvim not found" >&2; exit 1; }
command -v busted >/dev/null 2>&1 || { echo "tests/nvim-lsp: busted not found" >&2; exit 1; }
if [ ! -f lua/newsmark/core.so ]; then
  echo "tests/nvim-lsp: lua/newsmark/core.so is missing: run make first" >&2
  echo "0 successes / 0 failures / 1 errors / 0 pending : 0.0 seconds"
  exit 1
fi
busted --lua="$ROOT/tests/nvim/nvim-lua" -o utfTerminal --pattern=_spec "$@" tests/nvim-lsp
