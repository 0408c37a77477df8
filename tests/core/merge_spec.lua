-- A person's decisions merged in the core (job:merge, src/merge.c: the
-- editor's keystroke path) equal the same decisions merged in Lua
-- (newsmark.export.apply: bin/newsmark annotate, exports). Random decisions
-- over the example articles (seeded, the same under LuaJIT and lua5.1): every
-- kind (relabel, a new span, a part of a name, never on a span or a name,
-- always and never for the whole document, merges), then every reader of the
-- job compared with the Lua result.
local H = require("tests.core.helper")
local X = require("newsmark.export")
local D = require("newsmark.document")
local model = H.model

local function read(path)
  return (assert(H.read_file(path), path))
end

-- Park-Miller: the same sequence everywhere.
local seed = 4242
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local LABELS = { "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC", "DATE", "MONEY" }

-- A word's span at or after byte `at` of `text` (nil when none).
local function word_at(text, at)
  local s, f = text:find("%w+", at + 1)
  if s then
    return s - 1, f
  end
end

-- Random decisions over the machine's result `r` of `text`: a sidecar table
-- with byte places (as the editor gives them) and merges.
local function decisions(text, r)
  local sc = { anns = {}, equivs = {}, extra = {} }
  local ents = r.entities
  local function add(a)
    a.tid = "T" .. (#sc.anns + 1)
    a.never = a.never or false
    a.scope = a.scope or "span"
    sc.anns[#sc.anns + 1] = a
    return a
  end
  for _ = 1, rnd(12) do
    local kind = rnd(7)
    local e = ents[rnd(#ents)]
    local s, f = e.start, e.finish
    if kind == 2 then -- a new span: a word or two anywhere
      s, f = word_at(text, rnd(#text) - 1)
      if s and rnd(2) == 1 then
        local _, f2 = word_at(text, f)
        f = f2 or f
      end
    elseif kind == 3 and f - s > 3 then -- a part of a name
      f = s + rnd(f - s - 1)
    end
    if s then
      local a = { bstart = s, bfinish = f, text = text:sub(s + 1, f) }
      if kind == 4 then
        a.never = true
      elseif kind == 5 then -- never over a wider span
        a.never, a.bstart = true, math.max(0, s - rnd(20))
        a.text = text:sub(a.bstart + 1, f)
      elseif kind == 6 then
        a.scope, a.label = "document", LABELS[rnd(#LABELS)]
      elseif kind == 7 then
        a.scope, a.never = "document", true
      else
        a.label = LABELS[rnd(#LABELS)]
      end
      if not a.text:find("^%s*$") then
        add(a)
      end
    end
  end
  if #sc.anns >= 2 then
    for _ = 1, rnd(3) - 1 do
      sc.equivs[#sc.equivs + 1] = { sc.anns[rnd(#sc.anns)].tid, sc.anns[rnd(#sc.anns)].tid, "T999" }
    end
  end
  return sc
end

-- Every reader of the job, as one result.
local function read_job(job, text)
  local ne, nq = job:count()
  local out = { entities = {}, quotes = {} }
  for i = 1, ne do
    out.entities[i] = job:entity(i)
  end
  for i = 1, nq do
    out.quotes[i] = job:quote(i)
  end
  assert.is_nil(job:entity(ne + 1))
  -- first_at agrees with the entities' starts
  for _ = 1, 5 do
    local at = rnd(#text + 1) - 1
    local ei = job:first_at(at)
    assert.truthy(ei == ne + 1 or out.entities[ei].start >= at)
    assert.truthy(ei == 1 or out.entities[ei - 1].start < at)
  end
  return out
end

describe("decisions merged in the core", function()
  local files = { "examples/article.md", "examples/council.md", "examples/summit.md" }

  it("equal the merge of newsmark.export, for every reader of the job", function()
    local runs, manual, removed, merged_ids = 0, 0, 0, 0
    for _, path in ipairs(files) do
      local text = read(path)
      local doc = D.new(model, { markdown = true })
      doc:start(text)
      local job = assert(doc:finish())
      local machine = job:result()
      for _ = 1, 40 do
        local sc = decisions(text, machine)
        doc:set_decisions(sc)
        local want, lost = X.apply(text, machine, sc)
        local got_job, got_lost = assert(doc:merge_into(job))
        assert.equal(job, got_job)
        assert.same(lost, got_lost)
        assert.same(want, job:result())
        assert.same(want, read_job(job, text))
        runs = runs + 1
        for _, e in ipairs(want.entities) do
          manual = manual + (e.manual and 1 or 0)
          merged_ids = merged_ids + ((e.orig and e.orig ~= e.id) and 1 or 0)
        end
        removed = removed + (#machine.entities - #want.entities > 0 and 1 or 0)
      end
      -- taken away, the job is the machine's again
      doc:set_decisions(nil)
      assert(doc:merge_into(job))
      assert.same(machine, job:result())
    end
    assert.equal(120, runs)
    -- (the random decisions did exercise each rule)
    assert.truthy(manual > 100, manual)
    assert.truthy(removed > 20, removed)
    assert.truthy(merged_ids > 5, merged_ids)
  end)

  it("gives speakers the merged ids, and none when their entity is gone", function()
    local text = '"We will sail," Ana Ruiz said.\n\nRuiz met Carla Mendes in Lisbon.\n'
    local doc = D.new(model, { markdown = true })
    doc:start(text)
    local job = assert(doc:finish())
    local machine = job:result()
    local q = machine.quotes[1]
    assert.truthy(q and q.speaker and q.speaker.id and q.speaker.id > 0, "the example has a quote with a speaker")
    local s, f = text:find("Ana Ruiz", 1, true)
    local s2, f2 = text:find("Ruiz met", 1, true)
    -- every mention of the speaker unmarked: the speaker keeps its span, loses its id
    local sc = { anns = {
      { tid = "T1", never = true, scope = "span", text = "Ana Ruiz", bstart = s - 1, bfinish = f },
      { tid = "T2", never = true, scope = "span", text = "Ruiz", bstart = s2 - 1, bfinish = f2 - 4 },
    }, equivs = {}, extra = {} }
    doc:set_decisions(sc)
    assert(doc:merge_into(job))
    local got = job:result()
    assert.same(X.apply(text, machine, sc), got)
    assert.is_nil(got.quotes[1].speaker.id)
    local qids = {}
    job:ids(1, 0, {}, 1, 1, qids)
    assert.equal(false, qids[1])
  end)

  it("refuses decisions that do not fit the text, and labels the core does not know", function()
    local text = "Ana Ruiz met Carla Mendes in Lisbon.\n"
    local doc = D.new(model)
    doc:start(text)
    local job = assert(doc:finish())
    assert.has_error(function()
      job:merge({ { start = 10, finish = 4, label = "ORG", tid = 1 } }, {}, { "T1" }, text)
    end)
    assert.has_error(function()
      job:merge({ { start = 0, finish = 400, label = "ORG", tid = 1 } }, {}, { "T1" }, text)
    end)
    assert.has_error(function() -- overlapping
      job:merge({ { start = 0, finish = 8, label = "ORG", tid = 1 }, { start = 4, finish = 12, never = true, tid = 1 } },
        {}, { "T1" }, text)
    end)
    assert.has_error(function()
      job:merge({ { start = 0, finish = 8, label = "ORG", tid = 2 } }, {}, { "T1" }, text)
    end)
    local ok, err = job:merge({ { start = 0, finish = 8, label = "BOAT", tid = 1 } }, {}, { "T1" }, text)
    assert.is_nil(ok)
    assert.truthy(err:find("label", 1, true))
    -- after a refusal the job reads as the machine's
    assert.same(model:analyze(text), job:result())
  end)

  it("tells a longer machine name around a span, as export.effective does", function()
    local text = "Erik Brevik founded Brevik Shipping ASA in Oslo.\n"
    local doc = D.new(model)
    doc:start(text)
    local job = assert(doc:finish())
    local r = job:result()
    local cases = 0
    for _, e in ipairs(r.entities) do
      for _, sp in ipairs({ { e.start, e.finish }, { e.start, e.start + 1 }, { e.start + 1, e.finish + 2 }, { 0, #text } }) do
        local want = false
        for _, m in ipairs(r.entities) do
          if m.finish > m.start and m.start < sp[2] and m.finish > sp[1] and (m.start < sp[1] or m.finish > sp[2]) then
            want = true
          end
        end
        assert.equal(want, job:longer(sp[1], sp[2]))
        cases = cases + 1
      end
    end
    assert.truthy(cases >= 8)
  end)
end)
