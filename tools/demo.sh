#!/bin/sh
# Open the example article in Neovim with newsmark live (used by `make demo`).
cd "$(dirname "$0")/.." || exit 1
exec nvim -u tools/demo-init.lua -i NONE examples/article.md
