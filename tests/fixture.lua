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

-- The non-empty lines of `s`.
function M.lines(s)
  local out = {}
  for l in s:gmatch("[^\n]+") do
    out[#out + 1] = l
  end
  return out
end

-- Every line of `s` that a "\n" ends (empty ones too; text after the last
-- "\n" is not a line).
function M.rows(s)
  local out = {}
  for l in s:gmatch("([^\n]*)\n") do
    out[#out + 1] = l
  end
  return out
end

return M
