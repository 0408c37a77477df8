-- Edits: debounced, incremental re-analysis; results equal a fresh analysis;
-- deleted buffers under a pending analysis.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api
local nm, buffer

local LINES = {
  "Ana Ruiz arrived in Lisbon on Tuesday.", -- 0
  "", -- 1
  "The Ministry of Finance said costs would rise.", -- 2
  "", -- 3
  '"We will not give up," Ruiz said.', -- 4
}

-- extmark ids and positions of the marks on rows [r1, r2]
local function ids_in(buf, r1, r2)
  local ns = require("newsmark.render").ns
  local out = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, { r1, 0 }, { r2, -1 }, {})) do
    out[#out + 1] = m[1]
  end
  table.sort(out)
  return out
end

local function same_as_fresh(buf)
  local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  local marks, res = H.fresh(lines)
  assert.are.same(marks, H.marks(buf))
  assert.are.same(res, nm.get(buf))
end

describe("edits", function()
  before_each(function()
    H.setup()
    nm = require("newsmark")
    buffer = require("newsmark.buffer")
  end)

  it("typing into one paragraph analyses that paragraph only", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    assert.are.equal(3, st.analyses)
    local first, last = ids_in(buf, 0, 0), ids_in(buf, 4, 4)
    H.set_cursor(2, 0)
    H.feed("A Carlos Mendes agreed in Porto.<Esc>")
    assert.is_true(H.wait(buf))
    assert.are.equal(1, st.last_analysed)
    assert.are.equal(4, st.analyses)
    -- the other paragraphs keep their extmarks (not even redrawn)
    assert.are.same(first, ids_in(buf, 0, 0))
    assert.are.same(last, ids_in(buf, 4, 4))
    assert.are.same({ "Ana Ruiz", "Carlos Mendes", "Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
    assert.are.same({ "Lisbon", "Porto" }, H.marked_texts(buf, "NewsmarkGpe"))
    same_as_fresh(buf)
  end)

  it("inserting lines above moves the paragraphs below without analysing them", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    local last = ids_in(buf, 4, 4)
    api.nvim_buf_set_lines(buf, 0, 0, false, { "Carlos Mendes flew to Porto.", "" })
    assert.is_true(H.wait(buf))
    assert.are.equal(1, st.last_analysed)
    assert.are.same(last, ids_in(buf, 6, 6))
    same_as_fresh(buf)
  end)

  it("waits for the debounce: nothing is analysed until the timer fires", function()
    H.reset({ debounce = 100000 })
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived in Porto on Monday." })
    vim.wait(30)
    assert.are.equal(1, st.flushes)
    assert.are.equal("Ana Ruiz", nm.get(buf).entities[1].text) -- as of the last analysis
    buffer.sync(buf)
    assert.are.same({ "Carlos Mendes", "Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
  end)

  it("several quick edits give one analysis of the final text", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    local flushes = st.flushes
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos arrived." })
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived in Porto." })
    assert.is_true(H.wait(buf))
    assert.are.equal(flushes + 1, st.flushes)
    assert.are.equal(1, st.last_analysed)
    same_as_fresh(buf)
  end)

  it("after many kinds of edits the highlights equal a fresh analysis", function()
    local buf = H.buf(LINES)
    local edits = {
      function() -- split a paragraph
        H.set_cursor(0, 9)
        H.feed("i<CR><Esc>")
      end,
      function() -- join it again
        H.set_cursor(0, 0)
        H.feed("J")
      end,
      function() -- paste a paragraph in the middle
        api.nvim_buf_set_lines(buf, 3, 3, false, { "", "Carlos Mendes met Ruiz in Porto.", "" })
      end,
      function() -- delete lines across two paragraphs
        api.nvim_buf_set_lines(buf, 1, 3, false, {})
      end,
      function() -- open a code fence over the end
        api.nvim_buf_set_lines(buf, 2, 2, false, { "```" })
      end,
      function()
        vim.cmd("silent undo")
      end,
      function()
        vim.cmd("silent undo")
      end,
      function()
        vim.cmd("silent redo")
      end,
      function() -- remove a blank line: two paragraphs become one
        local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
        for i, l in ipairs(lines) do
          if l == "" then
            api.nvim_buf_set_lines(buf, i - 1, i, false, {})
            break
          end
        end
      end,
      function() -- everything replaced
        api.nvim_buf_set_lines(buf, 0, -1, false, { "Portuguese fishermen met in Lisbon on Friday." })
      end,
    }
    for i, edit in ipairs(edits) do
      edit()
      assert.is_true(H.wait(buf), "edit " .. i)
      same_as_fresh(buf)
    end
  end)

  it("a buffer wiped out under a pending analysis raises nothing", function()
    H.reset({ debounce = 20 })
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    vim.v.errmsg = ""
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    vim.cmd("bwipeout! " .. buf)
    vim.wait(100)
    assert.are.equal("", vim.v.errmsg)
    assert.is_nil(buffer.state(buf))
    assert.is_false(buffer.flush(st))
    assert.is_nil(nm.get(buf))
  end)

  it("a buffer unloaded under a pending analysis raises nothing", function()
    H.reset({ debounce = 20 })
    local buf = H.buf(LINES)
    vim.bo[buf].bufhidden = ""
    local st = buffer.state(buf)
    vim.v.errmsg = ""
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    vim.cmd("enew!")
    vim.cmd("bunload! " .. buf)
    vim.wait(100)
    assert.are.equal("", vim.v.errmsg)
    assert.is_false(buffer.flush(st))
  end)

  it("a stale flush after the buffer changed again does nothing wrong", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    assert.is_true(buffer.flush(st))
    local before = st.flushes
    assert.is_true(buffer.flush(st)) -- same changedtick: nothing to do
    assert.are.equal(before, st.flushes)
    same_as_fresh(buf)
  end)
end)
