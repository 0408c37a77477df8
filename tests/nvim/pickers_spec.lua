-- Telescope and fzf-lua pickers: used when installed and asked for, the
-- quickfix list otherwise. Fake pickers live in tests/nvim/fake/pickers.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local LINES = {
  "Ana Ruiz arrived in Lisbon on Tuesday.", -- 0
  "",
  '"We will not give up," Ruiz said.', -- 2
}
local FAKE = H.root .. "/tests/nvim/fake/pickers"

local function unload_fakes()
  for name in pairs(package.loaded) do
    if name:find("^telescope") or name:find("^fzf%-lua") then
      package.loaded[name] = nil
    end
  end
  _G.fake_telescope, _G.fake_fzf = nil, nil
end

describe("pickers", function()
  before_each(function()
    H.setup()
    unload_fakes()
  end)
  after_each(function()
    vim.opt.runtimepath:remove(FAKE)
    unload_fakes()
  end)

  it("fall back to the quickfix list, politely, when the plugin is absent", function()
    H.reset({ picker = "telescope" })
    H.buf(LINES)
    local msgs = H.notifications(function()
      vim.cmd("Newsmark entities")
    end)
    vim.cmd("cclose")
    assert.are.equal(1, #msgs)
    assert.is_truthy(msgs[1].msg:find("telescope is not installed", 1, true))
    assert.are.equal(vim.log.levels.WARN, msgs[1].level)
    local qf = vim.fn.getqflist({ title = 1, items = 1 })
    assert.is_truthy(qf.title:find("newsmark: entities", 1, true))
    assert.are.equal(3, #qf.items)
    -- "auto" with neither installed: the quickfix list, silently
    H.reset({ picker = "auto" })
    H.buf(LINES)
    assert.are.equal("quickfix", require("newsmark.pickers").quotes({}))
    vim.cmd("cclose")
    assert.is_truthy(vim.fn.getqflist({ title = 1 }).title:find("newsmark: quotes", 1, true))
  end)

  it("telescope gets the quickfix list's entity items and jumps to the chosen one", function()
    -- the quickfix list's items (commands_spec checks them)
    H.reset({ picker = false })
    H.buf(LINES)
    vim.cmd("Newsmark entities")
    vim.cmd("cclose")
    local want = {}
    for _, it in ipairs(vim.fn.getqflist()) do
      want[#want + 1] = it.text
    end
    assert.are.equal(3, #want)
    vim.opt.runtimepath:append(FAKE)
    H.reset({ picker = "telescope" })
    local buf = H.buf(LINES)
    H.set_cursor(2, 0)
    vim.fn.setqflist({}, " ", { title = "untouched" })
    vim.cmd("Newsmark entities")
    assert.are.equal("newsmark entities", _G.fake_telescope.title)
    local texts = {}
    for _, e in ipairs(_G.fake_telescope.entries) do
      texts[#texts + 1] = e.value.text
      assert.are.equal(buf, e.bufnr)
    end
    assert.are.same(want, texts)
    assert.are.same({ 0, 0 }, H.cursor()) -- the first entry was picked
    assert.are.equal("untouched", vim.fn.getqflist({ title = 1 }).title)
  end)

  it("fzf-lua gets the quote lines and jumps to the chosen one", function()
    vim.opt.runtimepath:append(FAKE)
    H.reset({ picker = "fzf-lua" })
    H.buf({ '"We will not give up," Ruiz said.', "", '"Nothing is decided."' })
    assert.are.equal("fzf-lua", require("newsmark.pickers").quotes({}))
    assert.are.same({
      '1\t1:1  Ruiz (direct, said): "We will not give up,"',
      '2\t3:1  Ruiz (direct, said): "Nothing is decided."', -- (a continuation: annotate says so)
    }, _G.fake_fzf.lines)
    assert.are.same({ 2, 0 }, H.cursor()) -- the second line was picked
    -- "auto" prefers telescope when both are installed
    assert.are.equal("telescope", require("newsmark.pickers").resolve("auto"))
  end)

  it("the option is validated", function()
    assert.has_error(function()
      require("newsmark").setup({ picker = "snacks" })
    end, "newsmark: option 'picker' must be false, \"telescope\", \"fzf-lua\" or \"auto\" (got \"snacks\")")
  end)
end)
