-- newsmark.operators: mark, unmark and relabel as operators, repeatable with `.`.
--
-- Usage (plugin/newsmark.lua defines the <Plug> mappings):
--   vim.keymap.set({ "n", "x" }, "gnm", "<Plug>(newsmark-mark)")
--   gnmiw     mark the word as an entity (asks the label once; `.` reuses it)
--   gnu}      unmark every entity up to the end of the paragraph
--   gnr$      relabel every entity up to the end of the line (asks the label)
-- In visual mode the operator applies to the selection.
--
-- How: the <Plug> mapping is an expression mapping that sets 'operatorfunc'
-- and returns "g@"; Neovim then calls M.opfunc with the motion's type, and
-- `.` calls it again with the same 'operatorfunc' and the label kept from the
-- first time. The work is done by annotate.lua's public functions.
local M = {}
local api = vim.api

M.kinds = { mark = true, unmark = true, relabel = true }

local pending = { kind = nil, label = nil }

local function ask_label(kind)
  local labels = require("newsmark.commands").labels()
  local ok, label = pcall(vim.fn.input, {
    prompt = ("newsmark %s as (%s): "):format(kind, table.concat(labels, " ")),
    completion = "customlist,v:lua.__newsmark_labels",
    cancelreturn = "",
  })
  if not ok or label == nil or label == "" then
    return nil
  end
  return label:upper()
end

_G.__newsmark_labels = function(lead)
  return vim.tbl_filter(function(l)
    return l:sub(1, #lead) == lead:upper()
  end, require("newsmark.commands").labels())
end

-- The range the operator covers, 0-based, end exclusive.
local function motion_range(kind)
  local s = api.nvim_buf_get_mark(0, "[")
  local e = api.nvim_buf_get_mark(0, "]")
  local last = api.nvim_buf_get_lines(0, e[1] - 1, e[1], false)[1] or ""
  if kind == "line" then
    return { s[1] - 1, 0, e[1] - 1, #last }
  end
  local ecol = math.min(e[2] + 1, #last) -- '] is on the last byte's character
  local b = last:byte(ecol + 1)
  while b and b >= 0x80 and b < 0xC0 do
    ecol = ecol + 1
    b = last:byte(ecol + 1)
  end
  return { s[1] - 1, s[2], e[1] - 1, ecol }
end

local function before(r1, c1, r2, c2)
  return r1 < r2 or (r1 == r2 and c1 < c2)
end

-- Entities of the current buffer overlapping `range`.
local function entities_in(range)
  local res = require("newsmark.buffer").get(0) or { entities = {} }
  local out = {}
  for _, e in ipairs(res.entities or {}) do
    if before(e.row, e.col, range[3], range[4]) and before(range[1], range[2], e.end_row, e.end_col) then
      out[#out + 1] = e
    end
  end
  return out
end

local function run(kind, label, range)
  local annotate = require("newsmark.annotate")
  if kind == "mark" then
    annotate.mark(0, range, label)
    return 1
  end
  local targets = entities_in(range)
  if #targets == 0 then
    error("newsmark: no entity in the text moved over", 0)
  end
  if kind == "relabel" then -- the mentions moved over (not their whole entities)
    targets = vim.tbl_filter(function(e)
      return e.label ~= label
    end, targets)
    if #targets == 0 then
      error(("newsmark: every entity moved over is %s already"):format(label), 0)
    end
  end
  local cursor = api.nvim_win_get_cursor(0)
  local ok, err = pcall(annotate.batch, 0, function()
    -- last to first: a decision never moves the entities before it
    for i = #targets, 1, -1 do
      local e = targets[i]
      api.nvim_win_set_cursor(0, { e.row + 1, e.col })
      if kind == "unmark" then
        annotate.unmark(0)
      else
        annotate.relabel(0, label, "mention")
      end
    end
  end, function(n)
    return ("%s %d entit%s%s"):format(kind == "unmark" and "unmarked" or "relabelled", n,
      n == 1 and "y" or "ies", kind == "relabel" and (" as " .. label) or "")
  end)
  pcall(api.nvim_win_set_cursor, 0, cursor)
  if not ok then
    error(err, 0)
  end
  return #targets
end

-- 'operatorfunc' (called by g@ and by `.`).
function M.opfunc(mtype)
  local kind = pending.kind
  if not kind then
    return
  end
  local notify = require("newsmark.notify")
  if kind ~= "unmark" and not pending.label then
    pending.label = ask_label(kind)
    if not pending.label then
      return
    end
  end
  -- (what was done is said by annotate: one line, also for several entities)
  local ok, n = pcall(run, kind, pending.label, motion_range(mtype))
  if not ok then
    notify.error(n)
  end
end
_G.__newsmark_opfunc = M.opfunc

-- The rhs of <Plug>(newsmark-{kind}): an expression mapping returning "g@".
function M.expr(kind, label)
  assert(M.kinds[kind], "unknown operator")
  pending.kind, pending.label = kind, label
  vim.o.operatorfunc = "v:lua.__newsmark_opfunc"
  return "g@"
end

return M
