-- Stress: 1,000 rapid edits, undo/redo storms, very long lines, a binary
-- file, filetype changes and two windows on one buffer. No errors, and the
-- highlights and get() equal a fresh analysis afterwards.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api
local nm

local LINES = {
  "Ana Ruiz arrived in Lisbon on Tuesday.",
  "",
  "The Ministry of Finance said costs would rise by 4 percent.",
  "",
  '"We will not give up," Ruiz said.',
  "",
  "Carlos Mendes met officials of the European Union in Porto.",
}

local same_as_fresh = H.same_as_fresh

-- The analysis settles with no error message, equal to a fresh one.
local function settles(buf)
  assert.is_true(H.wait(buf))
  assert.equal("", vim.v.errmsg)
  same_as_fresh(buf)
end

-- a fixed-seed generator, so every run makes the same edits
local function rng(seed)
  return function(n)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  end
end

describe("stress", function()
  before_each(function()
    H.setup()
    nm = require("newsmark")
    vim.v.errmsg = ""
  end)

  it("1,000 rapid edits without waiting end equal to a fresh analysis", function()
    local buf = H.buf(LINES)
    local rnd = rng(7)
    local words = { "Ruiz", "Lisbon", " said", '"', "“", "”", "\n", "Mendes", ". ", "EU", "x" }
    for _ = 1, 1000 do
      local n = api.nvim_buf_line_count(buf)
      local row = rnd(n)
      local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
      local col = rnd(#line + 1)
      local op = rnd(3)
      if op == 0 and #line > 0 then
        local stop = math.min(#line, col + 1 + rnd(5))
        api.nvim_buf_set_text(buf, row, math.min(col, #line - 1), row, stop, {})
      elseif op == 1 then
        local w = words[rnd(#words) + 1]
        local parts = vim.split(w, "\n", { plain = true })
        api.nvim_buf_set_text(buf, row, col, row, col, parts)
      elseif n > 1 then
        api.nvim_buf_set_lines(buf, row, row + 1, false, {})
      end
    end
    settles(buf)
  end)

  it("undo and redo storms end equal to a fresh analysis", function()
    local buf = H.buf(LINES)
    vim.bo[buf].undolevels = 1000
    for i = 1, 60 do
      H.set_cursor(i % 7, 0)
      H.feed("iNew text by Ana Ruiz in Madrid. <Esc>")
    end
    for _ = 1, 45 do
      vim.cmd("silent! undo")
    end
    for _ = 1, 20 do
      vim.cmd("silent! redo")
    end
    for _ = 1, 10 do
      vim.cmd("silent! undo")
      vim.cmd("silent! redo")
    end
    settles(buf)
  end)

  it("a 200 KB line and a binary file are analysed without errors", function()
    local long = string.rep("Ana Ruiz met Carlos Mendes in Lisbon. ", 5400)
    local buf = H.buf({ long, "", "Ruiz said it was over." })
    settles(buf)
    local rnd = rng(11)
    local bytes = {}
    for i = 1, 4096 do
      bytes[i] = string.char(rnd(256))
    end
    local lines = vim.split(table.concat(bytes), "\n", { plain = true })
    local bin = H.buf(lines)
    assert.is_true(H.wait(bin))
    assert.equal("", vim.v.errmsg)
    same_as_fresh(bin)
  end)

  it("filetype changes back and forth leave the right state", function()
    local buf = H.buf(LINES)
    for _ = 1, 10 do
      vim.bo[buf].filetype = "lua"
      vim.bo[buf].filetype = "markdown"
    end
    settles(buf)
    vim.bo[buf].filetype = "lua"
    assert.is_nil(nm.get(buf))
  end)

  it("two windows on one buffer: edits in either end equal to a fresh analysis", function()
    local buf = H.buf(LINES)
    vim.cmd("split")
    local w1, w2 = api.nvim_list_wins()[1], api.nvim_list_wins()[2]
    api.nvim_set_current_win(w1)
    H.set_cursor(0, 0)
    H.feed("iMarta Soares and <Esc>")
    api.nvim_set_current_win(w2)
    H.set_cursor(6, 0)
    H.feed("AThe Kremlin said no.<Esc>")
    settles(buf)
    vim.cmd("only")
  end)
end)
