#!/bin/sh
# Run the real-client specs (tests/nvim-lsp/*_spec.lua: bin/newsmark lsp
# under Neovim's own LSP client) with busted inside headless Neovim, as
# tests/nvim/run.sh does, each file in a Neovim of its own (a fresh editor,
# as a person starts one); the last line sums them up as busted does:
#   N successes / N failures / N errors / N pending : T seconds
# They need Neovim 0.9+: tools/test-matrix.sh runs them on 0.10.4 and
# 0.12.4; on an older Neovim they fail (never skipped).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1
who=tests/nvim-lsp
. "$ROOT/tests/nvim/need.sh"
s=0 f=0 e=0
out=$(mktemp)
for spec in tests/nvim-lsp/*_spec.lua; do
  busted --lua="$ROOT/tests/nvim/nvim-lua" -o utfTerminal "$@" "$spec" >"$out" 2>&1
  cat "$out"
  echo
  line=$(grep -aE '[0-9]+ success(es)? / [0-9]+ failures? / [0-9]+ errors?' "$out" | tail -n 1)
  if [ -z "$line" ]; then
    echo "tests/nvim-lsp: $spec printed no summary"
    e=$((e + 1))
    continue
  fi
  s=$((s + $(echo "$line" | sed -E 's/^[^0-9]*([0-9]+) success.*/\1/')))
  f=$((f + $(echo "$line" | sed -E 's/.* ([0-9]+) failures?.*/\1/')))
  e=$((e + $(echo "$line" | sed -E 's/.* ([0-9]+) errors?.*/\1/')))
done
rm -f "$out"
echo "$s successes / $f failures / $e errors / 0 pending : 0.0 seconds"
[ "$f" -eq 0 ] && [ "$e" -eq 0 ]
