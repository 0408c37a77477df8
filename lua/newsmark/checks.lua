-- newsmark.checks: the editorial checks, with no editor inside (no `vim`
-- here), so that the Neovim layer (newsmark.diagnostics, through
-- vim.diagnostic) and the language server (newsmark.lsp.server, through
-- publishDiagnostics) say the same about the same text. Each check has a code:
--   no_speaker     a direct or mixed quote with no speaker
--   unclosed       a quotation mark that is never closed
--   long_quote     a direct quote of long_quote_words words or more with no
--                  speaker and no cue
--   surname_first  a person first named by one name ("Ruiz", as an entity
--                  or as a speaker) while a later mention has the full name
--                  ending in it ("Ana Ruiz"); not when the word also names
--                  something that is not a person ("Holm Shipping ASA")
--   spelling       two one-word PERSON/ORG names of 5+ letters, of different
--                  entities, within edit distance 1-2 ("Mishustin",
--                  "Mishustn"): the rarer is reported as a likely misspelling,
--                  a surname counting the full names that end in it
--
-- Switches (`d`, the `diagnostics` options; M.defaults): d.enabled, each
-- code true, false or a severity name ("ERROR", "WARN", "INFO", "HINT"; true
-- takes d.severity), d.long_quote_words.
--
-- Whole documents (the server; anything without an editor):
--   local list = C.run(text, r, d)  -- r: newsmark.document's result
--   -- list[i] = { start, finish, code, severity, message }, byte offsets
-- In pieces (the editor keeps a paragraph's part cached on its analysis):
--   C.quote_checks(quotes, d)   -- the checks of single quotes
--   C.name_checks(paras, d)     -- the document-wide checks of names
local M = {}
local order = require("newsmark.order")

M.codes = { "no_speaker", "unclosed", "long_quote", "surname_first", "spelling" }

-- The defaults (newsmark.config's `diagnostics`; tests/nvim/checks_spec.lua
-- holds the two equal).
M.defaults = {
  enabled = true, severity = "WARN", long_quote_words = 40,
  no_speaker = true, unclosed = true, surname_first = true, spelling = true, long_quote = true,
}

M.SEVERITIES = { ERROR = 1, WARN = 2, INFO = 3, HINT = 4 }

-- `d` over the defaults: what `d` gives that is valid (a switch true, false
-- or a severity name; severity a name; enabled a boolean; long_quote_words
-- a number >= 1), the defaults for the rest.
function M.options(d)
  local o = {}
  for k, v in pairs(M.defaults) do
    o[k] = v
  end
  if type(d) ~= "table" then
    return o
  end
  for _, code in ipairs(M.codes) do
    local v = d[code]
    if type(v) == "boolean" or M.SEVERITIES[v] then
      o[code] = v
    end
  end
  if type(d.enabled) == "boolean" then
    o.enabled = d.enabled
  end
  if M.SEVERITIES[d.severity] then
    o.severity = d.severity
  end
  if type(d.long_quote_words) == "number" and d.long_quote_words >= 1 then
    o.long_quote_words = d.long_quote_words
  end
  return o
end

-- The severity name of check `code` under `d`, nil when it is off.
function M.severity(d, code)
  local v = d[code]
  if not v or not d.enabled then
    return nil
  end
  local s = type(v) == "string" and v or d.severity
  return M.SEVERITIES[s] and s or "WARN"
end

-- The number of words in `s` (a quote's length in the long_quote check and
-- in the editor's table of sources).
function M.words(s)
  local n = 0
  for _ in s:gmatch("[%w\128-\255][%w\128-\255'’%-]*") do
    n = n + 1
  end
  return n
end

---------------------------------------------------------------- quotes

-- The checks of each quote of `quotes` (tables with type, speaker, cue,
-- flags, and text or nil). `text_of(q)` gives a quote's text when q.text is
-- nil. Returns { { i = index in quotes, code, severity, message, at =
-- "mark" (the opening mark) or "quote" (the whole quote) }, ... }.
function M.quote_checks(quotes, d, text_of)
  local out = {}
  local sev_unclosed, sev_nosp, sev_long = M.severity(d, "unclosed"), M.severity(d, "no_speaker"), M.severity(d, "long_quote")
  if not (sev_unclosed or sev_nosp or sev_long) then
    return out
  end
  for i, q in ipairs(quotes) do
    if sev_unclosed and q.flags and q.flags.unclosed then
      out[#out + 1] = { i = i, at = "mark", severity = sev_unclosed, code = "unclosed", message = "quotation mark never closed" }
    end
    if sev_nosp and not q.speaker and (q.type == "direct" or q.type == "mixed") then
      out[#out + 1] = { i = i, at = "quote", severity = sev_nosp, code = "no_speaker", message = "quote with no speaker" }
    end
    if sev_long and q.type == "direct" and not q.speaker and not q.cue then
      local n = M.words(q.text or text_of(q))
      if n >= (d.long_quote_words or M.defaults.long_quote_words) then
        out[#out + 1] = {
          i = i, at = "quote", severity = sev_long, code = "long_quote",
          message = ("long direct quote (%d words) with no attribution in its paragraph"):format(n),
        }
      end
    end
  end
  return out
end

---------------------------------------------------------------- names

-- Levenshtein distance of a and b when it is at most `max`, else max + 1.
local function distance(a, b, max)
  local la, lb = #a, #b
  if math.abs(la - lb) > max then
    return max + 1
  end
  local prev, cur = {}, {}
  for j = 0, lb do
    prev[j] = j
  end
  for i = 1, la do
    cur[0] = i
    local best = i
    local ca = a:byte(i)
    for j = 1, lb do
      local cost = ca == b:byte(j) and 0 or 1
      local v = prev[j - 1] + cost
      if prev[j] + 1 < v then
        v = prev[j] + 1
      end
      if cur[j - 1] + 1 < v then
        v = cur[j - 1] + 1
      end
      cur[j] = v
      if v < best then
        best = v
      end
    end
    if best > max then
      return max + 1
    end
    prev, cur = cur, prev
  end
  return prev[lb]
end
M.distance = distance

-- Names compared so far, with the names each is close to (distance 1-2,
-- whatever the entities): a new name is compared once, and only with the
-- known names it shares a deletion variant with (two strings within edit
-- distance 2 become equal after at most two deletions from each), so that
-- the first check of a long article does not compare every pair of names.
local close = {} -- name -> { other = true, ... }
local by_variant = {} -- string with 0-2 bytes deleted -> { name, ... }
local known_n = 0

local function variants(name)
  local out, seen = { name }, { [name] = true }
  local n = #name
  for i = 1, n do
    local v = name:sub(1, i - 1) .. name:sub(i + 1)
    if not seen[v] then
      seen[v] = true
      out[#out + 1] = v
    end
    for j = i, n - 1 do
      local w = v:sub(1, j - 1) .. v:sub(j + 1)
      if not seen[w] then
        seen[w] = true
        out[#out + 1] = w
      end
    end
  end
  return out
end

local function closeness(name)
  local c = close[name]
  if c then
    return c
  end
  if known_n > 2000 then -- a bound on memory (the variants of 2000 names)
    close, by_variant, known_n = {}, {}, 0
  end
  c = {}
  local vs = variants(name)
  local tried = { [name] = true }
  for _, v in ipairs(vs) do
    local list = by_variant[v]
    if list then
      for _, other in ipairs(list) do
        if not tried[other] then
          tried[other] = true
          local dist = distance(name, other, 2)
          if dist >= 1 and dist <= 2 then
            c[other] = true
            close[other][name] = true
          end
        end
      end
    end
  end
  for _, v in ipairs(vs) do
    local list = by_variant[v]
    if not list then
      list = {}
      by_variant[v] = list
    end
    list[#list + 1] = name
  end
  close[name] = c
  known_n = known_n + 1
  return c
end
M.closeness = closeness

-- What the name checks read of a mention m = { text, label } (its text
-- read once, whatever the number of items that share the table): one word,
-- its last word, a person written with a capital, a one-word PERSON/ORG
-- name of 5+ bytes, its words.
local classes = setmetatable({}, { __mode = "k" })
local function class(m)
  local c = classes[m]
  if not c then
    local one = not m.text:find("%s")
    c = {
      one = one, last = m.text:match("(%S+)$"),
      person = m.label == "PERSON" and m.text:find("^%u") ~= nil,
      spellable = (m.label == "PERSON" or m.label == "ORG") and one and #m.text >= 5,
      words = {},
    }
    for w in m.text:gmatch("%S+") do
      c.words[#c.words + 1] = w
    end
    classes[m] = c
  end
  return c
end

-- The mentions of a piece `an` of a document that the name checks look at
-- (persons written with a capital; one-word PERSON/ORG names of 5+ bytes;
-- entities that are not persons), cached on `an` (treated as immutable).
-- an.items: its mentions in text order, { start, "e" (entity) or "s" (a
-- speaker that is not an entity), index, { text, label } }.
function M.name_items(an)
  local g = an._names
  if g then
    return g
  end
  g = {}
  for j, it in ipairs(an.items) do
    local m = it[4]
    local c = class(m)
    local entity = it[2] == "e"
    local spell = entity and c.spellable
    local other = entity and m.label ~= "PERSON" -- names a company shares with a family
    if c.person or spell or other then
      g[#g + 1] = { j = j, it = it, m = m, one = c.one, last = c.last, person = c.person, spell = spell, other = other }
    end
  end
  an._names = g
  return g
end

-- The document-wide checks over `paras`, the pieces of a document in order:
-- { an = { items }, ids = { [entity index] = id }, sids = { [quote index] =
-- the speaker's id } }. Returns { ordinal = k-th mention of the document
-- (counting every piece's items), diag = { severity, code, message } },
-- sorted by ordinal.
function M.name_checks(paras, d)
  local sev_first, sev_spell = M.severity(d, "surname_first"), M.severity(d, "spelling")
  local out = {}
  if not sev_first and not sev_spell then
    return out
  end
  local names = {} -- text -> { id, count, ordinal, label }
  local name_order = {} -- the names in the order of their first mentions
  local singles = {} -- one-word person name -> ordinal of its first mention
  local fulls = {} -- last word of a full person name -> { {ordinal, text, id}, ... }
  local full_n = {} -- last word of a full person name -> its mentions
  local firsts = {} -- ordered one-word first mentions { ordinal, text, id }
  local other_word, other_id = {}, {} -- words and ids of entities that are not persons
  local k = 0
  for _, rec in ipairs(paras) do
    local items = rec.an.items
    if items then
      local ids, sids = rec.ids or {}, rec.sids or {}
      for j, it in ipairs(items) do
        -- (what M.name_items lists, read here without a table an item)
        local m = it[4]
        local x = class(m)
        local entity = it[2] == "e"
        local spell = entity and x.spellable
        local other = entity and m.label ~= "PERSON" -- names a company shares with a family
        if x.person or spell or other then
          local text = m.text
          local ord = k + j
          local id = entity and ids[it[3]] or sids[it[3]]
          if other then
            for _, w in ipairs(x.words) do
              other_word[w] = true
            end
            if id then
              other_id[id] = true
            end
          end
          if x.person then
            if x.one then
              if not singles[text] and not fulls[text] then
                singles[text] = ord
                firsts[#firsts + 1] = { ord, text, id }
              end
            elseif x.last then
              fulls[x.last] = fulls[x.last] or {}
              table.insert(fulls[x.last], { ord, text, id })
              full_n[x.last] = (full_n[x.last] or 0) + 1
            end
          end
          if spell and id then
            local n = names[text]
            if not n then
              n = { id = id, count = 0, ordinal = ord, label = m.label, text = text }
              names[text] = n
              name_order[#name_order + 1] = n
            end
            n.count = n.count + 1
          end
        end
      end
      k = k + #items
    end
  end
  if sev_first then
    for _, f in ipairs(firsts) do
      -- a later full name of the same entity; or of any id, unless the one
      -- word is also the name of something else: "Holm" of "Holm Shipping
      -- ASA", or an entity tagged elsewhere as a place or a company
      local full, same
      local shared = other_word[f[2]] or (f[3] ~= nil and other_id[f[3]])
      for _, x in ipairs(fulls[f[2]] or {}) do
        if x[1] > f[1] and not same and (f[3] ~= nil and x[3] == f[3] or not shared) then
          full, same = x, f[3] ~= nil and x[3] == f[3]
        end
      end
      if full then
        out[#out + 1] = {
          ordinal = f[1],
          diag = {
            severity = sev_first, code = "surname_first",
            message = ("%s: first named without the full name (%s comes later)"):format(f[2], full[2]),
          },
        }
      end
    end
  end
  for _, n in ipairs(name_order) do
    closeness(n.text) -- every name known before any is compared
  end
  if sev_spell then
    for i = 1, #name_order do
      local a = name_order[i]
      for other in pairs(closeness(a.text)) do
        local b = names[other]
        if b and b.ordinal > a.ordinal and a.id ~= b.id then
          -- report the rarer spelling (the later one on a tie); a surname
          -- counts the mentions of the full names it ends too ("Ana Ruiz")
          local rare, common = b, a
          local ca, cb = a.count + (full_n[a.text] or 0), b.count + (full_n[b.text] or 0)
          if ca < cb then
            rare, common = a, b
          end
          local cc = common == a and ca or cb
          out[#out + 1] = {
            ordinal = rare.ordinal,
            diag = {
              severity = sev_spell, code = "spelling",
              message = ("%s: perhaps a misspelling of %s (%d mention%s)"):format(
                rare.text, common.text, cc, cc == 1 and "" or "s"),
            },
          }
        end
      end
    end
  end
  table.sort(out, order.by("ordinal", function(x)
    return x.diag.message
  end))
  return out
end

---------------------------------------------------------------- documents

-- The length in bytes of the character at byte offset `off` (0-based) of s.
local function charlen(s, off)
  local b = s:byte(off + 1)
  if not b then
    return 0
  end
  local n = b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
  for k = 2, n do
    local c = s:byte(off + k)
    if not c or c < 0x80 or c > 0xBF then
      return 1
    end
  end
  return n
end

-- The order of name items: by offset, an entity before a speaker at one
-- offset (newsmark.buffer_paras sorts the editor's the same way).
function M.item_before(a, b)
  if a[1] ~= b[1] then
    return a[1] < b[1]
  end
  return a[2] < b[2]
end

-- One table { text, label } for each mention text and label: a name met
-- again (in this document or the next version of it) is the same table, so
-- what the checks read of it is read once (class). At most MENTIONS kept.
M.MENTIONS = 20000
local mentions, mentions_n = {}, 0
local function mention(text, label)
  local by = mentions[label]
  local m = by and by[text]
  if m then
    return m
  end
  if mentions_n >= M.MENTIONS then
    mentions, mentions_n = {}, 0
  end
  by = mentions[label]
  if not by then
    by = {}
    mentions[label] = by
  end
  m = { text = text, label = label }
  by[text] = m
  mentions_n = mentions_n + 1
  return m
end

-- The mentions of a whole result as one piece (the shape name_checks
-- reads): entities, and speakers whose span is not an entity's. The
-- entities come in text order (newsmark.document's result); the few
-- speakers that are not entities are merged in.
function M.piece(text, r)
  local ents, items, ids, sids, at = r.entities, {}, {}, {}, {}
  local sorted = true
  for i, e in ipairs(ents) do
    ids[i] = e.id
    if not at[e.start] then
      at[e.start] = i
    end
    if i > 1 and ents[i - 1].start > e.start then
      sorted = false
    end
  end
  local extra = {}
  for i, q in ipairs(r.quotes) do
    local sp = q.speaker
    if sp then
      local ei = at[sp.start]
      while ei and ents[ei] and ents[ei].start == sp.start and ents[ei].finish ~= sp.finish do
        ei = ei + 1
      end
      if ei and not (ents[ei] and ents[ei].start == sp.start) then
        ei = nil
      end
      if not ei then
        extra[#extra + 1] = { sp.start, "s", i, mention(text:sub(sp.start + 1, sp.finish), "PERSON") }
      end
      sids[i] = ei and ids[ei] or sp.id
    end
  end
  table.sort(extra, M.item_before)
  local k, n = 1, 0
  for i, e in ipairs(ents) do
    local s = e.start
    while extra[k] and extra[k][1] < s do
      n = n + 1
      items[n] = extra[k]
      k = k + 1
    end
    n = n + 1
    items[n] = { s, "e", i, mention(text:sub(s + 1, e.finish), e.label) }
  end
  while extra[k] do
    n = n + 1
    items[n] = extra[k]
    k = k + 1
  end
  if not sorted then
    table.sort(items, M.item_before)
  end
  return { an = { items = items }, ids = ids, sids = sids }
end

-- Every check of `text` and its result `r` (newsmark.document: byte
-- offsets) under the switches `d` (nil: the defaults). Returns { { start,
-- finish, code, severity, message }, ... } in text order.
function M.run(text, r, d)
  d = M.options(d)
  local out = {}
  if not d.enabled then
    return out
  end
  for _, x in ipairs(M.quote_checks(r.quotes, d, function(q) return text:sub(q.start + 1, q.finish) end)) do
    local q = r.quotes[x.i]
    local s, f = q.start, q.finish
    if x.at == "mark" then
      f = s + math.max(1, charlen(text, s))
    end
    out[#out + 1] = { start = s, finish = f, code = x.code, severity = x.severity, message = x.message }
  end
  local piece = M.piece(text, r)
  for _, g in ipairs(M.name_checks({ piece }, d)) do
    local it = piece.an.items[g.ordinal]
    local span = it[2] == "e" and r.entities[it[3]] or r.quotes[it[3]].speaker
    out[#out + 1] = { start = span.start, finish = span.finish, code = g.diag.code, severity = g.diag.severity, message = g.diag.message }
  end
  table.sort(out, order.by("start", "code", "message"))
  return out
end

return M
