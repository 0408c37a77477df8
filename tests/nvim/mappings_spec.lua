-- newsmark's buffer mappings hide none of Neovim's own keys: neither a
-- default mapping of the running Neovim (listed by nvim_get_keymap in a fresh
-- `nvim -u NONE`, before newsmark is loaded) nor a built-in command of its
-- |index| (the `[`, `]` and `g` commands of normal mode).
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local MODES = { "n", "v", "x", "s", "o", "i", "c", "t" }

-- Default mappings of a clean Neovim: { "n ]q", ... }, lhs as keytrans gives them.
local function defaults()
  local script = vim.fn.tempname() .. ".lua"
  local out = vim.fn.tempname()
  local f = assert(io.open(script, "w"))
  f:write(([[
local t = {}
for _, m in ipairs(%s) do
  for _, k in ipairs(vim.api.nvim_get_keymap(m)) do
    t[#t + 1] = m .. " " .. k.lhs
  end
end
local f = assert(io.open(%q, "w"))
f:write(table.concat(t, "\n"))
f:close()
]]):format(vim.inspect(MODES), out))
  f:close()
  vim.fn.system({ vim.v.progpath, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile " .. script, "-c", "qa!" })
  local r = assert(io.open(out, "r"))
  local list = vim.split(r:read("*a"), "\n", true)
  r:close()
  os.remove(script)
  os.remove(out)
  return list
end

-- Normal-mode built-in commands starting with [ ] or g, from the running
-- Neovim's doc/index.txt ("|[m|		[m		1  cursor N times back...").
local function builtins()
  local path = vim.env.VIMRUNTIME .. "/doc/index.txt"
  local f = io.open(path, "r")
  if not f then
    return nil
  end
  local out, in_normal = {}, false
  for line in f:lines() do
    if line:find("*normal-index*", 1, true) then
      in_normal = true
    elseif line:find("*visual-index*", 1, true) then
      in_normal = false
    end
    local cmd = in_normal and line:match("^|[^|]+|%s+(%S+)")
    cmd = cmd and cmd:gsub("{.*", "")
    -- ["x]p is a register prefix, [{char} a family the index lists apart
    if cmd and #cmd >= 2 and not cmd:find('^%["') and (cmd:match("^[%[%]]") or cmd:match("^g")) then
      out[#out + 1] = cmd
    end
  end
  f:close()
  return out
end

-- The key sequence of lhs as Neovim compares it (<lt>-style notation resolved).
describe("default mappings", function()
  before_each(function()
    H.setup()
  end)

  it("hide none of Neovim's default mappings or built-in commands", function()
    local ours = {}
    local buf = H.buf({ "Ana Ruiz spoke." })
    for _, m in ipairs(MODES) do
      for _, k in ipairs(api.nvim_buf_get_keymap(buf, m)) do
        ours[#ours + 1] = { m, k.lhs }
      end
    end
    assert.is_true(#ours >= 9, "newsmark's buffer mappings: " .. #ours)
    local clash = {}
    local taken = {}
    for _, d in ipairs(defaults()) do
      local m, lhs = d:match("^(%S+) (.+)$")
      if m then
        taken[#taken + 1] = { m, lhs }
      end
    end
    for _, b in ipairs(builtins() or {}) do
      taken[#taken + 1] = { "n", b }
    end
    for _, o in ipairs(ours) do
      for _, t in ipairs(taken) do
        local same_mode = o[1] == t[1] or (t[1] == "v" and (o[1] == "x" or o[1] == "s")) or (o[1] == "v" and (t[1] == "x" or t[1] == "s"))
        -- hidden: the same keys, or one a prefix of the other (a wait for more keys)
        if same_mode and require("newsmark.health").keys_clash(o[2], t[2]) then
          clash[#clash + 1] = ("%s %s hides %s"):format(o[1], o[2], t[2])
        end
      end
    end
    assert.are.same({}, clash)
  end)

  it("keys clash when they are the same or one is a prefix of the other (health uses the same test)", function()
    local clash = require("newsmark.health").keys_clash
    assert.is_true(clash("]q", "]q"))
    assert.is_true(clash("]", "]q"))
    assert.is_true(clash("]qq", "]q"))
    assert.is_true(clash("<C-w>x", "\23x"))
    assert.is_false(clash("]e", "]q"))
    assert.is_false(clash("[e", "]e"))
  end)

  it("the index of built-in commands is read (the check above is not empty)", function()
    local b = builtins()
    assert.is_not_nil(b)
    assert.is_true(vim.tbl_contains(b, "]m"), "]m is a built-in motion")
    assert.is_true(vim.tbl_contains(b, "gk"))
    local d = defaults()
    assert.is_true(vim.tbl_contains(d, "n Y"), "Y is a default mapping on every Neovim since 0.6")
    if vim.fn.has("nvim-0.11") == 1 then
      assert.is_true(vim.tbl_contains(d, "n ]q"), vim.inspect(d))
    end
  end)

  it("are also where newsmark's keys were before (]q [q ]m [m): a mapping hides them", function()
    -- the check above would catch the old defaults
    local b = builtins()
    assert.is_true(vim.tbl_contains(b, "[m"))
    local cfg = require("newsmark.config").defaults.keymaps
    for _, lhs in pairs(cfg) do
      assert.is_false(vim.tbl_contains({ "]q", "[q", "]m", "[m" }, lhs), lhs)
    end
  end)
end)
