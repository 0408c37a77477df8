#!/bin/sh
# tools/scale.sh [SIZES_MB ...] - how time and memory of `bin/newsmark
# annotate --format jsonl` grow with the input: generates news-like text of
# 1, 10 and 100 MB (default) from the project's own examples/*.md (repeated,
# every number changed on each repetition so no two copies are identical),
# annotates each under /usr/bin/time -v and prints a table:
#   size, seconds, MB/s, max resident MB, output lines.
# Set SCALE_STDIN=1 to feed the text on stdin instead of as a FILE argument,
# SCALE_MODEL=DIR to annotate with the model in DIR (annotate --model DIR).
# Files go to build/scale/ (the generated text is kept for reruns).
cd "$(dirname "$0")/.." || exit 2

sizes=${*:-1 10 100}
out=build/scale
mkdir -p "$out"

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y time >/dev/null 2>&1
    fi
    [ -x /usr/bin/time ] || { echo "scale: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }
fi
lua=$(command -v luajit || command -v lua5.1) || { echo "scale: no luajit or lua5.1" >&2; exit 2; }
[ -f lua/newsmark/core.so ] || { echo "scale: run make first" >&2; exit 2; }

# gen MB FILE: news-like text of MB megabytes from examples/*.md
gen() {
    "$lua" - "$1" "$2" examples/*.md <<'LUA'
local mb, path = tonumber(arg[1]), arg[2]
local parts = {}
for i = 3, #arg do
  local f = assert(io.open(arg[i], "rb"))
  local s = f:read("*a"):gsub("^%-%-%-\n.-\n%-%-%-\n", "") -- drop front matter
  f:close()
  parts[#parts + 1] = s
end
local base = table.concat(parts, "\n\n")
local want = mb * 1024 * 1024
local out = assert(io.open(path, "wb"))
local n, rep = 0, 0
while n < want do
  rep = rep + 1
  -- vary every number: 2024 -> 2024 + rep, 52 -> 52 + rep ...
  local s = base:gsub("%d+", function(d) return tostring(tonumber(d) + rep) end)
  if n + #s > want then s = s:sub(1, want - n) end
  out:write(s, "\n\n")
  n = n + #s + 2
end
out:close()
LUA
}

model=
[ -n "$SCALE_MODEL" ] && model="--model $SCALE_MODEL"
printf '%8s %9s %8s %12s %12s\n' "size" "seconds" "MB/s" "max RSS MB" "out lines"
for mb in $sizes; do
    txt=$out/news-${mb}MB.md
    [ -f "$txt" ] || gen "$mb" "$txt" || exit 1
    bytes=$(wc -c <"$txt")
    if [ -n "$SCALE_STDIN" ]; then
        /usr/bin/time -v -o "$out/time-${mb}MB.txt" "$lua" bin/newsmark annotate --format jsonl $model \
            <"$txt" >"$out/out-${mb}MB.jsonl" 2>"$out/err-${mb}MB.txt"
    else
        /usr/bin/time -v -o "$out/time-${mb}MB.txt" "$lua" bin/newsmark annotate --format jsonl $model \
            "$txt" >"$out/out-${mb}MB.jsonl" 2>"$out/err-${mb}MB.txt"
    fi
    rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "scale: annotate failed on $txt (exit $rc):" >&2
        head -n 5 "$out/err-${mb}MB.txt" >&2
        exit 1
    fi
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:12.34"
    secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time-${mb}MB.txt" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time-${mb}MB.txt")
    lines=$(wc -l <"$out/out-${mb}MB.jsonl")
    awk -v b="$bytes" -v s="$secs" -v r="$rss" -v l="$lines" 'BEGIN {
        mb = b / 1048576
        printf "%6.0fMB %9.2f %8.2f %12.1f %12d\n", mb, s, (s > 0 ? mb / s : 0), r / 1024, l }'
    rm -f "$out/out-${mb}MB.jsonl"
done
