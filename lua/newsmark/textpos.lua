-- newsmark.textpos: byte offsets <-> (row, col) of text made of lines joined
-- by a separator; one implementation for the buffer layer (paragraph
-- analyses), the annotation overlay and the whole-document views.
--
--   local P = require("newsmark.textpos")
--   P.bisect(arr, x [, field])      -- largest i with arr[i] (or arr[i][field]) <= x; 1 when none
--   local pos = P.text_pos(text)    -- pos(off) -> row, col (0-based, rows from text's first line)
--   local m = P.lines(lines, sep, row0, final)
--       -- m.text (lines joined by sep; with `final`, one more sep after the last line),
--       -- m.starts, m.off(row, col), m.pos(off) -> row, col;
--       -- rows are buffer rows (the first line is row0, default 0); cols are clamped to
--       -- their line, offsets before/after the lines to the text's ends
local M = {}

-- No JIT (as buffer.lua): this runs in the keystroke path between API calls.
if jit and jit.off then
  jit.off(true, true)
end

-- No JIT for the Lua functions of module table `mod` either (the modules
-- the editor's keystroke path calls into: newsmark.core, newsmark.export).
function M.jit_off(mod)
  if jit and jit.off and type(mod) == "table" then
    for _, fn in pairs(mod) do
      if type(fn) == "function" then
        pcall(jit.off, fn)
      end
    end
  end
end

function M.bisect(arr, x, field)
  local lo, hi = 1, #arr
  while lo < hi do
    local mid = math.floor((lo + hi + 1) / 2)
    local v = arr[mid]
    if field then
      v = v[field]
    end
    if v <= x then
      lo = mid
    else
      hi = mid - 1
    end
  end
  return lo
end
local bisect = M.bisect

function M.text_pos(text)
  local starts = { 0 }
  local i = 1
  while true do
    local nl = text:find("\n", i, true)
    if not nl then
      break
    end
    starts[#starts + 1] = nl
    i = nl + 1
  end
  if #starts == 1 then
    return function(off)
      return 0, off
    end
  end
  return function(off)
    local r = bisect(starts, off)
    return r - 1, off - starts[r]
  end
end

function M.lines(lines, sep, row0, final)
  sep, row0 = sep or "\n", row0 or 0
  local starts, n = {}, 0
  for i, l in ipairs(lines) do
    starts[i] = n
    n = n + #l + #sep
  end
  local k = #lines
  if final and k > 0 then -- (one string: no copy made to add the last one)
    lines[k + 1] = ""
  end
  local text = table.concat(lines, sep)
  lines[k + 1] = nil
  local m = { lines = lines, starts = starts, text = text }
  function m.off(row, col)
    if row < row0 then
      return 0
    end
    local s = starts[row - row0 + 1]
    if not s then
      return #m.text -- (past the last line: the text's end)
    end
    return s + math.min(col, #lines[row - row0 + 1])
  end
  function m.pos(off)
    if #starts == 0 then
      return row0, 0
    end
    local r = bisect(starts, off)
    return row0 + r - 1, math.min(off - starts[r], #lines[r])
  end
  return m
end

return M
