#!/bin/sh
# apt-mirror.sh - print the Debian mirror this machine's apt uses, read at run
# time from its sources (deb822 `URIs:` lines in /etc/apt/sources.list.d/*.sources,
# or `deb URI ...` lines in /etc/apt/sources.list*), so no mirror host is ever
# written into the repository. The first non-security source wins.
# Used by tools/test-matrix.sh and tools/test-fresh.sh (debootstrap).
# NEWSMARK_MIRROR overrides it. Exits 1 (with a message) when none is found.
set -eu
if [ -n "${NEWSMARK_MIRROR:-}" ]; then
  echo "$NEWSMARK_MIRROR"
  exit 0
fi
uris=$(
  {
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] && sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' "$f" | tr ' \t' '\n\n'
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] && sed -n 's/^[[:space:]]*deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\).*/\2/p' "$f"
    done
  } 2>/dev/null | grep -E '^(https?|file)://' || true
)
mirror=$(printf '%s\n' "$uris" | grep -v -e '-security' -e '/security' | head -n 1)
[ -n "$mirror" ] || mirror=$(printf '%s\n' "$uris" | head -n 1)
if [ -z "$mirror" ]; then
  echo "apt-mirror: no Debian source found in /etc/apt (set NEWSMARK_MIRROR)" >&2
  exit 1
fi
echo "$mirror"
