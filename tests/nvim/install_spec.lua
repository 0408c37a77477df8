-- Installation states a person meets: the core not built, a core left from
-- before a `git pull`, a core that does not load in this Neovim, sources newer
-- than the core, a damaged bundled model. Each must be said in one line that
-- names what is wrong and the command that fixes it, by the plugin (a
-- notification when a buffer attaches) and by :checkhealth newsmark.
-- Each case runs a child Neovim on a temporary copy of the plugin, so the
-- session running the specs keeps its own loaded core.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")

local uv = vim.loop

local function sh(cmd)
  local out = vim.fn.system(cmd)
  assert(vim.v.shell_error == 0, cmd .. "\n" .. out)
  return out
end

-- A copy of the plugin (lua/, plugin/, data/ linked) in a new folder, with
-- lua/newsmark/core.so replaced by `so` (a path; nil: no core at all).
local function plugin_copy(so)
  local dir = vim.fn.tempname()
  sh(("mkdir -p %s && cp -r %s/lua %s/plugin %s/ && ln -s %s/data %s/data && rm -f %s/lua/newsmark/core.so"):format(
    dir, H.root, H.root, dir, H.root, dir, dir
  ))
  if so then
    sh(("cp %s %s/lua/newsmark/core.so"):format(so, dir))
  end
  return dir
end

-- A Lua module compiled from `body` (C, against src/lua51.h, the header
-- `make` uses), as a core.so of the shape `luaopen_newsmark_core` returns.
local function build_module(body)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, "p")
  local src = dir .. "/m.c"
  local f = assert(io.open(src, "w"))
  f:write('#include "lua51.h"\n', body)
  f:close()
  sh(("cc -std=c99 -shared -fPIC -I%s/src -o %s/core.so %s"):format(H.root, dir, src))
  return dir .. "/core.so"
end

-- Run `code` in a child Neovim with the plugin in `root` on the runtimepath,
-- the plugin file loaded and every vim.notify message recorded; returns the
-- table the code leaves in `R` (notifications in R.notes).
local function child(root, code)
  local script = vim.fn.tempname() .. ".lua"
  local out = vim.fn.tempname()
  local f = assert(io.open(script, "w"))
  f:write(([[
R = { notes = {} }
vim.notify = function(m) table.insert(R.notes, m) end
local ok, err = pcall(function()
%s
end)
R.ok, R.err = ok, err and tostring(err)
local f = assert(io.open(%q, "w"))
f:write(vim.json.encode(R))
f:close()
]]):format(code, out))
  f:close()
  vim.fn.system({
    "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n",
    "--cmd", "set rtp^=" .. root,
    "-c", "runtime plugin/newsmark.lua",
    "-c", "luafile " .. script,
    "-c", "qall!",
  })
  local g = assert(io.open(out, "r"), "the child Neovim wrote nothing")
  local r = vim.json.decode(g:read("*a"))
  g:close()
  assert(r.ok, r.err)
  return r
end

-- In the child: open a markdown buffer (the plugin attaches), let the
-- analysis and its notifications run, then :checkhealth newsmark.
local ATTACH_AND_HEALTH = [[
vim.cmd("enew")
vim.api.nvim_buf_set_lines(0, 0, -1, false, { "Ana Ruiz arrived in Lisbon on Tuesday." })
vim.bo.filetype = "markdown"
vim.wait(3000, function() return #R.notes > 0 end, 10)
vim.wait(100) -- and whatever else was scheduled: said once, not twice
vim.cmd("checkhealth newsmark")
R.health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
]]

-- The health line that holds `needle`, and it must be an ERROR.
local function health_error_line(health, needle)
  for line in health:gmatch("[^\n]+") do
    if line:find(needle, 1, true) then
      assert.is_truthy(line:find("ERROR", 1, true), line)
      return line
    end
  end
  error("no health line with " .. needle .. ":\n" .. health)
end

-- One notification, one line, naming what is wrong and the fix.
local function one_note(r, what, fix)
  assert.are.equal(1, #r.notes, vim.inspect(r.notes))
  local msg = r.notes[1]
  assert.is_falsy(msg:find("\n", 1, true), msg)
  assert.is_truthy(msg:find(what, 1, true), msg)
  assert.is_truthy(msg:find(fix, 1, true), msg)
  return msg
end

describe("install", function()
  it("the built core reports the ABI and version the Lua side expects", function()
    local core = require("newsmark.core")
    local mod = assert(core.get_module())
    assert.are.equal(core.expected_abi, mod.abi)
    assert.are.equal(core.expected_version, mod.version)
    assert.is_true((core.check_version()))
  end)

  it("a missing core: the plugin and health say `make`", function()
    local root = plugin_copy(nil)
    local r = child(root, ATTACH_AND_HEALTH)
    local msg = one_note(r, "core.so is missing", "run `make` in " .. root)
    assert.are.equal(msg, health_error_line(r.health, "core.so is missing"):match("(newsmark: .*)$"))
  end)

  it("a core left from before a `git pull` (older ABI) is refused: `make clean all`", function()
    local so = build_module([[
int luaopen_newsmark_core(lua_State *L) {
    lua_newtable(L);
    lua_pushliteral(L, "0.1.0");
    lua_setfield(L, -2, "version");
    lua_pushinteger(L, 1);
    lua_setfield(L, -2, "abi");
    return 1;
}
]])
    local root = plugin_copy(so)
    local r = child(root, ATTACH_AND_HEALTH)
    local needs = "out of date (ABI 1, the Lua side needs " .. require("newsmark.core").expected_abi
    local msg = one_note(r, needs, "run `make clean all` in " .. root)
    health_error_line(r.health, "out of date (ABI 1")
    assert.is_truthy(msg:find("git pull", 1, true), msg)
  end)

  it("a core from before the ABI was reported counts as out of date too", function()
    local so = build_module([[
int luaopen_newsmark_core(lua_State *L) {
    lua_newtable(L);
    lua_pushliteral(L, "0.1.0");
    lua_setfield(L, -2, "version");
    return 1;
}
]])
    local r = child(plugin_copy(so), ATTACH_AND_HEALTH)
    one_note(r, "out of date (ABI 1,", "make clean all")
  end)

  it("a core built for another Lua (a symbol this Neovim lacks) names the fix", function()
    -- lua_callk exists from Lua 5.2 on; LuaJIT and so Neovim do not export it
    local so = build_module([[
extern void lua_callk(lua_State *L, int nargs, int nresults, ptrdiff_t ctx, void *k);
int luaopen_newsmark_core(lua_State *L) {
    lua_callk(L, 0, 0, 0, NULL);
    return 0;
}
]])
    local root = plugin_copy(so)
    local r = child(root, ATTACH_AND_HEALTH)
    local msg = one_note(r, "does not load in this Neovim/Lua", "run `make clean all` in " .. root)
    assert.is_truthy(msg:find("lua_callk", 1, true), msg)
    health_error_line(r.health, "does not load in this Neovim/Lua")
  end)

  it("a damaged bundled model: the plugin and health say how to restore it", function()
    local root = plugin_copy(H.root .. "/lua/newsmark/core.so")
    sh(("rm %s/data && mkdir %s/data && cp %s/data/newsmark.lex %s/data/ && head -c 4096 %s/data/newsmark.model >%s/data/newsmark.model"):format(
      root, root, H.root, root, H.root, root
    ))
    local r = child(root, ATTACH_AND_HEALTH)
    local msg = one_note(r, "bundled model in " .. root .. "/data is missing or damaged", "git -C " .. root .. " checkout -- data")
    assert.is_truthy(msg:find("truncated model file", 1, true), msg)
    health_error_line(r.health, "bundled model in")
  end)

  it("a missing lexicon is named with the same fix", function()
    local root = plugin_copy(H.root .. "/lua/newsmark/core.so")
    sh(("rm %s/data && mkdir %s/data && cp %s/data/newsmark.model %s/data/"):format(root, root, H.root, root))
    local r = child(root, ATTACH_AND_HEALTH)
    local msg = one_note(r, "newsmark.lex: cannot open: No such file", "checkout -- data")
    assert.is_truthy(msg:find("is missing or damaged", 1, true), msg)
  end)

  it("sources newer than the core (a pull without make): health warns `make`", function()
    local root = plugin_copy(H.root .. "/lua/newsmark/core.so")
    sh(("mkdir %s/src && touch -d '2001-01-01' %s/lua/newsmark/core.so && touch %s/src/quotes.c %s/src/README"):format(root, root, root, root))
    local r = child(root, ATTACH_AND_HEALTH)
    assert.are.same({}, r.notes) -- the core still works: no error
    local line
    for l in r.health:gmatch("[^\n]+") do
      if l:find("older than src/", 1, true) then
        line = l
      end
    end
    assert.is_truthy(line, r.health)
    assert.is_truthy(line:find("WARNING", 1, true), line)
    assert.is_truthy(line:find("older than src/quotes.c", 1, true), line)
    assert.is_truthy(line:find("run `make` in " .. root, 1, true), line)
  end)

  it("a core built after its sources is not called stale", function()
    local core = require("newsmark.core")
    local dir = vim.fn.tempname()
    sh(("mkdir -p %s/src && touch -d '2001-01-01' %s/src/a.c %s/src/a.h && touch %s/core.so"):format(dir, dir, dir, dir))
    assert.is_nil(core.newer_source(dir .. "/core.so", dir .. "/src"))
    sh(("touch %s/src/a.h"):format(dir))
    uv.fs_utime(dir .. "/core.so", 978307200, 978307200) -- 2001-01-01
    assert.are.equal("a.h", core.newer_source(dir .. "/core.so", dir .. "/src"))
  end)

  it("make wrote doc/tags with :helptags, so :help newsmark opens", function()
    local f = assert(io.open(H.root .. "/doc/tags", "r"), "doc/tags missing: make writes it")
    local tags = f:read("*a")
    f:close()
    assert.is_truthy(tags:find("\nnewsmark\tnewsmark.txt\t", 1, true) or tags:find("^newsmark\tnewsmark.txt\t"), tags)
    vim.cmd("help newsmark")
    assert.are.equal("newsmark.txt", vim.fn.expand("%:t"))
    vim.cmd("helpclose")
  end)
end)
