-- newsmark eval --quotes DIR: score quotes, speakers and cues against brat
-- attribution data laid out as DIR/text/NAME.txt and DIR/attributions/NAME*.ann
-- (PolNeAR layout; with several .ann files for one text the first by name is
-- used). brat offsets count characters: they are converted to bytes here.
--
-- Protocol. A predicted quote matches a gold attribution when it
-- covers more than 30% (reported separately: 80%) of the gold content;
-- matching is one to one and greedy (best coverage first). Speaker is right
-- when the predicted speaker overlaps a gold Source span; cue right when it
-- overlaps the gold Cue, exact when the case-folded texts are equal (the
-- parts of a discontinuous gold cue joined by one space). Speaker and cue
-- figures are over matched gold attributions that have a source / a cue.
-- PolNeAR marks the source of `Ana Ruiz, who said ...` as "who"; a speaker
-- that is the antecedent (it ends right before the relative pronoun, only
-- spaces, a comma or a closing bracket between) is right too.
--
-- Subsets, one test applied alike to gold and predictions:
--   direct  the content (gold: first to last span) begins or ends with a
--           quotation mark
--   speech  direct, or the cue is a speech verb or phrase or holds a colon
--   all     every attribution / every predicted quote
-- Recall of a subset counts its gold attributions (matched against every
-- prediction); precision counts the predicted quotes in the subset by the
-- same test on the prediction's own text and cue, correct when matched to any
-- gold attribution.
--
-- Split quotes. The core gives a quotation interrupted by its attribution
-- (`"A," X said. "B."`) or running over paragraphs as one quote with parts;
-- a quote covers gold content with its parts only (not the attribution
-- between them). Nothing is joined here: every predicted quote is scored as
-- the core gives it. PolNeAR writes such a quotation sometimes as one
-- attribution and sometimes as one per part; the table above matches a quote
-- once, and a second table (match_parts) also counts a gold attribution that
-- one part of a quote covers on its own (each part at most once), with the
-- same precision.
--
-- Documents. opts.docs names a file of base names (one a line, "#" comments
-- and blank lines ignored): only those texts are scored. PolNeAR train is
-- split by document into data/quotes/polnear-train-tuning.txt (rules are
-- tuned on it) and data/quotes/polnear-train-heldout.txt (only measured);
-- PolNeAR dev gives the final figures.
local M = {}

local read = require("newsmark.cli.main").read_file
local order = require("newsmark.order")

local function list(dir)
  local names = {}
  local p = io.popen('ls -1 "' .. dir:gsub('"', '\\"') .. '" 2>/dev/null')
  if not p then return names end
  for line in p:lines() do names[#names + 1] = line end
  p:close()
  table.sort(names)
  return names
end

-- Byte offset (0-based) of every character offset, and of the end
-- (characters counted as every brat offset of newsmark: sidecar.charlen).
local charlen = require("newsmark.sidecar").charlen
local function char_to_byte(text)
  local map, c, i, n = {}, 0, 1, #text
  while i <= n do
    map[c] = i - 1
    i = i + charlen(text, i)
    c = c + 1
  end
  map[c] = n
  return map
end

-- Parse a brat .ann: attributions { content = {{s,e}...}, source = ..., cue = ... }
-- with byte spans.
local function parse_ann(data, c2b)
  local tb, attrs = {}, {}
  local function b(off)
    return c2b[off] or c2b[#c2b]
  end
  for line in data:gmatch("[^\n]+") do
    local id, rest = line:match("^(T%d+)\t([^\t]+)")
    if id then
      local kind, offs = rest:match("^(%S+) (.+)$")
      local spans = {}
      for s, e in (offs or ""):gmatch("(%d+) (%d+)") do
        spans[#spans + 1] = { b(tonumber(s)), b(tonumber(e)) }
      end
      tb[id] = { kind = kind, spans = spans }
    else
      local eid, args = line:match("^(E%d+)\t(.+)$")
      if eid then
        local a = { content = {}, source = {}, cue = {} }
        for role, ref in args:gmatch("(%a+)%d*:(T%d+)") do
          local key = role:lower()
          if a[key] then a[key][#a[key] + 1] = ref end
        end
        attrs[#attrs + 1] = a
      end
    end
  end
  local out = {}
  for _, a in ipairs(attrs) do
    local g = { content = {}, source = {}, cue = {} }
    for _, key in ipairs({ "content", "source", "cue" }) do
      for _, ref in ipairs(a[key]) do
        local t = tb[ref]
        if t then
          for _, s in ipairs(t.spans) do g[key][#g[key] + 1] = s end
        end
      end
      table.sort(g[key], function(x, y) return x[1] < y[1] or (x[1] == y[1] and x[2] < y[2]) end)
    end
    if #g.content > 0 then out[#out + 1] = g end
  end
  return out
end

local QMARKS = { '"', "'", "\226\128\156", "\226\128\157", "\226\128\152", "\226\128\153",
  "\194\171", "\194\187", "\226\128\158" }

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

local function marked(s)
  s = trim(s)
  for _, q in ipairs(QMARKS) do
    if s:sub(1, #q) == q or (#s >= #q and s:sub(-#q) == q) then return true end
  end
  return false
end

-- Speech verbs (lemmas) and their inflections, independent of the core's lists.
local SPEECH = {}
do
  local lemmas = [[say tell add state claim explain announce declare ask reply respond answer
    argue insist warn note acknowledge admit confirm deny recall remark comment complain concede
    contend assert stress emphasize emphasise predict promise vow pledge urge tweet joke quip boast
    caution counter conclude allege testify reveal disclose mention repeat reiterate shout exclaim
    whisper demand proclaim assure inform remind retort praise criticize criticise accuse suggest
    agree describe call write speak report post]]
  for l in lemmas:gmatch("%a+") do
    local last = l:sub(-1)
    for _, f in ipairs({ l, l .. "s", l .. "es", l .. "d", l .. "ed", l .. "ing", l .. last .. "ed",
      l .. last .. "ing", l:sub(1, -2) .. "ing", l:sub(1, -2) .. "ies", l:sub(1, -2) .. "ied" }) do
      SPEECH[f] = true
    end
  end
  for w in ("said told wrote written spoke spoken according"):gmatch("%a+") do SPEECH[w] = true end
end

local function is_speech(cue)
  cue = trim(cue):lower()
  if cue == ":" or cue:find(":", 1, true) then return true end
  for w in cue:gmatch("[%a]+") do
    if SPEECH[w] then return true end
  end
  return false
end

local function overlap(a, b, c, d)
  local s, e = math.max(a, c), math.min(b, d)
  return e > s and e - s or 0
end

local function any_overlap(s, e, spans)
  for _, g in ipairs(spans) do
    if overlap(s, e, g[1], g[2]) > 0 then return true end
  end
  return false
end

local RELATIVE = { who = true, which = true, that = true }

-- Is the predicted speaker s..e right for gold sources `spans` of text?
local function speaker_ok(text, s, e, spans)
  if any_overlap(s, e, spans) then return true end
  for _, g in ipairs(spans) do
    if RELATIVE[text:sub(g[1] + 1, g[2]):lower()] and e <= g[1] and g[1] - e <= 8 and
      text:sub(e + 1, g[1]):match("^[%s,%)]*$") then
      return true
    end
  end
  return false
end

-- Coverage of gold g by a unit (a list of predicted quotes); a quote of
-- several parts covers with its parts only (not the attribution between).
local function coverage(u, g)
  local tot, cov = 0, 0
  for _, c in ipairs(g.content) do
    tot = tot + (c[2] - c[1])
    for _, q in ipairs(u) do
      for _, p in ipairs(q.parts or { q }) do cov = cov + overlap(p.start, p.finish, c[1], c[2]) end
    end
  end
  return tot > 0 and math.min(cov / tot, 1) or 0
end

local function same_span(a, b)
  return a and b and a.start == b.start and a.finish == b.finish
end

-- Units of predictions: each prediction is its own unit (units[k] = { k }).
local function make_units(preds)
  local unit_of, units = {}, {}
  for pi in ipairs(preds) do
    units[pi] = { pi }
    unit_of[pi] = pi
  end
  return units, unit_of
end

-- One-to-one greedy matching of units above a coverage threshold:
-- gm[gi] = unit index, um[unit index] = gi.
local function match(preds, units, golds, thr)
  local pairs_ = {}
  for ui, u in ipairs(units) do
    local qs = {}
    for _, pi in ipairs(u) do qs[#qs + 1] = preds[pi] end
    for gi, g in ipairs(golds) do
      local c = coverage(qs, g)
      if c > thr then pairs_[#pairs_ + 1] = { c, ui, gi } end
    end
  end
  table.sort(pairs_, order.by(order.desc(1), 2, 3))
  local gm, pm = {}, {}
  for _, p in ipairs(pairs_) do
    if not gm[p[3]] and not pm[p[2]] then
      gm[p[3]] = p[2]
      pm[p[2]] = p[3]
    end
  end
  return gm, pm
end

-- Matching by units, returned per prediction: gm[gi] = first prediction of
-- the matched unit, pm[pi] = gi for every prediction of a matched unit.
local function match_preds(preds, units, unit_of, golds, thr)
  local gu, ug = match(preds, units, golds, thr)
  local gm, pm = {}, {}
  for gi, ui in pairs(gu) do gm[gi] = units[ui][1] end
  for pi in ipairs(preds) do pm[pi] = ug[unit_of[pi]] end
  return gm, pm
end

-- Gold attributions left unmatched by match_preds that one part of a
-- quote covers (more than thr) on its own: PolNeAR sometimes writes the parts
-- of one quotation (`"A," X said. "B."`, or a quotation over paragraphs) as
-- separate attributions, which a quote of several parts can match only once
-- above. Each part counts for one gold attribution at most, and not the
-- parts that already cover the gold their quote matched. Returns gx[gi] = pi
-- and px[pi] = true for the predictions that match only this way.
local function match_parts(preds, golds, gm, pm, thr)
  local used = {}
  for pi, gi in pairs(pm) do
    for k, part in ipairs(preds[pi].parts or {}) do
      if coverage({ part }, golds[gi]) > 0 then used[pi .. ":" .. k] = true end
    end
  end
  local pairs_ = {}
  for gi, g in ipairs(golds) do
    if not gm[gi] then
      for pi, q in ipairs(preds) do
        for k, part in ipairs(q.parts or {}) do
          local c = coverage({ part }, g)
          if c > thr and not used[pi .. ":" .. k] then pairs_[#pairs_ + 1] = { c, pi, k, gi } end
        end
      end
    end
  end
  table.sort(pairs_, order.by(order.desc(1), 2, 3, 4))
  local gx, px = {}, {}
  for _, p in ipairs(pairs_) do
    local key = p[2] .. ":" .. p[3]
    if not gx[p[4]] and not used[key] then
      gx[p[4]] = p[2]
      used[key] = true
      if not pm[p[2]] then px[p[2]] = true end
    end
  end
  return gx, px
end

local SUBSETS = { "direct", "speech", "all" }
local THRESHOLDS = { 0.3, 0.8 }

local function new_row()
  return { gold = 0, pred = 0, gmatch = 0, pmatch = 0, spk_n = 0, spk_ok = 0, cue_n = 0,
    cue_ok = 0, cue_exact = 0, gpart = 0, ppart = 0 }
end

function M.run(core, model, opts)
  local dir = opts.dir
  local names = list(dir .. "/text")
  if #names == 0 then
    io.stderr:write("newsmark: no text/*.txt under ", dir, "\n")
    return 2
  end
  if opts.docs then
    local data = read(opts.docs)
    if not data then
      io.stderr:write("newsmark: cannot read ", opts.docs, "\n")
      return 2
    end
    local want, kept = {}, {}
    for line in data:gmatch("[^\n]+") do
      line = trim(line)
      if line ~= "" and line:sub(1, 1) ~= "#" then want[line:gsub("%.txt$", "") .. ".txt"] = true end
    end
    for _, n in ipairs(names) do
      if want[n] then kept[#kept + 1] = n end
    end
    names = kept
    if #names == 0 then
      io.stderr:write("newsmark: no text of ", opts.docs, " under ", dir, "/text\n")
      return 2
    end
  end
  local anns = list(dir .. "/attributions")
  local rows = {}
  for _, thr in ipairs(THRESHOLDS) do
    rows[thr] = {}
    for _, s in ipairs(SUBSETS) do rows[thr][s] = new_row() end
  end
  local ndocs = 0
  local ai = 1
  local debug_subset = os.getenv("NEWSMARK_EVAL_DEBUG")
  for _, name in ipairs(names) do
    local base = name:match("^(.*)%.txt$")
    if base then
      -- first .ann by name for this text: NAME.ann or NAME_*.ann
      local ann
      for _, a in ipairs(anns) do
        if a == base .. ".ann" or (a:sub(1, #base + 1) == base .. "_" and a:match("%.ann$")) then
          ann = a
          break
        end
      end
      local text = read(dir .. "/text/" .. name)
      local adata = ann and read(dir .. "/attributions/" .. ann)
      if text and adata then
        ndocs = ndocs + 1
        local c2b = char_to_byte(text)
        local golds = parse_ann(adata, c2b)
        local r = model:analyze(text)
        local preds = r.quotes or {}
        local units, unit_of = make_units(preds)
        -- subset membership
        local gin, pin = {}, {}
        for gi, g in ipairs(golds) do
          local ctext = text:sub(g.content[1][1] + 1, g.content[#g.content][2])
          local direct = marked(ctext)
          local cue = ""
          for _, c in ipairs(g.cue) do cue = cue .. " " .. text:sub(c[1] + 1, c[2]) end
          gin[gi] = { direct = direct, speech = direct or is_speech(cue), all = true }
        end
        for pi, q in ipairs(preds) do
          local qtext = text:sub(q.start + 1, q.finish)
          local direct = marked(qtext)
          local cue = q.cue and text:sub(q.cue.start + 1, q.cue.finish) or ""
          pin[pi] = { direct = direct, speech = direct or is_speech(cue), all = true }
        end
        if debug_subset then
          -- NEWSMARK_EVAL_DEBUG=direct|speech|all: list misses and false alarms on stderr
          local gm, pm = match_preds(preds, units, unit_of, golds, 0.3)
          local function one(s, e) return (text:sub(s + 1, e):gsub("\n", " ")) end
          for gi, g in ipairs(golds) do
            if gin[gi][debug_subset] and not gm[gi] then
              local gc = #g.cue > 0 and one(g.cue[1][1], g.cue[1][2]) or "-"
              io.stderr:write("MISS ", name, " [cue ", gc, "]: ", one(g.content[1][1], g.content[#g.content][2]), "\n")
            end
          end
          for pi, q in ipairs(preds) do
            if pin[pi][debug_subset] and not pm[pi] then
              io.stderr:write("FALSE ", name, " [", q.type, " {", tostring(q.rule), "} spk ", q.speaker and one(q.speaker.start, q.speaker.finish) or "-", " cue ", q.cue and one(q.cue.start, q.cue.finish) or "-", "]: ", one(q.start, q.finish), "\n")
            elseif pin[pi][debug_subset] then
              local g = golds[pm[pi]]
              local sp = q.speaker and one(q.speaker.start, q.speaker.finish) or "-"
              local gs = #g.source > 0 and one(g.source[1][1], g.source[1][2]) or "-"
              local cu = q.cue and one(q.cue.start, q.cue.finish) or "-"
              local gc = #g.cue > 0 and one(g.cue[1][1], g.cue[1][2]) or "-"
              local ok = q.speaker and speaker_ok(text, q.speaker.start, q.speaker.finish, g.source)
              io.stderr:write(ok and "SPKOK " or "SPKBAD ", name, ": speaker ", sp, " / gold ", gs,
                "; cue ", cu, " / gold ", gc, " {", tostring(q.rule), "} :: ", one(q.start, math.min(q.finish, q.start + 60)), "\n")
            end
          end
        end
        for _, thr in ipairs(THRESHOLDS) do
          local gm, pm = match_preds(preds, units, unit_of, golds, thr)
          local gx, px = match_parts(preds, golds, gm, pm, thr)
          for _, s in ipairs(SUBSETS) do
            local row = rows[thr][s]
            for gi in pairs(gx) do
              if gin[gi][s] then row.gpart = row.gpart + 1 end
            end
            for pi in pairs(px) do
              if pin[pi][s] then row.ppart = row.ppart + 1 end
            end
            for gi, g in ipairs(golds) do
              if gin[gi][s] then
                row.gold = row.gold + 1
                local pi = gm[gi]
                if pi then
                  row.gmatch = row.gmatch + 1
                  local q = preds[pi]
                  if #g.source > 0 then
                    row.spk_n = row.spk_n + 1
                    if q.speaker and speaker_ok(text, q.speaker.start, q.speaker.finish, g.source) then
                      row.spk_ok = row.spk_ok + 1
                    end
                  end
                  if #g.cue > 0 then
                    row.cue_n = row.cue_n + 1
                    if q.cue and any_overlap(q.cue.start, q.cue.finish, g.cue) then
                      row.cue_ok = row.cue_ok + 1
                    end
                    if q.cue then
                      local pc = trim(text:sub(q.cue.start + 1, q.cue.finish)):lower()
                      local gc = {}
                      for _, c in ipairs(g.cue) do gc[#gc + 1] = trim(text:sub(c[1] + 1, c[2])) end
                      if pc == table.concat(gc, " "):lower() then row.cue_exact = row.cue_exact + 1 end
                    end
                  end
                end
              end
            end
            for pi in ipairs(preds) do
              if pin[pi][s] then
                row.pred = row.pred + 1
                if pm[pi] then row.pmatch = row.pmatch + 1 end
              end
            end
          end
        end
      end
    end
    ai = ai + 1
  end
  local function pct(a, b) return b > 0 and string.format("%5.1f", 100 * a / b) or "    -" end
  local function f3(x) return string.format("%.3f", x) end
  io.write(string.format("quotes: %d documents, %s%s\n", ndocs, dir,
    opts.docs and (" (" .. opts.docs .. ")") or ""))
  io.write("subsets by one test on gold and predicted text/cue; precision over every predicted\n")
  io.write("quote as the core gives it (a quote of several parts is one quote)\n")
  -- one line per threshold and subset: the counts, P, R, F1, then rest(r)
  local function table_(matched, rest)
    for _, thr in ipairs(THRESHOLDS) do
      for _, s in ipairs(SUBSETS) do
        local r = rows[thr][s]
        local pm, gm = matched(r)
        local p = r.pred > 0 and pm / r.pred or 0
        local rc = r.gold > 0 and gm / r.gold or 0
        local f = (p + rc) > 0 and 2 * p * rc / (p + rc) or 0
        io.write(string.format("%-7s >%2d%%  %5d %5d  %s  %s  %s   %s\n", s,
          math.floor(thr * 100 + 0.5), r.gold, r.pred, f3(p), f3(rc), f3(f), rest(r)))
      end
    end
  end
  io.write("subset  cover  gold  pred     P      R      F1   speaker%  cue%  cue_exact%\n")
  table_(function(r) return r.pmatch, r.gmatch end, function(r)
    return pct(r.spk_ok, r.spk_n) .. "   " .. pct(r.cue_ok, r.cue_n) .. "   " .. pct(r.cue_exact, r.cue_n)
  end)
  io.write("gold attributions also found by one part of a quote of several parts (each part\n")
  io.write("matches one at most; the table above matches a quote once):\n")
  io.write("subset  cover  gold  pred     P      R      F1   found by a part\n")
  table_(function(r) return r.pmatch + r.ppart, r.gmatch + r.gpart end, function(r)
    return tostring(r.gpart)
  end)
  return 0
end

return M
