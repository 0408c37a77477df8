-- newsmark.diagnostics: editorial checks through vim.diagnostic, in the
-- namespace "newsmark_diagnostics". Each check is switched on and off (or
-- given a severity of its own) under `diagnostics` in the options:
--   no_speaker     a direct or mixed quote with no speaker
--   unclosed       a quotation mark that is never closed
--   long_quote     a direct quote of long_quote_words words or more with no
--                  speaker and no cue in its paragraph
--   surname_first  a person first named by one name ("Ruiz", as an entity
--                  or as a speaker) while a later mention has the full name
--                  ending in it ("Ana Ruiz")
--   spelling       two one-word PERSON/ORG names of 5+ letters, of different
--                  entities, within edit distance 1-2 ("Mishustin",
--                  "Mishustn"): the rarer is reported as a likely misspelling
--
-- The checks read the buffer's paragraph records (newsmark.buffer) rather
-- than a copy of get(): a paragraph's own checks are cached on its immutable
-- analysis, the document-wide ones are computed again only after the ids
-- were linked again, and vim.diagnostic.set() is called only when the list
-- changed. That keeps the work per keystroke small on long articles.
local M = {}

M.ns = vim.api.nvim_create_namespace("newsmark_diagnostics")

M.checks = { "no_speaker", "unclosed", "long_quote", "surname_first", "spelling" }

local function severity_of(d, check)
  local v = d[check]
  if not v or not d.enabled then
    return nil
  end
  return vim.diagnostic.severity[type(v) == "string" and v or d.severity]
end

local function word_count(s)
  local n = 0
  for _ in s:gmatch("[%w\128-\255][%w\128-\255'’%-]*") do
    n = n + 1
  end
  return n
end

-- A paragraph's own diagnostics, rows relative to the paragraph, cached on
-- its analysis for the current options table.
local function local_diags(an, o)
  if an._diag_opts == o then
    return an._diags
  end
  local d = o.diagnostics
  local out = {}
  local sev_unclosed, sev_nosp, sev_long = severity_of(d, "unclosed"), severity_of(d, "no_speaker"), severity_of(d, "long_quote")
  for _, q in ipairs(an.quotes) do
    if sev_unclosed and q.flags and q.flags.unclosed then
      out[#out + 1] = {
        lnum = q.rrow, col = q.col, end_lnum = q.rrow, end_col = q.col + 1,
        severity = sev_unclosed, code = "unclosed", message = "quotation mark never closed",
      }
    end
    if sev_nosp and not q.speaker and (q.type == "direct" or q.type == "mixed") then
      out[#out + 1] = {
        lnum = q.rrow, col = q.col, end_lnum = q.rerow, end_col = q.ecol,
        severity = sev_nosp, code = "no_speaker", message = "quote with no speaker",
      }
    end
    if sev_long and q.type == "direct" and not q.speaker and not q.cue then
      local n = word_count(q.text)
      if n >= d.long_quote_words then
        out[#out + 1] = {
          lnum = q.rrow, col = q.col, end_lnum = q.rerow, end_col = q.ecol,
          severity = sev_long, code = "long_quote",
          message = ("long direct quote (%d words) with no attribution in its paragraph"):format(n),
        }
      end
    end
  end
  an._diag_opts, an._diags = o, out
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
M._distance = distance

-- Names compared so far, with the names each is close to (distance 1-2,
-- whatever the entities): a new name is compared with the known ones once.
local close = {} -- name -> { other = true, ... }
local known = {} -- list of names
local known_n = 0

local function closeness(name)
  local c = close[name]
  if c then
    return c
  end
  if known_n > 20000 then
    close, known, known_n = {}, {}, 0
  end
  c = {}
  for _, other in ipairs(known) do
    if math.abs(#other - #name) <= 2 then
      local dist = distance(name, other, 2)
      if dist >= 1 and dist <= 2 then
        c[other] = true
        close[other][name] = true
      end
    end
  end
  close[name] = c
  known_n = known_n + 1
  known[known_n] = name
  return c
end

-- Document-wide diagnostics: { ordinal = k-th entity mention in document
-- order, diag = {...} } so that they survive paragraphs being replaced by
-- equal ones (their rows are looked up again at every update).
local function global_diags(st, o)
  local d = o.diagnostics
  local sev_first, sev_spell = severity_of(d, "surname_first"), severity_of(d, "spelling")
  local out = {}
  if not sev_first and not sev_spell then
    return out
  end
  -- over the mentions in link order (entities and speakers that are not
  -- entities); `ordinal` counts them (see compute_state)
  local names = {} -- text -> { id, count, ordinal, label }
  local order = {}
  local singles = {} -- one-word person name -> ordinal of its first mention
  local fulls = {} -- last word of a full person name -> { ordinal, text }
  local firsts = {} -- ordered one-word first mentions { ordinal, text }
  local k = 0
  for _, rec in ipairs(st.paras) do
    local ids, sids = rec.ids or {}, rec.sids or {}
    for _, it in ipairs(rec.an.items or {}) do
      k = k + 1
      local m = it[4]
      local id = it[2] == "e" and ids[it[3]] or sids[it[3]]
      if m.one == nil then
        m.one = not m.text:find("%s")
        m.last = m.text:match("(%S+)$")
      end
      if m.label == "PERSON" and m.text:find("^%u") then
        if m.one then
          if not singles[m.text] and not fulls[m.text] then
            singles[m.text] = k
            firsts[#firsts + 1] = { k, m.text }
          end
        elseif m.last and not fulls[m.last] then
          fulls[m.last] = { k, m.text }
        end
      end
      if it[2] == "e" and id and (m.label == "PERSON" or m.label == "ORG") and m.one and #m.text >= 5 then
        local n = names[m.text]
        if not n then
          n = { id = id, count = 0, ordinal = k, label = m.label, text = m.text }
          names[m.text] = n
          order[#order + 1] = n
        end
        n.count = n.count + 1
      end
    end
  end
  if sev_first then
    for _, f in ipairs(firsts) do
      local full = fulls[f[2]]
      if full and full[1] > f[1] then
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
  for _, n in ipairs(order) do
    closeness(n.text) -- every name known before any is compared
  end
  if sev_spell then
    for i = 1, #order do
      local a = order[i]
      for other in pairs(closeness(a.text)) do
        local b = names[other]
        if b and b.ordinal > a.ordinal and a.id ~= b.id then
          -- report the rarer spelling (the later one on a tie)
          local rare, common = b, a
          if a.count < b.count then
            rare, common = a, b
          end
          out[#out + 1] = {
            ordinal = rare.ordinal,
            diag = {
              severity = sev_spell, code = "spelling",
              message = ("%s: perhaps a misspelling of %s (%d mention%s)"):format(
                rare.text, common.text, common.count, common.count == 1 and "" or "s"),
            },
          }
        end
      end
    end
  end
  table.sort(out, function(x, y)
    if x.ordinal ~= y.ordinal then
      return x.ordinal < y.ordinal
    end
    return x.diag.message < y.diag.message
  end)
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
  table.sort(out, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
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

function M.clear(buf)
  last[buf] = nil
  if vim.api.nvim_buf_is_valid(buf) then
    vim.diagnostic.reset(M.ns, buf)
  end
end

return M
