-- newsmark.buffer: attach to buffers, debounce, analyse, tell the views.
--
-- The editor's result IS newsmark.document's result for the buffer's text:
-- the function bin/newsmark annotate calls, on the bytes :write would write
-- (lines joined by the file format's line break, the final one as 'eol' and
-- 'fixeol' write it), with the person's decisions (newsmark.annotate) given
-- through doc:set_decisions. So every view (extmarks, jumps, lists, sources,
-- info, diagnostics, get(), exports) says what the command line says.
--
-- The path of a keystroke: on_lines moves the paragraph records below the
-- edit and marks those it touched stale, then (re)starts the debounce timer.
-- When it fires, the whole text is analysed: at once when it is small
-- (the sync_bytes option), else on the core's worker thread (model:analyze_async)
-- with a timer polling the job every M.POLL ms; a result for an older
-- changedtick is dropped (the edit that made it old scheduled a newer
-- request), and a new request cancels the running job (one job per buffer
-- at most). The result is split into paragraph records
-- (newsmark.buffer_paras) and only the records whose text or items changed
-- are drawn again; then the listeners hear "analysed" (which records are
-- new, which are gone). On the worker thread the split is incremental:
-- the job's result stays in C (the person's decisions merged into it there:
-- doc:merge_into, job:merge), job:diff says where it
-- differs from the last job's, only the records there are made again (see
-- buffer_paras.split), st.result is read from the job when asked for, and
-- the lines are kept by on_lines (st.lines) instead of read whole.
local M = {}

-- No JIT for the modules of the keystroke path (this one, buffer_paras,
-- render, diagnostics, markdown): their work is Neovim API calls and string
-- patterns, which LuaJIT cannot compile; the recording attempts cost more
-- than they save, at random moments.
if jit and jit.off then
  jit.off(true, true)
  local ok, core = pcall(require, "newsmark.core")
  if ok then
    require("newsmark.textpos").jit_off(core)
  end
end
local api = vim.api

local config = require("newsmark.config")
local render = require("newsmark.render")
local paras = require("newsmark.buffer_paras")
local document = require("newsmark.document")
local textpos = require("newsmark.textpos")
local collect = require("newsmark.collect")

-- The default of the `sync_bytes` option: texts up to this many bytes are
-- analysed at once (about 1 ms of the core's time); longer ones on the
-- worker thread.
M.SYNC_BYTES = 16 * 1024
-- How often a running job is polled, in ms.
M.POLL = 3
-- Force a path for every buffer: "sync", "async" or nil (by size).
M.force = nil
-- ms of one block that makes records: the keystroke's (half of it for the
-- split, half for drawing what it made) and each later step that makes
-- what was left (M.ensure_records). nil: no limit.
M.SPLIT_BUDGET = 2
-- false: the records are always made from the whole result (the specs
-- compare the incremental split with it); nil: incremental when it can.
M.incremental = nil

local states = {} -- bufnr -> State
M.states = states

local function opts()
  return config.options
end

---@class newsmark.BufferState
---@field buf integer               the buffer
---@field doc newsmark.Document     the document fed with the buffer's text
---@field paras table[]             paragraph records in document order (newsmark.buffer_paras)
---@field lines string[]|nil       the buffer's lines, kept by on_lines (nil: read them all)
---@field stale_lo integer|nil     the first record made stale since the last result
---@field stale_hi integer|nil     the last one
---@field ids_pending table|nil    records whose ids are still to be read (M.ensure_ids)
---@field redo boolean|nil         records left for later by the split (M.ensure_records)
---@field result table|nil          the one result (byte offsets), decisions applied
---@field lost table|nil            decisions that could not be anchored
---@field tp table|nil              newsmark.textpos.lines of the analysed lines
---@field tick integer              changedtick of the text `result` is of (-1: none)
---@field job_tick integer|nil      changedtick of the text being analysed asynchronously
---@field job_tp table|nil          its positions (newsmark.textpos.lines)
---@field timer userdata|nil        the debounce timer
---@field poll userdata|nil         the timer polling a running job
---@field full boolean              every record is stale (attach, reload, refresh)
---@field analyses integer          whole-text analyses so far
---@field flushes integer           results applied so far
---@field last_drawn integer        records drawn by the last result
---@field generation integer        bumped by every result (readers cache by it)
---@field links integer             bumped when ids changed (the checks cache by it)
---@field keymaps string[]          the buffer-local mappings set
---@field error string|nil          the last error (core, listener), for :checkhealth
---@field detached boolean|nil      destroyed
---@field shared table|nil          get_shared()'s cache
---@field shared_key string|nil
---@field lazy userdata|nil       the job `result` is read from when first asked for
---@field snap userdata|nil       the job the records were last made from (decisions merged)
---@field snap_text string|nil    its text
---@field snap_input string|nil   what it read
local State = {}
-- st.result of an incremental result is read from its job when asked for
-- (get(), exports, lists): the keystroke path does not read it whole.
State.__index = function(st, k)
  if k == "result" then
    local job = rawget(st, "lazy")
    if not job then
      return nil
    end
    local doc = rawget(st, "doc")
    local r = doc.finished == job and doc:result() or job:result()
    rawset(st, "lazy", nil)
    rawset(st, "result", r)
    return r
  end
  return State[k]
end

local function stop(t)
  if t then
    t:stop()
    if not t:is_closing() then
      t:close()
    end
  end
end

-- Stop the timers and the job, clear the extmarks, forget the buffer.
function State:destroy()
  stop(self.timer)
  stop(self.poll)
  self.timer, self.poll = nil, nil
  self.doc:cancel()
  self.job_tick, self.job_tp = nil, nil
  self.detached = true
  if states[self.buf] == self then
    states[self.buf] = nil
  end
  render.clear(self.buf)
end

-- The text :write would write, and the lines (tp.lines), whether it ends
-- with a line break, and the line break.
-- `cached` (optional): the buffer's lines as kept by on_lines (st.lines), a
-- copy of which is used when its length is the buffer's.
local function text_of(buf, cached)
  local lines
  if cached and #cached == api.nvim_buf_line_count(buf) then
    lines = {}
    for i = 1, #cached do
      lines[i] = cached[i]
    end
  else
    lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  end
  local bo = vim.bo[buf]
  local sep = bo.fileformat == "dos" and "\r\n" or (bo.fileformat == "mac" and "\r" or "\n")
  local eol = #lines > 0 and (bo.eol or (bo.fixeol and not bo.binary))
  local tp = textpos.lines(lines, sep, 0, eol)
  return tp.text, tp, eol, sep
end
M.text_of = text_of

local function is_markdown(buf)
  return vim.bo[buf].filetype == "markdown" or api.nvim_buf_get_name(buf):lower():match("%.m[ark]*d[own]*$") ~= nil
end

---------------------------------------------------------------- listeners

-- A listener's error is reported (once per listener and message) and kept
-- in st.error for :checkhealth; the other listeners still run.
local reported = {}
local function report_listener(st, name, err)
  local msg = ("newsmark: the %s listener failed: %s"):format(tostring(name), tostring(err))
  st.error = msg
  if reported[msg] then
    return
  end
  reported[msg] = true
  vim.schedule(function()
    require("newsmark.notify").error(msg)
  end)
end
M._reported = reported -- tests clear it

M.listeners = { -- name -> function(bufnr, state, event), after each result
  diagnostics = function(buf) -- the editorial checks, once the buffer is quiet
    require("newsmark.diagnostics").schedule(buf)
  end,
  annotate = function(buf) -- the person's lexicon
    require("newsmark.annotate").on_flush(buf)
  end,
  lists = function(buf) -- open list windows, b:newsmark_status
    require("newsmark.lists").on_analysed(buf)
  end,
}

local function notify_listeners(st, event)
  st.generation = st.generation + 1
  st.error = nil
  for name, fn in pairs(M.listeners) do
    local ok, err = pcall(fn, st.buf, st, event)
    if not ok then
      report_listener(st, name, err)
    end
  end
end

---------------------------------------------------------------- edits

-- on_lines: below the edit the records move, over it they are stale.
-- st.stale_lo / stale_hi: the first and last record made stale since the
-- last result (the incremental split looks at the records between).
-- st.lines: the buffer's lines, kept up to date here (the lines an edit
-- changed read again), so that a request does not read them all; nil
-- when unknown (then the next request reads them all).
local function on_lines(st, first, last_old, last_new)
  local d = last_new - last_old
  local lines = st.lines
  if lines then
    local ok, new = pcall(api.nvim_buf_get_lines, st.buf, first, last_new, false)
    if not ok or last_old > #lines then
      st.lines = nil
    else
      local nold, nnew = last_old - first, #new
      for i = 1, math.min(nold, nnew) do
        lines[first + i] = new[i]
      end
      for _ = nnew + 1, nold do
        table.remove(lines, first + nnew + 1)
      end
      for i = nold + 1, nnew do
        table.insert(lines, first + i, new[i])
      end
    end
  end
  local lo, hi = st.stale_lo, st.stale_hi
  local before -- the last record above the edit
  for i, rec in ipairs(st.paras) do
    if rec.srow >= last_old then
      rec.srow, rec.erow = rec.srow + d, rec.erow + d
    elseif rec.erow >= first then -- (touching: a join or split)
      rec.stale = true
      lo, hi = math.min(lo or i, i), math.max(hi or i, i)
    end
    if rec.srow < first then
      before = i
    end
  end
  -- An edit between records (lines put in the blank rows after a record or
  -- before the next one) lies in the bytes of the record above it, which
  -- reach to the next record: the incremental split must look there again
  -- (`grown`: not clean, but kept when it draws the same). Else a paragraph
  -- pasted above an identical one, whose text comparison puts the change
  -- after the pasted text, was taken into the record above as clean.
  if before and not st.paras[before].stale then
    st.paras[before].grown = true
    lo, hi = math.min(lo or before, before), math.max(hi or before, before)
  end
  st.stale_lo, st.stale_hi = lo, hi
end

---------------------------------------------------------------- results

-- The records can be made incrementally (newsmark.buffer_paras.split's
-- `inc`) when the text was analysed on the worker thread and the last
-- records were made from the result of an earlier job (st.snap), the
-- person's decisions merged into each (doc:merge_into): then only what
-- job:diff says changed is read.
local function incremental(st, job)
  local doc = st.doc
  if M.incremental == false or not job or st.full or not st.snap or st.snap == job then
    return nil
  end
  local d = job:diff(st.snap, doc.text, st.snap_text, doc.input or doc.text, st.snap_input)
  -- (half the budget for making records: drawing them takes about as long)
  return d and { job = job, diff = d, stale_lo = st.stale_lo, stale_hi = st.stale_hi,
    deadline = M.SPLIT_BUDGET and vim.loop.hrtime() + M.SPLIT_BUDGET * 0.5e6 } or nil
end

-- Apply the document's result for the text of changedtick `tick`.
local function apply(st, tick, tp)
  local doc = st.doc
  -- the records' ids of the last result, before they are split again, and
  -- before a new merge changes the job they are read from (the same job when
  -- only the decisions changed)
  M.ensure_ids(st)
  local ok, job = pcall(doc.finish, doc)
  local inc, r, lost, merged
  if ok and job then -- (the decisions merged into the job, for its readers)
    local mok, mjob, mlost = pcall(doc.merge_into, doc, job)
    merged = mok and mjob ~= nil
    lost = merged and mlost or nil
  end
  if ok then
    inc = merged and incremental(st, job) or nil
    if not inc then
      ok, r, lost = pcall(doc.result, doc)
    end
  else
    r = job
  end
  if not ok then
    st.error = tostring(r)
    st.snap = nil
    return false
  end
  if inc then -- (st.result is read from the job when asked for: see State.__index)
    st.result, st.lost, st.lazy = nil, lost, job
  else
    st.result, st.lost, st.lazy = r, lost, nil
  end
  st.tp, st.tick = tp, tick
  if merged then
    st.snap, st.snap_text, st.snap_input = job, doc.text, doc.input or doc.text
  else
    st.snap, st.snap_text, st.snap_input = nil, nil, nil
  end
  if st.full then
    for _, rec in ipairs(st.paras) do
      rec.stale = true
    end
  end
  local o = opts()
  local recs, new, gone, relinked, pending, deferred = paras.split(st.paras, tp, r, doc.input, o.labels, inc)
  if not recs then -- (the incremental split declined: see buffer_paras.split)
    ok, r, lost = pcall(doc.result, doc)
    if not ok then
      st.error = tostring(r)
      st.snap = nil
      return false
    end
    st.result, st.lost, st.lazy = r, lost, nil
    recs, new, gone, relinked = paras.split(st.paras, tp, r, doc.input, o.labels)
  end
  if st.full then
    render.clear(st.buf)
    for _, rec in ipairs(gone) do
      rec.marks = nil
    end
  end
  paras.draw(st.buf, new, gone, o)
  st.paras, st.full = recs, false
  st.stale_lo, st.stale_hi = nil, nil
  if pending and #pending > 0 then
    st.ids_pending = { job = inc.job, list = pending, i = 1 }
    vim.schedule(function()
      M.ensure_ids(st)
    end)
  end
  st.redo = deferred or nil
  if deferred then
    M.stale_range(st)
    M.redo_soon(st)
  end
  if relinked or #new > 0 or #gone > 0 then
    st.links = st.links + 1 -- (the checks cache their document-wide part by it)
  end
  st.last_drawn = #new
  st.flushes = st.flushes + 1
  notify_listeners(st, { new = new, gone = gone })
  collect.soon() -- (the collector's work, on the idle turns that follow)
  return true
end

-- Read the records' ids the incremental split left for later (see
-- newsmark.buffer_paras.resolve_ids), for at most `budget` ms (nil: all).
-- `st`: a state or a buffer number. True when none is left.
function M.ensure_ids(st, budget)
  if type(st) ~= "table" then
    st = states[(st == nil or st == 0) and api.nvim_get_current_buf() or st]
  end
  local p = st and st.ids_pending
  if not p then
    return true
  end
  local done = paras.resolve_ids(p, opts().labels, budget and vim.loop.hrtime() + budget * 1e6 or nil)
  if done and st.ids_pending == p then
    st.ids_pending = nil
  end
  return done
end

-- Make the records the last split left for later (buffer_paras.split's
-- deadline: their old records are kept, stale), for at most `budget` ms
-- (nil: all). `st`: a state or a buffer number. True when none is left.
-- Whoever reads the records (the checks) calls it first.
function M.ensure_records(st, budget)
  if type(st) ~= "table" then
    st = states[(st == nil or st == 0) and api.nvim_get_current_buf() or st]
  end
  if not st or not st.redo or st.detached or not st.snap or not st.tp then
    if st then
      st.redo = nil
    end
    return true
  end
  if not api.nvim_buf_is_valid(st.buf) or api.nvim_buf_get_changedtick(st.buf) ~= st.tick then
    -- edited since: on_lines moved and marked the records (rows of the new
    -- text); the next result's split makes them (they are stale)
    return true
  end
  M.ensure_ids(st)
  local o = opts()
  local inc = {
    job = st.snap, diff = { dirty = {}, relink = {}, from = math.huge, to = -1 },
    -- (half the budget: drawing what was made takes about as long)
    stale_lo = 1, stale_hi = #st.paras, deadline = budget and vim.loop.hrtime() + budget * 0.5e6,
  }
  local recs, new, gone, relinked, pending, deferred = paras.split(st.paras, st.tp, nil, st.snap_input, o.labels, inc)
  if not recs then -- (declined: from the whole result)
    for _, rec in ipairs(st.paras) do
      rec.stale = true
    end
    recs, new, gone, relinked = paras.split(st.paras, st.tp, st.result, st.snap_input, o.labels)
    deferred, pending = nil, nil
  end
  paras.draw(st.buf, new, gone, o)
  st.paras = recs
  if relinked or #new > 0 or #gone > 0 then
    st.links = st.links + 1
  end
  if pending and #pending > 0 then
    st.ids_pending = { job = st.snap, list = pending, i = 1 }
  end
  st.redo = deferred or nil
  st.stale_lo, st.stale_hi = nil, nil
  if deferred then
    M.stale_range(st)
  end
  return not deferred
end

-- st.stale_lo / stale_hi over the records left stale for later (the next
-- split must not take them for clean).
function M.stale_range(st)
  local lo, hi
  for i, rec in ipairs(st.paras) do
    if rec.stale then
      lo, hi = lo or i, i
    end
  end
  st.stale_lo, st.stale_hi = lo, hi
end

-- The records left for later are made in steps on the next turns of the
-- event loop (each within M.SPLIT_BUDGET ms).
function M.redo_soon(st)
  vim.schedule(function()
    if st.redo and not st.detached and not M.ensure_records(st, M.SPLIT_BUDGET) then
      M.redo_soon(st)
    end
  end)
end

local function model_of(st)
  local model, err = require("newsmark.core").model(opts().model_dir)
  if not model then
    st.error = err
  end
  return model
end

-- Give the document the buffer's text and decisions. Returns the text's
-- positions, or nil when nothing changed; then the changedtick, the text,
-- its lines when they are joined by "\n" (nil otherwise), and whether it
-- ends with a line break.
local function feed(st)
  local tick = api.nvim_buf_get_changedtick(st.buf)
  local fresh = tick ~= st.tick or st.full
  if not fresh then
    return nil, tick
  end
  local cached = not st.full and st.lines or nil
  local text, tp, eol, sep = text_of(st.buf, cached)
  if not cached or #cached ~= #tp.lines then -- read afresh: kept from now on
    local copy = {} -- (tp.lines is kept by the result and the markdown cache)
    for i, l in ipairs(tp.lines) do
      copy[i] = l
    end
    st.lines = copy
  end
  local md = is_markdown(st.buf)
  if md ~= st.doc.markdown then
    st.doc.markdown = md
    st.doc:set_text("") -- read differently: analysed again
  end
  st.doc:set_decisions(require("newsmark.annotate").decisions(st.buf, tp))
  return tp, tick, text, sep == "\n" and tp.lines or nil, eol
end

local function async_for(text)
  if M.force then
    return M.force == "async"
  end
  return #text > (opts().sync_bytes or M.SYNC_BYTES)
end

-- Analyse what changed and draw it now (waiting for a running job).
-- Safe to call at any time: a detached or unloaded buffer is left alone.
function M.flush(st)
  if st.detached or states[st.buf] ~= st then
    return false
  end
  if not api.nvim_buf_is_valid(st.buf) or not api.nvim_buf_is_loaded(st.buf) then
    st:destroy()
    return false
  end
  stop(st.poll)
  st.poll = nil
  local model = model_of(st)
  if not model then
    return false
  end
  if model ~= st.doc.model then -- a new model (trained, reloaded)
    st.doc:cancel()
    st.doc.model = model
    st.doc:set_text("")
  end
  local tp, tick, text, lines, eol = feed(st)
  if not tp then
    return true -- nothing changed since the last result
  end
  if st.doc.text ~= text or not (st.doc.machine or st.doc.job or st.doc.finished) then
    if async_for(text) and document.can_async(model) then
      -- on the worker thread all the same (apply waits for it): its job is
      -- what the next edit's result is compared with (incremental records)
      st.doc:start(text, lines, eol)
    else
      st.doc:set_text(text)
    end
    st.analyses = st.analyses + 1
  end
  st.job_tick, st.job_tp = nil, nil
  return apply(st, tick, tp)
end

-- The running job is done: apply its result, unless the text changed since
-- (the edit that changed it scheduled a newer request).
local function finish_job(st)
  local tick, tp = st.job_tick, st.job_tp
  stop(st.poll)
  st.poll, st.job_tick, st.job_tp = nil, nil, nil
  if api.nvim_buf_is_valid(st.buf) and api.nvim_buf_get_changedtick(st.buf) == tick then
    return apply(st, tick, tp)
  end
  return false
end
M._finish_job = finish_job

-- Start the analysis of the current text; small texts are done at once,
-- longer ones polled until the worker is done.
local function request(st)
  if st.detached or not api.nvim_buf_is_valid(st.buf) or not api.nvim_buf_is_loaded(st.buf) then
    return
  end
  local tp, tick, text, lines, eol = feed(st)
  if not tp then
    return
  end
  if not async_for(text) or st.doc.model ~= model_of(st) or not document.can_async(st.doc.model) then
    return M.flush(st)
  end
  if st.doc.text ~= text then
    st.analyses = st.analyses + 1
  end
  st.doc:start(text, lines, eol) -- (cancels a job of an older text)
  st.job_tick, st.job_tp = tick, tp
  stop(st.poll)
  st.poll = vim.loop.new_timer()
  st.poll:start(M.POLL, M.POLL, vim.schedule_wrap(function()
    if not st.detached and st.job_tick == tick and st.doc:ready() then
      finish_job(st)
    end
  end))
end
M._request = request

local function schedule(st)
  if st.detached then
    return
  end
  if not st.timer then
    st.timer = vim.loop.new_timer()
  end
  st.timer:stop()
  st.timer:start(opts().debounce, 0, vim.schedule_wrap(function()
    request(st)
  end))
end

---------------------------------------------------------------- keymaps

local KEYMAPS = {
  next_entity = { "entity", 1, "Next entity" },
  prev_entity = { "entity", -1, "Previous entity" },
  next_quote = { "quote", 1, "Next quote" },
  prev_quote = { "quote", -1, "Previous quote" },
  next_mention = { "mention", 1, "Next mention of the entity under the cursor" },
  prev_mention = { "mention", -1, "Previous mention of the entity under the cursor" },
  next_unattributed = { "unattributed", 1, "Next quote with no speaker" },
  prev_unattributed = { "unattributed", -1, "Previous quote with no speaker" },
}

local function set_keymaps(st)
  local km = opts().keymaps
  st.keymaps = {}
  if not km then
    return
  end
  for name, lhs in pairs(km) do
    if lhs then
      local rhs
      local spec = KEYMAPS[name]
      if spec then
        rhs = function()
          require("newsmark.nav").jump(spec[1], spec[2] * vim.v.count1)
        end
      elseif name == "info" then
        rhs = function()
          require("newsmark.info").open()
        end
      end
      if rhs then
        vim.keymap.set("n", lhs, rhs, { buffer = st.buf, silent = true, desc = "newsmark: " .. (spec and spec[3] or "Info at the cursor") })
        st.keymaps[#st.keymaps + 1] = lhs
      end
    end
  end
end

local function del_keymaps(st)
  if not api.nvim_buf_is_valid(st.buf) then
    return
  end
  for _, lhs in ipairs(st.keymaps or {}) do
    pcall(vim.keymap.del, "n", lhs, { buffer = st.buf })
  end
  st.keymaps = {}
end

---------------------------------------------------------------- attach

local function bufnr(buf)
  return (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
end

-- Attach to `buf` and analyse it now. Returns true, or false and a reason.
function M.attach(buf)
  buf = bufnr(buf)
  if states[buf] then
    return true
  end
  if not api.nvim_buf_is_valid(buf) or not api.nvim_buf_is_loaded(buf) then
    return false, "newsmark: buffer " .. buf .. " is not loaded"
  end
  local o = opts()
  if o.max_size > 0 then
    local size = api.nvim_buf_get_offset(buf, api.nvim_buf_line_count(buf))
    if size > o.max_size then
      return false, ("newsmark: buffer %d is %d bytes, above max_size (%d): not attached"):format(buf, size, o.max_size)
    end
  end
  local model, err = require("newsmark.core").model(o.model_dir)
  if not model then
    return false, err
  end
  render.define_highlights()
  local st = setmetatable({
    buf = buf,
    doc = document.new(model, { markdown = is_markdown(buf) }),
    paras = {},
    full = true,
    tick = -1,
    analyses = 0,
    flushes = 0,
    last_drawn = 0,
    generation = 0,
    links = 0,
    keymaps = {},
  }, State)
  states[buf] = st
  api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, _, first, last_old, last_new)
      if st.detached then
        return true -- detach this callback
      end
      on_lines(st, first, last_old, last_new)
      schedule(st)
    end,
    on_reload = function()
      if not st.detached then
        st.lines = nil
        st.full = true
        schedule(st)
      end
    end,
    on_detach = function()
      st:destroy()
    end,
  })
  set_keymaps(st)
  M.flush(st)
  return true
end

-- Detach from `buf`: stop analysing, remove highlights and keymaps.
function M.detach(buf)
  buf = bufnr(buf)
  local st = states[buf]
  if not st then
    return false
  end
  st:destroy()
  del_keymaps(st)
  for name, fn in pairs(M.detach_listeners) do
    local ok, err = pcall(fn, buf)
    if not ok then
      report_listener(st, name, err)
    end
  end
  return true
end

M.detach_listeners = {
  diagnostics = function(buf)
    require("newsmark.diagnostics").clear(buf)
  end,
  annotate = function(buf)
    require("newsmark.annotate").on_detach(buf)
  end,
  lists = function(buf)
    require("newsmark.lists").on_detach(buf)
  end,
}

function M.is_attached(buf)
  return states[bufnr(buf)] ~= nil
end

function M.state(buf)
  return states[bufnr(buf)]
end

-- Work a result defers until the buffer is quiet: name -> function(bufnr).
M.deferred = {
  diagnostics = function(buf)
    require("newsmark.diagnostics").flush(buf)
  end,
}

function M.run_deferred(buf)
  buf = bufnr(buf)
  for _, fn in pairs(M.deferred) do
    pcall(fn, buf)
  end
end

-- A function of a buffer's state from a function of a buffer (false when
-- the buffer is not attached).
local function on_state(fn)
  return function(buf, ...)
    local st = M.state(buf)
    if not st then
      return false
    end
    return fn(st, ...)
  end
end

-- Analyse now whatever is pending (tests, commands that need fresh results),
-- and run the deferred work too unless `deferred` is false.
M.sync = on_state(function(st, deferred)
  if st.timer then
    st.timer:stop()
  end
  local ok = M.flush(st)
  if ok and deferred ~= false then
    M.run_deferred(st.buf)
  end
  return ok
end)

-- Wait (up to `ms`) until the asynchronous analysis of `buf` has been
-- applied, letting the event loop run (specs; the result arrives as in the
-- editor). True when nothing is pending.
M.settle = on_state(function(st, ms)
  return vim.wait(ms or 5000, function()
    return st.detached or (st.job_tick == nil and (st.timer == nil or not st.timer:is_active()))
  end, 1)
end)

-- A refresh asked for from anywhere (a listener, a command): the buffer is
-- marked for a full analysis at once (nothing reads it as up to date) and
-- refreshed once, scheduled, never inside a running flush.
M.request_refresh = on_state(function(st)
  st.full = true
  if not st.refresh_requested then
    st.refresh_requested = true
    vim.schedule(function()
      st.refresh_requested = nil
      if states[st.buf] == st then
        M.refresh(st.buf)
      end
    end)
  end
  return true
end)

-- Analyse again and redraw everything (after a change of options, of the
-- person's lexicon or of the decisions).
M.refresh = on_state(function(st)
  st.doc.text, st.doc.machine, st.doc.merged, st.doc.finished = "", nil, nil, nil -- nothing reused
  st.doc:cancel()
  st.snap = nil
  st.full = true
  return M.flush(st)
end)

-- Merge the decisions again and redraw what changed (no new analysis).
M.decisions_changed = on_state(function(st)
  st.tick = -1
  return M.flush(st)
end)

---------------------------------------------------------------- get()

local function out_span(tp, text, x, id)
  local r1, c1 = tp.pos(x.start)
  local r2, c2 = tp.pos(x.finish)
  return { row = r1, col = c1, end_row = r2, end_col = c2, text = text:sub(x.start + 1, x.finish), id = id }
end

-- A get()-shaped table (rows and columns) of result `r` of the text of `tp`.
function M.to_rows(r, tp, text)
  local labels = opts().labels
  local names = paras.speaker_names(text, r)
  local entities, quotes = {}, {}
  for _, e in ipairs(r.entities) do
    if labels[e.label] ~= false then
      local x = out_span(tp, text, e, e.id)
      x.label, x.manual = e.label, e.manual or nil
      entities[#entities + 1] = x
    end
  end
  for _, q in ipairs(r.quotes) do
    local x = out_span(tp, text, q)
    x.type, x.rule = q.type, q.rule
    if q.parts and #q.parts > 1 then
      x.parts = {}
      for k, p in ipairs(q.parts) do
        x.parts[k] = out_span(tp, text, p)
      end
    end
    x.flags = {}
    for k, v in pairs(q.flags or {}) do
      x.flags[k] = v
    end
    if q.speaker then
      local id = (q.speaker.id or 0) > 0 and q.speaker.id or nil
      x.speaker = out_span(tp, text, q.speaker, id)
      x.speaker.name = id and names[id] or nil -- the entity's name (a pronoun resolved)
    end
    if q.cue then
      x.cue = out_span(tp, text, q.cue)
    end
    quotes[#quotes + 1] = x
  end
  return { entities = entities, quotes = quotes }
end

-- The numbers of b:newsmark_status: distinct entities, quotes, quotes with
-- no speaker, of the buffer's one result (from the core job when the result
-- was not read whole); nil when there is none.
function M.counts(buf)
  local st = M.state(buf)
  if not st then
    return nil
  end
  local job = rawget(st, "lazy")
  if job then
    return job:status_counts()
  end
  local r = st.result
  if not r then
    return nil
  end
  local ids, n = {}, 0
  for _, e in ipairs(r.entities) do
    if not ids[e.id] then
      ids[e.id] = true
      n = n + 1
    end
  end
  local none = 0
  for _, q in ipairs(r.quotes) do
    if not q.speaker then
      none = none + 1
    end
  end
  return n, #r.quotes, none
end

-- The public result table (see require("newsmark").get): the one result,
-- the person's decisions applied.
function M.get(buf)
  local st = M.state(buf)
  if not st or not st.result then
    return st and { entities = {}, quotes = {} } or nil
  end
  return M.to_rows(st.result, st.tp, st.doc.text)
end

-- The machine's own result (no decisions applied), get()-shaped.
function M.machine_get(buf)
  local st = M.state(buf)
  if not st or not st.result then
    return nil
  end
  return M.to_rows(st.doc:machine_result(), st.tp, st.doc.text)
end

-- get() for the readers that do not change what they get (jumps, the info
-- float): the same table until the next result. Treat it as read-only.
function M.get_shared(buf)
  local st = M.state(buf)
  if not st then
    return nil
  end
  if st.shared and st.shared_key == st.generation then
    return st.shared
  end
  st.shared, st.shared_key = M.get(buf), st.generation
  return st.shared
end

return M
