-- newsmark.diagnostics: editorial checks through vim.diagnostic, in the
-- namespace "newsmark_diagnostics". Each check is switched on and off (or
-- given a severity of its own) under `diagnostics` in the options:
--   no_speaker     a direct or mixed quote with no speaker
--   unclosed       a quotation mark that is never closed
--   long_quote     a direct quote of long_quote_words words or more with no
--                  speaker and no cue in its paragraph
--   surname_first  a person first named by one name ("Ruiz", as an entity
--                  or as a speaker) while a later mention has the full name
--                  ending in it ("Ana Ruiz"); not when the word also names
--                  something that is not a person ("Holm Shipping ASA")
--   spelling       two one-word PERSON/ORG names of 5+ letters, of different
--                  entities, within edit distance 1-2 ("Mishustin",
--                  "Mishustn"): the rarer is reported as a likely misspelling,
--                  a surname counting the full names that end in it
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

M.checks = { "no_speaker", "unclosed", "long_quote", "surname_first", "spelling" }

local function severity_of(d, check)
  local v = d[check]
  if not v or not d.enabled then
    return nil
  end
  return vim.diagnostic.severity[type(v) == "string" and v or d.severity]
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
      local n = require("newsmark.sources").words(q.text)
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
M._closeness = closeness

-- The mentions of an analysis the document-wide checks look at (persons
-- written with a capital; one-word PERSON/ORG names of 5+ bytes), cached on
-- the immutable analysis: the checks then skip everything else.
local function name_items(an)
  local g = an._names
  if g then
    return g
  end
  g = {}
  for j, it in ipairs(an.items) do
    local m = it[4]
    local one = not m.text:find("%s")
    local person = m.label == "PERSON" and m.text:find("^%u") ~= nil
    local spell = it[2] == "e" and (m.label == "PERSON" or m.label == "ORG") and one and #m.text >= 5
    local other = it[2] == "e" and m.label ~= "PERSON" -- names a company shares with a family
    if person or spell or other then
      g[#g + 1] = { j = j, it = it, m = m, one = one, last = m.text:match("(%S+)$"), person = person, spell = spell, other = other }
    end
  end
  an._names = g
  return g
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
  local fulls = {} -- last word of a full person name -> { {ordinal, text, id}, ... }
  local full_n = {} -- last word of a full person name -> its mentions
  local firsts = {} -- ordered one-word first mentions { ordinal, text, id }
  local other_word, other_id = {}, {} -- words and ids of entities that are not persons
  local k = 0
  for _, rec in ipairs(st.paras) do
    local items = rec.an.items
    if items then
      local ids, sids = rec.ids or {}, rec.sids or {}
      for _, x in ipairs(name_items(rec.an)) do
        local it, m, text = x.it, x.m, x.m.text
        local ord = k + x.j
        local id = it[2] == "e" and ids[it[3]] or sids[it[3]]
        if x.other then
          for w in text:gmatch("%S+") do
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
        if x.spell and id then
          local n = names[text]
          if not n then
            n = { id = id, count = 0, ordinal = ord, label = m.label, text = text }
            names[text] = n
            order[#order + 1] = n
          end
          n.count = n.count + 1
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
  for _, n in ipairs(order) do
    closeness(n.text) -- every name known before any is compared
  end
  if sev_spell then
    for i = 1, #order do
      local a = order[i]
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
        name_items(an)
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
-- time, then the update runs. True while there is more to do.
function M.step(buf)
  if not due[buf] then
    return false
  end
  local st = require("newsmark.buffer").state(buf)
  if st and vim.api.nvim_buf_is_valid(buf) then
    local o = require("newsmark.config").options
    if o.diagnostics.enabled and not prepare(st, o, M.step_budget) then
      return true
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
  return due[buf] == true
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
