-- newsmark.diagnostics: the editorial checks of newsmark.checks (the same
-- checks, codes and messages as the language server's) through
-- vim.diagnostic, in the namespace "newsmark_diagnostics". Each check is
-- switched on and off (or given a severity of its own) under `diagnostics`
-- in the options: no_speaker, unclosed, long_quote, surname_first,
-- spelling (what each finds: newsmark.checks).
--
-- The checks read the buffer's paragraph records (newsmark.buffer) rather
-- than a copy of get(): a paragraph's own checks are cached on its immutable
-- analysis, the document-wide ones are computed again only after the ids
-- were linked again, and vim.diagnostic.set() is called only when the list
-- changed. None of it runs in the keystroke path: an analysis schedules the
-- checks (M.schedule), which run once the buffer has been quiet for M.delay
-- ms, in steps of a few ms after a large change (M.step); buffer.sync()
-- runs them at once (M.flush).
local M = {}

-- No JIT for this module: its work is Neovim API calls and string patterns,
-- which LuaJIT cannot compile, so traces abort and the recording attempts
-- cost more than they save, at random moments (see buffer.lua).
if jit and jit.off then
  jit.off(true, true)
end

M.ns = vim.api.nvim_create_namespace("newsmark_diagnostics")

local C = require("newsmark.checks")
local order = require("newsmark.order")

M.checks = C.codes

-- A paragraph's own diagnostics, rows relative to the paragraph, cached on
-- its analysis for the current options table.
local function local_diags(an, o)
  if an._diag_opts == o then
    return an._diags
  end
  local out = {}
  local sev = vim.diagnostic.severity
  for _, x in ipairs(C.quote_checks(an.quotes, o.diagnostics)) do
    local q = an.quotes[x.i]
    local d = {
      lnum = q.rrow, col = q.col, end_lnum = q.rerow, end_col = q.ecol,
      severity = sev[x.severity], code = x.code, message = x.message,
    }
    if x.at == "mark" then
      d.end_lnum, d.end_col = q.rrow, q.col + 1
    end
    out[#out + 1] = d
  end
  an._diag_opts, an._diags = o, out
  return out
end

M._distance = C.distance
M._closeness = C.closeness

-- Document-wide diagnostics: { ordinal = k-th entity mention in document
-- order, diag = {...} } so that they survive paragraphs being replaced by
-- equal ones (their rows are looked up again at every update).
local function global_diags(st, o)
  local out = C.name_checks(st.paras, o.diagnostics)
  local sev = vim.diagnostic.severity
  for _, g in ipairs(out) do
    g.diag.severity = sev[g.diag.severity] or g.diag.severity
  end
  return out
end

---------------------------------------------------------------- update

local last = {} -- bufnr -> { key = string, links = n, opts = o, global = {...} }

local function key_of(list)
  local parts = {}
  for i, x in ipairs(list) do
    parts[i] = table.concat({ x.lnum, x.col, x.end_lnum, x.end_col, x.severity, x.code, x.message }, "\1")
  end
  return table.concat(parts, "\2")
end

-- The diagnostics of an attached buffer's state `st` under the options `o`.
function M.compute_state(st, o)
  local out = {}
  if not o.diagnostics.enabled then
    return out
  end
  local cache = last[st.buf]
  local global
  if cache and cache.links == st.links and cache.opts == o and cache.nparas == #st.paras then
    global = cache.global
  else
    global = global_diags(st, o)
  end
  local gi = 1
  local k = 0
  for _, rec in ipairs(st.paras) do
    for _, x in ipairs(local_diags(rec.an, o)) do
      out[#out + 1] = {
        lnum = rec.srow + x.lnum, col = x.col, end_lnum = rec.srow + x.end_lnum, end_col = x.end_col,
        severity = x.severity, source = "newsmark", code = x.code, message = x.message,
      }
    end
    local items = rec.an.items or {}
    local n = #items
    while global[gi] and global[gi].ordinal <= k + n do
      local it = items[global[gi].ordinal - k]
      local e = it[2] == "e" and rec.an.entities[it[3]] or rec.an.quotes[it[3]].speaker
      local g = global[gi].diag
      out[#out + 1] = {
        lnum = rec.srow + e.rrow, col = e.col, end_lnum = rec.srow + e.rerow, end_col = e.ecol,
        severity = g.severity, source = "newsmark", code = g.code, message = g.message,
      }
      gi = gi + 1
    end
    k = k + n
  end
  table.sort(out, order.by("lnum", "col"))
  return out, global
end

function M.update(buf)
  local st = require("newsmark.buffer").state(buf)
  if not st then
    return
  end
  local o = require("newsmark.config").options
  local list, global = M.compute_state(st, o)
  local key = key_of(list)
  local c = last[buf]
  if c and c.key == key and c.tick_set then
    c.links, c.opts, c.global, c.nparas = st.links, o, global, #st.paras
    return
  end
  vim.diagnostic.set(M.ns, buf, list)
  last[buf] = { key = key, links = st.links, opts = o, global = global, nparas = #st.paras, tick_set = true }
end

---------------------------------------------------------------- idle
--
-- The checks do not run in the keystroke path: an analysis (buffer.lua's
-- listeners) only schedules them, and they run once the buffer has been
-- quiet for M.delay ms (typing keeps pushing them back), or at once through
-- M.flush (buffer.sync: commands and specs that want fresh results).

M.delay = 250

local timers = {} -- bufnr -> uv timer (pending while it is in `due`)
local due = {} -- bufnr -> true when an update is pending

local function stop(buf)
  local t = timers[buf]
  if t then
    t:stop()
    if not t:is_closing() then
      t:close()
    end
    timers[buf] = nil
  end
end

-- Compute and cache the per-analysis parts of the checks (local_diags,
-- name_items) for about `budget` ms. True when everything is cached.
local function prepare(st, o, budget)
  local t0 = vim.loop.hrtime()
  local n = 0
  for _, rec in ipairs(st.paras) do
    local an = rec.an
    if an._diag_opts ~= o or (an.items and not an._names) then
      local_diags(an, o)
      if an.items then
        C.name_items(an)
      end
      n = n + 1
      if n % 8 == 0 and vim.loop.hrtime() - t0 > budget * 1e6 then
        return false
      end
    end
  end
  return true
end

M.step_budget = 3 -- ms of one idle step

-- One idle step of the pending update of `buf`: after a large change (a
-- newly opened article) the per-paragraph parts are computed a few ms at a
-- time, then the update runs, in a step of its own when this one has done
-- some of that work already (M.update alone takes a few ms on a long
-- article). True while there is more to do.
function M.step(buf)
  if not due[buf] then
    return false
  end
  local st = require("newsmark.buffer").state(buf)
  if st and vim.api.nvim_buf_is_valid(buf) then
    local o = require("newsmark.config").options
    local hr = vim.loop.hrtime
    local t0 = hr()
    local function left() -- ms of this step not spent yet
      return math.max(0, M.step_budget - (hr() - t0) / 1e6)
    end
    -- (the records' ids an incremental result left for later come first)
    local B = require("newsmark.buffer")
    if due[buf] ~= "ready" then
      if not B.ensure_ids(st, M.step_budget) or not B.ensure_records(st, left()) then
        return true
      end
      if o.diagnostics.enabled and not prepare(st, o, left()) then
        return true
      end
      -- (more than a sixth of the step spent: the update in a step of its own)
      if left() < M.step_budget * 5 / 6 then
        due[buf] = "ready"
        return true
      end
    end
  end
  return M.flush(buf) and false
end

-- Run the pending update of `buf` now (nothing when none is pending).
function M.flush(buf)
  if not due[buf] then
    return false
  end
  due[buf] = nil
  stop(buf)
  if vim.api.nvim_buf_is_valid(buf) then
    require("newsmark.buffer").ensure_ids(buf)
    require("newsmark.buffer").ensure_records(buf)
    M.update(buf)
  end
  return true
end

-- Update the diagnostics of `buf` once it has been quiet for M.delay ms.
function M.schedule(buf)
  due[buf] = true
  local t = timers[buf]
  if not t then
    t = vim.loop.new_timer()
    timers[buf] = t
  end
  t:stop()
  local function tick()
    if M.step(buf) and timers[buf] == t then
      t:start(1, 0, vim.schedule_wrap(tick)) -- the next step, when idle again
    end
  end
  t:start(M.delay, 0, vim.schedule_wrap(tick))
end

-- True while an update of `buf` waits for its delay.
function M.pending(buf)
  return due[buf] ~= nil
end

function M.clear(buf)
  due[buf] = nil
  stop(buf)
  last[buf] = nil
  if vim.api.nvim_buf_is_valid(buf) then
    vim.diagnostic.reset(M.ns, buf)
  end
end

return M
