-- doc/newsmark.txt: tags work and the documented defaults match the code.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")

local function read_doc()
  local f = assert(io.open(H.root .. "/doc/newsmark.txt"))
  local s = f:read("*a")
  f:close()
  return s
end

describe("doc/newsmark.txt", function()
  before_each(function()
    H.setup()
  end)

  it(":help newsmark works after :helptags", function()
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir .. "/doc", "p")
    vim.fn.writefile(vim.fn.readfile(H.root .. "/doc/newsmark.txt"), dir .. "/doc/newsmark.txt")
    vim.cmd("helptags " .. dir .. "/doc")
    vim.opt.runtimepath:append(dir)
    for _, tag in ipairs({ "newsmark", ":Newsmark", "newsmark.get()", "newsmark.jump()", "newsmark-config", "newsmark-highlights", "newsmark-health" }) do
      vim.cmd("help " .. tag)
      assert.is_truthy(vim.api.nvim_buf_get_name(0):find("newsmark.txt", 1, true), tag)
      vim.cmd("helpclose")
    end
    vim.opt.runtimepath:remove(dir)
  end)

  it("keeps every line within 78 display columns (the help window's width)", function()
    local n = 0
    for line in (read_doc() .. "\n"):gmatch("([^\n]*)\n") do
      n = n + 1
      assert.is_true(vim.fn.strdisplaywidth(line) <= 78, ("line %d is %d columns: %s"):format(n, vim.fn.strdisplaywidth(line), line))
    end
    assert.is_true(n > 100)
  end)

  it("documents every default keymap, highlight group, subcommand and option", function()
    local doc = read_doc()
    local config = require("newsmark.config")
    for name, lhs in pairs(config.defaults.keymaps) do
      assert.is_truthy(doc:find("keymaps." .. name .. " = " .. ("%q"):format(lhs), 1, true), name)
    end
    for k in pairs(config.defaults) do
      assert.is_truthy(doc:find(k .. " =", 1, true), k)
    end
    assert.is_truthy(doc:find("debounce = " .. config.defaults.debounce, 1, true))
    for _, g in ipairs(require("newsmark.render").groups) do
      local f = require("newsmark.palette").families[g.family]
      assert.is_truthy(doc:find(g.name .. "%s+" .. g.family .. "%s+" .. f.dark[1] .. "%s+" .. f.light[1]), g.name)
    end
    for _, sub in ipairs(require("newsmark.commands").names()) do
      assert.is_truthy(doc:find("\n    " .. sub, 1, true), sub)
    end
  end)
end)
