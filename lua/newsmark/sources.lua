-- newsmark.sources: who the article quotes, how often and how much.
--
-- summary(res) groups the quotes of a get() result by speaker entity (a
-- pronoun speaker by the entity the core gave it), with, per speaker: the canonical
-- name, label, number of quotes, words quoted, share of voice (% of all
-- quoted words), direct and reported (indirect or mixed) counts. Quotes with
-- no speaker form a row of their own.
--
-- open(bufnr) shows it in a scratch buffer below the article; <CR> on a row
-- jumps to that speaker's first quote and puts all of them in the article
-- window's location list; `q` closes.
local M = {}
local api = vim.api

M.UNATTRIBUTED = "(no speaker)"

local PRONOUNS = {
  he = true, she = true, they = true, him = true, her = true, them = true,
  ["i"] = true, we = true, it = true,
}
M.PRONOUNS = PRONOUNS

-- The number of words in `s` (newsmark.checks': the long_quote check
-- counts the same words).
local words = require("newsmark.checks").words
M.words = words

local function before(a, b)
  return a.row < b.row or (a.row == b.row and a.col < b.col)
end

-- The speaker resolver of a get() result, one for every view (the sources
-- table, :Newsmark quotes, the info float): resolve(q) returns
--   key, name, label, id, pronoun
-- for quote q: the speaker's entity (its canonical, longest name), a
-- pronoun speaker resolved to its entity by the core's id (`pronoun` is
-- then the pronoun as written; a pronoun the core did not resolve stays as
-- written, as bin/newsmark annotate gives it),
-- a role phrase or unknown name as written (label "-"), or no speaker
-- (key "none", name M.UNATTRIBUTED).
function M.resolver(res)
  -- entities by id: canonical (longest) name and label
  local ents = {}
  for _, e in ipairs(res.entities) do
    if e.id ~= nil then
      local g = ents[e.id]
      if not g then
        g = { name = e.text, label = e.label, first = e }
        ents[e.id] = g
      elseif #e.text > #g.name then
        g.name = e.text
      end
    end
  end
  return function(q)
    local sp = q.speaker
    if not sp then
      return "none", M.UNATTRIBUTED, "-"
    end
    local pronoun = PRONOUNS[sp.text:lower()] and sp.text or nil
    if sp.id ~= nil and ents[sp.id] then
      return "id:" .. tostring(sp.id), ents[sp.id].name, ents[sp.id].label, sp.id, pronoun
    end
    -- a role phrase ("a spokeswoman") or a name not found as an entity
    return "text:" .. sp.text:lower(), sp.text, "-", sp.id
  end
end

-- How a view names a quote's speaker: as the text names it, except that a
-- pronoun is shown resolved, the pronoun kept after the name
-- ('Ana Ruiz ("she")'); M.UNATTRIBUTED for none.
function M.speaker_label(resolve, q)
  if not q.speaker then
    return M.UNATTRIBUTED
  end
  local key, name, _, _, pronoun = resolve(q)
  if pronoun and key:sub(1, 3) == "id:" then
    return ('%s ("%s")'):format(name, pronoun)
  end
  return q.speaker.text
end

-- The source table of a get() result: a list of rows, most words first:
-- { key, name, label, id, quotes = { q, ... }, count, words, share, direct,
--   reported, unattributed = bool }, and the totals.
function M.summary(res)
  local resolve = M.resolver(res)
  local rows, by_key = {}, {}
  local total = 0
  for _, q in ipairs(res.quotes) do
    local key, name, label, id = resolve(q)
    local row = by_key[key]
    if not row then
      row = { key = key, name = name, label = label, id = id, quotes = {}, count = 0, words = 0, direct = 0, reported = 0, unattributed = key == "none" }
      by_key[key] = row
      rows[#rows + 1] = row
    end
    local w = words(q.text or "")
    row.quotes[#row.quotes + 1] = q
    row.count = row.count + 1
    row.words = row.words + w
    total = total + w
    if q.type == "direct" then
      row.direct = row.direct + 1
    else
      row.reported = row.reported + 1
    end
  end
  for _, row in ipairs(rows) do
    row.share = total > 0 and (100 * row.words / total) or 0
  end
  table.sort(rows, function(a, b)
    if a.unattributed ~= b.unattributed then
      return b.unattributed -- the unattributed row last
    end
    if a.words ~= b.words then
      return a.words > b.words
    end
    return before(a.quotes[1], b.quotes[1])
  end)
  return rows, { quotes = #res.quotes, words = total }
end

local function pad(s, n)
  local w = vim.fn.strdisplaywidth(s)
  if w > n then
    -- cut on a character boundary
    local chars = vim.fn.strchars(s)
    while w > n - 1 and chars > 0 do
      chars = chars - 1
      s = vim.fn.strcharpart(s, 0, chars)
      w = vim.fn.strdisplaywidth(s)
    end
    s = s .. "…"
    w = w + 1
  end
  return s .. string.rep(" ", n - w)
end

-- The lines of the summary; rows[i] is the source shown on line i (1-based)
-- or nil for a header line.
function M.lines(rows, totals, title)
  local out = {
    ("%s: %d source%s, %d quote%s, %d quoted words"):format(
      title, #rows, #rows == 1 and "" or "s", totals.quotes, totals.quotes == 1 and "" or "s", totals.words),
    ("%s %-7s %6s %6s %6s %6s %8s"):format(pad("Speaker", 28), "Label", "Quotes", "Words", "Share", "Direct", "Reported"),
  }
  local map = {}
  for _, r in ipairs(rows) do
    out[#out + 1] = ("%s %-7s %6d %6d %5.1f%% %6d %8d"):format(pad(r.name, 28), r.label, r.count, r.words, r.share, r.direct, r.reported)
    map[#out] = r
  end
  if #rows == 0 then
    out[#out + 1] = "no quotes found"
  end
  return out, map
end

-- Put a source's quotes into the location list of `win` and jump to the
-- first one. Returns the list items.
function M.jump_to(row, buf, win)
  local items = {}
  for _, q in ipairs(row.quotes) do
    local text = table.concat(api.nvim_buf_get_text(buf, q.row, q.col, q.end_row, q.end_col, {}), " ")
    items[#items + 1] = {
      bufnr = buf, lnum = q.row + 1, col = q.col + 1, end_lnum = q.end_row + 1, end_col = q.end_col + 1,
      text = ("%s (%s): %s"):format(row.name, q.type, text:gsub("%s+", " ")),
    }
  end
  if win and api.nvim_win_is_valid(win) and api.nvim_win_get_buf(win) == buf then
    vim.fn.setloclist(win, {}, " ", { title = "newsmark: quotes of " .. row.name, items = items })
    api.nvim_set_current_win(win)
    vim.cmd("normal! m'")
    api.nvim_win_set_cursor(win, { row.quotes[1].row + 1, row.quotes[1].col })
  end
  return items
end

-- The summary's lines of `buf` now.
local function contents(buf)
  local rows, totals = M.summary(require("newsmark.buffer").get(buf))
  local name = api.nvim_buf_get_name(buf)
  local title = "Sources in " .. (name ~= "" and vim.fn.fnamemodify(name, ":t") or ("buffer " .. buf))
  local lines, map = M.lines(rows, totals, title)
  return lines, map, rows
end

-- Make the open summary of M.state again (after an edit of its buffer:
-- newsmark.lists.on_analysed calls it, debounced by the analysis).
function M.update()
  local s = M.state
  if not s or not api.nvim_buf_is_valid(s.buf) or not api.nvim_buf_is_valid(s.source) then
    return false
  end
  local lines, map, rows = contents(s.source)
  require("newsmark.lists").fill(s.buf, lines)
  api.nvim_buf_add_highlight(s.buf, -1, "Comment", 1, 0, -1)
  s.map, s.rows = map, rows
  return true
end

-- Open the summary of `buf` (0: current) below its window; run again (or
-- inside the summary window) it closes it. It is made again after each
-- analysis of `buf` while it is open. Returns the summary buffer, or nil
-- when `buf` is not attached or the summary was closed.
function M.open(buf)
  local lists = require("newsmark.lists")
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local s = M.state
  if s and (buf == s.buf or buf == s.source) and lists.close(s.buf) then -- a toggle
    M.state = nil
    return nil
  end
  if not lists.ready(buf) then
    return nil
  end
  local lines, map, rows = contents(buf)
  local sbuf, win = lists.scratch(buf, "sources", lines, math.min(#lines, 15))
  api.nvim_buf_add_highlight(sbuf, -1, "Comment", 1, 0, -1)
  M.state = { buf = sbuf, source = buf, win = win, map = map, rows = rows }
  local state = M.state
  lists.keep_true(buf, "sources", function()
    return M.state == state and M.update()
  end)
  vim.keymap.set("n", "<CR>", function()
    local r = state.map[api.nvim_win_get_cursor(0)[1]]
    if r then
      M.jump_to(r, buf, win)
    end
  end, { buffer = sbuf, silent = true, desc = "newsmark: jump to this source's quotes" })
  if #rows > 0 then
    api.nvim_win_set_cursor(0, { 3, 0 })
  end
  return sbuf
end

return M
