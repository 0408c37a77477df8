-- Small helpers for the specs' fixtures (no editor, no core): where a string
-- stands in a text, and the lines of a command's output.
--   local F = require("tests.fixture")
--   local s, f = F.span(TEXT, "Ruiz", 2)   -- the second "Ruiz": bytes [s, f)
local M = {}

-- The byte span (0-based start, end exclusive) of the nth (default: first)
-- occurrence of `s` in `text`, found literally. A missing string is an
-- error (a fixture that no longer holds its string must not pass quietly).
function M.span(text, s, nth)
  local from, a, b = 1, nil, nil
  for i = 1, nth or 1 do
    a, b = text:find(s, from, true)
    assert(a, ("fixture: occurrence %d of %q is not in the text"):format(i, s))
    from = b + 1
  end
  return a - 1, b
end

-- The byte span of `s` (as M.span) as an entity of the core's shape.
function M.entity(text, s, label, id, nth)
  local a, b = M.span(text, s, nth)
  return { start = a, finish = b, label = label, id = id }
end

-- The non-empty lines of `s`; with `all`, every line that a "\n" ends
-- (empty ones too; text after the last "\n" is not a line).
function M.lines(s, all)
  local out = {}
  for l in s:gmatch(all and "([^\n]*)\n" or "[^\n]+") do
    out[#out + 1] = l
  end
  return out
end

-- True when list `t` holds `x`.
function M.has(t, x)
  for _, v in ipairs(t) do
    if v == x then
      return true
    end
  end
  return false
end

return M
