-- newsmark.lists: entities and quotes into the quickfix or location list.
local M = {}
local api = vim.api

local function one_line(s, max)
  s = s:gsub("%s+", " ")
  if max and #s > max then
    s = s:sub(1, max - 3):gsub("[\128-\191]*$", ""):gsub("[\192-\255]$", "") .. "..."
  end
  return s
end

-- The result of `buf` brought up to date, or nil when it is not attached.
local function results(buf)
  local buffer = require("newsmark.buffer")
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  if not buffer.is_attached(buf) then
    return nil, buf
  end
  buffer.sync(buf)
  return buffer.get(buf), buf
end

local function put(buf, items, title, o)
  o = o or {}
  if o.items_only then
    return items
  end
  local win = o.win or api.nvim_get_current_win()
  local function shown()
    local what = o.loclist and vim.fn.getloclist(win, { title = 1, winid = 1 }) or vim.fn.getqflist({ title = 1, winid = 1 })
    return what.title == title, what.winid ~= 0
  end
  if o.open then
    local same, open = shown()
    if same and open then -- run again: a toggle
      vim.cmd(o.loclist and "lclose" or "cclose")
      return items
    end
    -- kept true after edits while it is the list shown
    M.keep_true(buf, o.loclist and "loclist" or "qflist", function()
      if not shown() or not api.nvim_win_is_valid(win) then
        return false -- another list replaced it
      end
      local fn = title:find("^newsmark: quotes") and M.quotes or M.entities
      fn(buf, { loclist = o.loclist, replace = true, win = win })
      return true
    end)
  end
  local action = o.replace and "r" or " "
  if o.loclist then
    vim.fn.setloclist(win, {}, action, { title = title, items = items })
    if o.open then
      vim.cmd("lopen")
    end
  else
    vim.fn.setqflist({}, action, { title = title, items = items })
    if o.open then
      vim.cmd("copen")
    end
  end
  return items
end

local function bufname(buf)
  local name = api.nvim_buf_get_name(buf)
  return name ~= "" and vim.fn.fnamemodify(name, ":t") or ("buffer " .. buf)
end

-- Entities grouped by id: the first mention of each entity, with the count
-- and the distinct spellings. Returns the items (also put in the list).
function M.entity_groups(res)
  local groups, order = {}, {}
  for _, e in ipairs(res.entities) do
    local key = e.id or (e.label .. ":" .. e.text)
    local g = groups[key]
    if not g then
      g = { first = e, label = e.label, id = e.id, count = 0, names = {}, seen = {}, mentions = {} }
      groups[key] = g
      order[#order + 1] = g
    end
    g.count = g.count + 1
    g.mentions[#g.mentions + 1] = e
    if not g.seen[e.text] then
      g.seen[e.text] = true
      g.names[#g.names + 1] = e.text
    end
  end
  return order
end

-- A list item at span x (0-based rows and columns of get()).
local function item(buf, x, text, kind)
  return {
    bufnr = buf, lnum = x.row + 1, col = x.col + 1, end_lnum = x.end_row + 1, end_col = x.end_col + 1,
    type = kind, text = text,
  }
end

-- A list command: build(res, buf) -> items, title; nil when not attached.
local function list(build)
  return function(buf, o)
    local res
    res, buf = results(buf)
    if not res then
      require("newsmark.notify").warn(require("newsmark.notify").not_attached(buf))
      return nil
    end
    local items, title = build(res, buf)
    return put(buf, items, title, o)
  end
end

M.entities = list(function(res, buf)
  local items = {}
  for _, g in ipairs(M.entity_groups(res)) do
    local canonical = g.names[1]
    for _, n in ipairs(g.names) do
      if #n > #canonical then
        canonical = n
      end
    end
    items[#items + 1] = item(buf, g.first, ("%s %s: %d mention%s (%s)"):format(
      g.label, canonical, g.count, g.count == 1 and "" or "s", table.concat(g.names, ", ")))
  end
  return items, "newsmark: entities in " .. bufname(buf)
end)

M.quotes = list(function(res, buf)
  local items = {}
  local sources = require("newsmark.sources")
  local resolve = sources.resolver(res)
  for _, q in ipairs(res.quotes) do
    local lines = api.nvim_buf_get_text(buf, q.row, q.col, q.end_row, q.end_col, {})
    items[#items + 1] = item(buf, q, ("%s (%s%s): %s"):format(
      q.speaker and sources.speaker_label(resolve, q) or "no speaker",
      q.type,
      q.cue and (", " .. q.cue.text) or "",
      one_line(table.concat(lines, " "), 120)
    ), q.speaker and "" or "W")
  end
  return items, "newsmark: quotes in " .. bufname(buf)
end)

---------------------------------------------------------------- decisions

-- The person's decisions in a list window: :Newsmark decisions. One line a
-- decision (newsmark.decide.list): "line:col  kind  LABEL  text"; <CR> jumps
-- to it in the article's window, dd (or x) deletes it (:Newsmark undo brings
-- it back), q closes. Made again after every decision and every analysis
-- while it is open; the command run again (or inside it) closes it.
M.decision_lists = {} -- article bufnr -> { buf =, win =, items = }

local function decision_lines(buf)
  local items, d = require("newsmark.annotate").list(buf)
  local name = api.nvim_buf_get_name(buf)
  local out = {
    ("Decisions in %s: %d (<CR> jump, dd delete, q close; :Newsmark undo takes back)"):format(
      name ~= "" and vim.fn.fnamemodify(name, ":t") or ("buffer " .. buf), #items),
  }
  local map = {}
  for _, it in ipairs(items) do
    local where = "  (gone)"
    if it.start then
      local r, c = d.pos(it.start)
      where = ("%4d:%-3d"):format(r + 1, c + 1)
    end
    local what = it.kind
    if it.label then
      what = what .. " " .. it.label
    end
    if it.scope == "document" and it.kind ~= "merge" then
      what = what .. " (document)"
    end
    out[#out + 1] = ("%s  %-22s %s"):format(where, what, one_line(it.text or "", 80))
    map[#out] = it
  end
  if #items == 0 then
    out[#out + 1] = "no decisions yet (:Newsmark mark, unmark, relabel, merge, never, always)"
  end
  return out, map
end

-- Make the open decision list of `buf` again; false when it is gone.
function M.decisions_update(buf)
  local s = M.decision_lists[buf]
  if not s then
    return false
  end
  if not api.nvim_buf_is_valid(s.buf) or vim.fn.bufwinid(s.buf) == -1 or not api.nvim_buf_is_valid(buf) then
    M.decision_lists[buf] = nil
    return false
  end
  local lines, map = decision_lines(buf)
  M.fill(s.buf, lines)
  s.map = map
  return true
end

-- Open (or close: a toggle) the decision list of `buf`. Returns the list's
-- buffer, or nil when it was closed or `buf` is not attached.
function M.decisions(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  for src, s in pairs(M.decision_lists) do
    if (buf == src or buf == s.buf) and M.close(s.buf) then
      M.decision_lists[src] = nil
      return nil
    end
  end
  if not M.ready(buf) then
    return nil
  end
  local lines, map = decision_lines(buf)
  local lbuf, win = M.scratch(buf, "decisions", lines, math.max(2, math.min(#lines, 12)))
  local s = { buf = lbuf, win = win, map = map }
  M.decision_lists[buf] = s
  M.keep_true(buf, "decisions", function()
    return M.decision_lists[buf] == s and M.decisions_update(buf)
  end)
  local function current()
    return s.map[api.nvim_win_get_cursor(0)[1]]
  end
  vim.keymap.set("n", "<CR>", function()
    local it = current()
    if not it or not it.start then
      return
    end
    local w = api.nvim_win_is_valid(s.win) and api.nvim_win_get_buf(s.win) == buf and s.win or vim.fn.bufwinid(buf)
    if w == -1 then
      return
    end
    local _, d = require("newsmark.annotate").list(buf)
    local r, c = d.pos(it.start)
    api.nvim_set_current_win(w)
    vim.cmd("normal! m'")
    api.nvim_win_set_cursor(w, { r + 1, c })
  end, { buffer = lbuf, silent = true, desc = "newsmark: jump to this decision" })
  local function delete()
    local it = current()
    if not it then
      return
    end
    local ok, err = pcall(require("newsmark.annotate").remove, buf, it)
    if not ok then
      require("newsmark.notify").error(err)
    end
  end
  for _, lhs in ipairs({ "dd", "x" }) do
    vim.keymap.set("n", lhs, delete, { buffer = lbuf, silent = true, desc = "newsmark: delete this decision" })
  end
  if #lines > 1 then
    api.nvim_win_set_cursor(0, { 2, 0 })
  end
  return lbuf
end

---------------------------------------------------------------- staying true

-- b:newsmark_status (for statuslines, as b:gitsigns_status): "E12 Q5 ?2"
-- (entities, quotes, quotes with no speaker; "?N" only when N > 0), and
-- b:newsmark_status_dict with the numbers { entities, quotes, unattributed }.
-- From the buffer's one result (newsmark.buffer), after every result.
function M.status(buf)
  local n, nq, none = require("newsmark.buffer").counts(buf)
  if not n then
    return nil
  end
  local d = { entities = n, quotes = nq, unattributed = none }
  local s = ("E%d Q%d"):format(n, nq) .. (none > 0 and (" ?%d"):format(none) or "")
  return s, d
end

-- Lists of a buffer kept true: [bufnr] = { [kind] = function, false when
-- the list is gone }.
M.open_lists = {}

-- Close the window of list buffer `lbuf` when it shows. Returns true when
-- it closed one (running a list's command again is a toggle).
function M.close(lbuf)
  local w = lbuf and api.nvim_buf_is_valid(lbuf) and vim.fn.bufwinid(lbuf) or -1
  if w == -1 then
    return false
  end
  api.nvim_win_close(w, true)
  return true
end

-- Before a list of `buf` opens: false (and a warning) when `buf` is not
-- attached; else its result is brought up to date and true returned.
function M.ready(buf)
  local buffer = require("newsmark.buffer")
  if not buffer.is_attached(buf) then
    require("newsmark.notify").warn(require("newsmark.notify").not_attached(buf))
    return false
  end
  buffer.sync(buf)
  return true
end

-- Replace the lines of list buffer `lbuf` (read-only to the person; the
-- first line a title).
function M.fill(lbuf, lines)
  vim.bo[lbuf].modifiable = true
  api.nvim_buf_set_lines(lbuf, 0, -1, false, lines)
  vim.bo[lbuf].modifiable = false
  api.nvim_buf_add_highlight(lbuf, -1, "Title", 0, 0, -1)
end

-- A list window of `kind` ("sources", "decisions") for buffer `buf`: a
-- scratch buffer of `lines` (the first a title) in a new window of `height`
-- rows at the bottom, named newsmark://KIND/BUF, filetype newsmark-KIND;
-- `q` closes it. Returns the list's buffer and the window of `buf` to jump
-- back to.
function M.scratch(buf, kind, lines, height)
  local win = api.nvim_get_current_win()
  if api.nvim_win_get_buf(win) ~= buf then
    win = vim.fn.bufwinid(buf)
  end
  vim.cmd(("botright %dnew"):format(height))
  local lbuf = api.nvim_get_current_buf()
  vim.bo[lbuf].buftype = "nofile"
  vim.bo[lbuf].bufhidden = "wipe"
  vim.bo[lbuf].swapfile = false
  M.fill(lbuf, lines)
  vim.bo[lbuf].filetype = "newsmark-" .. kind
  pcall(api.nvim_buf_set_name, lbuf, ("newsmark://%s/%d"):format(kind, buf))
  vim.keymap.set("n", "q", "<Cmd>close<CR>", { buffer = lbuf, silent = true, desc = "newsmark: close" })
  return lbuf, win
end

function M.keep_true(buf, kind, fn)
  M.open_lists[buf] = M.open_lists[buf] or {}
  M.open_lists[buf][kind] = fn
end

-- buffer.listeners.lists: after every result of `buf`.
function M.on_analysed(buf)
  local s, d = M.status(buf)
  if s and api.nvim_buf_is_valid(buf) then
    vim.b[buf].newsmark_status = s
    vim.b[buf].newsmark_status_dict = d
  end
  local lists = M.open_lists[buf]
  if lists and next(lists) then
    -- the open lists are made again once the buffer is quiet (debounced:
    -- a result comes at most once per debounce already; scheduled, so that
    -- no window is changed inside the result's listeners)
    vim.schedule(function()
      for kind, fn in pairs(M.open_lists[buf] or {}) do
        local ok, alive = pcall(fn)
        if not ok or not alive then
          M.open_lists[buf][kind] = nil
        end
      end
    end)
  end
end

-- buffer.detach_listeners.lists
function M.on_detach(buf)
  M.open_lists[buf] = nil
  if api.nvim_buf_is_valid(buf) then
    pcall(api.nvim_buf_del_var, buf, "newsmark_status")
    pcall(api.nvim_buf_del_var, buf, "newsmark_status_dict")
  end
end

return M
