-- newsmark.export: machine and manual annotations merged (manual wins), and
-- written as brat, CoNLL (BIO) or JSON lines. Editor-independent: no `vim`
-- here, so bin/newsmark reuses it.
--
--   local X = require("newsmark.export")
--   local decisions, lost = X.decisions(text, sc)
--       -- sc from newsmark.sidecar; byte spans of the person's decisions in
--       -- `text`, re-anchored by their stored text; `lost`: those not found
--   local ents = X.merge(text, machine, decisions, sc.equivs)
--       -- machine = { {start=, finish=, label=, id=}, ... } (bytes, any order)
--       -- -> { {start=, finish=, label=, id=, manual=bool, orig=machine id|nil}, ... }
--       --    in text order
--   local out = X.format("brat" | "conll" | "jsonl", text, r, opts)
--       -- r = { entities = merged, quotes = machine quotes } (byte offsets);
--       -- opts.model (for conll tokens), opts.file, opts.doc
--   local r2, lost = X.apply(text, r, sc)    -- r with the decisions applied
--   local out, lost = X.document(text, r, sc, fmt, opts)   -- all of the above
--
-- Rules (the same in the editor's highlights, get() and every export):
-- * a "Never" span removes every machine entity inside it; a Never with
--   scope "document" does so at every occurrence of its text;
-- * a labelled span replaces every machine entity overlapping it (relabel =
--   the same span with another label); scope "document": every occurrence;
-- * a decision on a span beats a document-wide one; a later one beats an
--   earlier one it overlaps;
-- * a manual entity keeps the id of the machine entity with the same span,
--   else takes the id of an entity with the same text, else a new id;
-- * "Equiv" groups (merge) give all their entities one id.
local M = {}

local S = require("newsmark.sidecar")

local function overlaps(a, b)
  return a.start < b.finish and b.start < a.finish
end

local function inside(inner, outer)
  return outer.start <= inner.start and inner.finish <= outer.finish
end

local function is_word_byte(b)
  return b and (b >= 0x80 or (b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122))
end

-- Every occurrence of `needle` in `text` on word boundaries, as byte spans.
function M.occurrences(text, needle)
  local out = {}
  if not needle or needle:find("^%s*$") then
    return out
  end
  local words = {}
  for w in needle:gmatch("%S+") do
    words[#words + 1] = (w:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"))
  end
  local pat = "^" .. table.concat(words, "%s+")
  local lead = needle:match("%S+") -- (found plainly first: much faster than the pattern)
  local first, last = needle:byte(1), needle:byte(#needle)
  local i = 1
  while true do
    local a = text:find(lead, i, true)
    if not a then
      break
    end
    local _, b = text:find(pat, a) -- (anchored at a)
    if b then
      local ok = true
      if is_word_byte(first) and is_word_byte(text:byte(a - 1)) then
        ok = false
      end
      if is_word_byte(last) and is_word_byte(text:byte(b + 1)) then
        ok = false
      end
      if ok then
        out[#out + 1] = { start = a - 1, finish = b }
      end
    end
    i = a + 1
  end
  return out
end

-- The person's decisions of sidecar `sc` as byte spans of `text`. Returns
-- decisions (in the sidecar's order) and the annotations that could not be
-- anchored (their text is not in `text` any more). An annotation with
-- `bstart`, `bfinish` (byte offsets in `text`, as the editor's snapshot
-- gives them: newsmark.annotate.snapshot) is anchored by them, else by its
-- character offsets.
function M.decisions(text, sc)
  local off -- (character offsets, made when an annotation needs them)
  local out, lost = {}, {}
  for _, a in ipairs(sc and sc.anns or {}) do
    local s, f
    if a.bstart then
      s, f = S.locate_bytes(text, a.text, a.bstart, a.bfinish)
    else
      off = off or S.offsets(text)
      s, f = S.locate(text, a, off)
    end
    if s then
      out[#out + 1] = {
        tid = a.tid, label = a.label, never = a.never, scope = a.scope,
        start = s, finish = f, text = text:sub(s + 1, f),
      }
    else
      lost[#lost + 1] = a
      if a.scope == "document" then -- a rule on text: holds without its anchor
        out[#out + 1] = {
          tid = a.tid, label = a.label, never = a.never, scope = a.scope, text = a.text, unanchored = true,
        }
      end
    end
  end
  return out, lost
end

-- A test "does a machine entity overlap [s, f) without lying inside it?"
-- (machine: any order; overlapping entities allowed).
local function longer_finder(machine)
  local ents = {}
  for _, m in ipairs(machine or {}) do
    if m.finish > m.start then
      ents[#ents + 1] = m
    end
  end
  -- (the core gives them in order: sorted only when they are not)
  for i = 2, #ents do
    if ents[i].start < ents[i - 1].start then
      table.sort(ents, function(a, b)
        return a.start < b.start
      end)
      break
    end
  end
  local maxfin = {} -- maxfin[i] = the largest finish of ents[1..i]
  for i, m in ipairs(ents) do
    maxfin[i] = math.max(maxfin[i - 1] or 0, m.finish)
  end
  return function(s, f)
    local lo, hi = 1, #ents + 1 -- first entity starting at or after f
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if ents[mid].start < f then
        lo = mid + 1
      else
        hi = mid
      end
    end
    local i = lo - 1
    while i >= 1 and maxfin[i] > s do
      local m = ents[i]
      if m.finish > s and (m.start < s or m.finish > f) then
        return true
      end
      i = i - 1
    end
    return false
  end
end

-- The decisions that take effect, as spans: document-wide ones expanded to
-- every occurrence, conflicts resolved (span before document, later before
-- earlier). With `machine` (the machine's entities), an occurrence of a
-- document-wide decision inside or across a longer name the machine found
-- does not take effect there: "always ORG Brevik" leaves "Brevik Shipping
-- ASA" and "Erik Brevik" whole (a decision on that span does win).
-- `machine` may also be that test itself, function(s, f) -> boolean (the
-- editor asks its job: job:longer).
function M.effective(text, decisions, machine)
  local longer = type(machine) == "function" and machine or longer_finder(machine)
  -- accepted spans never overlap: kept sorted by start, a new one is checked
  -- against its two neighbours only
  local accepted = {}
  local function try(d)
    local lo, hi = 1, #accepted + 1 -- first accepted starting at or after d
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if accepted[mid].start < d.start then
        lo = mid + 1
      else
        hi = mid
      end
    end
    local before, after = accepted[lo - 1], accepted[lo]
    if (before and overlaps(d, before)) or (after and overlaps(d, after)) then
      return
    end
    table.insert(accepted, lo, d)
  end
  for i = #decisions, 1, -1 do
    local d = decisions[i]
    if d.scope ~= "document" and d.start then
      try(d)
    end
  end
  for i = #decisions, 1, -1 do
    local d = decisions[i]
    if d.scope == "document" then
      for _, occ in ipairs(M.occurrences(text, d.text)) do
        if not longer(occ.start, occ.finish) then
          try({ tid = d.tid, label = d.label, never = d.never, scope = "document", start = occ.start, finish = occ.finish, derived = true })
        end
      end
    end
  end
  return accepted
end

local function before(a, b)
  if a.start ~= b.start then
    return a.start < b.start
  end
  return a.finish < b.finish
end

local function is_sorted(list)
  for i = 2, #list do
    if before(list[i], list[i - 1]) then
      return false
    end
  end
  return true
end

-- Lists `a` and `b` as one, in text order (by start, then finish). The
-- core's entities and the decisions come in order: then they are merged in
-- one pass (a sort of the ~2,000 entities of a long article, with a Lua
-- comparator, took most of the merge's time), else sorted.
local function in_order(a, b)
  local out = {}
  if is_sorted(a) and is_sorted(b) then
    local i, j = 1, 1
    while a[i] or b[j] do
      local x, y = a[i], b[j]
      if y and (not x or before(y, x)) then
        out[#out + 1] = y
        j = j + 1
      else
        out[#out + 1] = x
        i = i + 1
      end
    end
    return out
  end
  for _, x in ipairs(a) do
    out[#out + 1] = x
  end
  for _, y in ipairs(b) do
    out[#out + 1] = y
  end
  table.sort(out, before)
  return out
end

-- Merge machine entities with the person's decisions (see the rules above).
function M.merge(text, machine, decisions, equivs)
  local eff = M.effective(text, decisions or {}, machine)
  local kept, replaced = {}, {}
  local maxid = 0
  for _, m in ipairs(machine or {}) do
    if (m.id or 0) > maxid then
      maxid = m.id
    end
  end
  for _, m in ipairs(machine or {}) do
    local drop = false
    -- eff is sorted and without overlaps: start at the first span ending
    -- after m starts, stop at the first starting after m ends
    local lo, hi = 1, #eff + 1
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if eff[mid].finish <= m.start then
        lo = mid + 1
      else
        hi = mid
      end
    end
    for j = lo, #eff do
      local d = eff[j]
      if d.start >= m.finish and m.finish > m.start then
        break
      end
      if (d.never and inside(m, d)) or (not d.never and overlaps(m, d)) then
        drop = true
        if not d.never and m.start == d.start and m.finish == d.finish then
          replaced[d] = m
        end
        break
      end
    end
    if not drop then
      kept[#kept + 1] = { start = m.start, finish = m.finish, label = m.label, id = m.id, orig = m.id, manual = false }
    end
  end
  -- the id of the first kept entity with each text a decision has (only
  -- entities of such a length are read)
  local wanted, lengths = {}, {}
  for _, d in ipairs(eff) do
    if not d.never then
      wanted[text:sub(d.start + 1, d.finish)] = true
      lengths[d.finish - d.start] = true
    end
  end
  local by_text = {}
  for _, e in ipairs(kept) do
    if lengths[e.finish - e.start] then
      local t = text:sub(e.start + 1, e.finish)
      if wanted[t] and not by_text[t] and e.id then
        by_text[t] = e.id
      end
    end
  end
  local manual, by_tid = {}, {}
  for _, d in ipairs(eff) do
    if not d.never then
      local t = text:sub(d.start + 1, d.finish)
      local id = replaced[d] and replaced[d].id or by_text[t]
      if not id then
        maxid = maxid + 1
        id = maxid
        by_text[t] = id
      end
      local e = { start = d.start, finish = d.finish, label = d.label, id = id, manual = true, tid = d.tid }
      e.orig = replaced[d] and replaced[d].id or nil
      manual[#manual + 1] = e
      by_tid[d.tid] = by_tid[d.tid] or {}
      table.insert(by_tid[d.tid], e)
    end
  end
  -- merges: union of ids
  local parent = {}
  local function find(x)
    while parent[x] and parent[x] ~= x do
      x = parent[x]
    end
    return x
  end
  for _, g in ipairs(equivs or {}) do
    local root
    for _, tid in ipairs(g) do
      for _, e in ipairs(by_tid[tid] or {}) do
        local r = find(e.id)
        if not root then
          root = r
        elseif r ~= root then
          if r < root then
            parent[root] = r
            root = r
          else
            parent[r] = root
          end
        end
      end
    end
  end
  local out = in_order(kept, manual)
  for _, e in ipairs(out) do
    if e.id then
      e.id = find(e.id)
    end
  end
  return out
end

---------------------------------------------------------------- writers

M.formats = { "brat", "conll", "jsonl" }

-- A string sink with a file handle's write().
local function sink()
  local parts = {}
  return {
    write = function(self, ...)
      for i = 1, select("#", ...) do
        parts[#parts + 1] = tostring(select(i, ...))
      end
      return self
    end,
    result = function()
      return table.concat(parts)
    end,
  }
end

-- Text of the annotations `r` of `text` in format `fmt`, written by the same
-- writers as `bin/newsmark annotate` (newsmark.cli.annotate).
function M.format(fmt, text, r, opts)
  opts = opts or {}
  local writers = require("newsmark.cli.annotate").writers
  local w = writers[fmt]
  if not w or fmt == "text" then
    return nil, ("unknown export format '%s' (brat, conll or jsonl)"):format(tostring(fmt))
  end
  if fmt == "conll" and not (opts.model and opts.model.tokens) then
    return nil, "conll export needs the model (for tokens)"
  end
  local out = sink()
  local ctx = {
    out = out, format = fmt, model = opts.model, file = opts.file, doc = opts.doc,
    t = 0, r = 0, a = 0, idbase = 0, charbase = 0,
  }
  local ents = {}
  for _, e in ipairs(r.entities or {}) do
    ents[#ents + 1] = { start = e.start, finish = e.finish, label = e.label, id = e.id or 0, manual = e.manual }
  end
  w(ctx, text, 0, { entities = ents, quotes = r.quotes or {} })
  return out:result()
end

-- The machine's result `r` of `text` (byte offsets) with the decisions of
-- sidecar `sc`: entities merged (manual wins), each quote's speaker id
-- following its entity's (a merge, or nil when every mention with that id
-- was removed). Returns the new result and the annotations that could not be
-- anchored. `r` is not changed.
function M.apply(text, r, sc)
  local decisions, lost = M.decisions(text, sc)
  local merged = M.merge(text, r.entities or {}, decisions, sc and sc.equivs)
  local idmap, present = {}, {}
  for _, e in ipairs(merged) do
    if e.orig then
      idmap[e.orig] = e.id
    end
    if e.manual == false then
      present[e.orig] = true
    end
  end
  local quotes = {}
  for i, q in ipairs(r.quotes or {}) do
    local sp = q.speaker
    if sp and sp.id and sp.id > 0 and (idmap[sp.id] ~= sp.id or not present[sp.id]) then
      local nq = {}
      for k, v in pairs(q) do
        nq[k] = v
      end
      nq.speaker = { start = sp.start, finish = sp.finish, id = idmap[sp.id] }
      q = nq
    end
    quotes[i] = q
  end
  return { entities = merged, quotes = quotes }, lost
end

-- Everything at once: decisions of sidecar `sc` anchored in `text`, merged
-- over the machine's result `r` (byte offsets), written as `fmt`. Returns the
-- text and the list of annotations that could not be anchored.
function M.document(text, r, sc, fmt, opts)
  local merged, lost = M.apply(text, r, sc)
  local out, err = M.format(fmt, text, merged, opts)
  if not out then
    return nil, err
  end
  return out, lost
end

return M
