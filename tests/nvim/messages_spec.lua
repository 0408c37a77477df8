-- Messages say what is wrong and what to do, in one line; commands that take
-- an argument complete it and say which one is missing.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local LINES = {
  "Ana Ruiz met Marta Vieira and Rui Costa in Lisbon on Tuesday.",
  "",
  '"We will not give up," Ruiz said on Friday.',
  "",
  "Costa left for Porto with 20 percent of the vote.",
}

local function msgs_of(cmd)
  local out = {}
  for _, m in ipairs(H.notifications(function()
    vim.cmd(cmd)
  end)) do
    out[#out + 1] = m.msg
  end
  return out
end

local function one_line(msgs)
  assert.are.equal(1, #msgs, vim.inspect(msgs))
  assert.is_falsy(msgs[1]:find("\n", 1, true), msgs[1])
  return msgs[1]
end

describe("messages", function()
  before_each(function()
    H.setup()
  end)

  it("in the quickfix window: go back to the article, not :Newsmark enable", function()
    H.buf(LINES)
    H.wait()
    vim.cmd("Newsmark quotes loclist")
    vim.cmd("lclose")
    vim.cmd("Newsmark quotes")
    assert.are.equal("quickfix", vim.bo.buftype)
    local m = one_line(msgs_of("Newsmark entities"))
    vim.cmd("cclose")
    assert.is_truthy(m:find("quickfix window", 1, true), m)
    assert.is_falsy(m:find("enable", 1, true), m)
  end)

  it("in a [No Name] buffer: set a filetype or attach", function()
    vim.cmd("enew!")
    api.nvim_buf_set_lines(0, 0, -1, false, LINES)
    local m = one_line(msgs_of("Newsmark sources"))
    assert.is_truthy(m:find("filetype", 1, true), m)
    assert.is_truthy(m:find(":Newsmark attach", 1, true), m)
    assert.is_falsy(m:find("enable", 1, true), m)
    vim.cmd("bwipeout!")
  end)

  it("a missing label or format names the argument and the choices", function()
    H.buf(LINES)
    H.wait()
    api.nvim_win_set_cursor(0, { 1, 1 })
    for _, cmd in ipairs({ "Newsmark relabel", "Newsmark always", "Newsmark mark" }) do
      local m = one_line(msgs_of(cmd))
      assert.is_falsy(m:find("nil", 1, true), m)
      assert.is_truthy(m:find("needs a label", 1, true), m)
      assert.is_truthy(m:find("PERSON", 1, true), m)
    end
    local m = one_line(msgs_of("Newsmark export"))
    assert.is_falsy(m:find("nil", 1, true), m)
    assert.is_truthy(m:find("needs a format", 1, true), m)
    for _, f in ipairs(require("newsmark.export").formats) do
      assert.is_truthy(m:find(f, 1, true), f)
    end
  end)

  it("exporting into a missing folder names the folder, not a temporary file", function()
    H.buf(LINES)
    H.wait()
    local dir = vim.fn.tempname() .. "-missing"
    local m = one_line(msgs_of("Newsmark export jsonl " .. dir .. "/p.jsonl"))
    assert.is_falsy(m:find(".tmp", 1, true), m)
    assert.is_truthy(m:find("does not exist", 1, true), m)
    assert.are.equal(0, vim.fn.isdirectory(dir))
  end)

  it("picker = telescope without telescope warns once", function()
    H.setup({ picker = "telescope" })
    H.buf(LINES)
    H.wait()
    local all = {}
    for _ = 1, 3 do
      for _, m in ipairs(msgs_of("Newsmark entities")) do
        all[#all + 1] = m
      end
      vim.cmd("cclose")
    end
    local warned = vim.tbl_filter(function(m)
      return m:find("telescope", 1, true) ~= nil
    end, all)
    assert.are.equal(1, #warned, vim.inspect(all))
  end)

  it("merge with no argument offers nearby entities of the same label only", function()
    H.buf(LINES)
    H.wait()
    api.nvim_win_set_cursor(0, { 1, 1 }) -- Ana Ruiz
    local offered
    local orig = vim.ui.select
    vim.ui.select = function(items, _, cb)
      offered = items
      cb(nil)
    end
    local msgs = msgs_of("Newsmark merge")
    vim.ui.select = orig
    assert.are.same({}, msgs)
    assert.is_truthy(offered and #offered > 0)
    local texts = {}
    for _, x in ipairs(offered) do
      assert.are.equal("PERSON", x.label, x.text)
      texts[#texts + 1] = x.text
    end
    assert.is_true(vim.tbl_contains(texts, "Marta Vieira"), vim.inspect(texts))
    assert.is_false(vim.tbl_contains(texts, "Lisbon"))
  end)

  it("completes the arguments of labels, export and relabel", function()
    assert.are.same({ "-DATE" }, vim.fn.getcompletion("Newsmark labels -DA", "cmdline"))
    assert.is_true(vim.tbl_contains(vim.fn.getcompletion("Newsmark labels -DATE +", "cmdline"), "+TIME"))
    assert.are.same({ "jsonl" }, vim.fn.getcompletion("Newsmark export js", "cmdline"))
    assert.is_true(vim.tbl_contains(vim.fn.getcompletion("Newsmark relabel ", "cmdline"), "ORG"))
  end)

  it("labels -LABEL switches a label off at runtime, +LABEL on again", function()
    local buf = H.buf(LINES)
    H.wait()
    assert.are_not.same({}, H.marks(buf, "NewsmarkDate"))
    local m = one_line(msgs_of("Newsmark labels -DATE"))
    assert.is_truthy(m:find("DATE", 1, true), m)
    H.wait()
    assert.are.same({}, H.marks(buf, "NewsmarkDate"))
    assert.are_not.same({}, H.marks(buf, "NewsmarkPerson"))
    one_line(msgs_of("Newsmark labels +DATE"))
    H.wait()
    assert.are_not.same({}, H.marks(buf, "NewsmarkDate"))
    m = one_line(msgs_of("Newsmark labels -FOO"))
    assert.is_truthy(m:find("unknown label 'FOO'", 1, true), m)
  end)

  it("legend shows every label in its colour", function()
    H.buf(LINES)
    local out = vim.fn.execute("Newsmark legend")
    for _, g in ipairs(require("newsmark.palette").groups) do
      if g.label then
        assert.is_truthy(out:find(g.label, 1, true), g.label)
      end
    end
  end)
end)
