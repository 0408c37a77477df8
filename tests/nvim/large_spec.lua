-- Large buffers: an edit's analysis runs on the core's worker thread (texts
-- above buffer.SYNC_BYTES), polled by a timer; a result for an older text is
-- dropped and at most one job runs per buffer.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local function article(n)
  local lines = {}
  for i = 1, n do
    lines[#lines + 1] = ("Ana Ruiz met Carlos Mendes in Lisbon for talk number %d."):format(i)
    lines[#lines + 1] = ""
  end
  return lines
end

local function persons(buf)
  local n = 0
  for _, e in ipairs(require("newsmark").get(buf).entities) do
    if e.label == "PERSON" then
      n = n + 1
    end
  end
  return n
end

describe("large buffers", function()
  local buffer = require("newsmark.buffer")
  before_each(function()
    H.setup()
  end)
  after_each(function()
    buffer.force = nil
  end)

  it("are highlighted at attach, and their edits analysed on the worker thread", function()
    if not require("newsmark.document").can_async(require("newsmark.core").model(false)) then
      return pending("this core has no model:analyze_async")
    end
    vim.cmd("enew!")
    vim.bo.bufhidden = "wipe"
    local buf = api.nvim_get_current_buf()
    api.nvim_buf_set_lines(buf, 0, -1, false, article(400)) -- ~23 KB
    assert.is_true(api.nvim_buf_get_offset(buf, api.nvim_buf_line_count(buf)) > buffer.SYNC_BYTES)
    vim.bo[buf].filetype = "markdown"
    assert.are.equal(800, persons(buf)) -- drawn at attach
    local st = buffer.state(buf)
    api.nvim_buf_set_lines(buf, 280, 281, false, { "Pedro Salgado flew to Porto." })
    -- the debounce fires, the job starts; until it is done the old result stands
    assert.is_true(vim.wait(2000, function()
      return st.job_tick ~= nil or st.tick == api.nvim_buf_get_changedtick(buf)
    end, 1))
    assert.is_true(buffer.settle(buf, 10000))
    assert.are.equal(api.nvim_buf_get_changedtick(buf), st.tick)
    assert.are.equal(799, persons(buf))
    assert.are.same(H.marks(buf), H.fresh(api.nvim_buf_get_lines(buf, 0, -1, false)))
  end)

  it("follow the sync_bytes option: a small buffer goes to the worker thread when it is over the limit", function()
    if not require("newsmark.document").can_async(require("newsmark.core").model(false)) then
      return pending("this core has no model:analyze_async")
    end
    -- by default a small buffer is analysed at once: no job
    local buf = H.buf(article(2))
    local st = buffer.state(buf)
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Pedro Salgado flew to Porto." })
    buffer._request(st)
    assert.is_nil(st.doc.job)
    -- with sync_bytes = 0 the same edit starts a job
    H.setup({ sync_bytes = 0 })
    buf = H.buf(article(2))
    st = buffer.state(buf)
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Pedro Salgado flew to Porto." })
    buffer._request(st)
    assert.is_not_nil(st.doc.job)
    buffer.flush(st)
    assert.are.equal(2 + 1, persons(buf))
  end)

  it("drop a result that arrives for an older text; one job at a time", function()
    buffer.force = "async"
    local buf = H.buf(article(20))
    local st = buffer.state(buf)
    -- a job for this text, then an edit before its result is applied
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Pedro Salgado flew to Porto." })
    buffer._request(st)
    local job = st.doc.job
    local tick = st.job_tick
    api.nvim_buf_set_lines(buf, 2, 3, false, { "Rita Lobo flew to Faro." })
    assert.are.equal(tick, st.job_tick) -- (not yet: the debounce)
    buffer._request(st) -- the newer text: the old job is cancelled
    assert.are_not.equal(job, st.doc.job)
    assert.are.equal(api.nvim_buf_get_changedtick(buf), st.job_tick)
    assert.is_true(buffer.settle(buf, 10000))
    assert.are.equal(api.nvim_buf_get_changedtick(buf), st.tick)
    local texts = {}
    for _, e in ipairs(require("newsmark").get(buf).entities) do
      texts[e.text] = true
    end
    assert.is_true(texts["Pedro Salgado"] and texts["Rita Lobo"])
  end)
end)
