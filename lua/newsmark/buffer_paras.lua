-- newsmark.buffer_paras: the one result of a buffer (newsmark.document's,
-- byte offsets into the buffer's text) split into paragraph records, and the
-- records drawn. Only records whose text or items changed are drawn again:
-- a record that kept its row (newsmark.buffer moves the records below an
-- edit), its text and what the result says inside it keeps its extmarks,
-- which moved with the text.
--
-- A record (what render.draw and the editorial checks read):
--   { srow, erow, text, flat, marks, ids, sids, an = {
--       text, pos(off) -> rrow, col, masks,
--       entities = { {start, finish, rrow, col, rerow, ecol, text, label, lid} },
--       quotes = { {start, finish, ..., type, flags, rule, parts, speaker, cue} },
--       items } }
-- Offsets in `an` are relative to the record's first byte; a quote's
-- speaker or cue in another paragraph (a quote continued from an earlier
-- paragraph keeps its speaker) has offsets and rows outside the record.
local M = {}

if jit and jit.off then
  jit.off(true, true) -- (API calls and string patterns: see buffer.lua)
end
local api = vim.api
local render = require("newsmark.render")
local PRONOUNS = require("newsmark.sources").PRONOUNS

-- Paragraphs: runs of lines with something else than white space. The
-- first one at or after row `row` (0-based), as srow, erow (rows [srow,
-- erow)), or nil when none.
local function block_at(lines, row)
  local i = row + 1
  while lines[i] and not lines[i]:find("%S") do
    i = i + 1
  end
  if not lines[i] then
    return nil
  end
  local s = i - 1
  while lines[i] and lines[i]:find("%S") do
    i = i + 1
  end
  return s, i - 1
end

-- The name of each speaker's entity: its longest mention (as
-- newsmark.sources.resolver names an entity). `r` in byte offsets.
function M.speaker_names(text, r)
  local want, names = {}, {}
  for _, q in ipairs(r.quotes) do
    local id = q.speaker and q.speaker.id
    if id and id > 0 then
      want[id] = true
    end
  end
  if next(want) then
    for _, e in ipairs(r.entities) do
      if want[e.id] then
        local n = names[e.id]
        if not n or e.finish - e.start > #n then
          names[e.id] = text:sub(e.start + 1, e.finish)
        end
      end
    end
  end
  return names
end

-- How the speaker virtual text names quote q's speaker: the entity's name
-- (a pronoun resolved by the core; 'Ana Ruiz ("she")'), the words as
-- written for a role or name with no entity, nil for an unresolved pronoun
-- (never "— he").
function M.speaker_name(text, q, names)
  local sp = q.speaker
  if not sp then
    return nil
  end
  local written = text:sub(sp.start + 1, sp.finish)
  local name = sp.id and names[sp.id]
  if PRONOUNS[written:lower()] then
    return name and ('%s ("%s")'):format(name, written) or nil
  end
  return written
end

-- What a record draws, as a flat list of values (offsets relative to the
-- record, labels, types, the speaker's id and name, flags): a record at the
-- same rows, not stale (its text unchanged) and with an equal list draws
-- the same. `same` compares in place (most paragraphs did not change), in
-- plain loops: this runs over the whole document at every result. Entity
-- ids (`lids`) are kept apart: a renumbering does not redraw.
local function flags_of(q)
  if not q.flags or not next(q.flags) then
    return false
  end
  local f = {}
  for k in pairs(q.flags) do
    f[#f + 1] = k
  end
  table.sort(f)
  return table.concat(f, ",")
end

-- The part of the speaker's name that is not in the text at its place: a
-- pronoun's resolved name (a pronoun is at most 4 bytes: cheap to skip).
local function resolved(doc, q, names)
  local sp = q.speaker
  if sp.finish - sp.start > 4 or not sp.id then
    return false
  end
  return M.speaker_name(doc, q, names) or false
end

local function same(flat, base, ents, e1, e2, quotes, q1, q2, names, doc)
  if not flat or flat.ne ~= e2 - e1 + 1 or flat.nq ~= q2 - q1 + 1 then
    return false
  end
  local k = 0
  for i = e1, e2 do
    local e = ents[i]
    if flat[k + 1] ~= e.start - base or flat[k + 2] ~= e.finish - base or flat[k + 3] ~= e.label then
      return false
    end
    k = k + 3
  end
  for i = q1, q2 do
    local q = quotes[i]
    local sp, cue, parts = q.speaker, q.cue, q.parts
    if flat[k + 1] ~= q.start - base or flat[k + 2] ~= q.finish - base or flat[k + 3] ~= q.type
      or flat[k + 4] ~= (parts and #parts or 0) then
      return false
    end
    k = k + 4
    if parts then
      for _, p in ipairs(parts) do
        if flat[k + 1] ~= p.start - base or flat[k + 2] ~= p.finish - base then
          return false
        end
        k = k + 2
      end
    end
    if sp then
      if flat[k + 1] ~= sp.start - base or flat[k + 2] ~= sp.finish - base or flat[k + 3] ~= resolved(doc, q, names) then
        return false
      end
    elseif flat[k + 1] ~= false then
      return false
    end
    k = k + 3
    if cue then
      if flat[k + 1] ~= cue.start - base or flat[k + 2] ~= cue.finish - base then
        return false
      end
    elseif flat[k + 1] ~= false then
      return false
    end
    k = k + 2
    if flat[k + 1] ~= flags_of(q) then
      return false
    end
    k = k + 1
  end
  return true
end

local function flat_of(base, ents, e1, e2, quotes, q1, q2, names, doc)
  local flat, n = { ne = e2 - e1 + 1, nq = q2 - q1 + 1 }, 0
  for i = e1, e2 do
    local e = ents[i]
    flat[n + 1], flat[n + 2], flat[n + 3] = e.start - base, e.finish - base, e.label
    n = n + 3
  end
  for i = q1, q2 do
    local q = quotes[i]
    local sp, cue, parts = q.speaker, q.cue, q.parts
    flat[n + 1], flat[n + 2], flat[n + 3], flat[n + 4] = q.start - base, q.finish - base, q.type, parts and #parts or 0
    n = n + 4
    if parts then
      for _, p in ipairs(parts) do
        flat[n + 1], flat[n + 2] = p.start - base, p.finish - base
        n = n + 2
      end
    end
    if sp then
      flat[n + 1], flat[n + 2], flat[n + 3] = sp.start - base, sp.finish - base, resolved(doc, q, names)
    else
      flat[n + 1], flat[n + 2], flat[n + 3] = false, false, false
    end
    if cue then
      flat[n + 4], flat[n + 5] = cue.start - base, cue.finish - base
    else
      flat[n + 4], flat[n + 5] = false, false
    end
    flat[n + 6] = flags_of(q)
    n = n + 6
  end
  return flat
end

-- What is masked (not prose: code spans, link targets) in [s, f) of the
-- text, as spans relative to `base`: where the analysed input has a blank
-- and the text does not.
local function masks_in(text, input, s, f, base, out)
  if not input or input == text then
    return
  end
  local i = s + 1
  while i <= f do
    if input:byte(i) == 32 and text:byte(i) ~= 32 and text:byte(i) ~= 10 then
      local j = i
      while j + 1 <= f and input:byte(j + 1) == 32 and text:byte(j + 1) ~= 10 do
        j = j + 1
      end
      out[#out + 1] = { i - 1 - base, j - base }
      i = j + 1
    else
      i = i + 1
    end
  end
end

-- The mentions of an analysis in text order (entities before speakers at
-- one start): what the editorial checks read (newsmark.diagnostics).
local function items_of(an)
  local items = {}
  for i, e in ipairs(an.entities) do
    items[#items + 1] = { e.start, "e", i, { text = e.text, label = e.label } }
  end
  for i, q in ipairs(an.quotes) do
    if q.speaker and not q.speaker.entity then
      items[#items + 1] = { q.speaker.start, "s", i, { text = q.speaker.text, label = "PERSON" } }
    end
  end
  table.sort(items, require("newsmark.checks").item_before)
  return items
end

-- The analysis `an` of a record: rows and columns from the buffer's text
-- positions `tp` (newsmark.textpos.lines).
local function make_an(rec, tp, doc, input, ents, e1, e2, quotes, q1, q2, names, labels)
  local base, srow = rec.base, rec.srow
  local starts, lines = tp.starts, tp.lines
  local function pos(off)
    local r, c = tp.pos(base + off)
    return r - srow, c
  end
  -- tp.pos for an offset at or after the record's start: a few rows on
  local function rowcol(off)
    local r = srow + 1
    if not starts[r] or off < starts[r] then
      return tp.pos(off)
    end
    while starts[r + 1] and starts[r + 1] <= off do
      r = r + 1
    end
    return r - 1, math.min(off - starts[r], #lines[r])
  end
  local function span(x)
    local r1, c1 = rowcol(x.start)
    local r2, c2 = rowcol(x.finish)
    return {
      start = x.start - base, finish = x.finish - base, rrow = r1 - srow, col = c1, rerow = r2 - srow, ecol = c2,
      text = doc:sub(x.start + 1, x.finish),
    }
  end
  local an = { text = rec.text, pos = pos, masks = {}, entities = {}, quotes = {} }
  local at = {}
  for i = e1, e2 do
    local e = ents[i]
    if labels[e.label] ~= false then
      local x = span(e)
      x.label, x.lid, x.manual = e.label, e.id, e.manual or nil -- (nil: the machine's, merged or not)
      an.entities[#an.entities + 1] = x
      at[e.start] = #an.entities -- (the last at that start; see entity_at)
    end
  end
  -- the entity (index in an.entities) with the span [s, f), the last one
  local function entity_at(s, f)
    local k = at[s]
    if k and an.entities[k].finish == f - base then
      return k
    end
    for j = #an.entities, 1, -1 do
      local x = an.entities[j]
      if x.start == s - base and x.finish == f - base then
        return j
      end
    end
  end
  for i = q1, q2 do
    local q = quotes[i]
    local x = span(q)
    x.type, x.flags, x.rule = q.type, q.flags or {}, q.rule
    if q.parts and #q.parts > 1 then
      x.parts = {}
      for k, p in ipairs(q.parts) do
        x.parts[k] = span(p)
      end
    end
    if q.speaker then
      x.speaker = span(q.speaker)
      x.speaker.lid = q.speaker.id
      x.speaker.entity = entity_at(q.speaker.start, q.speaker.finish)
      x.speaker.name = M.speaker_name(doc, q, names)
    end
    if q.cue then
      x.cue = span(q.cue)
    end
    masks_in(doc, input, q.start, q.finish, base, an.masks)
    an.quotes[#an.quotes + 1] = x
  end
  an.items = items_of(an)
  return an
end

-- A record's analysis takes the ids in rec.lids (every entity of the
-- record, labels hidden or not) and rec.qids (each quote's speaker id,
-- false for none); rec.ids / rec.sids are what the checks read.
local function set_ids(rec, labels)
  local lids, qids, flat = rec.lids, rec.qids, rec.flat
  local j = 0
  for i = 1, rec.ne do
    if labels[flat[3 * i]] ~= false then -- (flat: start, finish, label per entity)
      j = j + 1
      rec.an.entities[j].lid = lids[i]
    end
  end
  for i, q in ipairs(rec.an.quotes) do
    if q.speaker then
      q.speaker.lid = qids[i]
    end
  end
  local ids, sids = {}, {}
  for i, x in ipairs(rec.an.entities) do
    ids[i] = x.lid
  end
  for i, q in ipairs(rec.an.quotes) do
    local sp = q.speaker
    if sp then
      sids[i] = sp.entity and ids[sp.entity] or sp.lid
    end
  end
  rec.ids, rec.sids = ids, sids
end

-- Items of a finished core job read one at a time, when asked for (the
-- incremental path reads only the records that changed).
local function lazy(job, method)
  return setmetatable({}, {
    __index = function(t, i)
      local x = job[method](job, i)
      if x then
        rawset(t, i, x)
      end
      return x
    end,
  })
end

-- Speaker names (as M.speaker_names) from a job, when asked for.
local function lazy_names(job, doc)
  return setmetatable({}, {
    __index = function(t, id)
      local s, f = job:name(id)
      local name = s and doc:sub(s + 1, f) or false
      rawset(t, id, name)
      return name
    end,
  })
end

-- Is a position of the sorted list `list`, from index k on, in [lo, hi)?
-- Returns that and the index to go on from (records come in order).
local function any_in(list, k, lo, hi)
  while list[k] and list[k] < lo do
    k = k + 1
  end
  return list[k] ~= nil and list[k] < hi, k
end

-- The record of the paragraph at rows [srow, erow) (with the paragraphs a
-- quote running over a break takes in), the items from w.ei, w.qi on: `rec`
-- (the old record at srow, not stale) when it draws the same, else a new
-- one (put in w.new). Returns the record and the next paragraph's rows.
local function make_record(w, srow, erow, rec)
  local tp, lines, doc, ents, quotes, names = w.tp, w.lines, w.doc, w.ents, w.quotes, w.names
  local base = tp.starts[srow + 1]
  local stop = tp.starts[erow] + #lines[erow]
  local ei, qi = w.ei, w.qi
  local e1, q1 = ei, qi
  local nsrow, nerow = block_at(lines, erow)
  local limit = nsrow and tp.starts[nsrow + 1] or math.huge
  while true do
    while quotes[qi] and quotes[qi].start < limit do
      if quotes[qi].finish > stop and nsrow then
        erow = nerow
        stop = tp.starts[erow] + #lines[erow]
        nsrow, nerow = block_at(lines, erow)
        limit = nsrow and tp.starts[nsrow + 1] or math.huge
      end
      qi = qi + 1
    end
    while ents[ei] and ents[ei].start < limit do
      ei = ei + 1
    end
    if not (quotes[qi] and quotes[qi].start < limit) then
      break
    end
  end
  -- a record not stale kept its text (no edit touched its rows)
  if rec and rec.erow == erow and same(rec.flat, base, ents, e1, ei - 1, quotes, q1, qi - 1, names, doc) then
    w.kept[rec] = true
  else
    rec = { srow = srow, erow = erow, text = doc:sub(base + 1, stop), base = base }
    rec.flat = flat_of(base, ents, e1, ei - 1, quotes, q1, qi - 1, names, doc)
    rec.an = make_an(rec, tp, doc, w.input, ents, e1, ei - 1, quotes, q1, qi - 1, names, w.labels)
    w.new[#w.new + 1] = rec
  end
  rec.base, rec.ne, rec.nq = base, ei - e1, qi - q1
  -- ids (not part of `flat`: a renumbering does not redraw)
  local lids, changed = rec.lids, rec.lids == nil or #rec.lids ~= ei - e1
  if not changed then
    for i = e1, ei - 1 do
      if lids[i - e1 + 1] ~= ents[i].id then
        changed = true
        break
      end
    end
    for i = q1, qi - 1 do -- a speaker's id outside the record
      local sp = quotes[i].speaker
      if not changed and (sp and sp.id or false) ~= rec.qids[i - q1 + 1] then
        changed = true
      end
    end
  end
  if changed then
    w.relinked = true
    lids, rec.qids = {}, {}
    for i = e1, ei - 1 do
      lids[i - e1 + 1] = ents[i].id
    end
    for i = q1, qi - 1 do
      local sp = quotes[i].speaker
      rec.qids[i - q1 + 1] = sp and sp.id or false
    end
    rec.lids = lids
    set_ids(rec, w.labels)
  end
  rec.ids_pending, rec.grown = nil, nil
  w.ei, w.qi = ei, qi
  return rec, nsrow, nerow
end

-- The incremental split (see M.split): the old records in order, each kept
-- as it is when "clean", the runs of the others made again from their rows.
-- A record is clean when it is not stale nor grown (lines put in after it:
-- newsmark.buffer's on_lines), nor is the next one stale (so that the
-- rows say where its bytes end), and no position of diff.dirty nor any of
-- [from, to] lies in its bytes (from its first byte, or 0 for the first
-- record, to the next record's first byte). This walk is the work done for
-- every record at every edit: a few operations each (LuaJIT runs this
-- module without its compiler).
local function split_inc(w, old, inc)
  local lines, job = w.lines, inc.job
  local starts = w.tp.starts
  local diff = inc.diff
  local dirty, relink, from, to = diff.dirty, diff.relink, diff.from, diff.to
  local huge = math.huge
  local n = #old
  local recs, gone, nrec = {}, {}, 0
  local ei, qi = 1, 1
  local di, ri = 1, 1
  -- The records before the first change and after the last are clean
  -- without looking at each: found by bisection (their rows are in order:
  -- no edit touched them), their items counted by the job (job:first_at).
  -- inc.stale_lo / stale_hi: the first and last stale record (nil: none).
  local function base(x)
    return starts[x.srow + 1]
  end
  local first_pos = math.min(dirty[1] or huge, from)
  local last_pos = math.max(dirty[#dirty] or -1, to)
  -- the prefix: records 1 .. a, a the largest with old[a + 1] before the
  -- first stale record and starting at or before first_pos
  local a, hi = 0, math.min(n - 1, inc.stale_lo and inc.stale_lo - 2 or n - 1)
  while a < hi do
    local mid = math.floor((a + hi + 1) / 2)
    local b = base(old[mid + 1])
    if b and b <= first_pos then
      a = mid
    else
      hi = mid - 1
    end
  end
  -- the suffix: records m .. n, m the smallest after the last stale record
  -- starting after last_pos (and after record a)
  local m, lo_m = n + 1, math.max(a + 2, inc.stale_hi and inc.stale_hi + 2 or 2)
  local mhi = n + 1
  while lo_m < mhi do
    local mid = math.floor((lo_m + mhi) / 2)
    local b = base(old[mid])
    if b and b > last_pos then
      mhi = mid
    else
      lo_m = mid + 1
    end
  end
  m = mhi
  for i = 1, a do
    recs[i] = old[i]
  end
  nrec = a
  if a > 0 then
    ei, qi = job:first_at(base(old[a + 1]))
    if relink[1] and relink[1] < base(old[a + 1]) then
      -- ids changed in the prefix: read later, record by record
      w.pending[#w.pending + 1] = { recs, 1, a, 1, 1 }
      w.relinked = true
    end
  end
  local k = a + 1
  local lo = a == 0 and 0 or base(old[k]) -- the first byte of old[k]'s range
  local rec = old[k]
  while k <= n do
    if k >= m then
      -- the suffix, when the records made so far end where it starts
      local e2, q2 = job:first_at(base(old[k]))
      if e2 ~= ei or q2 ~= qi then
        return nil
      end
      local first = nrec + 1
      for i = k, n do
        nrec = nrec + 1
        recs[nrec] = old[i]
      end
      if relink[#relink] and relink[#relink] >= base(old[k]) then
        w.pending[#w.pending + 1] = { recs, first, nrec, ei, qi }
        w.relinked = true
      end
      return recs, w.new, gone, w.relinked, w.pending, w.deferred
    end
    local nxt = old[k + 1]
    local limit = nxt and not nxt.stale and starts[nxt.srow + 1] or huge
    -- the next dirty position at or after lo
    while dirty[di] and dirty[di] < lo do
      di = di + 1
    end
    local d = dirty[di]
    if not rec.stale and not rec.grown and rec.ne and (nxt == nil or not nxt.stale) and lo < limit
      and (d == nil or d >= limit) and not (from < limit and to >= lo) then
      -- clean: kept as it is (its ids read again when diff.relink says so)
      while relink[ri] and relink[ri] < lo do
        ri = ri + 1
      end
      if rec.ids_pending or (relink[ri] and relink[ri] < limit) then
        -- its ids are read later, out of the keystroke's way (M.resolve_ids:
        -- a new name early in the text renumbers every entity after it)
        rec.ids_pending = true
        w.pending[#w.pending + 1] = { rec, ei, qi }
        w.relinked = true
      end
      nrec = nrec + 1
      recs[nrec] = rec
      ei, qi = ei + rec.ne, qi + rec.nq
      k, rec, lo = k + 1, nxt, limit
    else
      -- a run of records made again: from the row after the record before
      -- it (kept) to the next clean record (which a quote running over a
      -- break may take in: then the run goes on)
      local by_row, run = {}, {}
      local j = k
      local function take(x)
        run[#run + 1] = x
        if not x.stale then
          by_row[x.srow] = x
        end
      end
      take(rec)
      j = k + 1
      -- the run ends before a record that is clean by the test above
      local function ends_at(jj)
        local x, xn = old[jj], old[jj + 1]
        if not x or x.stale or x.grown or not x.ne or (xn and xn.stale) then
          return false
        end
        local xlo = starts[x.srow + 1]
        local xlimit = xn and starts[xn.srow + 1] or huge
        if not xlo or not (xlo < xlimit) or (from < xlimit and to >= xlo) then
          return false
        end
        local dd = di
        while dirty[dd] and dirty[dd] < xlo do
          dd = dd + 1
        end
        return dirty[dd] == nil or dirty[dd] >= xlimit
      end
      while j <= n and not ends_at(j) do
        take(old[j])
        j = j + 1
      end
      w.ei, w.qi = ei, qi
      local srow, erow = block_at(lines, k > 1 and old[k - 1].erow or 0)
      local made_n = 0 -- (records made in this run)
      while srow and not (j <= n and srow >= old[j].srow) do
        local made
        made, srow, erow = make_record(w, srow, erow, by_row[srow])
        made_n = made_n + 1
        nrec = nrec + 1
        recs[nrec] = made
        while j <= n and made.erow > old[j].srow do -- (a clean record taken in)
          take(old[j])
          j = j + 1
          while j <= n and not ends_at(j) do
            take(old[j])
            j = j + 1
          end
        end
        if w.deadline and made_n >= 3 and srow and not (j <= n and srow >= old[j].srow)
          and vim.loop.hrtime() > w.deadline then
          -- out of time (an edit that changed the analysis of much of the
          -- text: a code fence opened): the rest of the run is made later.
          -- (Never before three records are made: the next split makes
          -- again the last one made, which is left stale, and the one before
          -- the first stale record, which is not clean; with fewer, a slow
          -- machine would defer the same records for ever.)
          -- Its old records stay, marked stale (the next split makes them
          -- again), and its items are skipped.
          -- (the last record made is marked stale too, so that the next
          -- split takes the rows after it, which may hold no record now)
          recs[nrec].stale = true
          for _, x in ipairs(run) do
            if not w.kept[x] and x.srow >= srow then
              x.stale = true
              w.kept[x] = true
              nrec = nrec + 1
              recs[nrec] = x
            end
          end
          w.ei, w.qi = job:first_at(j <= n and base(old[j]) or huge)
          w.deferred = true
          srow = j <= n and old[j].srow or nil
          break
        end
      end
      ei, qi = w.ei, w.qi
      for _, x in ipairs(run) do
        if not w.kept[x] then
          gone[#gone + 1] = x
        end
      end
      if j <= n and srow ~= old[j].srow then
        return nil -- (the paragraphs do not meet the next clean record: whole split)
      end
      k = j
      rec = old[k]
      lo = rec and starts[rec.srow + 1] or huge
    end
  end
  -- every item of the job went to a record (else the caller splits whole)
  local ne, nq = job:count()
  if ei ~= ne + 1 or qi ~= nq + 1 then
    return nil
  end
  return recs, w.new, gone, w.relinked, w.pending, w.deferred
end

-- Split result `r` of the buffer's text (`tp`: newsmark.textpos.lines of its
-- lines) into records, reusing those of `old` (by row, text and key) that
-- are not stale. Returns the records, the new ones, the gone ones, and
-- whether an id changed.
--
-- Incrementally (`inc` = { job = , diff = }, r nil): the result is read from
-- the finished core job, and diff (job:diff against the job of the result
-- `old` was made from) says where it differs. An old record that is not
-- stale, holds no position of diff.dirty and does not touch [diff.from,
-- diff.to] is kept as it is, its items not read (its ids are read again
-- when diff.relink says so); the rows of the others are split again as in
-- the whole split, their items read from the job one by one. So the work
-- is that of the changed paragraphs. The ids of kept records that
-- diff.relink names are read later: the 5th value lists them (M.resolve_ids;
-- newsmark.buffer does it on the next turn of the event loop, and before
-- anything reads them). The
-- records are the same as those of the whole split
-- (tests/nvim/incremental_spec.lua compares them). Returns nil when that is
-- not certain (then split whole). With inc.deadline (hrtime), a run of
-- records to make that is still going at the deadline is left for later:
-- its old records are kept, marked stale, and the 6th value is true (split
-- again, with nothing but them to do: see newsmark.buffer.ensure_records).
function M.split(old, tp, r, input, labels, inc)
  local doc = tp.text
  local w = { tp = tp, lines = tp.lines, doc = doc, input = input, labels = labels,
    ei = 1, qi = 1, new = {}, kept = {}, relinked = false, pending = {} }
  if inc then
    local job = inc.job
    w.ents, w.quotes, w.names = lazy(job, "entity"), lazy(job, "quote"), lazy_names(job, doc)
    w.deadline = inc.deadline
    return split_inc(w, old, inc)
  end
  w.ents, w.quotes = r.entities, r.quotes
  w.names = M.speaker_names(doc, r)
  local by_row = {}
  for _, rec in ipairs(old) do
    if not rec.stale then
      by_row[rec.srow] = rec
    end
  end
  local recs = {}
  local srow, erow = block_at(tp.lines, 0)
  while srow do
    local rec
    rec, srow, erow = make_record(w, srow, erow, by_row[srow])
    recs[#recs + 1] = rec
  end
  local gone = {}
  for _, rec in ipairs(old) do
    if not w.kept[rec] then
      gone[#gone + 1] = rec
    end
  end
  return recs, w.new, gone, w.relinked
end

-- Read the ids of the records the incremental split left pending (the 5th
-- value of M.split, entries of `job`: { rec, first entity, first quote } for
-- one record, { recs, i1, i2, first entity, first quote } for the records
-- recs[i1 .. i2]), from p.i on, until hrtime `deadline` (nil: all). True
-- when none is left. The records must be those of that split (not split
-- again since).
function M.resolve_ids(p, labels, deadline)
  local job, list = p.job, p.list
  while p.i <= #list do
    local x = list[p.i]
    if x[4] then -- a range, read from where the last step left it
      local recs, ei, qi = x[1], x[4], x[5]
      local i = x.at or x[2]
      while i <= x[3] do
        local rec = recs[i]
        if job:ids(ei, rec.ne, rec.lids, qi, rec.nq, rec.qids) then
          set_ids(rec, labels)
        end
        ei, qi, i = ei + rec.ne, qi + rec.nq, i + 1
        if deadline and i % 32 == 0 and vim.loop.hrtime() > deadline then
          x.at, x[4], x[5] = i, ei, qi
          return false
        end
      end
    else
      local rec = x[1]
      if rec.ids_pending then
        job:ids(x[2], rec.ne, rec.lids, x[3], rec.nq, rec.qids)
        set_ids(rec, labels)
        rec.ids_pending = nil
      end
    end
    p.i = p.i + 1
    if deadline and vim.loop.hrtime() > deadline then
      return p.i > #list
    end
  end
  return true
end

-- Undraw the gone records and draw the new ones (those the windows show
-- first).
function M.draw(buf, new, gone, o)
  for _, rec in ipairs(gone) do
    if rec.marks then
      render.undraw(buf, rec.marks)
      rec.marks = nil
    end
  end
  for _, rec in ipairs(new) do
    rec.marks = render.draw(buf, rec.srow, rec.an, o)
  end
end

-- Rows [r1, r2) the windows showing `buf` display.
function M.visible_rows(buf)
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
  return r1 or 0, r2 or math.huge
end

return M
