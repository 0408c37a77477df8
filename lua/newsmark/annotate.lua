-- newsmark.annotate: the person's corrections in the editor.
--
--   :Newsmark mark {LABEL}       the visual selection is an entity of LABEL
--   :Newsmark unmark             the entity under the cursor is not one (your
--                                own mark there: the mark is deleted)
--   :Newsmark relabel {LABEL} [entity|mention]  the entity under the cursor
--                                has another label: every mention with its
--                                id (default), or this mention only
--   :Newsmark merge [next|prev]  the entity under the cursor and another one
--                                are the same entity (no argument: pick one)
--   :Newsmark never [document|all]          never tag this text
--   :Newsmark always {LABEL} [document|all] always tag this text with LABEL
--   :Newsmark undo / redo        take back the last decision / make it again
--   :Newsmark decisions          the buffer's decisions in a list window
--
-- The decisions themselves are made by newsmark.decide (no editor inside;
-- the language server makes the same ones); this module anchors them in the
-- buffer and keeps the undo history (per buffer, while it is loaded).
--
-- Decisions live in a brat sidecar (newsmark.sidecar) written on every
-- :write and restored when the buffer is attached; while the buffer is open
-- each decision is an extmark (namespace "newsmark_manual") that moves with
-- the text. The buffer's document (newsmark.buffer, newsmark.document)
-- takes them with doc:set_decisions (M.decisions), so highlights,
-- navigation, lists and exports all see the person's decisions. Decisions for all documents go
-- to the person's lexicon file (newsmark.lexicon), which the core loads.
local M = {}
local api = vim.api

local S = require("newsmark.sidecar")
local X = require("newsmark.export")

-- No JIT here and for the merge this module runs after every analysis (as
-- in buffer.lua: API calls and string patterns abort traces, and recording
-- them costs 10-30 ms at random moments). bin/newsmark, which does not load
-- this module, keeps newsmark.export compiled.
if jit and jit.off then
  jit.off(true, true)
  require("newsmark.textpos").jit_off(X)
end

M.ns = api.nvim_create_namespace("newsmark_manual") -- anchors, no highlight

local states = {} -- bufnr -> state
M.states = states

local function notify(msg, level)
  require("newsmark.notify").notify(msg, level or vim.log.levels.INFO)
end

local function opts()
  return require("newsmark.config").options.annotations
    or require("newsmark.config").defaults.annotations
end

---------------------------------------------------------------- text and positions

-- The buffer's text as it is (or will be) on disk, with byte <-> (row, col)
-- (newsmark.textpos: d.text, d.lines, d.off(row, col), d.pos(off)).
local function doc_of(buf)
  local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  local sep = vim.bo[buf].fileformat == "dos" and "\r\n" or "\n"
  local d = require("newsmark.textpos").lines(lines, sep)
  d.text = d.text .. sep
  return d
end
M._doc_of = doc_of

local function sidecar_path(buf)
  local name = api.nvim_buf_get_name(buf)
  if name == "" or vim.bo[buf].buftype ~= "" then
    return nil
  end
  return S.path_for(name)
end

---------------------------------------------------------------- state

local function set_anchor(buf, d, s, f)
  local r1, c1 = d.pos(s)
  local r2, c2 = d.pos(f)
  return api.nvim_buf_set_extmark(buf, M.ns, r1, c1, { end_row = r2, end_col = c2 })
end

-- Current byte span of a decision (nil when it has no anchor any more).
local function span_of(buf, d, ann)
  if not ann.mark then
    return nil
  end
  local m = api.nvim_buf_get_extmark_by_id(buf, M.ns, ann.mark, { details = true })
  if not m or not m[1] then
    return nil
  end
  local s = d.off(m[1], m[2])
  local f = d.off(m[3].end_row or m[1], m[3].end_col or m[2])
  return s, f
end

local function report_lost(st, lost)
  if #lost == 0 then
    return
  end
  local parts = {}
  for _, a in ipairs(lost) do
    parts[#parts + 1] = ("%s %s %q"):format(a.tid, a.never and "Never" or a.label, a.text)
  end
  notify(
    ("%d annotation(s) of %s could not be re-anchored (the text is gone) and stay in the file: %s"):format(
      #lost,
      vim.fn.fnamemodify(st.path or "?", ":~:."),
      table.concat(parts, "; ")
    ),
    vim.log.levels.WARN
  )
end

-- (Re)load the sidecar of `buf` and anchor its decisions in the buffer.
function M.load(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
  local st = { buf = buf, anns = {}, lost = {}, equivs = {}, extra = {}, moved = 0, existed = false }
  states[buf] = st
  st.path = sidecar_path(buf)
  if not st.path or opts().sidecar == false then
    return st
  end
  local sc, err = S.read(st.path)
  if err then
    st.corrupt = err
    notify(
      ("cannot use the annotation sidecar %s\n(it will not be overwritten until it is fixed or removed, then :edit)"):format(err),
      vim.log.levels.ERROR
    )
    return st
  end
  if not sc then
    return st
  end
  st.existed = true
  st.equivs, st.extra = sc.equivs, sc.extra
  local d = doc_of(buf)
  local off = S.offsets(d.text)
  for _, a in ipairs(sc.anns) do
    local s, f, moved = S.locate(d.text, a, off)
    if s then
      a.mark = set_anchor(buf, d, s, f)
      if moved then
        st.moved = st.moved + 1
      end
      st.anns[#st.anns + 1] = a
    else
      st.lost[#st.lost + 1] = a
    end
  end
  report_lost(st, st.lost)
  return st
end

function M.state(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return states[buf]
end

local function ensure(buf)
  return states[buf] or M.load(buf)
end

-- The sidecar contents of `buf` now (decisions at their current places).
-- `d` (optional): the buffer's text now and its positions (a
-- newsmark.textpos.lines with `text`), when the caller has them. `bytes`:
-- the decisions' places as byte offsets of d.text (`bstart`, `bfinish`)
-- instead of the sidecar's character offsets (newsmark.export.decisions
-- reads either; the character offsets of the whole text are not counted).
function M.snapshot(buf, d, bytes)
  local st = ensure(buf)
  d = d or doc_of(buf)
  local off = not bytes and S.offsets(d.text) or nil
  local sc = { anns = {}, equivs = st.equivs, extra = st.extra }
  local live = {}
  for _, a in ipairs(st.anns) do
    local s, f = span_of(buf, d, a)
    if s and f > s then -- text deleted in the editor: the decision goes with it
      live[#live + 1] = a
      local text = d.text:sub(s + 1, f)
      if a.scope ~= "document" then
        a.text = text
      end
      local x = { tid = a.tid, label = a.label, never = a.never, scope = a.scope, text = a.scope == "document" and a.text or text }
      if bytes then
        x.bstart, x.bfinish = s, f
      else
        x.start, x.finish = off.to_char(s), off.to_char(f)
      end
      sc.anns[#sc.anns + 1] = x
    elseif a.mark then
      pcall(api.nvim_buf_del_extmark, buf, M.ns, a.mark)
    end
  end
  st.anns = live
  for _, a in ipairs(st.lost) do -- kept exactly as they were read
    sc.anns[#sc.anns + 1] = a
  end
  return sc
end

-- Write the sidecar of `buf` (to the one of `path` when given: :w other.md).
-- Returns true, or nil and a message (already shown).
function M.save(buf, path)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = states[buf]
  if not st or opts().sidecar == false then
    return true
  end
  local target = path and S.path_for(path) or st.path
  if not target then
    return true
  end
  if st.corrupt and target == st.path then
    notify(("annotations not saved: %s (fix or remove it, then :edit)"):format(st.corrupt), vim.log.levels.WARN)
    return nil, st.corrupt
  end
  local sc = M.snapshot(buf)
  if #sc.anns == 0 and #sc.equivs == 0 and #sc.extra == 0 and not st.existed and vim.fn.filereadable(target) == 0 then
    return true -- nothing to keep, no file to update
  end
  local ok, err = S.write(target, sc)
  if not ok then
    notify("annotations not saved: " .. err .. " (the previous sidecar is unchanged)", vim.log.levels.ERROR)
    return nil, err
  end
  if target == st.path then
    st.existed = true
  end
  return true
end

---------------------------------------------------------------- decisions in force

-- The decisions of `buf` for newsmark.document (doc:set_decisions): the
-- sidecar's contents at the decisions' current places; nil when there are
-- none (or annotations are off). `d` (optional, see M.snapshot): the text
-- the document is given, with its positions; the places are then its bytes.
function M.decisions(buf, d)
  if opts().enabled == false then
    return nil
  end
  local st = ensure(buf)
  if #st.anns == 0 and #st.lost == 0 and #st.equivs == 0 then
    return nil
  end
  return M.snapshot(buf, d, d ~= nil)
end

-- buffer.listeners.annotate: after every analysis of an attached buffer.
function M.on_flush(buf)
  if opts().enabled == false then
    return
  end
  -- the person's lexicon, loaded into the shared model on first use
  local model = require("newsmark.core").model(require("newsmark.config").options.model_dir)
  if require("newsmark.lexicon").ensure_applied(model) then
    -- analysed before it was loaded: again, after this flush
    require("newsmark.buffer").request_refresh(buf)
  end
end

-- buffer.detach_listeners.annotate
-- The person's decisions (state and anchor extmarks) stay while the buffer
-- lives, so detaching and attaching again (setup(), :Newsmark disable, a
-- filetype change) never loses unsaved ones; BufWipeout/BufDelete forget them.
function M.on_detach(buf)
  if not api.nvim_buf_is_valid(buf) then
    states[buf] = nil
  end
end

-- Draw again after a decision changed (no new analysis: the document merges
-- the decisions again).
local function redraw(buf)
  require("newsmark.buffer").decisions_changed(buf)
end

-- After a command: show it, and save at once when the buffer matches its file.
local function changed(buf)
  redraw(buf)
  require("newsmark.lists").decisions_update(buf)
  local st = states[buf]
  if st and st.path and not vim.bo[buf].modified and vim.fn.filereadable(api.nvim_buf_get_name(buf)) == 1 then
    M.save(buf)
  end
end

---------------------------------------------------------------- decisions

-- Every decision is made by newsmark.decide on the sidecar's data (the
-- language server makes the same ones); here the buffer's decisions are
-- taken out (M.snapshot), changed, and anchored again.
local Dc = require("newsmark.decide")

local function check_label(label)
  local ok, err = Dc.check_label(label)
  if not ok then
    error("newsmark: " .. err, 0)
  end
  return label
end

local function usable(buf)
  if not require("newsmark.buffer").is_attached(buf) then
    error(require("newsmark.notify").not_attached(buf), 0)
  end
  local st = ensure(buf)
  if st.corrupt then
    error(("newsmark: %s — fix or remove the sidecar, then :edit"):format(st.corrupt), 0)
  end
  require("newsmark.buffer").sync(buf)
  return st
end

-- The buffer's decisions become those of sc, anchored at their places in d.
local function set_sidecar(buf, st, d, sc)
  api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
  st.anns, st.lost, st.equivs = {}, {}, sc.equivs
  local off = S.offsets(d.text)
  for _, a in ipairs(sc.anns) do
    local s, f = S.locate(d.text, a, off)
    if s then
      a.mark = set_anchor(buf, d, s, f)
      st.anns[#st.anns + 1] = a
    else
      st.lost[#st.lost + 1] = a
    end
  end
end

-- The undo history of `buf` (newsmark.decide.history), while it is loaded.
function M.history(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = ensure(buf)
  st.history = st.history or Dc.history()
  return st.history
end

-- Make a decision: fn(d, sc) -> change | nil, message (newsmark.decide).
-- Applies it, records it for :Newsmark undo, says what it did in one line.
local function decide(buf, fn, record)
  local st = usable(buf)
  local d = doc_of(buf)
  local sc = M.snapshot(buf)
  local ch, err = fn(d, sc)
  if not ch then
    error("newsmark: " .. tostring(err), 0)
  end
  set_sidecar(buf, st, d, sc)
  if st.batch and record ~= false then
    st.batch[#st.batch + 1] = ch -- recorded (and said) when the batch ends
    changed(buf)
    return ch
  end
  if record ~= false then
    M.history(buf):record(ch)
  end
  changed(buf)
  notify(ch.message)
  return ch
end

-- Run fn() making several decisions in `buf` as one: one entry of the undo
-- history, and one line said (message(n), n = the decisions made), also
-- when fn fails half-way (what was done stays, and is undone at once).
function M.batch(buf, fn, message)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = ensure(buf)
  local outer = st.batch
  st.batch = {}
  local ok, res = pcall(fn)
  local done = st.batch
  st.batch = outer
  if #done > 0 then
    local msg = type(message) == "function" and message(#done) or message
    local ch = Dc.combine(done, msg)
    if outer then
      outer[#outer + 1] = ch
    else
      M.history(buf):record(ch)
      notify(ch.message)
    end
  end
  if not ok then
    error(res, 0)
  end
  return res
end

-- A get() span (rows, columns) as bytes of d.text, with its entity fields.
local function bytes(d, x)
  return {
    start = d.off(x.row, x.col), finish = d.off(x.end_row, x.end_col),
    label = x.label, id = x.id, manual = x.manual, text = x.text,
  }
end

local function entities_bytes(d, res)
  local out = {}
  for i, x in ipairs(res and res.entities or {}) do
    out[i] = bytes(d, x)
  end
  return out
end

-- Mark [row, col) .. (end_row, end_col) (0-based, end exclusive) as LABEL.
function M.mark(buf, range, label)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  check_label(label)
  local ch = decide(buf, function(d, sc)
    return Dc.mark(d.text, sc, d.off(range[1], range[2]), d.off(range[3], range[4]), label)
  end)
  return ch.added[#ch.added]
end

-- The entity (of get(), decisions applied) under the cursor of the current window.
local function entity_under_cursor(buf)
  local res = require("newsmark.buffer").get(buf)
  local c = api.nvim_win_get_cursor(0)
  local e = res and require("newsmark.nav").entity_at(res, c[1] - 1, c[2])
  if not e then
    error("newsmark: no entity under the cursor", 0)
  end
  return e, res
end

-- A decision about the entity under the cursor of `buf`'s window:
-- fn(d, sc, e, res) makes it (e: the entity, res: get()'s result).
local function decide_on_entity(buf, fn)
  usable(buf)
  local e, res = entity_under_cursor(buf)
  decide(buf, function(d, sc)
    return fn(d, sc, e, res)
  end)
  return true
end

-- The entity under the cursor is not one: the person's own mark there is
-- deleted; a mark of the tagger gets a Never on exactly its span.
function M.unmark(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return decide_on_entity(buf, function(d, sc, e)
    local machine = require("newsmark.buffer").machine_get(buf)
    return Dc.unmark(d.text, sc, bytes(d, e), entities_bytes(d, machine))
  end)
end

-- The entity under the cursor gets LABEL: every mention with its id
-- (scope "entity", the default) or this mention only ("mention").
function M.relabel(buf, label, scope)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  check_label(label)
  if scope ~= nil and scope ~= "entity" and scope ~= "mention" then
    error(("newsmark: relabel scope must be 'entity' or 'mention' (got '%s')"):format(tostring(scope)), 0)
  end
  return decide_on_entity(buf, function(d, sc, e, res)
    return Dc.relabel(d.text, sc, entities_bytes(d, res), bytes(d, e), label, scope)
  end)
end

-- Join the entity under the cursor with `other` (an entity of get()).
function M.merge_with(buf, other)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return decide_on_entity(buf, function(d, sc, e)
    return Dc.merge(d.text, sc, bytes(d, e), bytes(d, other))
  end)
end

-- :Newsmark merge [next|prev]: the other entity is the next (previous)
-- mention with another id (of the same label when there is one), or picked
-- with vim.ui.select.
function M.merge(buf, which)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  usable(buf)
  local e, res = entity_under_cursor(buf)
  local others, seen = {}, {}
  for _, x in ipairs(res.entities) do
    if x.id ~= e.id then
      others[#others + 1] = x
    end
  end
  if #others == 0 then
    error("newsmark: no other entity to merge with", 0)
  end
  local function after(x)
    return x.row > e.row or (x.row == e.row and x.col >= e.end_col)
  end
  if which == "next" or which == "prev" then
    -- the nearest one of the same label (any label when there is none)
    local same_label = vim.tbl_filter(function(x)
      return x.label == e.label
    end, others)
    if #same_label > 0 then
      others = same_label
    end
    local pick
    if which == "next" then
      for _, x in ipairs(others) do
        if after(x) then
          pick = x
          break
        end
      end
    else
      for _, x in ipairs(others) do
        if not after(x) and (x.row < e.row or (x.row == e.row and x.end_col <= e.col)) then
          pick = x
        end
      end
    end
    if not pick then
      error(("newsmark: no %s entity to merge with"):format(which == "next" and "next" or "previous"), 0)
    end
    return M.merge_with(buf, pick)
  elseif which ~= nil then
    error(("newsmark: merge takes 'next', 'prev' or nothing (got '%s')"):format(which), 0)
  end
  local choices = {}
  for _, x in ipairs(others) do -- one choice per entity id
    if not seen[x.id] then
      seen[x.id] = true
      choices[#choices + 1] = x
    end
  end
  vim.ui.select(choices, {
    prompt = ("Merge %q with:"):format(e.text),
    format_item = function(x)
      return ("%s (%s, line %d)"):format(x.text, x.label, x.row + 1)
    end,
  }, function(choice)
    if choice then
      local ok, err = pcall(M.merge_with, buf, choice)
      if not ok then
        notify(tostring(err):gsub("^newsmark: ", ""), vim.log.levels.ERROR)
      end
    end
  end)
  return true
end

-- The text a never/always applies to: the range, else the entity under the
-- cursor, else the word under it. Returns byte span.
local function target_span(buf, range)
  local d = doc_of(buf)
  if range then
    local s, f = Dc.trim(d.text, d.off(range[1], range[2]), d.off(range[3], range[4]))
    if f > s then
      return d, s, f
    end
  end
  local ok, e = pcall(entity_under_cursor, buf)
  if ok and e then
    return d, d.off(e.row, e.col), d.off(e.end_row, e.end_col)
  end
  local c = api.nvim_win_get_cursor(0)
  local s, f = Dc.word_at(d.text, d.off(c[1] - 1, c[2]))
  if not s then
    error("newsmark: nothing under the cursor (select the text)", 0)
  end
  return d, s, f
end

local function check_scope(scope)
  scope = scope or opts().scope
  if scope ~= "document" and scope ~= "all" then
    error(("newsmark: scope must be 'document' or 'all' (got '%s')"):format(tostring(scope)), 0)
  end
  return scope
end

local function refresh_all()
  for b in pairs(require("newsmark.buffer").states) do
    require("newsmark.buffer").refresh(b)
  end
end

-- The person's lexicon gets `label` for `text` (nil: the entry goes);
-- the shared model loads it again.
local function set_lexicon(path, text, label)
  local lexicon = require("newsmark.lexicon")
  local ok, err = lexicon.set(path, text, label)
  if not ok then
    error("newsmark: " .. err, 0)
  end
  local lok, lerr = lexicon.apply()
  if not lok then
    notify(lerr, vim.log.levels.WARN)
  end
  refresh_all()
end


-- never / always: label nil = never.
local function rule(buf, label, scope, range)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  scope = check_scope(scope)
  usable(buf)
  local d, s, f = target_span(buf, range)
  if scope == "all" then
    local text = d.text:sub(s + 1, f)
    local lexicon = require("newsmark.lexicon")
    local path = lexicon.path()
    local before = lexicon.label_of(path, text)
    set_lexicon(path, text, label or "NEVER")
    -- undone through the history like the others: it holds the lexicon entry before
    notify(M.history(buf):record(Dc.lexicon_rule(text, label or "NEVER", path, before)).message)
    return true
  end
  decide(buf, function(_, sc)
    return Dc.rule(d.text, sc, s, f, label)
  end)
  return true
end

function M.never(buf, scope, range)
  return rule(buf, nil, scope, range)
end

function M.always(buf, label, scope, range)
  check_label(label)
  return rule(buf, label, scope, range)
end

---------------------------------------------------------------- taking back

-- Undo (redo) the last decision of `buf`: the sidecar's, or an entry of
-- the person's lexicon made with `all`.
local function undo_redo(buf, redo)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local h = M.history(buf)
  local inv = h:lexicon_step(redo, function(path, text, label)
    usable(buf)
    set_lexicon(path, text, label)
  end)
  if inv then
    notify(inv.message)
    return inv
  end
  return decide(buf, function(d, sc)
    if redo then
      return h:redo(d.text, sc)
    end
    return h:undo(d.text, sc)
  end, false)
end

function M.undo(buf)
  return undo_redo(buf, false)
end

function M.redo(buf)
  return undo_redo(buf, true)
end

-- The decisions of `buf` (newsmark.decide.list items, in text order).
function M.list(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  ensure(buf)
  local d = doc_of(buf)
  local machine = require("newsmark.buffer").machine_get(buf)
  return Dc.list(d.text, M.snapshot(buf), entities_bytes(d, machine)), d
end

-- Delete one decision (an item of M.list); recorded, so :Newsmark undo brings it back.
function M.remove(buf, item)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return decide(buf, function(d, sc)
    return Dc.remove(d.text, sc, item)
  end)
end

---------------------------------------------------------------- export

-- Export the current buffer (decisions merged) as fmt; to `path` when given,
-- else into a new scratch buffer. Returns the text.
function M.export(buf, fmt, path)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  if not vim.tbl_contains(X.formats, fmt or "") then
    error(("newsmark: export format must be one of %s (got '%s')"):format(table.concat(X.formats, ", "), tostring(fmt)), 0)
  end
  local buffer = require("newsmark.buffer")
  if not buffer.is_attached(buf) then
    error(require("newsmark.notify").not_attached(buf), 0)
  end
  -- The buffer's one result (newsmark.document, as bin/newsmark annotate
  -- gives it for the same text and sidecar), brought up to date.
  local model = require("newsmark.core").model(require("newsmark.config").options.model_dir)
  buffer.sync(buf, false)
  local bst = buffer.state(buf)
  local name = api.nvim_buf_get_name(buf)
  local out, err = X.format(fmt, bst.doc.text, bst.result, {
    model = model,
    file = name ~= "" and vim.fn.fnamemodify(name, ":.") or nil,
  })
  if not out then
    error("newsmark: " .. err, 0)
  end
  if path and path ~= "" then
    path = vim.fn.fnamemodify(vim.fn.expand(path), ":p")
    local ok, werr = S.write(path, out)
    if not ok then
      error("newsmark: export failed: " .. werr, 0)
    end
    notify(("exported %s to %s"):format(fmt, vim.fn.fnamemodify(path, ":~:.")))
  else
    vim.cmd("new")
    local nb = api.nvim_get_current_buf()
    vim.bo[nb].buftype = "nofile"
    vim.bo[nb].bufhidden = "wipe"
    local lines = vim.split(out, "\n", true)
    if lines[#lines] == "" then
      lines[#lines] = nil
    end
    api.nvim_buf_set_lines(nb, 0, -1, false, lines)
    vim.bo[nb].modified = false
    notify(("exported %s into a new window (%d line%s; :write it where you want it)"):format(
      fmt, #lines, #lines == 1 and "" or "s"))
  end
  return out
end

---------------------------------------------------------------- autocommands

local group = api.nvim_create_augroup("newsmark_annotate", { clear = true })

api.nvim_create_autocmd("BufWritePost", {
  group = group,
  desc = "newsmark: save the annotation sidecar",
  callback = function(a)
    local st = states[a.buf]
    if st then
      local target = a.file ~= "" and vim.fn.fnamemodify(a.file, ":p") or nil
      if target and target == vim.fn.fnamemodify(api.nvim_buf_get_name(a.buf), ":p") then
        target = nil
        -- the buffer may have been renamed (:saveas, :file, a first :w NAME):
        -- its sidecar goes next to its new name
        local now = sidecar_path(a.buf)
        if now and now ~= st.path and not st.corrupt then
          st.path, st.existed = now, vim.fn.filereadable(now) == 1
        end
      end
      M.save(a.buf, target)
    end
  end,
})

api.nvim_create_autocmd("BufReadPost", {
  group = group,
  desc = "newsmark: reload the annotation sidecar",
  callback = function(a)
    if states[a.buf] then
      M.load(a.buf)
      require("newsmark.buffer").decisions_changed(a.buf)
    end
  end,
})

api.nvim_create_autocmd({ "BufWipeout", "BufDelete" }, {
  group = group,
  desc = "newsmark: forget annotation state",
  callback = function(a)
    states[a.buf] = nil
  end,
})

-- The person's decisions in buffer `buf` with its text, for training
-- (:Newsmark train), or nil when the buffer has no annotation state:
-- { count = number of decisions, corrupt = the sidecar could not be read,
-- text = the buffer's text as on disk, sidecar = its sidecar contents now
-- (nil when corrupt) }.
function M.training_data(buf)
  local st = states[buf]
  if not st then
    return nil
  end
  return {
    count = #st.anns + #st.lost + #st.equivs,
    corrupt = st.corrupt and true or false,
    text = doc_of(buf).text,
    sidecar = not st.corrupt and M.snapshot(buf) or nil,
  }
end

-- The buffers with annotation state, in number order.
function M.buffers()
  local list = vim.tbl_keys(states)
  table.sort(list)
  return list
end

return M
