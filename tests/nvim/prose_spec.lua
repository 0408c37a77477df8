-- What is prose: code, front matter, URLs and inline code never get
-- highlights, with the tree-sitter parser and with the plain-text fallback.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local DOC = {
  "---", -- 0
  "title: Ana Ruiz in Lisbon", -- 1
  "---", -- 2
  "", -- 3
  "Ana Ruiz arrived in Lisbon on Tuesday.", -- 4
  "", -- 5
  "```", -- 6
  "Carlos Mendes flew to Porto on Monday.", -- 7
  "```", -- 8
  "", -- 9
  "~~~text", -- 10
  "Carlos Mendes flew to Madrid on Friday.", -- 11
  "~~~", -- 12
  "", -- 13
  "    Carlos Mendes in indented code, Porto.", -- 14
  "", -- 15
  "details at https://example.com/Lisbon/Porto and `Carlos Mendes` before Friday.", -- 16
  "", -- 17
  "- Ana Ruiz met Carlos Mendes in Porto.", -- 18
}

-- rows that hold at least one newsmark highlight
local function marked_rows(buf)
  local rows = {}
  for _, m in ipairs(H.marks(buf)) do
    for r = m[1], m[3] do
      rows[r] = true
    end
  end
  return rows
end

local function no_mark_overlaps(buf, row, s, f)
  for _, m in ipairs(H.marks(buf)) do
    if m[1] <= row and m[3] >= row then
      local ms = m[1] == row and m[2] or 0
      local me = m[3] == row and m[4] or math.huge
      if ms < f and s < me then
        return false, H.text(buf, m[1], m[2], m[3], m[4])
      end
    end
  end
  return true
end

local function check(buf)
  local rows = marked_rows(buf)
  for _, r in ipairs({ 0, 1, 2, 6, 7, 8, 10, 11, 12, 14 }) do
    assert.is_nil(rows[r], "row " .. r .. " is highlighted: " .. api.nvim_buf_get_lines(buf, r, r + 1, false)[1])
  end
  assert.is_true(rows[4], "the first paragraph is highlighted")
  assert.is_true(rows[18], "the list item is highlighted")
  local line = api.nvim_buf_get_lines(buf, 16, 17, false)[1]
  local us, ue = line:find("https://example.com/Lisbon/Porto", 1, true)
  assert.is_true(no_mark_overlaps(buf, 16, us - 1, ue))
  local cs, ce = line:find("`Carlos Mendes`", 1, true)
  assert.is_true(no_mark_overlaps(buf, 16, cs - 1, ce))
  -- the prose around them is still analysed
  local texts = {}
  for _, e in ipairs(require("newsmark").get(buf).entities) do
    if e.row == 16 then
      texts[#texts + 1] = e.text
    end
  end
  assert.are.same({ "Friday" }, texts)
  -- the list marker is not part of the text given to the core
  local first = H.marks(buf, "NewsmarkPerson")
  local found = false
  for _, m in ipairs(first) do
    if m[1] == 18 and m[2] == 2 then
      found = true
    end
  end
  assert.is_true(found, "Ana Ruiz in the list item starts at column 2")
end

describe("prose", function()
  before_each(function()
    H.setup()
  end)

  it("uses tree-sitter for markdown when the parser is there", function()
    local buf = H.buf(DOC)
    assert.are.equal("treesitter", require("newsmark.prose").method(buf))
    check(buf)
  end)

  it("falls back to the plain-text scanner when tree-sitter is off", function()
    H.reset({ treesitter = false })
    local buf = H.buf(DOC)
    assert.are.equal("fallback", require("newsmark.prose").method(buf))
    check(buf)
  end)

  it("reads text buffers as plain text, as bin/newsmark annotate reads a .txt file", function()
    local buf = H.buf(DOC, "text")
    local rows = marked_rows(buf)
    assert.is_true(rows[1], "front matter is text like any other in a text buffer")
    assert.is_true(rows[4])
    assert.is_true(rows[7], "so is what markdown would call code")
  end)

  it("loads the parser by path when it is not on the runtimepath", function()
    local root = H.root
    local cmd = {
      "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n",
      "--cmd", "set rtp^=" .. root,
      "-c", "lua io.stdout:write(tostring(vim.treesitter.language ~= nil and pcall(vim.treesitter.language.inspect, 'markdown') or pcall(vim.treesitter.inspect_language, 'markdown')) .. ' ' .. tostring(require('newsmark.prose').ensure_parser('markdown')))",
      "-c", "qall!",
    }
    local out = vim.fn.system(cmd)
    -- Neovim 0.10+ bundles a markdown parser: then it is found before and after
    local bundled = vim.fn.has("nvim-0.10") == 1
    assert.are.equal(bundled and "true true" or "false true", vim.trim(out))
  end)
end)
