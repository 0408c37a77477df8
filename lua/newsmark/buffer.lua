-- newsmark.buffer: attach to buffers, debounce, incremental re-analysis.
--
-- A buffer's state keeps its paragraphs in document order. Each paragraph
-- record holds its rows, its (masked) text, the core's analysis of that text
-- (`an`, immutable, shared between records with equal text), the extmarks
-- drawn for it and the document-wide entity ids from the last model:link().
--
-- on_lines keeps a mirror of the buffer's lines, moves the records below
-- the edit, marks those it touched stale and marks the prose blocks it
-- touched (and their neighbours) dirty (see "segments" below), then starts
-- the debounce timer. When it fires, only the dirty blocks are scanned for
-- paragraphs; a paragraph whose row and text did not change keeps its record
-- and extmarks, the others are analysed again (or take the analysis of an
-- old paragraph with the same text) and drawn. Document-wide ids come from
-- the core's linker (model:linker(), kept per buffer): it holds every
-- paragraph's mentions by handle, so a flush only removes the replaced
-- paragraphs' groups, adds the new ones and links again in C; it keeps ids
-- stable, so only records whose ids changed are touched (get() numbers them
-- as a fresh analysis would). When the new paragraphs mention exactly what
-- the replaced ones did, nothing is linked (the ids are copied). Without a
-- linker (an older core) model:link() runs over all mentions.
-- Large buffers are analysed around the visible rows first, the rest in
-- idle chunks (flush_chunk). The editorial checks (diagnostics.lua) are not
-- run by an analysis: it schedules them for when the buffer is quiet.
local M = {}

-- No JIT for this module (and the others of the keystroke path: prose,
-- render, diagnostics): their work is Neovim API calls and string
-- patterns, which LuaJIT cannot compile, so traces abort, and the
-- recording attempts cost more than they save, at random moments. In the
-- editor benchmark the interpreter halves the median work per edit and
-- removes the 10-30 ms outliers.
if jit and jit.off then
  jit.off(true, true)
  -- The same for newsmark.core's functions: every analysis calls its
  -- model() (here and in annotate.on_flush); compiled, that alone costs
  -- ~0.5 ms per edit in the benchmark. (This belongs in core.lua as
  -- `jit.off(true, true)`; repeating it there is harmless.)
  local ok, core = pcall(require, "newsmark.core")
  if ok and type(core) == "table" then
    for _, fn in pairs(core) do -- raw fields: the Lua functions only
      if type(fn) == "function" then
        pcall(jit.off, fn)
      end
    end
  end
end
local api = vim.api

local config = require("newsmark.config")
local render = require("newsmark.render")

local states = {} -- bufnr -> state
M.states = states

local function opts()
  return config.options
end

---------------------------------------------------------------- analysis

-- offset -> (row, col) relative to the paragraph's first line
local make_pos = require("newsmark.textpos").text_pos

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
      x.type, x.flags, x.rule = q.type, q.flags or {}, q.rule
      if q.parts and #q.parts > 1 then -- a split quotation: its parts, one quote
        x.parts = {}
        for k, p in ipairs(q.parts) do
          x.parts[k] = span(pos, text, p.start, p.finish)
        end
      end
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

-- The mentions of an analysis in link order (by start; entities before
-- speakers at the same start), with their link-ready tables and a signature
-- string: two analyses with equal signatures link the same way.
local function items_of(an)
  if an.items then
    return an.items
  end
  local items = {}
  for i, e in ipairs(an.entities) do
    items[#items + 1] = { e.start, "e", i, { text = e.text, label = e.label } }
  end
  for i, q in ipairs(an.quotes) do
    if q.speaker and not q.speaker.entity then
      items[#items + 1] = { q.speaker.start, "s", i, { text = q.speaker.text, label = "PERSON" } }
    end
  end
  table.sort(items, function(a, b)
    if a[1] ~= b[1] then
      return a[1] < b[1]
    end
    return a[2] < b[2]
  end)
  -- LABEL LEN TEXT per mention: what the core's linker reads (lk:add)
  local sig = {}
  for j, it in ipairs(items) do
    local m = it[4]
    sig[j] = m.label .. " " .. #m.text .. " " .. m.text
  end
  an.items, an.sig = items, table.concat(sig)
  return items
end

local function set_speaker_ids(rec)
  for i, q in ipairs(rec.an.quotes) do
    if q.speaker and q.speaker.entity then
      rec.sids[i] = rec.ids[q.speaker.entity]
    end
  end
end

-- Ids of a paragraph record from `ids` (in the order of its items).
local function set_ids(rec, ids)
  local rids, rsids = {}, {}
  for j, it in ipairs(rec.an.items) do
    if it[2] == "e" then
      rids[it[3]] = ids[j]
    else
      rsids[it[3]] = ids[j]
    end
  end
  rec.ids, rec.sids = rids, rsids
  set_speaker_ids(rec)
end

-- The ids of a record in the order of its items.
local function flat_ids(rec)
  local flat = {}
  for j, it in ipairs(rec.an.items) do
    flat[j] = it[2] == "e" and rec.ids[it[3]] or rec.sids[it[3]]
  end
  return flat
end

-- The core's linker of a buffer (model:linker(), when the core has one): it
-- keeps every paragraph's mentions by handle (rec.h) and links in C, so an
-- edit hands it only the paragraphs that changed. Nil without one.
local function linker_of(st, model)
  if st.lk and st.lk_model == model then
    return st.lk
  end
  st.lk, st.lk_model = nil, nil
  if not model.linker then
    return nil
  end
  local ok, lk = pcall(model.linker, model)
  if not ok or not lk then
    return nil
  end
  st.lk, st.lk_model = lk, model
  return lk
end

local function linker_add(lk, rec, keep_ids)
  items_of(rec.an)
  local h = lk:add(rec.an.sig, keep_ids and rec.ids and flat_ids(rec) or nil)
  if not h then
    return false
  end
  rec.h, rec.hl = h, lk
  return true
end

-- Give the linker the records that went and came (their handles). With
-- `new`, only those are added (with the ids they have) and no order is
-- made; else every record of the document is and the handles in document
-- order are returned.
local function linker_update(st, lk, gone, new)
  for _, rec in ipairs(gone) do
    if rec.h and rec.hl == lk then
      lk:remove(rec.h)
    end
    rec.h, rec.hl = nil, nil
  end
  if new then
    for _, rec in ipairs(new) do
      if not linker_add(lk, rec, true) then
        return nil
      end
    end
    return true
  end
  local order = {}
  for i, rec in ipairs(st.paras) do
    if rec.hl ~= lk and not linker_add(lk, rec, false) then
      return nil
    end
    order[i] = rec.h
  end
  return order
end

-- Document-wide ids through the core's linker: only the records whose ids
-- changed are touched. False when it could not (then link() does it all).
local function link_incremental(st, model, gone)
  local lk = linker_of(st, model)
  if not lk then
    return false
  end
  local ok, order = pcall(linker_update, st, lk, gone)
  local changed
  if ok and order then
    ok, changed = pcall(lk.link, lk, order)
  end
  if not ok or type(changed) ~= "table" then
    st.lk = nil -- start again with a new linker next time
    return false
  end
  local paras = st.paras
  for i, h in ipairs(order) do
    local ids = changed[h]
    if ids then
      set_ids(paras[i], ids)
    elseif not paras[i].ids then
      paras[i].ids, paras[i].sids = {}, {}
    end
  end
  st.links = (st.links or 0) + 1
  return true
end

-- Document-wide ids: model:link over all mentions in document order.
local function link(st, model)
  local mentions, n = {}, 0
  for _, rec in ipairs(st.paras) do
    for _, it in ipairs(items_of(rec.an)) do
      n = n + 1
      mentions[n] = it[4]
    end
  end
  local ids
  if model.link and n > 0 then
    local ok, res = pcall(model.link, model, mentions)
    if ok and type(res) == "table" then
      ids = res
    end
  end
  local i, next_id = 0, 0
  for _, rec in ipairs(st.paras) do
    local rids, rsids = {}, {}
    local fallback
    for _, it in ipairs(rec.an.items) do
      i = i + 1
      local kind, k = it[2], it[3]
      local id = ids and ids[i]
      if not id then -- no linker: ids unique per paragraph-local entity
        local item = kind == "e" and rec.an.entities[k] or rec.an.quotes[k].speaker
        fallback = fallback or {}
        local key = item.lid or ("s" .. k)
        if not fallback[key] then
          next_id = next_id + 1
          fallback[key] = next_id
        end
        id = fallback[key]
      end
      if kind == "e" then
        rids[k] = id
      else
        rsids[k] = id
      end
    end
    rec.ids, rec.sids = rids, rsids
    set_speaker_ids(rec)
  end
  st.links = (st.links or 0) + 1
end

-- When the paragraphs that replaced `old` mention exactly what `old`
-- mentioned, in the same order, the document's ids do not change: copy
-- them instead of linking again. True when it could.
local function reuse_ids(old, new)
  local a, b = {}, {}
  for _, rec in ipairs(old) do
    if not rec.ids then
      return false
    end
    items_of(rec.an)
    a[#a + 1] = rec.an.sig
  end
  for _, rec in ipairs(new) do
    items_of(rec.an)
    b[#b + 1] = rec.an.sig
  end
  if table.concat(a, "\2") ~= table.concat(b, "\2") then
    return false
  end
  -- the old records' ids in item order, handed to the new records in turn
  local flat, n = {}, 0
  for _, rec in ipairs(old) do
    local f = flat_ids(rec)
    for j = 1, #rec.an.items do
      flat[n + j] = f[j]
    end
    n = n + #rec.an.items
  end
  n = 0
  for _, rec in ipairs(new) do
    local ids = {}
    for j = 1, #rec.an.items do
      ids[j] = flat[n + j]
    end
    n = n + #rec.an.items
    set_ids(rec, ids)
  end
  return true
end

---------------------------------------------------------------- segments
--
-- st.lines mirrors the buffer's lines (kept up to date by on_lines).
-- st.segs partitions its rows into prose blocks and code (prose.segments).
-- An edit that changes no structural line (prose.is_structural) marks the
-- blocks it touches and their prose neighbours dirty; the flush scans only
-- those. Anything else (fences, front matter, reloads) rescans the
-- structure of the whole buffer, reusing every paragraph whose row and text
-- did not change.

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

-- Index of the segment holding `row` (the last one for rows past the end).
local function seg_at(segs, row)
  return require("newsmark.textpos").bisect(segs, row, "s")
end

-- Update the segments after lines [first, last_old) became [first, last_new).
local function edit_segments(st, first, last_old, last_new)
  local segs = st.segs
  if #segs == 0 then
    st.full_scan = true
    return
  end
  local d = last_new - last_old
  local i1 = seg_at(segs, first)
  local i2 = seg_at(segs, math.max(last_old, first + 1) - 1)
  local all_code, any_code = true, false
  for i = i1, i2 do
    if segs[i].kind == "code" then
      any_code = true
    else
      all_code = false
    end
  end
  local merged
  if all_code then
    if i1 ~= i2 then
      st.full_scan = true
      return
    end
    merged = segs[i1]
    merged.e = merged.e + d
  elseif any_code then
    st.full_scan = true
    return
  else
    if i1 > 1 and segs[i1 - 1].kind == "prose" then
      i1 = i1 - 1
    end
    if i2 < #segs and segs[i2 + 1].kind == "prose" then
      i2 = i2 + 1
    end
    merged = { s = segs[i1].s, e = segs[i2].e + d, kind = "prose", dirty = true }
  end
  local out = {}
  for i = 1, i1 - 1 do
    out[#out + 1] = segs[i]
  end
  if merged.e > merged.s then
    out[#out + 1] = merged
  end
  for i = i2 + 1, #segs do
    local g = segs[i]
    g.s, g.e = g.s + d, g.e + d
    out[#out + 1] = g
  end
  st.segs = out
end

-- on_lines: keep the mirror, the segments and the paragraphs' rows.
local function on_lines(st, first, last_old, last_new)
  local lines = st.lines
  local new = api.nvim_buf_get_lines(st.buf, first, last_new, false)
  local prose = require("newsmark.prose")
  if not st.full and not st.full_scan then
    if first < math.max(st.fm_end or 0, 1) then
      st.full_scan = true -- the first line or the front matter
    else
      for r = first + 1, last_old do
        if prose.is_structural(lines[r] or "") then
          st.full_scan = true
          break
        end
      end
      for _, l in ipairs(new) do
        if prose.is_structural(l) then
          st.full_scan = true
          break
        end
      end
    end
  end
  -- the mirror
  local d = last_new - last_old
  local n = #lines
  if d > 0 then
    for r = n, last_old + 1, -1 do
      lines[r + d] = lines[r]
    end
  elseif d < 0 then
    for r = last_old + 1, n do
      lines[r + d] = lines[r]
    end
    for r = n + d + 1, n do
      lines[r] = nil
    end
  end
  for i, l in ipairs(new) do
    lines[first + i] = l
  end
  -- paragraphs: below the edit they move, over it they are stale
  for _, rec in ipairs(st.paras) do
    if rec.srow >= last_old then
      rec.srow, rec.erow = rec.srow + d, rec.erow + d
    elseif rec.erow > first then
      rec.stale = true
    end
  end
  if not st.full and not st.full_scan then
    edit_segments(st, first, last_old, last_new)
  end
end

---------------------------------------------------------------- flushing

local function trim_recent(st)
  st.recent_n = (st.recent_n or 0) + 1
  if st.recent_n > 256 then
    st.recent, st.recent_n = {}, 0
  end
end

-- Records for the prose segment `seg` (rows of st.lines), reusing the
-- analyses of `by_text`.
local function scan_segment(st, seg, method, model, by_text, out)
  local prose = require("newsmark.prose")
  local lines = st.lines
  local stats = st.stats
  for _, sp in ipairs(prose.scan_block(lines, seg.s, seg.e, method)) do
    local p = prose.make_para(lines, sp[1], sp[2], sp[3])
    local an = by_text[p.text] or st.recent[p.text]
    if not an then
      an = M.analyze_text(model, p.text, p.masks)
      stats.analysed = stats.analysed + 1
    end
    out[#out + 1] = { srow = p.srow, erow = p.erow, text = p.text, an = an }
  end
  seg.scanned, seg.dirty = true, nil
end

local function by_srow(a, b)
  return a.srow < b.srow
end

-- Merge the sorted lists a and b of records.
local function merge_records(a, b)
  if #b == 0 then
    return a
  end
  local out, i, j = {}, 1, 1
  while i <= #a or j <= #b do
    if j > #b or (i <= #a and a[i].srow < b[j].srow) then
      out[#out + 1] = a[i]
      i = i + 1
    else
      out[#out + 1] = b[j]
      j = j + 1
    end
  end
  return out
end

-- Rows [r1, r2) the windows showing `buf` display, plus `margin`.
local function visible_rows(buf, margin)
  local r1, r2
  for _, win in ipairs(api.nvim_list_wins()) do
    if api.nvim_win_get_buf(win) == buf then
      local ok1, top = pcall(vim.fn.line, "w0", win)
      local ok2, bot = pcall(vim.fn.line, "w$", win)
      if ok1 and ok2 and top > 0 then
        r1 = math.min(r1 or math.huge, top - 1)
        r2 = math.max(r2 or 0, bot)
      end
    end
  end
  if not r1 then
    r1, r2 = 0, api.nvim_win_get_height(0)
  end
  return math.max(0, r1 - margin), r2 + margin
end

local schedule_chunks

-- Draw `new` records, undraw `gone`, link, tell the listeners.
local function finish(st, model, gone, new, relink)
  local buf, o = st.buf, opts()
  for _, rec in ipairs(gone) do
    if rec.marks then
      render.undraw(buf, rec.marks)
      rec.marks = nil
    end
    st.recent[rec.text] = rec.an
    trim_recent(st)
  end
  for _, rec in ipairs(new) do
    rec.marks = render.draw(buf, rec.srow, rec.an, o)
  end
  if not relink and reuse_ids(gone, new) then
    -- the ids did not change: the linker only learns the new handles
    local lk = st.lk
    if lk and st.lk_model == model then
      local ok, done = pcall(linker_update, st, lk, gone, new)
      if not ok or not done then
        st.lk = nil
      end
    end
  elseif not link_incremental(st, model, gone) then
    link(st, model)
  end
end

-- A listener's error is reported (once per listener and message, after the
-- running flush) and kept in st.error for :checkhealth; the other listeners
-- still run.
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

local function notify_listeners(st)
  st.generation = st.generation + 1
  st.error = nil
  if st.on_flush then
    st.on_flush(st)
  end
  for name, fn in pairs(M.listeners) do
    local ok, err = pcall(fn, st.buf, st)
    if not ok then
      report_listener(st, name, err)
    end
  end
end

-- The whole structure again: after attach, reloads, structural edits.
local function flush_full(st, model, method)
  local buf = st.buf
  local prose = require("newsmark.prose")
  local lines = st.lines
  st.fm_end = prose.front_matter_end(lines)
  local segs = prose.segments(lines)
  -- surviving records by row (their rows were kept up to date)
  local by_row, by_text = {}, {}
  for _, rec in ipairs(st.paras) do
    by_text[rec.text] = rec.an
    if not rec.stale and not st.full then
      by_row[rec.srow] = rec
    end
  end
  -- a large buffer is analysed around what the windows show first
  local lg = opts().large_buffer
  local r1, r2 = 0, math.huge
  if st.initial and lg.lines > 0 and #lines > lg.lines then
    r1, r2 = visible_rows(buf, lg.margin)
  end
  local fresh = {}
  for _, seg in ipairs(segs) do
    if seg.kind == "prose" then
      if seg.e > r1 and seg.s < r2 then
        scan_segment(st, seg, method, model, by_text, fresh)
      else
        seg.scanned = false
      end
    end
  end
  local keep, new, gone, paras = {}, {}, {}, {}
  for _, rec in ipairs(fresh) do
    local old = by_row[rec.srow]
    if old and old.text == rec.text and old.erow == rec.erow then
      keep[old] = true
      paras[#paras + 1] = old
    else
      new[#new + 1] = rec
      paras[#paras + 1] = rec
    end
  end
  for _, rec in ipairs(st.paras) do
    if not keep[rec] then
      gone[#gone + 1] = rec
    end
  end
  if st.full then
    render.clear(buf)
    for _, rec in ipairs(gone) do
      rec.marks = nil
    end
  end
  st.segs, st.paras = segs, paras
  finish(st, model, gone, new, true)
  st.full, st.full_scan, st.initial = false, false, false
  for _, seg in ipairs(segs) do
    if seg.scanned == false then
      st.pending = true
      schedule_chunks(st)
      break
    end
  end
end

-- Scan what on_lines marked dirty.
local function flush_dirty(st, model, method)
  local prose = require("newsmark.prose")
  local segs, out = {}, {}
  local gone_rows = {}
  for _, seg in ipairs(st.segs) do
    if seg.dirty then
      gone_rows[#gone_rows + 1] = { seg.s, seg.e }
      for _, b in ipairs(prose.segments(st.lines, seg.s, seg.e)) do
        segs[#segs + 1] = b
        if b.kind == "prose" then
          out[#out + 1] = b
        end
      end
    else
      segs[#segs + 1] = seg
    end
  end
  local keep, gone = {}, {}
  local by_text = {}
  for _, rec in ipairs(st.paras) do
    local stale = rec.stale
    if not stale then
      for _, g in ipairs(gone_rows) do
        if rec.srow >= g[1] and rec.srow < g[2] then
          stale = true
          break
        end
      end
    end
    if stale then
      gone[#gone + 1] = rec
      by_text[rec.text] = rec.an
    else
      keep[#keep + 1] = rec
    end
  end
  local scanned = {}
  for _, b in ipairs(out) do
    scan_segment(st, b, method, model, by_text, scanned)
  end
  -- a neighbour scanned again but unchanged keeps its record and extmarks
  local gone_at = {}
  for _, rec in ipairs(gone) do
    if not rec.stale then
      gone_at[rec.srow] = rec
    end
  end
  -- (the few records scanned are sorted and merged into the many kept)
  local new, kept, back = {}, {}, {}
  for _, rec in ipairs(scanned) do
    local old = gone_at[rec.srow]
    if old and old.text == rec.text and old.erow == rec.erow then
      kept[old] = true
      back[#back + 1] = old
    else
      new[#new + 1] = rec
      back[#back + 1] = rec
    end
  end
  if next(kept) then
    local g = {}
    for _, rec in ipairs(gone) do
      if not kept[rec] then
        g[#g + 1] = rec
      end
    end
    gone = g
  end
  table.sort(new, by_srow)
  table.sort(back, by_srow)
  st.segs = segs
  st.paras = merge_records(keep, back)
  finish(st, model, gone, new, false)
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
  if tick == st.tick and not st.full and not st.full_scan then
    return true -- nothing changed since the last analysis
  end
  local model, err = require("newsmark.core").model(opts().model_dir)
  if not model then
    st.error = err
    return false
  end
  local method = require("newsmark.prose").method(buf)
  st.stats = { analysed = 0 }
  if st.full then
    st.lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  end
  if st.full or st.full_scan or method ~= st.method then
    flush_full(st, model, method)
  else
    flush_dirty(st, model, method)
  end
  st.method = method
  st.tick = tick
  st.last_analysed = st.stats.analysed
  st.analyses = st.analyses + st.stats.analysed
  st.flushes = st.flushes + 1
  notify_listeners(st)
  return true
end

-- Analyse the next chunk of a large buffer's pending segments. True when
-- there is more to do.
local function flush_chunk(st, quiet)
  if st.detached or states[st.buf] ~= st or not st.pending then
    return false
  end
  if st.full or st.full_scan or st.tick ~= api.nvim_buf_get_changedtick(st.buf) then
    M.flush(st) -- edits first
  end
  local model = require("newsmark.core").model(opts().model_dir)
  if not model then
    return false
  end
  local method = st.method or require("newsmark.prose").method(st.buf)
  st.stats = { analysed = 0 }
  local budget = opts().large_buffer.chunk
  local new = {}
  local more = false
  for _, seg in ipairs(st.segs) do
    if seg.kind == "prose" and seg.scanned == false then
      if budget <= 0 then
        more = true
        break
      end
      scan_segment(st, seg, method, model, {}, new)
      budget = budget - (seg.e - seg.s)
    end
  end
  st.pending = more
  st.paras = merge_records(st.paras, new)
  finish(st, model, {}, new, true)
  st.analyses = st.analyses + st.stats.analysed
  st.chunks = (st.chunks or 0) + 1
  if not quiet then
    notify_listeners(st)
  end
  return more
end
M.flush_chunk = flush_chunk

schedule_chunks = function(st)
  if st.chunk_scheduled then
    return
  end
  st.chunk_scheduled = true
  vim.defer_fn(function()
    st.chunk_scheduled = false
    if flush_chunk(st) then
      schedule_chunks(st)
    end
  end, opts().large_buffer.delay)
end

M.listeners = { -- name -> function(bufnr, state), called after each analysis
  diagnostics = function(buf) -- the editorial checks, once the buffer is quiet
    require("newsmark.diagnostics").schedule(buf)
  end,
  annotate = function(buf) -- the person's decisions (sidecar, highlights)
    require("newsmark.annotate").on_flush(buf)
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
    segs = {},
    lines = {},
    recent = {},
    full = true,
    initial = true,
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
      if not st.full then
        on_lines(st, first, last_old, last_new)
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
}

function M.is_attached(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return states[buf] ~= nil
end

function M.state(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return states[buf]
end

-- Work an analysis defers until the buffer is quiet: name -> function(bufnr)
-- that does it now when it is pending.
M.deferred = {
  diagnostics = function(buf)
    require("newsmark.diagnostics").flush(buf)
  end,
}

-- Run the deferred work of `buf` now.
function M.run_deferred(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  for _, fn in pairs(M.deferred) do
    pcall(fn, buf)
  end
end

-- Analyse now whatever is pending (tests, commands that need fresh results),
-- and run the deferred work too unless `deferred` is false.
function M.sync(buf, deferred)
  local st = M.state(buf)
  if st then
    stop_timer(st)
    local ok = M.flush(st)
    if ok and st.pending then
      -- bounded: a chunk that cannot run (no model) must not hang the editor
      local guard = 0
      while st.pending and guard < 100000 do
        flush_chunk(st, true)
        guard = guard + 1
      end
      notify_listeners(st)
    end
    if ok and deferred ~= false then
      M.run_deferred(st.buf)
    end
    return ok
  end
  return false
end

-- refresh(), from code that may run inside a flush (a listener): the
-- buffer is marked for a full analysis at once (so nothing reads it as up
-- to date) and refreshed once, after the running flush, never inside it.
function M.request_refresh(buf)
  local st = M.state(buf)
  if not st then
    return false
  end
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
end

-- Forget all cached analyses and redraw (after a change of options).
function M.refresh(buf)
  local st = M.state(buf)
  if st then
    st.paras = {} -- no analysis is reused
    st.recent, st.recent_n = {}, 0 -- not even one kept from before an edit
    st.lk = nil -- nor the linker's groups
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

-- Ids as a fresh analysis numbers them: 1, 2, ... by first mention in link
-- order. (The linker keeps an entity's id stable across edits, so that an
-- edit touches few records; the numbers it hands out are its own.)
local function canonical_ids(st)
  local map, n = {}, 0
  for _, rec in ipairs(st.paras) do
    local ids, sids = rec.ids, rec.sids
    if ids then
      for _, it in ipairs(items_of(rec.an)) do
        local id
        if it[2] == "e" then
          id = ids[it[3]]
        else
          id = sids[it[3]]
        end
        if id and not map[id] then
          n = n + 1
          map[id] = n
        end
      end
    end
  end
  return map
end

-- The public result table (see require("newsmark").get).
function M.get(buf)
  local st = M.state(buf)
  if not st then
    return nil
  end
  local canon = canonical_ids(st)
  local entities, quotes = {}, {}
  for _, rec in ipairs(st.paras) do
    for i, e in ipairs(rec.an.entities) do
      local x = out_span(rec.srow, e, rec.ids and canon[rec.ids[i]])
      x.label = e.label
      entities[#entities + 1] = x
    end
    for i, q in ipairs(rec.an.quotes) do
      local x = out_span(rec.srow, q)
      x.id = nil
      x.type = q.type
      x.rule = q.rule
      if q.parts then
        x.parts = {}
        for k, p in ipairs(q.parts) do
          x.parts[k] = out_span(rec.srow, p)
          x.parts[k].id = nil
        end
      end
      x.flags = {}
      for k, v in pairs(q.flags) do
        x.flags[k] = v
      end
      if q.speaker then
        x.speaker = out_span(rec.srow, q.speaker, rec.sids and canon[rec.sids[i]])
      end
      if q.cue then
        x.cue = out_span(rec.srow, q.cue)
        x.cue.id = nil
      end
      quotes[#quotes + 1] = x
    end
  end
  local res = { entities = entities, quotes = quotes }
  if M.get_hook then -- the person's decisions win (newsmark.annotate.hook)
    res = M.get_hook(st.buf, res) or res
  end
  return res
end

-- get() for the readers that do not change what they get (jumps, the info
-- float): the same table while neither the analysis nor the person's
-- decisions changed, so that repeated jumps in a long annotated article do
-- not merge the whole document each time. Treat the result as read-only.
function M.get_shared(buf)
  local st = M.state(buf)
  if not st then
    return nil
  end
  local annotate = package.loaded["newsmark.annotate"]
  local ast = annotate and annotate.state(st.buf)
  local key = table.concat({
    st.generation, st.flushes, st.chunks or 0, st.tick or 0,
    ast and tostring(ast) or "-", ast and (ast.version or 0) or 0,
  }, ":")
  if st.shared and st.shared_key == key then
    return st.shared
  end
  local res = M.get(buf)
  st.shared, st.shared_key = res, key
  return res
end

M.get_hook = function(buf, res)
  local annotate = package.loaded["newsmark.annotate"]
  return annotate and annotate.hook(buf, res) or res
end

return M
