-- Large buffers: the rows the window shows (plus a margin) are analysed
-- first, the rest in idle chunks; commands that need everything finish it.
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

-- rows holding a NewsmarkPerson mark
local function person_rows(buf)
  local rows = {}
  for _, m in ipairs(H.marks(buf, "NewsmarkPerson")) do
    rows[m[1]] = true
  end
  return rows
end

describe("large buffers", function()
  before_each(function()
    H.setup({ large_buffer = { lines = 50, margin = 10, chunk = 40, delay = 1 } })
  end)

  it("highlight the visible part first and the rest eventually", function()
    vim.cmd("enew!")
    vim.bo.bufhidden = "wipe"
    local buf = api.nvim_get_current_buf()
    api.nvim_buf_set_lines(buf, 0, -1, false, article(150)) -- 300 lines
    api.nvim_win_set_height(0, 20)
    api.nvim_win_set_cursor(0, { 201, 0 })
    vim.cmd("normal! zt")
    local top = vim.fn.line("w0") - 1
    vim.bo[buf].filetype = "markdown"
    local st = require("newsmark.buffer").state(buf)
    assert.is_true(st.pending)
    local rows = person_rows(buf)
    assert.is_true(rows[top] and rows[top + 10] and true or false, "the visible rows are drawn")
    assert.is_nil(rows[0], "row 0 is far above the window: not yet")
    assert.is_nil(rows[298], "row 298 is far below the window: not yet")
    -- the rest comes in chunks while idle
    assert.is_true(vim.wait(3000, function()
      return not st.pending
    end, 5))
    assert.is_true(st.chunks >= 2)
    rows = person_rows(buf)
    for r = 0, 298, 2 do
      assert.is_true(rows[r], "row " .. r)
    end
    -- the same as a buffer analysed in one go (no large-buffer mode)
    local marks = H.marks(buf)
    H.reset({ large_buffer = { lines = 0 } })
    local fresh = H.fresh(article(150))
    assert.are.same(fresh, marks)
  end)

  it("commands finish the pending chunks first; edits meanwhile are not lost", function()
    vim.cmd("enew!")
    vim.bo.bufhidden = "wipe"
    local buf = api.nvim_get_current_buf()
    api.nvim_buf_set_lines(buf, 0, -1, false, article(150))
    api.nvim_win_set_height(0, 10)
    vim.bo[buf].filetype = "markdown"
    local st = require("newsmark.buffer").state(buf)
    assert.is_true(st.pending)
    -- an edit far below, in rows not analysed yet
    api.nvim_buf_set_lines(buf, 280, 281, false, { "Pedro Salgado flew to Porto." })
    require("newsmark.buffer").sync(buf)
    assert.is_falsy(st.pending)
    local res = require("newsmark").get(buf)
    local n, salgado = 0, false
    for _, e in ipairs(res.entities) do
      if e.label == "PERSON" then
        n = n + 1
      end
      salgado = salgado or (e.text == "Pedro Salgado" and e.row == 280)
    end
    assert.is_true(salgado)
    assert.are.equal(2 * 149 + 1, n)
  end)
end)
