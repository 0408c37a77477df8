-- newsmark.annotate: the person's corrections in the editor.
--
--   :Newsmark mark {LABEL}       the visual selection is an entity of LABEL
--   :Newsmark unmark             the entity under the cursor is not one
--   :Newsmark relabel {LABEL}    the entity under the cursor has another label
--   :Newsmark merge [next|prev]  the entity under the cursor and another one
--                                are the same entity (no argument: pick one)
--   :Newsmark never [document|all]          never tag this text
--   :Newsmark always {LABEL} [document|all] always tag this text with LABEL
--
-- Decisions live in a brat sidecar (newsmark.sidecar) written on every
-- :write and restored when the buffer is attached; while the buffer is open
-- each decision is an extmark (namespace "newsmark_manual") that moves with
-- the text. Merging with the machine's analysis (newsmark.export.merge) is
-- applied to get() through buffer.get_hook, so highlights, navigation, lists
-- and exports all see the person's decisions. Decisions for all documents go
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
  for _, fn in pairs(X) do
    if type(fn) == "function" then
      pcall(jit.off, fn)
    end
  end
end

M.ns = api.nvim_create_namespace("newsmark_manual") -- anchors, no highlight
M.ns_hl = api.nvim_create_namespace("newsmark_manual_hl") -- drawn decisions

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

local function next_tid(st)
  local used = {}
  for _, a in ipairs(st.anns) do
    used[a.tid] = true
  end
  for _, a in ipairs(st.lost) do
    used[a.tid] = true
  end
  for _, l in ipairs(st.extra) do
    local id = l:match("^(T%d+)\t")
    if id then
      used[id] = true
    end
  end
  local n = 1
  while used["T" .. n] do
    n = n + 1
  end
  return "T" .. n
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

local reset_view -- (drawing, below)

-- (Re)load the sidecar of `buf` and anchor its decisions in the buffer.
function M.load(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  if states[buf] and states[buf].view then
    reset_view(buf, states[buf], require("newsmark.buffer").state(buf))
  end
  api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
  api.nvim_buf_clear_namespace(buf, M.ns_hl, 0, -1)
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
function M.snapshot(buf)
  local st = ensure(buf)
  local d = doc_of(buf)
  local off = S.offsets(d.text)
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
      sc.anns[#sc.anns + 1] = {
        tid = a.tid, label = a.label, never = a.never, scope = a.scope,
        start = off.to_char(s), finish = off.to_char(f), text = a.scope == "document" and a.text or text,
      }
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

---------------------------------------------------------------- merging

-- buffer.get_hook: machine result -> result with the person's decisions.
function M.hook(buf, res)
  local st = states[buf]
  if not st or M._bypass or (#st.anns == 0 and #st.lost == 0) then
    return res
  end
  local d = doc_of(buf)
  local machine = {}
  for i, e in ipairs(res.entities) do
    machine[i] = { start = d.off(e.row, e.col), finish = d.off(e.end_row, e.end_col), label = e.label, id = e.id }
  end
  local decisions = {}
  for _, a in ipairs(st.anns) do
    local s, f = span_of(buf, d, a)
    if s and f > s then
      decisions[#decisions + 1] = {
        tid = a.tid, label = a.label, never = a.never, scope = a.scope, start = s, finish = f,
        text = a.scope == "document" and a.text or d.text:sub(s + 1, f),
      }
    end
  end
  for _, a in ipairs(st.lost) do
    if a.scope == "document" then
      decisions[#decisions + 1] = { tid = a.tid, label = a.label, never = a.never, scope = a.scope, text = a.text }
    end
  end
  local merged = X.merge(d.text, machine, decisions, st.equivs)
  local idmap = {}
  for _, e in ipairs(merged) do
    if e.orig then
      idmap[e.orig] = e.id
    end
  end
  local ents = {}
  local labels = require("newsmark.config").options.labels
  for _, e in ipairs(merged) do
    if e.manual == false or labels[e.label] ~= false then
      local r1, c1 = d.pos(e.start)
      local r2, c2 = d.pos(e.finish)
      ents[#ents + 1] = {
        row = r1, col = c1, end_row = r2, end_col = c2, label = e.label, id = e.id,
        text = d.text:sub(e.start + 1, e.finish), manual = e.manual or nil,
      }
    end
  end
  for _, q in ipairs(res.quotes) do
    if q.speaker and q.speaker.id and idmap[q.speaker.id] then
      q.speaker.id = idmap[q.speaker.id]
    end
  end
  return { entities = ents, quotes = res.quotes }
end

-- The machine's own result (no decisions applied).
local function machine_get(buf)
  M._bypass = true
  local ok, res = pcall(require("newsmark.buffer").get, buf)
  M._bypass = false
  return ok and res or nil
end

---------------------------------------------------------------- drawing
--
-- The overlay is drawn paragraph by paragraph: after an analysis only the
-- paragraph records (newsmark.buffer) that are new are looked at; each gets
-- the merge of its own machine entities with the decisions that touch it
-- (the rules of newsmark.export.merge, applied to the paragraph's text), its
-- overruled machine marks hidden and its manual entities drawn. A record
-- that went away takes its manual marks with it. When the decisions change
-- (a command, a reload) everything is drawn again. So an edit costs the
-- paragraphs it touched, whatever the size of the article; get() (on demand)
-- still merges the whole document, ids included.

-- The decisions in force, for drawing: `by_mark` (anchor extmark -> span
-- decision) and `rules` (document-wide decisions: rules on text, with or
-- without an anchor), each with its rank `i` (later beats earlier, as in
-- M.hook). Fixed while the decisions do not change (st.version).
local function decisions_of(st)
  local by_mark, rules = {}, {}
  for i, a in ipairs(st.anns) do
    if a.scope == "document" then
      rules[#rules + 1] = { i = i, tid = a.tid, label = a.label, never = a.never, scope = a.scope, text = a.text }
    elseif a.mark then
      by_mark[a.mark] = { i = i, a = a }
    end
  end
  for k, a in ipairs(st.lost) do
    if a.scope == "document" then -- after st.anns, as in M.hook
      rules[#rules + 1] = { i = #st.anns + k, tid = a.tid, label = a.label, never = a.never, scope = a.scope, text = a.text }
    end
  end
  return by_mark, rules
end

-- Hide the machine's mark of entity `m` (buffer rows) in render's namespace.
local function hide_machine(buf, render, m)
  local group = render.label_group[m.label] or "NewsmarkMisc"
  for _, x in ipairs(api.nvim_buf_get_extmarks(buf, render.ns, { m.row, m.col }, { m.row, m.col }, { details = true })) do
    local dd = x[4]
    if dd.hl_group == group and dd.end_row == m.end_row and dd.end_col == m.end_col then
      api.nvim_buf_del_extmark(buf, render.ns, x[1])
      return true
    end
  end
  return false
end

-- The overlay of one paragraph record. Returns { hl = {extmark ids}, hidden = bool }.
-- A span decision belongs to the record its start is in (an entity does not
-- cross a paragraph break: M.mark refuses that).
local function draw_record(buf, rec, view, render, cfg)
  local srow, erow = rec.srow, rec.erow
  local info = { hl = {}, hidden = false }
  local rules = view.rules
  local ds = {}
  if next(view.by_mark) then
    for _, m in ipairs(api.nvim_buf_get_extmarks(buf, M.ns, { srow, 0 }, { erow, 0 }, { details = true })) do
      local sp = view.by_mark[m[1]]
      local er, ec = m[4].end_row or m[2], m[4].end_col or m[3]
      if sp and m[2] < erow and (er > m[2] or (er == m[2] and ec > m[3])) then
        ds[#ds + 1] = { i = sp.i, a = sp.a, row = m[2], col = m[3], end_row = er, end_col = ec }
      end
    end
  end
  if #ds == 0 and #rules == 0 then
    return info
  end
  local para = require("newsmark.textpos").lines(api.nvim_buf_get_lines(buf, srow, erow, false), "\n", srow)
  local text, off, pos = para.text, para.off, para.pos
  local decisions = {}
  local order = {}
  for _, sp in ipairs(ds) do
    order[#order + 1] = sp
  end
  for _, r in ipairs(rules) do
    order[#order + 1] = r
  end
  -- the order of M.hook (later beats earlier)
  table.sort(order, function(x, y)
    return x.i < y.i
  end)
  for _, x in ipairs(order) do
    if x.a then
      local s, f = off(x.row, x.col), off(x.end_row, x.end_col)
      if f > s then
        decisions[#decisions + 1] = {
          tid = x.a.tid, label = x.a.label, never = x.a.never, scope = x.a.scope, start = s, finish = f,
        }
      end
    else
      decisions[#decisions + 1] = x
    end
  end
  local machine = {}
  for i, e in ipairs(rec.an.entities) do
    machine[i] = {
      start = off(srow + e.rrow, e.col), finish = off(srow + e.rerow, e.ecol), label = e.label, id = i,
      row = srow + e.rrow, col = e.col, end_row = srow + e.rerow, end_col = e.ecol,
    }
  end
  local merged = X.merge(text, machine, decisions, nil)
  local kept = {}
  for _, e in ipairs(merged) do
    if e.manual == false then
      kept[e.orig] = true
    end
  end
  for i, m in ipairs(machine) do
    if not kept[i] and hide_machine(buf, render, m) then
      info.hidden = true
    end
  end
  if cfg.highlight.entities then
    for _, e in ipairs(merged) do
      if e.manual and cfg.labels[e.label] ~= false then
        local r1, c1 = pos(e.start)
        local r2, c2 = pos(e.finish)
        local ok, id = pcall(api.nvim_buf_set_extmark, buf, M.ns_hl, r1, c1, {
          end_row = r2,
          end_col = c2,
          hl_group = render.label_group[e.label] or "NewsmarkMisc",
          priority = render.priority.entity + 5,
        })
        if ok then
          info.hl[#info.hl + 1] = id
        end
      end
    end
  end
  return info
end

-- Forget the overlay of `buf`: manual marks cleared, hidden machine marks of
-- the records still shown drawn again.
reset_view = function(buf, st, bst)
  local view = st.view
  st.view = nil
  api.nvim_buf_clear_namespace(buf, M.ns_hl, 0, -1)
  if not view or not bst or not api.nvim_buf_is_valid(buf) then
    return
  end
  local render = require("newsmark.render")
  local o = require("newsmark.config").options
  local shown = {}
  for _, rec in ipairs(bst.paras or {}) do
    shown[rec] = true
  end
  for rec, info in pairs(view.done) do
    if info.hidden and shown[rec] and rec.marks then
      render.undraw(buf, rec.marks)
      rec.marks = render.draw(buf, rec.srow, rec.an, o)
    end
  end
end

-- Decisions changed: the next update draws everything again.
local function touch(st)
  st.version = (st.version or 0) + 1
end

-- After each analysis: hide the machine's marks the person overruled and
-- draw the person's entities, for the paragraphs that are new.
function M.update(buf)
  local st = states[buf]
  if not st or not api.nvim_buf_is_valid(buf) then
    return
  end
  local bst = require("newsmark.buffer").state(buf)
  local view = st.view
  if view and (view.version ~= st.version or view.bst ~= bst) then
    reset_view(buf, st, view.bst == bst and bst or nil)
    view = nil
  end
  if not bst or (not view and #st.anns == 0 and #st.lost == 0) then
    return -- (no decisions: nothing drawn, nothing hidden)
  end
  if not view then
    view = { version = st.version, bst = bst, done = {}, gen = 0, records = 0 }
    view.by_mark, view.rules = decisions_of(st)
    st.view = view
  end
  local gen = view.gen + 1
  view.gen = gen
  local todo, done = {}, view.done
  for _, rec in ipairs(bst.paras) do
    local info = done[rec]
    if info then
      info.gen = gen
    else
      todo[#todo + 1] = rec
    end
  end
  for rec, info in pairs(done) do
    if info.gen ~= gen then -- the record went away (its machine marks too)
      for _, id in ipairs(info.hl) do
        pcall(api.nvim_buf_del_extmark, buf, M.ns_hl, id)
      end
      done[rec] = nil
    end
  end
  if #todo == 0 then
    return
  end
  local render = require("newsmark.render")
  local cfg = require("newsmark.config").options
  for _, rec in ipairs(todo) do
    local info = draw_record(buf, rec, view, render, cfg)
    info.gen = gen
    view.records = view.records + 1 -- records looked at since the last full drawing
    done[rec] = info
  end
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
    return
  end
  ensure(buf)
  M.update(buf)
end

-- buffer.detach_listeners.annotate
-- The person's decisions (state and anchor extmarks) stay while the buffer
-- lives, so detaching and attaching again (setup(), :Newsmark disable, a
-- filetype change) never loses unsaved ones; BufWipeout/BufDelete forget them.
function M.on_detach(buf)
  if api.nvim_buf_is_valid(buf) then
    api.nvim_buf_clear_namespace(buf, M.ns_hl, 0, -1)
    if states[buf] then
      states[buf].view = nil
    end
  else
    states[buf] = nil
  end
end

-- Draw again after a decision changed (no new analysis: cached ones are reused).
local function redraw(buf)
  if states[buf] then
    touch(states[buf])
  end
  local buffer = require("newsmark.buffer")
  local bst = buffer.state(buf)
  if bst then
    bst.full = true
    buffer.flush(bst)
  else
    M.update(buf)
  end
end

-- After a command: show it, and save at once when the buffer matches its file.
local function changed(buf)
  redraw(buf)
  local st = states[buf]
  if st and st.path and not vim.bo[buf].modified and vim.fn.filereadable(api.nvim_buf_get_name(buf)) == 1 then
    M.save(buf)
  end
end

---------------------------------------------------------------- decisions

local function check_label(label)
  if type(label) ~= "string" or not S.labels[label] then
    local names = vim.tbl_keys(S.labels)
    table.sort(names)
    error(("newsmark: unknown label '%s' (one of %s)"):format(tostring(label), table.concat(names, ", ")), 0)
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

-- Remove the span decisions of st overlapping [s, f) (bytes); returns how many.
local function drop_overlapping(buf, st, d, s, f)
  local keep, n = {}, 0
  for _, a in ipairs(st.anns) do
    local as, af = span_of(buf, d, a)
    if a.scope ~= "document" and as and as < f and s < af then
      pcall(api.nvim_buf_del_extmark, buf, M.ns, a.mark)
      n = n + 1
    else
      keep[#keep + 1] = a
    end
  end
  st.anns = keep
  return n
end

local function add(buf, st, d, s, f, fields)
  local a = {
    tid = next_tid(st), label = fields.label, never = fields.never or false,
    scope = fields.scope or "span", text = d.text:sub(s + 1, f),
  }
  a.mark = set_anchor(buf, d, s, f)
  st.anns[#st.anns + 1] = a
  return a
end

-- Trim white space off a byte span of d.text.
local function trim(d, s, f)
  while s < f and d.text:sub(s + 1, s + 1):find("%s") do
    s = s + 1
  end
  while f > s and d.text:sub(f, f):find("%s") do
    f = f - 1
  end
  return s, f
end

-- Mark [row, col) .. (end_row, end_col) (0-based, end exclusive) as LABEL.
function M.mark(buf, range, label)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  check_label(label)
  local st = usable(buf)
  local d = doc_of(buf)
  local s, f = trim(d, d.off(range[1], range[2]), d.off(range[3], range[4]))
  if f <= s then
    error("newsmark: nothing selected to mark", 0)
  end
  if d.text:sub(s + 1, f):find("\n[ \t\r]*\n") then
    error("newsmark: an entity cannot cross a paragraph break (select within one paragraph)", 0)
  end
  drop_overlapping(buf, st, d, s, f)
  local a = add(buf, st, d, s, f, { label = label })
  changed(buf)
  return a
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

function M.unmark(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = usable(buf)
  local e = entity_under_cursor(buf)
  local d = doc_of(buf)
  local s, f = d.off(e.row, e.col), d.off(e.end_row, e.end_col)
  drop_overlapping(buf, st, d, s, f)
  -- still an entity there (the machine's, or a document-wide decision)?
  for _, x in ipairs(M.hook(buf, machine_get(buf) or { entities = {}, quotes = {} }).entities) do
    local xs, xf = d.off(x.row, x.col), d.off(x.end_row, x.end_col)
    if xs < f and s < xf then
      add(buf, st, d, math.min(s, xs), math.max(f, xf), { never = true })
      break
    end
  end
  changed(buf)
  return true
end

function M.relabel(buf, label)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  check_label(label)
  usable(buf)
  local e = entity_under_cursor(buf)
  return M.mark(buf, { e.row, e.col, e.end_row, e.end_col }, label)
end

-- A span decision exactly on entity e (made when there is none yet).
local function ann_for(buf, st, d, e)
  local s, f = d.off(e.row, e.col), d.off(e.end_row, e.end_col)
  for _, a in ipairs(st.anns) do
    local as, af = span_of(buf, d, a)
    if a.scope ~= "document" and not a.never and as == s and af == f then
      return a
    end
  end
  return add(buf, st, d, s, f, { label = e.label })
end

-- Join the entity under the cursor with `other` (an entity of get()).
function M.merge_with(buf, other)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = usable(buf)
  local e = entity_under_cursor(buf)
  local d = doc_of(buf)
  local a, b = ann_for(buf, st, d, e), ann_for(buf, st, d, other)
  local group
  for _, g in ipairs(st.equivs) do
    for _, tid in ipairs(g) do
      if tid == a.tid or tid == b.tid then
        group = group or g
      end
    end
  end
  if not group then
    group = {}
    st.equivs[#st.equivs + 1] = group
  end
  for _, tid in ipairs({ a.tid, b.tid }) do
    if not vim.tbl_contains(group, tid) then
      group[#group + 1] = tid
    end
  end
  changed(buf)
  return true
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
    local s, f = trim(d, d.off(range[1], range[2]), d.off(range[3], range[4]))
    if f > s then
      return d, s, f
    end
  end
  local ok, e = pcall(entity_under_cursor, buf)
  if ok and e then
    return d, d.off(e.row, e.col), d.off(e.end_row, e.end_col)
  end
  local c = api.nvim_win_get_cursor(0)
  local line = d.lines[c[1]] or ""
  local s, f = c[2] + 1, c[2] + 1
  if not line:sub(s, s):find("[%w\128-\255]") then
    error("newsmark: nothing under the cursor (select the text)", 0)
  end
  while s > 1 and line:sub(s - 1, s - 1):find("[%w\128-\255'’-]") do
    s = s - 1
  end
  while f < #line and line:sub(f + 1, f + 1):find("[%w\128-\255'’-]") do
    f = f + 1
  end
  return d, d.off(c[1] - 1, s - 1), d.off(c[1] - 1, f)
end

local function check_scope(scope)
  scope = scope or opts().scope
  if scope ~= "document" and scope ~= "all" then
    error(("newsmark: scope must be 'document' or 'all' (got '%s')"):format(tostring(scope)), 0)
  end
  return scope
end

-- never / always: label nil = never.
local function rule(buf, label, scope, range)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  scope = check_scope(scope)
  local st = usable(buf)
  local d, s, f = target_span(buf, range)
  local text = d.text:sub(s + 1, f)
  if scope == "all" then
    local lexicon = require("newsmark.lexicon")
    local path = lexicon.path()
    local ok, err = lexicon.add(path, text, label or "NEVER")
    if not ok then
      error("newsmark: " .. err, 0)
    end
    local lok, lerr = lexicon.apply()
    if not lok then
      notify(lerr, vim.log.levels.WARN)
    end
    notify(("%q: %s in every document (%s)"):format(text, label or "never tagged", vim.fn.fnamemodify(path, ":~")))
    for b in pairs(require("newsmark.buffer").states) do
      require("newsmark.buffer").refresh(b)
    end
    return true
  end
  -- this document: one decision on the text, replacing others on the same text
  local keep = {}
  for _, a in ipairs(st.anns) do
    if a.scope == "document" and a.text == text then
      pcall(api.nvim_buf_del_extmark, buf, M.ns, a.mark)
    else
      keep[#keep + 1] = a
    end
  end
  st.anns = keep
  add(buf, st, d, s, f, { label = label, never = label == nil, scope = "document" })
  changed(buf)
  return true
end

function M.never(buf, scope, range)
  return rule(buf, nil, scope, range)
end

function M.always(buf, label, scope, range)
  check_label(label)
  return rule(buf, label, scope, range)
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
  -- The document model's result, as bin/newsmark annotate gives it for the
  -- same text and sidecar (newsmark.document): the whole text analysed as
  -- one document, the person's decisions merged.
  local model = require("newsmark.core").model(require("newsmark.config").options.model_dir)
  local d = doc_of(buf)
  local name = api.nvim_buf_get_name(buf)
  local markdown = vim.bo[buf].filetype == "markdown" or name:lower():match("%.m[ark]*d[own]*$") ~= nil
  local doc = require("newsmark.document").new(model, { markdown = markdown, quotes = fmt ~= "conll" })
  local r = doc:set_text(d.text):set_decisions(M.snapshot(buf)):result()
  local out, err = X.format(fmt, d.text, r, {
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
      M.update(a.buf)
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

-- The person's decisions in buffer `buf` for other modules (:Newsmark train),
-- or nil when the buffer has no annotation state: { count = number of
-- decisions, corrupt = the sidecar could not be read, text = the buffer's
-- text as on disk, sidecar = its sidecar contents now (nil when corrupt) }.
function M.decisions(buf)
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
