-- newsmark.decide: the person's decisions on a document, taken and taken
-- back, with no editor inside (no `vim` here): the editor's commands
-- (newsmark.annotate) and the language server's code actions make the same
-- decisions through it and write the same brat sidecar (newsmark.sidecar).
--
--   local D = require("newsmark.decide")
--   local sc = D.empty()                     -- or S.read(path) / S.parse(content)
--   -- text: the document's text as on disk; spans are byte offsets (0-based,
--   -- end exclusive) into it; an entity `e` is one of the document's result
--   -- (newsmark.document doc:result(), decisions applied): {start=, finish=,
--   -- label=, id=, manual=}; `entities` is that result's entity list.
--   local ch, err = D.mark(text, sc, s, f, "PERSON")     -- mark a span
--   local ch, err = D.unmark(text, sc, e, machine)       -- own mark: deleted;
--                       -- else a Never on e's span (machine: optional, the
--                       -- result without decisions, for the message)
--   local ch, err = D.relabel(text, sc, entities, e, "ORG", "entity"|"mention")
--   local ch, err = D.merge(text, sc, a, b)              -- two entities are one
--   local ch, err = D.rule(text, sc, s, f, "ORG"|nil)     -- always / never
--                       -- (nil), for every occurrence in this document
--   local s, f = D.word_at(text, off)                    -- the word never/always
--                       -- take at a cursor (byte offset), nil: none
--   local items = D.list(text, sc, machine)              -- the decisions, text order
--   local ch, err = D.remove(text, sc, item)             -- delete one (a list item)
--   local ch = D.combine({ ch1, ch2 }, "message")        -- several as one (undone at once)
--   local h = D.history()                                -- undo / redo
--   h:record(ch)
--   local ch, err = h:undo(text, sc)                     -- takes back the last one
--   local ch, err = h:redo(text, sc)
--   S.write(S.path_for(file), sc)                        -- then save as usual
--
-- Every function changes `sc` in place and returns a change:
--   { kind = "mark"|"unmark"|"relabel"|"merge"|"always"|"never"|"remove"|
--            "undo"|"redo", message = "one line saying what was done",
--     added = { anns }, removed = { anns }, equivs_before =, equivs_after = }
-- or nil and a one-line message (nothing changed). D.revert(text, sc, ch)
-- undoes a change and returns its inverse. Before any change, the
-- decisions of `sc` are brought to their current places in `text`
-- (newsmark.sidecar.locate), as the sidecar would be written now.
local M = {}

local S = require("newsmark.sidecar")

function M.empty()
  return { anns = {}, equivs = {}, extra = {} }
end

local function overlaps(s1, f1, s2, f2)
  return s1 < f2 and s2 < f1
end

local function copy(t)
  local c = {}
  for k, v in pairs(t) do
    c[k] = v
  end
  return c
end

local function copy_equivs(equivs)
  local out = {}
  for i, g in ipairs(equivs or {}) do
    out[i] = copy(g)
  end
  return out
end

local function quote(s)
  s = S.one_line(s or "")
  if #s > 40 then
    s = s:sub(1, 37) .. "..."
  end
  return '"' .. s .. '"'
end
M.quote = quote

-- Byte spans of the decisions of sc in text (their places now): spans[ann] =
-- { s, f }; the anns found get their character offsets (and a span
-- decision its text) updated. Returns off (newsmark.sidecar.offsets), spans.
local function anchor(text, sc)
  local off = S.offsets(text)
  local spans = {}
  for _, a in ipairs(sc.anns) do
    local s, f = S.locate(text, a, off)
    if s then
      a.start, a.finish = off.to_char(s), off.to_char(f)
      if a.scope ~= "document" then
        a.text = text:sub(s + 1, f)
      end
      spans[a] = { s, f }
    end
  end
  return off, spans
end
M.anchor = anchor

local function new_tid(sc)
  local used = {}
  for _, a in ipairs(sc.anns) do
    used[a.tid or ""] = true
  end
  for _, l in ipairs(sc.extra or {}) do
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

local function change(kind, sc)
  return { kind = kind, added = {}, removed = {}, equivs_before = copy_equivs(sc.equivs) }
end

-- Merges keep only the decisions still there (a merge left with one goes),
-- so that a tid given again later never joins an old merge.
local function prune_equivs(sc)
  local have = {}
  for _, a in ipairs(sc.anns) do
    have[a.tid or ""] = true
  end
  for _, l in ipairs(sc.extra or {}) do
    local id = l:match("^(T%d+)\t")
    if id then
      have[id] = true
    end
  end
  local keep = {}
  for _, g in ipairs(sc.equivs) do
    local ng = {}
    for _, tid in ipairs(g) do
      if have[tid] then
        ng[#ng + 1] = tid
      end
    end
    if #ng >= 2 then
      keep[#keep + 1] = ng
    end
  end
  sc.equivs = keep
end

local function finish(ch, sc, message)
  prune_equivs(sc)
  ch.equivs_after = copy_equivs(sc.equivs)
  ch.message, ch.what = message, message
  return ch
end

local function add(ch, sc, off, text, s, f, fields)
  local a = {
    tid = new_tid(sc), label = fields.label, never = fields.never or false,
    scope = fields.scope or "span", start = off.to_char(s), finish = off.to_char(f),
    text = text:sub(s + 1, f),
  }
  sc.anns[#sc.anns + 1] = a
  ch.added[#ch.added + 1] = copy(a)
  return a
end

-- Remove the anns for which pred(a) is true; returns how many.
local function drop(ch, sc, pred)
  local keep, n = {}, 0
  for _, a in ipairs(sc.anns) do
    if pred(a) then
      ch.removed[#ch.removed + 1] = copy(a)
      n = n + 1
    else
      keep[#keep + 1] = a
    end
  end
  sc.anns = keep
  return n
end

-- White space trimmed off a byte span of text.
local function trim(text, s, f)
  while s < f and text:sub(s + 1, s + 1):find("%s") do
    s = s + 1
  end
  while f > s and text:sub(f, f):find("%s") do
    f = f - 1
  end
  return s, f
end
M.trim = trim

-- The word of `text` under byte offset `off` (0-based), as never/always
-- take it when nothing is selected (the editor's cursor, the language
-- server's code action): letters, digits and any non-ASCII character, with
-- apostrophes and hyphens inside ("O'Neill", "Jean-Luc"); quotation marks
-- and hyphens at its ends are not part of it ("'Ruiz'", "‘Ruiz’", "-Lisbon").
-- Returns the byte span s, f, or nil when `off` is not on a letter or digit.
local WORD = "[%w\128-\255'%-]"
local EDGES = { "'", "-", "\226\128\152", "\226\128\153" } -- ' - ‘ ’
function M.word_at(text, off)
  if type(off) ~= "number" or off < 0 then
    return nil
  end
  local c = text:sub(off + 1, off + 1)
  if c == "" or not c:find("[%w\128-\255]") then
    return nil
  end
  local s, f = off, off + 1
  while s > 0 and text:sub(s, s):find(WORD) do
    s = s - 1
  end
  while f < #text and text:sub(f + 1, f + 1):find(WORD) do
    f = f + 1
  end
  local trimmed = true
  while trimmed and s < f do
    trimmed = false
    for _, e in ipairs(EDGES) do
      if text:sub(s + 1, s + #e) == e and s + #e <= f then
        s, trimmed = s + #e, true
      end
      if f - #e >= s and text:sub(f - #e + 1, f) == e then
        f, trimmed = f - #e, true
      end
    end
  end
  if f <= s then -- (the cursor on a lone quotation mark)
    return nil
  end
  return s, f
end

local function check_label(label)
  if type(label) ~= "string" or not S.labels[label] then
    local names = {}
    for k in pairs(S.labels) do
      names[#names + 1] = k
    end
    table.sort(names)
    return nil, ("unknown label '%s' (one of %s)"):format(tostring(label), table.concat(names, ", "))
  end
  return label
end
M.check_label = check_label

local function check_span(text, s, f, what)
  if type(s) ~= "number" or type(f) ~= "number" or s < 0 or f > #text then
    return nil, "no such place in the text"
  end
  s, f = trim(text, s, f)
  if f <= s then
    return nil, ("nothing selected to %s"):format(what)
  end
  if text:sub(s + 1, f):find("\n[ \t\r]*\n") then
    return nil, "an entity cannot cross a paragraph break (select within one paragraph)"
  end
  return s, f
end

local function span_decision(a)
  return a.scope ~= "document"
end

---------------------------------------------------------------- decisions

-- [s, f) is an entity of `label`: replaces the span decisions it overlaps.
function M.mark(text, sc, s, f, label)
  local ok, err = check_label(label)
  if not ok then
    return nil, err
  end
  s, f = check_span(text, s, f, "mark")
  if not s then
    return nil, f
  end
  local off, spans = anchor(text, sc)
  local ch = change("mark", sc)
  local n = drop(ch, sc, function(a)
    return span_decision(a) and spans[a] and overlaps(spans[a][1], spans[a][2], s, f)
  end)
  add(ch, sc, off, text, s, f, { label = label })
  return finish(ch, sc, ("marked %s as %s%s"):format(
    quote(text:sub(s + 1, f)), label, n > 0 and (" (replacing %d earlier decision%s there)"):format(n, n == 1 and "" or "s") or ""
  ))
end

-- Entity e is not one. When it is the person's own mark (a labelled span
-- decision overlapping it), that mark is deleted and nothing else is
-- written: what the tagger found there shows again (unmark again to remove
-- it too). Otherwise a Never decision on exactly e's span.
function M.unmark(text, sc, e, machine)
  if type(e) ~= "table" or not e.start or not e.finish then
    return nil, "no entity under the cursor"
  end
  local off, spans = anchor(text, sc)
  local ch = change("unmark", sc)
  local own = {}
  drop(ch, sc, function(a)
    local sp = spans[a]
    local hit = span_decision(a) and not a.never and sp and overlaps(sp[1], sp[2], e.start, e.finish)
    if hit then
      own[#own + 1] = a
    end
    return hit
  end)
  if #own > 0 then
    local names = {}
    for _, a in ipairs(own) do
      names[#names + 1] = ("%s %s"):format(quote(a.text), a.label)
    end
    local back = ""
    for _, m in ipairs(machine or {}) do
      if overlaps(m.start, m.finish, e.start, e.finish) then
        back = ("; the tagger's %s %s shows again (unmark again to remove it)"):format(m.label, quote(text:sub(m.start + 1, m.finish)))
        break
      end
    end
    return finish(ch, sc, ("removed your mark %s%s"):format(table.concat(names, ", "), back))
  end
  add(ch, sc, off, text, e.start, e.finish, { never = true })
  return finish(ch, sc, ("%s is not an entity here (Never on this mention)"):format(quote(text:sub(e.start + 1, e.finish))))
end

-- Entity e gets `label`: scope "entity" (the default) relabels every mention
-- with e's id in `entities`; "mention" relabels e only.
function M.relabel(text, sc, entities, e, label, scope)
  local ok, err = check_label(label)
  if not ok then
    return nil, err
  end
  scope = scope or "entity"
  if scope ~= "entity" and scope ~= "mention" then
    return nil, ("relabel scope must be 'entity' or 'mention' (got '%s')"):format(tostring(scope))
  end
  if type(e) ~= "table" or not e.start or not e.finish then
    return nil, "no entity under the cursor"
  end
  local targets = { e }
  if scope == "entity" and e.id and e.id > 0 then
    targets = {}
    for _, x in ipairs(entities or {}) do
      if x.id == e.id then
        targets[#targets + 1] = x
      end
    end
    if #targets == 0 then
      targets = { e }
    end
  end
  local todo = {}
  for _, x in ipairs(targets) do
    if x.label ~= label then
      todo[#todo + 1] = x
    end
  end
  if #todo == 0 then
    return nil, ("%s is already %s"):format(quote(text:sub(e.start + 1, e.finish)), label)
  end
  local off, spans = anchor(text, sc)
  local ch = change("relabel", sc)
  for _, x in ipairs(todo) do
    drop(ch, sc, function(a)
      local sp = spans[a]
      return span_decision(a) and sp and overlaps(sp[1], sp[2], x.start, x.finish)
    end)
    add(ch, sc, off, text, x.start, x.finish, { label = label })
  end
  local what = quote(text:sub(e.start + 1, e.finish))
  if scope == "mention" then
    return finish(ch, sc, ("relabelled this mention of %s as %s"):format(what, label))
  end
  return finish(ch, sc, ("relabelled %s as %s: %d mention%s of the entity"):format(
    what, label, #todo, #todo == 1 and "" or "s"))
end

-- A span decision exactly on entity e (made, with e's label, when there is none).
local function ann_for(ch, sc, off, spans, text, e)
  for _, a in ipairs(sc.anns) do
    local sp = spans[a]
    if span_decision(a) and not a.never and sp and sp[1] == e.start and sp[2] == e.finish then
      return a
    end
  end
  local a = add(ch, sc, off, text, e.start, e.finish, { label = e.label })
  spans[a] = { e.start, e.finish }
  return a
end

-- Entities a and b are the same entity (a brat Equiv).
function M.merge(text, sc, a, b)
  if type(a) ~= "table" or type(b) ~= "table" or not a.start or not b.start then
    return nil, "merge needs two entities"
  end
  if a.start == b.start and a.finish == b.finish then
    return nil, "cannot merge an entity with itself"
  end
  local off, spans = anchor(text, sc)
  local ch = change("merge", sc)
  local x, y = ann_for(ch, sc, off, spans, text, a), ann_for(ch, sc, off, spans, text, b)
  local group
  local keep = {}
  for _, g in ipairs(sc.equivs) do -- the groups holding x or y become one
    local hit = false
    for _, tid in ipairs(g) do
      if tid == x.tid or tid == y.tid then
        hit = true
      end
    end
    if hit and group then
      for _, tid in ipairs(g) do
        group[#group + 1] = tid
      end
    else
      keep[#keep + 1] = g
      if hit then
        group = g
      end
    end
  end
  sc.equivs = keep
  if not group then
    group = {}
    sc.equivs[#sc.equivs + 1] = group
  end
  local seen = {}
  for _, tid in ipairs(group) do
    seen[tid] = true
  end
  for _, tid in ipairs({ x.tid, y.tid }) do
    if not seen[tid] then
      group[#group + 1] = tid
    end
  end
  return finish(ch, sc, ("merged %s with %s: one entity now"):format(quote(x.text), quote(y.text)))
end

-- Always `label` (nil: never) for every occurrence of the text of [s, f) in
-- this document; replaces an earlier rule on the same text. A longer name
-- the tagger found around an occurrence stays whole (newsmark.export).
function M.rule(text, sc, s, f, label)
  if label ~= nil then
    local ok, err = check_label(label)
    if not ok then
      return nil, err
    end
  end
  s, f = check_span(text, s, f, label and "always tag" or "never tag")
  if not s then
    return nil, f
  end
  local off = anchor(text, sc)
  local t = text:sub(s + 1, f)
  local ch = change(label and "always" or "never", sc)
  drop(ch, sc, function(a)
    return a.scope == "document" and a.text == t
  end)
  add(ch, sc, off, text, s, f, { label = label, never = label == nil, scope = "document" })
  if label then
    return finish(ch, sc, ("%s: always %s in this document"):format(quote(t), label))
  end
  return finish(ch, sc, ("%s: never tagged in this document"):format(quote(t)))
end

---------------------------------------------------------------- the list

-- What a decision is, for people: "mark", "relabel" (a mark on a span the
-- tagger found with another label), "unmark", "never", "always".
local function kind_of(a, sp, machine)
  if a.scope == "document" then
    return a.never and "never" or "always"
  end
  if a.never then
    return "unmark"
  end
  for _, m in ipairs(machine or {}) do
    if sp and m.start == sp[1] and m.finish == sp[2] then
      return m.label ~= a.label and "relabel" or "mark"
    end
  end
  return "mark"
end

-- The decisions of sc, in text order (those not found in text last):
-- { kind =, tid =, label =, text =, start =, finish = (bytes, nil when not
-- found), scope = "span"|"document", tids = (a merge: its group) }.
-- `machine` (optional): the result's entities without decisions, to tell a
-- relabel from a mark.
function M.list(text, sc, machine)
  local _, spans = anchor(text, sc)
  local items, by_tid = {}, {}
  for _, a in ipairs(sc.anns) do
    local sp = spans[a]
    local it = {
      kind = kind_of(a, sp, machine), tid = a.tid, label = a.label, text = a.text,
      scope = a.scope, start = sp and sp[1], finish = sp and sp[2],
    }
    items[#items + 1] = it
    by_tid[a.tid] = it
  end
  for i, g in ipairs(sc.equivs) do
    local names, first = {}, nil
    for _, tid in ipairs(g) do
      local it = by_tid[tid]
      if it then
        names[#names + 1] = it.text
        first = first or it
      end
    end
    if #names >= 2 then
      items[#items + 1] = {
        kind = "merge", tids = copy(g), group = i, text = table.concat(names, " = "),
        start = first.start, finish = first.finish, scope = "span",
      }
    end
  end
  table.sort(items, function(x, y)
    local xs, ys = x.start or math.huge, y.start or math.huge
    if xs ~= ys then
      return xs < ys
    end
    if (x.kind == "merge") ~= (y.kind == "merge") then
      return y.kind == "merge"
    end
    return (tonumber((x.tid or "T0"):match("%d+")) or 0) < (tonumber((y.tid or "T0"):match("%d+")) or 0)
  end)
  return items
end

-- Delete one decision: an item of D.list (a merge item: the merge), or a tid.
function M.remove(text, sc, item)
  if type(item) == "string" then
    item = { tid = item }
  end
  if type(item) ~= "table" then
    return nil, "no decision to delete"
  end
  anchor(text, sc)
  local ch = change("remove", sc)
  if item.kind == "merge" then
    local want = table.concat(item.tids or {}, " ")
    local keep, hit = {}, false
    for _, g in ipairs(sc.equivs) do
      if not hit and table.concat(g, " ") == want then
        hit = true
      else
        keep[#keep + 1] = g
      end
    end
    if not hit then
      return nil, "that merge is gone already"
    end
    sc.equivs = keep
    return finish(ch, sc, ("deleted the merge of %s"):format(quote(item.text)))
  end
  local gone
  drop(ch, sc, function(a)
    if a.tid == item.tid and not gone then
      gone = a
      return true
    end
    return false
  end)
  if not gone then
    return nil, ("decision %s is gone already"):format(tostring(item.tid))
  end
  -- (merges lose the decision in finish; a merge left with one entity goes)
  local what = gone.scope == "document" and (gone.never and "never" or "always " .. gone.label)
    or (gone.never and "unmark" or "mark " .. gone.label)
  return finish(ch, sc, ("deleted the decision %s on %s"):format(what, quote(gone.text)))
end

---------------------------------------------------------------- undo

-- Undo change ch on sc (the decisions it added go, those it removed come
-- back, the merges are as before). Returns the inverse change (redo).
function M.revert(text, sc, ch)
  local inv = { kind = ch.kind, added = {}, removed = {}, equivs_before = copy_equivs(sc.equivs) }
  local gone = {}
  for _, a in ipairs(ch.added or {}) do
    gone[a.tid] = true
  end
  local keep = {}
  for _, a in ipairs(sc.anns) do
    if gone[a.tid] then
      inv.removed[#inv.removed + 1] = copy(a)
    else
      keep[#keep + 1] = a
    end
  end
  sc.anns = keep
  local used = {}
  for _, a in ipairs(sc.anns) do
    used[a.tid] = true
  end
  for _, a in ipairs(ch.removed or {}) do
    local c = copy(a)
    if used[c.tid] then -- (cannot happen when changes are undone in order)
      c.tid = new_tid(sc)
    end
    used[c.tid] = true
    sc.anns[#sc.anns + 1] = c
    inv.added[#inv.added + 1] = copy(c)
  end
  sc.equivs = copy_equivs(ch.equivs_before)
  inv.equivs_after = copy_equivs(sc.equivs)
  inv.message, inv.what = ch.message, ch.what
  if text then
    anchor(text, sc)
  end
  return inv
end

-- One change of several made in order (an operator over a paragraph): undone
-- and redone at once. `message` says what they did together.
function M.combine(changes, message)
  local ch = { kind = "batch", added = {}, removed = {}, equivs_before = {}, equivs_after = {} }
  local added, order = {}, {}
  for i, c in ipairs(changes) do
    if i == 1 then
      ch.equivs_before = copy_equivs(c.equivs_before)
    end
    ch.equivs_after = copy_equivs(c.equivs_after)
    for _, a in ipairs(c.removed) do
      if added[a.tid] then -- made and unmade inside the batch
        added[a.tid] = nil
      else
        ch.removed[#ch.removed + 1] = copy(a)
      end
    end
    for _, a in ipairs(c.added) do
      added[a.tid] = a
      order[#order + 1] = a.tid
    end
  end
  for _, tid in ipairs(order) do
    if added[tid] then
      ch.added[#ch.added + 1] = copy(added[tid])
      added[tid] = nil
    end
  end
  ch.message = message or (changes[#changes] and changes[#changes].message)
  ch.what = ch.message
  return ch
end

-- A path as a person reads it: the home folder written "~".
function M.display_path(path)
  local home = os.getenv("HOME")
  if home and home ~= "" and home ~= "/" and path:sub(1, #home + 1) == home .. "/" then
    return "~" .. path:sub(#home + 1)
  end
  return path
end

-- The decision "in every document": the person's lexicon at `path` now
-- gives `text` the label `label` ("NEVER": never tagged); `before` is the
-- entry's label before (nil: there was none). The caller writes the entry;
-- this is the change to record in a history (undone by
-- History:lexicon_step) and its one line.
function M.lexicon_rule(text, label, path, before)
  local msg = ("%s: %s in every document (%s)"):format(M.quote(text),
    label == "NEVER" and "never tagged" or ("always " .. label), M.display_path(path))
  return {
    kind = label == "NEVER" and "never" or "always", message = msg, what = msg, added = {}, removed = {},
    lexicon = { path = path, text = text, before = before, after = label },
  }
end

local History = {}
History.__index = History

-- An undo history: changes recorded in order, undone last first.
function M.history(limit)
  return setmetatable({ done = {}, undone = {}, limit = limit or 200 }, History)
end

function History:record(ch)
  if ch then
    self.done[#self.done + 1] = ch
    if #self.done > self.limit then
      table.remove(self.done, 1)
    end
    self.undone = {}
  end
  return ch
end

function History:undo(text, sc)
  local ch = table.remove(self.done)
  if not ch then
    return nil, "no decision to undo"
  end
  local inv = M.revert(text, sc, ch)
  self.undone[#self.undone + 1] = inv
  inv.kind, inv.message = "undo", "undid: " .. (ch.what or ch.kind)
  return inv
end

function History:redo(text, sc)
  local inv = table.remove(self.undone)
  if not inv then
    return nil, "no undone decision to redo"
  end
  local ch = M.revert(text, sc, inv)
  self.done[#self.done + 1] = ch
  ch.kind, ch.message = "redo", "redid: " .. (inv.what or inv.kind)
  return ch
end

-- When the change to undo (redo: to redo) next is a lexicon entry
-- (M.lexicon_rule): write(path, text, label) puts the entry back as it was
-- (label nil: no entry), and only when it returns does the history move.
-- Returns the inverse change (its .message: "undid: ..."), or nil when the
-- next change is not a lexicon entry (then nothing is done).
function History:lexicon_step(redo, write)
  local stack = redo and self.undone or self.done
  local top = stack[#stack]
  if not (top and top.lexicon) then
    return nil
  end
  local lx = top.lexicon
  write(lx.path, lx.text, lx.before)
  table.remove(stack)
  local inv = {
    kind = redo and "redo" or "undo", added = {}, removed = {}, what = top.what,
    message = (redo and "redid: " or "undid: ") .. (top.what or ""),
    lexicon = { path = lx.path, text = lx.text, before = lx.after, after = lx.before },
  }
  local other = redo and self.done or self.undone
  other[#other + 1] = inv
  return inv
end

return M
