-- newsmark.nav: jumps between entities, quotes and mentions.
local M = {}
local api = vim.api

M.kinds = { "entity", "quote", "mention", "unattributed" }

local function before(r1, c1, r2, c2)
  return r1 < r2 or (r1 == r2 and c1 < c2)
end

local function inside(x, row, col)
  if before(row, col, x.row, x.col) then
    return false
  end
  return before(row, col, x.end_row, x.end_col)
end

-- The entity (from get()) under (row, col), 0-based; nil when none.
function M.entity_at(res, row, col)
  for _, e in ipairs(res.entities) do
    if inside(e, row, col) then
      return e
    end
  end
end

function M.quote_at(res, row, col)
  local best
  for _, q in ipairs(res.quotes) do
    if inside(q, row, col) then
      best = q
    end
  end
  return best
end

-- Targets of a jump of `kind`, sorted by position; nil and a message when
-- there can be none.
function M.targets(bufnr, kind, row, col)
  local buffer = require("newsmark.buffer")
  if not buffer.is_attached(bufnr) then
    return nil, require("newsmark.notify").not_attached(bufnr)
  end
  buffer.sync(bufnr)
  local res = buffer.get_shared(bufnr) -- (read-only: the lists are copied before sorting)
  local list = {}
  if kind == "entity" then
    list = vim.list_extend({}, res.entities)
  elseif kind == "quote" then
    list = vim.list_extend({}, res.quotes)
  elseif kind == "unattributed" then
    for _, q in ipairs(res.quotes) do
      if not q.speaker then
        list[#list + 1] = q
      end
    end
  elseif kind == "mention" then
    local e = M.entity_at(res, row, col)
    if not e then
      return nil, "newsmark: no entity under the cursor"
    end
    for _, x in ipairs(res.entities) do
      if x.id == e.id then
        list[#list + 1] = x
      end
    end
  else
    error(("newsmark: jump kind must be one of %s (got %s)"):format(table.concat(M.kinds, ", "), tostring(kind)), 2)
  end
  table.sort(list, function(a, b)
    return before(a.row, a.col, b.row, b.col)
  end)
  return list
end

-- See require("newsmark").jump.
function M.jump(kind, count)
  count = count or 1
  if type(count) ~= "number" or count == 0 then
    count = 1
  end
  local win = api.nvim_get_current_win()
  local buf = api.nvim_win_get_buf(win)
  local cur = api.nvim_win_get_cursor(win)
  local row, col = cur[1] - 1, cur[2]
  local list, err = M.targets(buf, kind, row, col)
  if not list then
    require("newsmark.notify").warn(err)
    return false
  end
  local n = #list
  if n == 0 then
    require("newsmark.notify").info(("no %s in this buffer"):format(kind == "entity" and "entities" or kind .. "s"))
    return false
  end
  -- index of the first target after the cursor / last one before it
  local idx
  local wrap = require("newsmark.config").options.wrap
  if count > 0 then
    local first_after = n + 1
    for i, x in ipairs(list) do
      if before(row, col, x.row, x.col) then
        first_after = i
        break
      end
    end
    idx = first_after + count - 1
  else
    local last_before = 0
    for i = n, 1, -1 do
      local x = list[i]
      if before(x.row, x.col, row, col) and not inside(x, row, col) then
        last_before = i
        break
      end
    end
    idx = last_before + count + 1
  end
  if idx < 1 or idx > n then
    if not wrap then
      require("newsmark.notify").info(("no more %s targets %s"):format(kind, count > 0 and "below" or "above"))
      return false
    end
    idx = (idx - 1) % n + 1
  end
  local target = list[idx]
  vim.cmd("normal! m'")
  api.nvim_win_set_cursor(win, { target.row + 1, target.col })
  return true
end

return M
