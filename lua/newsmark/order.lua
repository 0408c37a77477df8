-- Comparators for table.sort, from a list of keys.
--
--   local order = require("newsmark.order")
--   table.sort(diags, order.by("start", "code", "message"))
--   table.sort(pairs_, order.by(order.desc(1), 2, 3))
--   table.sort(anns, order.by("start", "finish", function(a) return num(a.tid) end))
--
-- A key is a field name or an index (the item's value there is compared
-- with <), a function of the item that gives the value to compare, or
-- order.desc(key) for the reverse order. Items equal on a key are compared on
-- the next; items equal on every key are equal, and table.sort is not stable,
-- so end with a key that tells items apart when their order matters.
-- No `vim.` here: the command line and the server use it too.
local M = {}

local DESC = {}

-- `key` in the reverse order.
function M.desc(key)
  return { [DESC] = key }
end

-- The comparator for the keys given, in order of precedence.
function M.by(...)
  local n = select("#", ...)
  if n == 0 then
    error("newsmark.order.by: no key given", 2)
  end
  local keys, fn, desc = {}, {}, {}
  for i = 1, n do
    local k = select(i, ...)
    if type(k) == "table" and k[DESC] ~= nil then
      desc[i], k = true, k[DESC]
    end
    local t = type(k)
    if t ~= "string" and t ~= "number" and t ~= "function" then
      error(("newsmark.order.by: key %d is a %s (a field, an index or a function)"):format(i, t), 2)
    end
    keys[i], fn[i] = k, t == "function"
  end
  return function(a, b)
    for i = 1, n do
      local k, x, y = keys[i]
      if fn[i] then
        x, y = k(a), k(b)
      else
        x, y = a[k], b[k]
      end
      if x ~= y then
        if desc[i] then
          return y < x
        end
        return x < y
      end
    end
    return false
  end
end

return M
