-- The editor's incremental paths give what the whole paths give. After each
-- of many random edits (typing, quotation marks and backticks, fences and
-- front matter opened and closed, pastes, deletions, paragraph splits and
-- joins, undo), analysed on the worker thread:
-- - the paragraph records made incrementally (newsmark.buffer_paras.split
--   with the job's diff) equal the records a whole split of the same result
--   makes from nothing (spans, labels, ids, quotes, speakers and their
--   names, masks, what the checks read);
-- - the text the core read (newsmark.markdown.mask_lines with its cache)
--   equals a whole read of the buffer's text;
-- - get() and the counts of b:newsmark_status equal those of the whole
--   result, and the extmarks those of a fresh buffer.
-- It also checks that the incremental path was taken (most edits), so that
-- it cannot pass by never running.
local H = require("tests.nvim.helpers")
local api = vim.api
local buffer = require("newsmark.buffer")
local paras = require("newsmark.buffer_paras")
local md = require("newsmark.markdown")
local config = require("newsmark.config")

local read = H.read_file

-- What a record holds, as plain data (the position function and the
-- caches the checks keep on it, named _x, left out).
local function plain_rec(rec)
  local an = {}
  for k, v in pairs(rec.an) do
    if k ~= "pos" and not k:find("^_") then
      an[k] = v
    end
  end
  return {
    srow = rec.srow, erow = rec.erow, text = rec.text, flat = rec.flat, an = an,
    lids = rec.lids, qids = rec.qids, ids = rec.ids, sids = rec.sids, ne = rec.ne, nq = rec.nq,
  }
end

-- The records a whole split makes from the buffer's result (the person's
-- decisions merged by newsmark.export, as bin/newsmark annotate merges
-- them), from nothing.
local function whole_records(st)
  local r = st.doc:result()
  local recs = paras.split({}, st.tp, r, st.doc.input, config.options.labels)
  local out = {}
  for i, rec in ipairs(recs) do
    out[i] = plain_rec(rec)
  end
  return out
end

local function records(st)
  -- (what every reader of the records does first)
  buffer.ensure_records(st)
  buffer.ensure_ids(st)
  local out = {}
  for i, rec in ipairs(st.paras) do
    out[i] = plain_rec(rec)
  end
  return out
end

local function settle(buf)
  assert(buffer.settle(buf, 10000), "the analysis did not settle")
  buffer.sync(buf, false)
end

-- The analysis of an edit as the editor runs it, without the debounce's
-- timing: the request (the job started on the worker thread), then, once
-- the job is done, its result taken (what the poll timer does).
local function analyse(st)
  if st.timer then
    st.timer:stop()
  end
  buffer._request(st)
  if st.poll then
    -- the test takes the result itself: the poll timer, left running, could
    -- take it first while vim.wait waits (then _finish_job has no job left)
    st.poll:stop()
  end
  if st.job_tick then
    assert(vim.wait(10000, function()
      return st.doc:ready()
    end, 1), "the job did not finish")
    assert.is_true(buffer._finish_job(st), st.error or "the job's result was not applied")
  end
end

-- An article of the examples' prose, with a fence, front matter, a quote
-- running over paragraphs (the wire convention) and a list.
-- Run fn with paras.split counting the records made incrementally; returns
-- the count (fn's error, if any, raised after paras.split is restored).
local function count_incremental(fn)
  local used, split = 0, paras.split
  H.with(paras, "split", function(old, tp, r, input, labels, inc)
    used = used + (inc and 1 or 0)
    return split(old, tp, r, input, labels, inc)
  end, fn)
  return used
end

local function article()
  local parts = { "---", "title: A test article", "---", "" }
  for _, path in ipairs(vim.fn.glob(H.root .. "/examples/*.md", false, true)) do
    local text = read(path):gsub("^%-%-%-\n.-\n%-%-%-\n", "")
    for line in (text .. "\n"):gmatch("(.-)\n") do
      parts[#parts + 1] = line
    end
    parts[#parts + 1] = ""
  end
  for _, l in ipairs({ "", "```", "local x = 'Ana Ruiz said'", "```", "",
    "\"The port will reopen,\" said Rita Moreno, the harbour master.", "",
    "\"We have waited a long time for this day, and the town is ready.", "",
    "\"Nobody will be left behind,\" she said.", "", "- Lisbon and Porto signed", "- Braga did not", "" }) do
    parts[#parts + 1] = l
  end
  return parts
end

local NAMES = { "Irene Salgado", "Bruno Pires", "Tomas Vidal", "Helena Rocha", "Vasco Teixeira" }
local PIECES = { "a", "e", " ", "R", ".", "\"", "`", "Costa ", "Ana Ruiz ", " said", "\"Yes,\" ", "Lisbon" }
local LINES = { "```", "---", "", "A new paragraph by Carla Mendes, who said the port of Vigo would reopen.",
  "\"It will open on Friday,\" Mendes told reporters.", "    indented code by Ana Ruiz",
  "\"A quote that goes on,", "- Porto, said Lopes" }

-- `steps` random edits of `buf`, each analysed as the editor does and
-- compared with the whole paths.
local function random_edits(buf, seed, steps)
  math.randomseed(seed)
  local st = buffer.state(buf)
  local incremental, edits, deferred = 0, 0, 0
  local split = paras.split
  paras.split = function(old, tp, r, input, labels, inc)
    if inc then
      incremental = incremental + 1
    end
    local recs, new, gone, relinked, pending, later = split(old, tp, r, input, labels, inc)
    deferred = deferred + (later and 1 or 0)
    return recs, new, gone, relinked, pending, later
  end
  -- no time to make records in the keystroke's block: every run of
  -- records to make beyond the first is left for later (ensure_records,
  -- or the next edit's split, which every other step has to do)
  local budget = buffer.SPLIT_BUDGET
  buffer.SPLIT_BUDGET = 0
  local ok, err = pcall(function()
    for step = 1, steps do
      local n = api.nvim_buf_line_count(buf)
      local row = math.random(0, n - 1)
      local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
      local kind = math.random(1, 9)
      if kind <= 3 then -- typing
        local col = math.random(0, #line)
        while col > 0 and col < #line and line:byte(col + 1) >= 0x80 and line:byte(col + 1) < 0xC0 do
          col = col - 1
        end
        api.nvim_buf_set_text(buf, row, col, row, col, { PIECES[math.random(#PIECES)] })
      elseif kind == 4 then -- a line put in (fences, front matter, quotes)
        api.nvim_buf_set_lines(buf, row, row, false, { LINES[math.random(#LINES)] })
      elseif kind == 5 then -- lines deleted
        api.nvim_buf_set_lines(buf, row, math.min(n, row + math.random(1, 2)), false, {})
      elseif kind == 6 then -- a paragraph split at a column
        local col = math.random(0, #line)
        while col > 0 and col < #line and line:byte(col + 1) >= 0x80 and line:byte(col + 1) < 0xC0 do
          col = col - 1
        end
        api.nvim_buf_set_text(buf, row, col, row, col, { "", "" })
      elseif kind == 7 and row + 1 < n then -- a join
        local nxt = api.nvim_buf_get_lines(buf, row + 1, row + 2, false)[1]
        api.nvim_buf_set_lines(buf, row, row + 2, false, { line .. " " .. nxt })
      elseif kind == 8 then
        vim.cmd("silent! undo")
      else -- a new name near the top: the ids of the names after it change
        local at = math.random(4, 12)
        api.nvim_buf_set_lines(buf, at, at, false, { NAMES[math.random(#NAMES)] .. " spoke to the council on Monday.", "" })
      end
      vim.cmd("let &undolevels = &undolevels") -- (each edit its own undo step)
      edits = edits + 1
      analyse(st)
      local where = ("seed %d, step %d"):format(seed, step)
      -- the text the core read
      local text = buffer.text_of(buf)
      assert.equal(md.mask(text), st.doc.input, where .. ": the text read")
      -- the records (every other step: records left for later by this
      -- split stay so until the next edit's split)
      if step % 2 == 0 then
        assert.are.same(whole_records(st), records(st), where .. ": the records")
      end
      -- the numbers of b:newsmark_status, read from the job, and get()
      local n1, q1, u1 = buffer.counts(buf)
      local lazy = rawget(st, "lazy") ~= nil
      local got = buffer.get(buf)
      local n2, q2, u2 = buffer.counts(buf)
      assert.are.same({ n2, q2, u2 }, { n1, q1, u1 }, where .. ": the counts (lazy: " .. tostring(lazy) .. ")")
      assert.are.same(buffer.to_rows(st.doc:result(), st.tp, st.doc.text), got, where .. ": get()")
      if step % 40 == 0 then
        if st.doc.decisions then -- (a fresh buffer has none: drawn again from nothing here)
          local marks = H.marks(buf)
          buffer.refresh(buf)
          settle(buf)
          assert.are.same(H.marks(buf), marks, where .. ": the extmarks")
        else
          H.same_as_fresh(buf)
        end
      end
    end
  end)
  paras.split = split
  buffer.SPLIT_BUDGET = budget
  assert(ok, err)
  assert.is_true(incremental > edits / 2, ("the incremental path ran %d times in %d edits"):format(incremental, edits))
  assert.is_true(deferred > 5, ("records were left for later %d times"):format(deferred))
end

describe("incremental = whole (worker thread)", function()
  before_each(function()
    H.setup()
    buffer.force = "async"
  end)
  after_each(function()
    buffer.force = nil
    H.reset()
  end)

  it("records, the text read, get() and the counts after random edits", function()
    local seed = tonumber(os.getenv("NEWSMARK_SEED") or "") or 4242
    local buf = H.buf(article())
    settle(buf)
    random_edits(buf, seed, 160)
  end)

  it("the same with the person's decisions in the buffer (merged in the core)", function()
    local seed = tonumber(os.getenv("NEWSMARK_SEED") or "") or 4243
    local buf = H.buf(article())
    settle(buf)
    local ents = buffer.get(buf).entities
    assert.is_true(#ents > 60)
    local n = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/some_decisions.lua")(buf, ents, 9, 23)
    settle(buf)
    local st = buffer.state(buf)
    assert.is_truthy(st.doc.decisions, "the buffer has decisions")
    assert.is_true(n > 8)
    local manual = 0
    for _, e in ipairs(buffer.get(buf).entities) do
      manual = manual + (e.manual and 1 or 0)
    end
    assert.is_true(manual > 5, ("%d manual entities"):format(manual))
    random_edits(buf, seed, 120)
  end)

  it("records left for later are made in steps that always get on, even with no time at all", function()
    local buf = H.buf(article())
    settle(buf)
    local st = buffer.state(buf)
    local budget = buffer.SPLIT_BUDGET
    buffer.SPLIT_BUDGET = 0 -- (no scheduled step may finish them meanwhile)
    -- a fence opened near the top: most of the records are made again
    api.nvim_buf_set_lines(buf, 5, 5, false, { "```" })
    analyse(st)
    local left = st.redo
    local steps = 0
    while steps <= #st.paras and not buffer.ensure_records(st, 0) do
      steps = steps + 1
    end
    buffer.SPLIT_BUDGET = budget
    assert.is_truthy(left, "nothing was left for later")
    assert.is_true(steps > 1, "made in one step")
    assert.is_nil(st.redo, ("still records left after %d steps (%d records)"):format(steps, #st.paras))
    assert.same(whole_records(st), records(st))
  end)

  it("a label decided by a name in another paragraph: the records follow", function()
    -- "Mendes" far below is a person while the first paragraph names Carla
    -- Mendes, an organisation once it names Mendes Holdings: a paragraph
    -- whose text did not change draws a new label
    local lines = { "Carla Mendes met the council on Monday.", "", "The port opened in May.", "",
      "The port board hired Mendes in May, and Mendes left in June.", "" }
    for i = 1, 30 do -- (paragraphs between, so the far one is a record of its own)
      lines[#lines + 1] = ("Paragraph %d of the filler is about the harbour."):format(i)
      lines[#lines + 1] = ""
    end
    local buf = H.buf(lines)
    settle(buf)
    local st = buffer.state(buf)
    api.nvim_buf_set_text(buf, 8, 0, 8, 0, { "A " }) -- (the first job: the next edits have one to compare with)
    analyse(st)
    local function label_far()
      for _, e in ipairs(buffer.get(buf).entities) do
        if e.row == 4 and e.text == "Mendes" then
          return e.label
        end
      end
    end
    local before = label_far()
    assert.equal("PERSON", before)
    -- one split per edit: no time budget (on a loaded machine the 2 ms
    -- budget cut a split in two steps and the count read 3)
    local used
    H.with(buffer, "SPLIT_BUDGET", 1e6, function()
      used = count_incremental(function()
        api.nvim_buf_set_text(buf, 0, 0, 0, 12, { "Mendes Holdings" })
        analyse(st)
        assert.are.same(whole_records(st), records(st))
        assert.equal("ORG", label_far())
        api.nvim_buf_set_text(buf, 0, 0, 0, 15, { "Carla Mendes" })
        analyse(st)
        assert.are.same(whole_records(st), records(st))
      end)
    end)
    assert.equal(2, used, "the incremental path made the records")
    assert.equal(before, label_far())
  end)

  it("a paragraph put in above an identical one: its items are its own", function()
    -- (the texts compared say the change is after the pasted paragraph:
    -- the record above the paste must not take it in, clean)
    local para = "A new paragraph by Carla Mendes, who said the port of Vigo would reopen on Friday."
    local lines = {}
    for i = 1, 20 do
      lines[#lines + 1] = ("Paragraph %d of the filler is about the harbour in Porto."):format(i)
      lines[#lines + 1] = ""
    end
    table.insert(lines, 21, para)
    table.insert(lines, 22, "")
    local buf = H.buf(lines)
    settle(buf)
    local st = buffer.state(buf)
    api.nvim_buf_set_text(buf, 0, 0, 0, 0, { "A " }) -- (a first job: the next edit has one to compare with)
    analyse(st)
    local used = count_incremental(function()
      for _ = 1, 2 do
        api.nvim_buf_set_lines(buf, 20, 20, false, { para, "" })
        analyse(st)
        assert.are.same(whole_records(st), records(st))
      end
    end)
    assert.equal(2, used, "the incremental path made the records")
  end)

  it("the whole path (buffer.incremental = false) gives the same records", function()
    local buf = H.buf(article())
    settle(buf)
    local st = buffer.state(buf)
    buffer.incremental = false
    local ok, err = pcall(function()
      for _ = 1, 5 do
        api.nvim_buf_set_text(buf, 6, 0, 6, 0, { "Ana Ruiz said. " })
        analyse(st)
        assert.are.same(whole_records(st), records(st))
      end
    end)
    buffer.incremental = nil
    assert(ok, err)
  end)
end)
