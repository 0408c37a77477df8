-- :checkhealth newsmark
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local function checkhealth()
  vim.cmd("checkhealth newsmark")
  local lines = api.nvim_buf_get_lines(0, 0, -1, false)
  vim.cmd("bwipeout!")
  return table.concat(lines, "\n")
end

describe("checkhealth newsmark", function()
  before_each(function()
    H.setup()
  end)

  it("runs and reports every check OK", function()
    local out = checkhealth()
    assert.is_falsy(out:find("ERROR", 1, true), out)
    assert.is_falsy(out:find("WARNING", 1, true), out)
    for _, want in ipairs({
      "OK: Neovim 0.",
      "OK: core loaded",
      "OK: core version 0.1.0 (ABI " .. require("newsmark.core").expected_abi .. ") matches the Lua side",
      "OK: model loaded",
      "OK: known-answer analysis",
      "OK: tree-sitter markdown parser found: ",
    }) do
      -- 0.7 prints "OK: text", 0.9+ "- OK text"
      local pat = vim.pesc(want):gsub("^OK:", "OK:?")
      assert.is_truthy(out:find(pat), want .. "\n" .. out)
    end
    -- which parser: Neovim 0.7-0.9 ship none, so it is newsmark's own build
    -- from `make parser`; 0.10+ name theirs (or another plugin's) by path
    local which = out:match("parser found: ([^\n]*)")
    if vim.fn.has("nvim-0.10") == 0 then
      assert.is_truthy(which:find("newsmark's own build (" .. H.root .. "/parser/parser/markdown.so", 1, true), which)
    else
      assert.is_truthy(which:find("/markdown%.[a-z]+%)$"), which)
    end
  end)

  it("the known-answer test fails on a core that answers wrongly", function()
    local health = require("newsmark.health")
    local wrong = {
      analyze = function()
        return { entities = {}, quotes = {} }
      end,
    }
    local ok, msg = health.known_answer(wrong)
    assert.is_false(ok)
    assert.is_truthy(msg:find("PERSON:Ana Ruiz", 1, true))
  end)

  it("names the fix when the model cannot be loaded", function()
    H.reset({ model_dir = "/nonexistent-newsmark-model" })
    local out = checkhealth()
    assert.is_truthy(out:find("ERROR", 1, true))
    -- one line: what is wrong (the folder, the reason) and the fix
    local line = out:match("[^\n]*/nonexistent%-newsmark%-model[^\n]*")
    assert.is_truthy(line, out)
    assert.is_truthy(line:find("cannot open", 1, true), line)
    assert.is_truthy(line:find("set model_dir in setup()", 1, true), line)
  end)

  it("the core's version is checked against the Lua side", function()
    local core = require("newsmark.core")
    local saved = core.expected_version
    core.expected_version = "9.9.9"
    local ok, msg = core.check_version()
    core.expected_version = saved
    assert.is_false(ok)
    assert.is_truthy(msg:find("make clean all", 1, true))
  end)

  it("reports the colours' contrast and keymaps that hide a global mapping", function()
    local out = checkhealth()
    assert.is_truthy(out:find("colours: the lowest contrast against Normal", 1, true), out)
    assert.is_truthy(out:find("keys: newsmark's buffer keymaps hide no global mapping", 1, true), out)
    vim.keymap.set("n", "]e", "<Cmd>echo 'mine'<CR>")
    vim.api.nvim_set_hl(0, "NewsmarkOrg", { fg = "#20242a" }) -- near the dark Normal background
    out = checkhealth()
    vim.keymap.del("n", "]e")
    vim.cmd("highlight clear NewsmarkOrg")
    require("newsmark.palette").apply()
    assert.is_truthy(out:find("keymaps.next_entity hides the global mapping ]e", 1, true), out)
    assert.is_truthy(out:find("NewsmarkOrg has a contrast of", 1, true), out)
  end)
end)
