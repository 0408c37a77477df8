-- newsmark.buffer: attach to buffers, debounce, incremental re-analysis.
--
-- A buffer's state keeps its paragraphs in document order. Each paragraph
-- record holds its rows, its (masked) text, the core's analysis of that text
-- (`an`, immutable, shared between records with equal text), the extmarks
-- drawn for it and the document-wide entity ids from the last model:link().
--
-- on_lines only records the edit (rows first, last_old, last_new) and starts
-- the debounce timer. When it fires, the prose ranges are recomputed, every
-- paragraph that neither an edit touched nor changed text keeps its analysis
-- and its extmarks; the others are analysed again (or take the analysis of an
-- old paragraph with the same text) and redrawn; then model:link() assigns
-- ids over all mentions in document order.
local M = {}
local api = vim.api

local config = require("newsmark.config")
local render = require("newsmark.render")

local states = {} -- bufnr -> state
M.states = states

local MAX_EDITS = 200 -- more pending edits than this: redraw everything

local function opts()
  return config.options
end

---------------------------------------------------------------- analysis

-- A function mapping a byte offset of `text` to (row, col) relative to its
-- first line.
local function make_pos(text)
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
  local n = #starts
  return function(off)
    if n == 1 then
      return 0, off
    end
    local lo, hi = 1, n
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if starts[mid] <= off then
        lo = mid
      else
        hi = mid - 1
      end
    end
    return lo - 1, off - starts[lo]
  end
end

local function overlaps_mask(s, f, masks)
  for _, m in ipairs(masks) do
    if s < m[2] and m[1] < f then
      return true
    end
  end
  return false
end

local function span(pos, text, s, f)
  local r1, c1 = pos(s)
  local r2, c2 = pos(f)
  return { start = s, finish = f, rrow = r1, col = c1, rerow = r2, ecol = c2, text = text:sub(s + 1, f) }
end

-- Analyse one paragraph's text. Returns the immutable analysis `an`.
function M.analyze_text(model, text, masks)
  local r = model:analyze(text, { entities = true, quotes = true }) or {}
  local pos = make_pos(text)
  local labels = opts().labels
  local an = { text = text, masks = masks, pos = pos, entities = {}, quotes = {} }
  for _, e in ipairs(r.entities or {}) do
    if labels[e.label] ~= false and e.finish > e.start and not overlaps_mask(e.start, e.finish, masks) then
      local x = span(pos, text, e.start, e.finish)
      x.label, x.lid = e.label, e.id
      an.entities[#an.entities + 1] = x
    end
  end
  for _, q in ipairs(r.quotes or {}) do
    if q.finish > q.start then
      local x = span(pos, text, q.start, q.finish)
      x.type, x.flags = q.type, q.flags or {}
      if q.speaker and q.speaker.finish > q.speaker.start then
        x.speaker = span(pos, text, q.speaker.start, q.speaker.finish)
        x.speaker.lid = q.speaker.id
        -- the entity mention the speaker is, when there is one
        for i, e in ipairs(an.entities) do
          if e.start == q.speaker.start and e.finish == q.speaker.finish then
            x.speaker.entity = i
          end
        end
        if not x.speaker.entity and q.speaker.id then
          for i, e in ipairs(an.entities) do
            if e.lid == q.speaker.id then
              x.speaker.entity = i
              break
            end
          end
        end
      end
      if q.cue and q.cue.finish > q.cue.start then
        x.cue = span(pos, text, q.cue.start, q.cue.finish)
      end
      an.quotes[#an.quotes + 1] = x
    end
  end
  return an
end

-- Document-wide ids: model:link over all mentions in document order.
local function link(st, model)
  local mentions, refs = {}, {}
  for _, rec in ipairs(st.paras) do
    rec.ids, rec.sids = {}, {}
    local items = {}
    for i, e in ipairs(rec.an.entities) do
      items[#items + 1] = { e.start, "e", i, e }
    end
    for i, q in ipairs(rec.an.quotes) do
      if q.speaker and not q.speaker.entity then
        items[#items + 1] = { q.speaker.start, "s", i, q.speaker }
      end
    end
    table.sort(items, function(a, b)
      if a[1] ~= b[1] then
        return a[1] < b[1]
      end
      return a[2] < b[2]
    end)
    for _, it in ipairs(items) do
      mentions[#mentions + 1] = { text = it[4].text, label = it[4].label or "PERSON" }
      refs[#refs + 1] = { rec, it[2], it[3] }
    end
  end
  local ids
  if model.link and #mentions > 0 then
    local ok, res = pcall(model.link, model, mentions)
    if ok and type(res) == "table" then
      ids = res
    end
  end
  local next_id = 0
  for i, ref in ipairs(refs) do
    local rec, kind, k = ref[1], ref[2], ref[3]
    local id = ids and ids[i]
    if not id then -- no linker: ids unique per paragraph-local entity
      local item = kind == "e" and rec.an.entities[k] or rec.an.quotes[k].speaker
      rec._fallback = rec._fallback or {}
      local key = item.lid or ("s" .. k)
      if not rec._fallback[key] then
        next_id = next_id + 1
        rec._fallback[key] = next_id
      end
      id = rec._fallback[key]
    end
    if kind == "e" then
      rec.ids[k] = id
    else
      rec.sids[k] = id
    end
  end
  for _, rec in ipairs(st.paras) do
    rec._fallback = nil
    for i, q in ipairs(rec.an.quotes) do
      if q.speaker and q.speaker.entity then
        rec.sids[i] = rec.ids[q.speaker.entity]
      end
    end
  end
end

---------------------------------------------------------------- flushing

-- Where an old paragraph's first row is now, after `edits`; nil when an
-- edit touched it.
local function map_row(rec, edits)
  local s, e = rec.srow, rec.erow
  for _, ed in ipairs(edits) do
    local first, last_old, last_new = ed[1], ed[2], ed[3]
    if s >= last_old then
      local d = last_new - last_old
      s, e = s + d, e + d
    elseif e <= first then -- luacheck: ignore 542
      -- above the edit: unchanged
    else
      return nil
    end
  end
  return s
end

local function stop_timer(st)
  if st.timer then
    st.timer:stop()
    if not st.timer:is_closing() then
      st.timer:close()
    end
    st.timer = nil
  end
end

local function forget(st)
  stop_timer(st)
  st.detached = true
  if states[st.buf] == st then
    states[st.buf] = nil
  end
end

-- Analyse what changed and redraw it. Safe to call at any time: a detached,
-- deleted or unloaded buffer is left alone.
function M.flush(st)
  if st.detached or states[st.buf] ~= st then
    return false
  end
  local buf = st.buf
  if not api.nvim_buf_is_valid(buf) or not api.nvim_buf_is_loaded(buf) then
    forget(st)
    return false
  end
  local tick = api.nvim_buf_get_changedtick(buf)
  if tick == st.tick and not st.full then
    return true -- nothing changed since the last analysis
  end
  local core = require("newsmark.core")
  local model, err = core.model(opts().model_dir)
  if not model then
    st.error = err
    return false
  end
  local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  local paras = require("newsmark.prose").ranges(buf, lines)

  -- old records that survive, by their current first row
  local by_row, by_text = {}, {}
  for _, rec in ipairs(st.paras) do
    by_text[rec.text] = rec.an
    if not st.full then
      local row = map_row(rec, st.edits)
      if row then
        by_row[row] = rec
      end
    end
  end
  local keep = {}
  local new, analysed = {}, 0
  local o = opts()
  for i, p in ipairs(paras) do
    local old = by_row[p.srow]
    if old and old.text == p.text then
      old.srow, old.erow = p.srow, p.erow
      keep[old] = true
      new[i] = old
    else
      local an = by_text[p.text]
      if not an then
        an = M.analyze_text(model, p.text, p.masks)
        analysed = analysed + 1
      end
      new[i] = { srow = p.srow, erow = p.erow, text = p.text, an = an, marks = nil }
    end
  end
  -- undraw what is gone or changed, draw what is new
  for _, rec in ipairs(st.paras) do
    if not keep[rec] and rec.marks then
      render.undraw(buf, rec.marks)
    end
  end
  if st.full then
    render.clear(buf)
  end
  for _, rec in ipairs(new) do
    if not rec.marks then
      rec.marks = render.draw(buf, rec.srow, rec.an, o)
    end
  end
  st.paras = new
  link(st, model)
  st.edits = {}
  st.full = false
  st.tick = tick
  st.last_analysed = analysed
  st.analyses = st.analyses + analysed
  st.flushes = st.flushes + 1
  st.generation = st.generation + 1
  st.error = nil
  if st.on_flush then
    st.on_flush(st)
  end
  for _, fn in pairs(M.listeners) do
    pcall(fn, buf, st)
  end
  return true
end

M.listeners = { -- name -> function(bufnr, state), called after each analysis
  diagnostics = function(buf)
    require("newsmark.diagnostics").update(buf)
  end,
}

local function schedule(st)
  if st.detached then
    return
  end
  if not st.timer then
    st.timer = vim.loop.new_timer()
  end
  st.timer:stop()
  st.timer:start(
    opts().debounce,
    0,
    vim.schedule_wrap(function()
      if not st.detached then
        M.flush(st)
      end
    end)
  )
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

-- Attach to `buf` and analyse it now. Returns true, or false and a reason.
function M.attach(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
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
  local st = {
    buf = buf,
    paras = {},
    edits = {},
    full = true,
    tick = -1,
    analyses = 0,
    last_analysed = 0,
    flushes = 0,
    generation = 0,
  }
  states[buf] = st
  api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, _, first, last_old, last_new)
      if st.detached then
        return true -- detach this callback
      end
      if #st.edits >= MAX_EDITS then
        st.full = true
      else
        st.edits[#st.edits + 1] = { first, last_old, last_new }
      end
      schedule(st)
    end,
    on_reload = function()
      if not st.detached then
        st.full = true
        schedule(st)
      end
    end,
    on_detach = function()
      forget(st)
    end,
  })
  set_keymaps(st)
  M.flush(st)
  return true
end

-- Detach from `buf`: stop analysing, remove highlights and keymaps.
function M.detach(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = states[buf]
  if not st then
    return false
  end
  forget(st)
  del_keymaps(st)
  render.clear(buf)
  for _, fn in pairs(M.detach_listeners) do
    pcall(fn, buf)
  end
  return true
end

M.detach_listeners = {
  diagnostics = function(buf)
    require("newsmark.diagnostics").clear(buf)
  end,
}

function M.is_attached(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return states[buf] ~= nil
end

function M.state(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return states[buf]
end

-- Analyse now whatever is pending (tests, commands that need fresh results).
function M.sync(buf)
  local st = M.state(buf)
  if st then
    stop_timer(st)
    return M.flush(st)
  end
  return false
end

-- Forget all cached analyses and redraw (after a change of options).
function M.refresh(buf)
  local st = M.state(buf)
  if st then
    st.paras = {} -- no analysis is reused
    st.full = true
    return M.flush(st)
  end
  return false
end

---------------------------------------------------------------- results

local function out_span(srow, x, id)
  return {
    row = srow + x.rrow,
    col = x.col,
    end_row = srow + x.rerow,
    end_col = x.ecol,
    text = x.text,
    id = id,
  }
end

-- The public result table (see require("newsmark").get).
function M.get(buf)
  local st = M.state(buf)
  if not st then
    return nil
  end
  local entities, quotes = {}, {}
  for _, rec in ipairs(st.paras) do
    for i, e in ipairs(rec.an.entities) do
      local x = out_span(rec.srow, e, rec.ids and rec.ids[i])
      x.label = e.label
      entities[#entities + 1] = x
    end
    for i, q in ipairs(rec.an.quotes) do
      local x = out_span(rec.srow, q)
      x.id = nil
      x.type = q.type
      x.flags = {}
      for k, v in pairs(q.flags) do
        x.flags[k] = v
      end
      if q.speaker then
        x.speaker = out_span(rec.srow, q.speaker, rec.sids and rec.sids[i])
      end
      if q.cue then
        x.cue = out_span(rec.srow, q.cue)
        x.cue.id = nil
      end
      quotes[#quotes + 1] = x
    end
  end
  return { entities = entities, quotes = quotes }
end

return M
