-- The editor's incremental reading of a worker job (src/lua_newsmark.c):
-- job:diff against an older job says where the results differ, and the
-- readers (entity, quote, name, first_at, ids, status_counts) give what
-- job:result() gives. Random edits of the example articles (seeded, the
-- same under LuaJIT and lua5.1): the diff is compared with a reference
-- computed here from the two whole results.
local H = require("tests.core.helper")
local model = H.model
local md = require("newsmark.markdown")

local function read(path)
  return (assert(H.read_file(path), path))
end

local function job_of(text)
  local input = md.mask(text)
  local job = model:analyze_async(input)
  assert(job:result())
  return job, input
end

-- Park-Miller: the same sequence everywhere.
local seed = 12345
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local PIECES = { "a", " ", "Ana Ruiz ", "\"", "\"Yes,\" she said. ", "\n\n", "`", "\n```\n", "Mendes Holdings ",
  "Carla Mendes ", "Lisbon", ", said Costa.", "\n- ", "Tuesday " }

local function edit(text)
  local at = rnd(#text + 1) - 1
  local r = rnd(10)
  if r <= 6 then
    return text:sub(1, at) .. PIECES[rnd(#PIECES)] .. text:sub(at + 1)
  end
  local n = rnd(40)
  return text:sub(1, at) .. text:sub(at + n + 1)
end

-- Where old byte x is in the new text: common prefix p, common suffix s of
-- both the texts and the inputs (nil inside the change).
local function mapping(old, new, oin, nin)
  local p, m = 0, math.min(#old, #new)
  while p < m and old:byte(p + 1) == new:byte(p + 1) and oin:byte(p + 1) == nin:byte(p + 1) do
    p = p + 1
  end
  local s = 0
  while s < m - p and old:byte(#old - s) == new:byte(#new - s) and oin:byte(#old - s) == nin:byte(#new - s) do
    s = s + 1
  end
  local oend, delta = #old - s, #new - #old
  local function span(a, b) -- a span's place, or nil
    if b <= p then
      return a, b
    elseif a >= oend then
      return a + delta, b + delta
    end
  end
  return span, p, #new - s
end

local function longest(r, text)
  local names = {}
  for _, e in ipairs(r.entities) do
    local n = names[e.id]
    if not n or e.finish - e.start > #n then
      names[e.id] = text:sub(e.start + 1, e.finish)
    end
  end
  return names
end

local function sp_key(span, x)
  if not x then
    return "-"
  end
  local a, b = span(x.start, x.finish)
  return a and (a .. ":" .. b) or "?"
end

local has = require("tests.fixture").has

describe("job:diff and the job's readers", function()
  it("reports every item that differs (random edits), and reads as job:result()", function()
    local text = read("examples/article.md") .. "\n\n" .. read("examples/council.md")
    local job, input = job_of(text)
    local checked = 0
    -- scripted edits first (a label decided in another paragraph, a cue
    -- word changed beside an unchanged quote), then random ones
    local far = "\n\nThe port opened in May.\n\nThe port board hired Mendes in May, and Mendes left in June.\n"
    local script = {
      { "Carla Mendes met the council on Monday." .. far, "Mendes Holdings met the council on Monday." .. far },
      { "Ana Ruiz spoke first.\n\n\"We will build it,\" Ruiz said on Monday.\n",
        "Ana Ruiz spoke first.\n\n\"We will build it,\" Ruiz added on Monday.\n" },
    }
    local saved = { job, text, input }
    for step = 1, 60 + #script do
      local new
      if script[step] then
        text = script[step][1]
        job, input = job_of(text)
        new = script[step][2]
      else
        if step == #script + 1 then
          job, text, input = saved[1], saved[2], saved[3]
        end
        new = edit(text)
      end
      local njob, ninput = job_of(new)
      local d = assert(njob:diff(job, new, text, ninput, input))
      local r, o = njob:result(), job:result()
      local span, p, q = mapping(text, new, input, ninput)
      assert.equal(p, d.from)
      assert.equal(q, d.to)
      -- every new entity with no equal old one is reported at its start
      local olds = {}
      for _, e in ipairs(o.entities) do
        local a, b = span(e.start, e.finish)
        if a then
          olds[a .. ":" .. b] = e
        end
      end
      local news = {}
      for _, e in ipairs(r.entities) do
        news[e.start .. ":" .. e.finish] = e
        local x = olds[e.start .. ":" .. e.finish]
        if not x or x.label ~= e.label then
          assert.is_true(has(d.dirty, e.start), ("step %d: entity at %d"):format(step, e.start))
          checked = checked + 1
        elseif x.id ~= e.id then
          assert.is_true(has(d.relink, e.start) or has(d.dirty, e.start), ("step %d: id at %d"):format(step, e.start))
          checked = checked + 1
        end
      end
      -- every old entity with no equal new one is reported where it went
      for _, e in ipairs(o.entities) do
        local a, b = span(e.start, e.finish)
        local x = a and news[a .. ":" .. b]
        if not x or x.label ~= e.label then
          assert.is_true(has(d.dirty, a or p), ("step %d: old entity at %d"):format(step, e.start))
        end
      end
      -- quotes: all that is drawn (spans, type, flags, rule, parts, speaker,
      -- cue, the speaker's name), the speaker's id apart
      local onames, nnames = longest(o, text), longest(r, new)
      local function qkey(x, sp, names, t)
        local flags = {}
        for k in pairs(x.flags) do
          flags[#flags + 1] = k
        end
        table.sort(flags)
        local parts = {}
        for i, pt in ipairs(x.parts or {}) do
          parts[i] = sp_key(sp, pt)
        end
        local name = x.speaker and x.speaker.id and x.speaker.id > 0 and names[x.speaker.id] or "-"
        return table.concat({ sp_key(sp, x), x.type, table.concat(flags, ","), x.rule or "-", table.concat(parts, ","),
          sp_key(sp, x.speaker), sp_key(sp, x.cue), name }, "|"), x.speaker and x.speaker.id
      end
      local same = function(a, b)
        return a, b
      end
      local oq = {}
      for _, x in ipairs(o.quotes) do
        local k, id = qkey(x, span, onames, text)
        oq[k] = id or false
      end
      local nq = {}
      for _, x in ipairs(r.quotes) do
        local k, id = qkey(x, same, nnames, new)
        nq[k] = true
        if oq[k] == nil then
          assert.is_true(has(d.dirty, x.start), ("step %d: quote at %d"):format(step, x.start))
          checked = checked + 1
        elseif oq[k] ~= (id or false) then
          assert.is_true(has(d.relink, x.start) or has(d.dirty, x.start), ("step %d: speaker id at %d"):format(step, x.start))
        end
      end
      for _, x in ipairs(o.quotes) do
        local k = qkey(x, span, onames, text)
        if not nq[k] then
          local a = span(x.start, x.finish)
          assert.is_true(has(d.dirty, a or p), ("step %d: old quote at %d"):format(step, x.start))
        end
      end
      -- the readers
      local ne, nqn = njob:count()
      assert.equal(#r.entities, ne)
      assert.equal(#r.quotes, nqn)
      local i = rnd(math.max(ne, 1))
      if ne > 0 then
        assert.same(r.entities[i], njob:entity(i))
        local s, f = njob:name(r.entities[i].id)
        assert.equal(nnames[r.entities[i].id], new:sub(s + 1, f))
        -- first_at: the first entity and quote starting at or after an offset
        local off = r.entities[i].start
        local e1, q1 = njob:first_at(off)
        assert.equal(i, e1)
        local want = #r.quotes + 1
        for k, x in ipairs(r.quotes) do
          if x.start >= off then
            want = k
            break
          end
        end
        assert.equal(want, q1)
      end
      if nqn > 0 then
        local k = rnd(nqn)
        assert.same(r.quotes[k], njob:quote(k))
      end
      assert.is_nil(njob:entity(0))
      assert.is_nil(njob:entity(ne + 1))
      -- status_counts: distinct ids, quotes, quotes with no speaker
      local ids, n, none = {}, 0, 0
      for _, e in ipairs(r.entities) do
        if not ids[e.id] then
          ids[e.id], n = true, n + 1
        end
      end
      for _, x in ipairs(r.quotes) do
        if not x.speaker then
          none = none + 1
        end
      end
      assert.same({ n, #r.quotes, none }, { njob:status_counts() })
      -- ids: fills the arrays, true when something changed
      local lids, qids = {}, {}
      assert.is_true(njob:ids(1, ne, lids, 1, nqn, qids) or ne + nqn == 0)
      for k, e in ipairs(r.entities) do
        assert.equal(e.id, lids[k])
      end
      for k, x in ipairs(r.quotes) do
        assert.equal(x.speaker and x.speaker.id or false, qids[k])
      end
      assert.is_false(njob:ids(1, ne, lids, 1, nqn, qids))
      job, text, input = njob, new, ninput
    end
    assert.is_true(checked > 60, "differences were found and checked: " .. checked)
  end)

  it("declines or refuses what it cannot read", function()
    local a, ia = job_of("Ana Ruiz spoke in Lisbon.")
    local b, ib = job_of("Ana Ruiz spoke in Porto.")
    assert.is_nil(b:diff(b, "x", "x", "x", "x")) -- (itself)
    assert.has_error(function()
      b:diff(a, "Ana Ruiz spoke in Porto.", "Ana Ruiz spoke in Lisbon.", "short", ia)
    end)
    assert.has_error(function()
      b:ids(1, 99, {}, 1, 0, {})
    end)
    assert.has_error(function()
      b:ids(0, 1, {}, 1, 0, {})
    end)
    local c = model:analyze_async("Rui Costa left.")
    c:cancel()
    assert.is_nil(c:count())
    assert.is_nil(c:entity(1))
    assert.is_nil(b:diff(c, "Ana Ruiz spoke in Porto.", "Rui Costa left.", ib, "Rui Costa left."))
    assert.is_nil(b:name(0))
    assert.is_nil(b:name(99))
  end)
end)
