# Sourced by tests/nvim/run.sh and tests/nvim-lsp/run.sh (after `cd` to the
# project root, with $who naming the caller): stop with a clear message,
# and a busted summary line counting one error, when nvim, busted or the
# built core is missing.
command -v nvim >/dev/null 2>&1 || { echo "$who: nvim not found (apt-get install -y neovim)" >&2; exit 1; }
command -v busted >/dev/null 2>&1 || { echo "$who: busted not found (apt-get install -y lua-busted)" >&2; exit 1; }
if [ ! -f lua/newsmark/core.so ]; then
  echo "$who: lua/newsmark/core.so is missing: run make first" >&2
  echo "0 successes / 0 failures / 1 errors / 0 pending : 0.0 seconds"
  exit 1
fi
