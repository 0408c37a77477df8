-- newsmark.core (Lua side): loads the compiled core lua/newsmark/core.so with
-- an actionable error, and keeps the one model shared by every buffer.
--
-- Inside Neovim, require("newsmark.core") finds this file before the .so
-- (Lua files come first on the runtimepath), so this module stands in for
-- the compiled one: `version`, `load` and every other field of the C module
-- are reachable through it unchanged. It also works outside Neovim.
local M = {}

-- The version of the C core this Lua layer is written against.
M.expected_version = "0.1.0"
-- The contract between this file and src/lua_newsmark.c (NM_LUA_ABI there):
-- a core.so that reports another number (or none: cores from before it was
-- reported) was built from other sources, e.g. before a `git pull`.
M.expected_abi = 5

local impl -- the C module, once loaded
local load_error -- the reason it could not be loaded
M.loaded_path = nil -- the file the C module was loaded from

local function this_dir()
  local src = debug.getinfo(1, "S").source
  src = src:sub(1, 1) == "@" and src:sub(2) or src
  return (src:gsub("[/\\][^/\\]*$", ""))
end

-- The plugin's root folder (the one holding lua/, plugin/, data/).
function M.plugin_root()
  local dir = this_dir() -- <root>/lua/newsmark
  return (dir:gsub("[/\\]lua[/\\]newsmark$", ""))
end

local function candidates()
  local list = {}
  if not (vim and vim.api) then
    -- outside Neovim (bin/newsmark, busted under LuaJIT): package.cpath first,
    -- so a build pointed at by the caller (e.g. a sanitizer build) wins
    for tmpl in package.cpath:gmatch("[^;]+") do
      list[#list + 1] = (tmpl:gsub("%?", "newsmark/core"))
    end
  end
  local dir = this_dir()
  for _, ext in ipairs({ "so", "dll", "dylib" }) do
    list[#list + 1] = dir .. "/core." .. ext
  end
  if vim and vim.api and vim.api.nvim_get_runtime_file then
    for _, p in ipairs(vim.api.nvim_get_runtime_file("lua/newsmark/core.so", true)) do
      list[#list + 1] = p
    end
  end
  return list
end

local function file_exists(p)
  local f = io.open(p, "rb")
  if f then
    f:close()
    return true
  end
  return false
end

-- Why the C module `mod` cannot serve this Lua side, or nil.
function M.abi_problem(mod)
  if mod.abi ~= M.expected_abi then
    return ("newsmark: the compiled core is out of date (ABI %s, the Lua side needs %d; sources changed since it was built, e.g. `git pull` without `make`): run `make clean all` in %s"):format(
      tostring(mod.abi or 1),
      M.expected_abi,
      M.plugin_root()
    )
  end
  return nil
end

-- Load the compiled module. Returns it, or nil and an actionable message
-- (one line, ending with the command that fixes it; the plugin shows it when
-- a buffer cannot attach, :checkhealth shows it as an error).
function M.get_module()
  if impl then
    return impl
  end
  local tried = {}
  local root = M.plugin_root()
  for _, path in ipairs(candidates()) do
    if file_exists(path) then
      local open, err = package.loadlib(path, "luaopen_newsmark_core")
      if open then
        local ok, mod = pcall(open)
        if ok and type(mod) == "table" then
          local problem = M.abi_problem(mod)
          if not problem then
            impl = mod
            load_error = nil
            M.loaded_path = path
            return impl
          end
          load_error = problem
          return nil, load_error
        end
        err = ok and "luaopen_newsmark_core returned no module" or tostring(mod)
      end
      if not tried[path] then
        tried[path] = true
        tried[#tried + 1] = path .. ": " .. tostring(err):gsub("%s*\n%s*", " ")
      end
    end
  end
  if #tried == 0 then
    load_error = ("newsmark: the compiled core lua/newsmark/core.so is missing (the plugin was not built): run `make` in %s"):format(root)
  else
    load_error = ("newsmark: the compiled core does not load in this Neovim/Lua (%s; built on another machine or for another Lua?): run `make clean all` in %s"):format(
      table.concat(tried, "; "),
      root
    )
  end
  return nil, load_error
end

-- The newest C source that is newer than the compiled core (the core is
-- stale: sources changed since `make`, e.g. after `git pull`), or nil.
-- so_path / src_dir default to the loaded core and <root>/src. Neovim only.
function M.newer_source(so_path, src_dir)
  local uv = vim and vim.loop
  so_path = so_path or M.loaded_path
  src_dir = src_dir or (M.plugin_root() .. "/src")
  if not (uv and so_path) then
    return nil
  end
  local so = uv.fs_stat(so_path)
  local dir = uv.fs_scandir(src_dir)
  if not (so and dir) then
    return nil
  end
  local function later(a, b)
    return a.sec > b.sec or (a.sec == b.sec and (a.nsec or 0) > (b.nsec or 0))
  end
  local newest, newest_t
  while true do
    local name, kind = uv.fs_scandir_next(dir)
    if not name then
      break
    end
    if (kind == "file" or kind == nil) and (name:match("%.c$") or name:match("%.h$")) then
      local st = uv.fs_stat(src_dir .. "/" .. name)
      if st and later(st.mtime, so.mtime) and (not newest_t or later(st.mtime, newest_t)) then
        newest, newest_t = name, st.mtime
      end
    end
  end
  return newest
end

-- The one-line message for a stale core, or nil.
function M.stale_message(so_path, src_dir)
  local name = M.newer_source(so_path, src_dir)
  if not name then
    return nil
  end
  return ("newsmark: the compiled core is older than src/%s (sources changed since the last build, e.g. `git pull` without `make`): run `make` in %s"):format(
    name,
    M.plugin_root()
  )
end

-- A model folder used instead of the configured one: the person's trained
-- model (:Newsmark train, newsmark.train). nil: not looked up yet; false: none.
local override

-- The model shared by all buffers: the model, why it could not be loaded,
-- the folder it came from (false: the bundled one) and its profile.
local shared_model, model_error, model_dir_loaded, profile_loaded

-- Tests replace the C module with a stand-in of the same shape.
function M._set_impl(mod)
  impl = mod
  load_error = nil
  shared_model, model_error, model_dir_loaded, profile_loaded = nil, nil, nil, nil
  override = nil
end

-- The trained model's folder that replaces the configured one, or false.
-- Looked up once (newsmark.train.active_dir) until set_override(nil).
function M.override()
  if override == nil then
    override = false
    if vim and vim.api then
      local ok, t = pcall(require, "newsmark.train")
      if ok and type(t) == "table" and t.active_dir then
        local ok2, d = pcall(t.active_dir)
        override = ok2 and d or false
      end
    end
  end
  return override
end

-- Forget the override (nil: look it up again on next use, e.g. after
-- setup() changed the options) or set it without loading anything.
function M.set_override(dir)
  override = dir
end

-- The one-line message when the model in `dir` (nil: the bundled one) does
-- not load, naming the command that fixes it.
function M.model_message(dir, why)
  why = tostring(why):gsub("^newsmark: ", ""):gsub("%s*\n%s*", " ")
  local root = M.plugin_root()
  if not dir then
    return ("newsmark: the bundled model in %s/data is missing or damaged (%s): run `git -C %s checkout -- data` (or reinstall the plugin)"):format(
      root,
      why,
      root
    )
  end
  return ("newsmark: the model in %s could not be loaded (%s): set model_dir in setup() to a folder holding newsmark.lex and newsmark.model, or remove it to use the bundled one"):format(
    dir,
    why
  )
end

-- The entity tagger's profile (option profile, |newsmark-profiles|): nil
-- for news, the bundled newsmark.model; else the name of newsmark-NAME.model.
function M.profile()
  local ok, cfg = pcall(require, "newsmark.config")
  local p = ok and type(cfg) == "table" and cfg.options and cfg.options.profile
  if type(p) ~= "string" or p == "" or p == "news" then
    return nil
  end
  return p
end

-- The tagger file of a model folder for the profile in use (what a
-- fine-tuning starts from).
function M.model_file(dir)
  local p = M.profile()
  return dir .. "/" .. (p and ("newsmark-" .. p .. ".model") or "newsmark.model")
end

-- A trained model's folder (the override) holds one tagger, fine-tuned from
-- the profile's: it loads without a profile.
local function load_dir(mod, dir, profile)
  local ok, model, msg = pcall(mod.load, dir, profile)
  if not ok or not model then
    return nil, M.model_message(dir, ok and msg or model)
  end
  return model
end

-- The one model shared by all buffers, loaded on first use from `dir`
-- (false/nil: the bundled model), or from the person's trained model when
-- there is one (M.override()). Returns model, or nil and a message.
function M.model(dir)
  dir = dir or nil
  local trained = M.override()
  local want = trained or dir
  local profile = not trained and M.profile() or nil
  if shared_model and model_dir_loaded == (want or false) and profile_loaded == profile then
    return shared_model
  end
  local mod, err = M.get_module()
  if not mod then
    return nil, err
  end
  local model, msg = load_dir(mod, want, profile)
  if not model and want ~= dir then
    -- the trained model is unusable (damaged, or made by another version):
    -- say so once and fall back to the configured one
    override = false
    if vim and vim.notify then
      vim.notify(msg .. "\nnewsmark: using the configured model instead (:Newsmark train reset removes it)", vim.log.levels.WARN)
    end
    want, profile = dir, M.profile()
    model, msg = load_dir(mod, want, profile)
  end
  if not model then
    model_error = msg
    return nil, model_error
  end
  shared_model, model_error, model_dir_loaded, profile_loaded = model, nil, want or false, profile
  return shared_model
end

-- Replace the shared model without restarting: the model in `dir` (false:
-- the configured one, `base`, false/nil = bundled) is loaded first and takes
-- over only when that succeeds; on failure the old model stays and nil, msg
-- is returned. `dir` becomes the override (see M.override). Buffers must be
-- analysed again by the caller.
function M.swap(dir, base)
  local mod, err = M.get_module()
  if not mod then
    return nil, err
  end
  local want = dir or base or nil
  local profile = not dir and M.profile() or nil
  local model, msg = load_dir(mod, want, profile)
  if not model then
    return nil, msg
  end
  shared_model, model_error, model_dir_loaded, profile_loaded = model, nil, want or false, profile
  override = dir or false
  return model
end

-- The folder the shared model comes from now (nil: not loaded yet; false:
-- the bundled one).
function M.loaded_dir()
  if not shared_model then
    return nil
  end
  return model_dir_loaded
end

-- Version check: true, or false and a message naming the fix.
function M.check_version()
  local mod, err = M.get_module()
  if not mod then
    return false, err
  end
  local problem = M.abi_problem(mod)
  if problem then
    return false, problem
  end
  if mod.version ~= M.expected_version then
    return false,
      ("newsmark: core version %s does not match the Lua side (%s): run `make clean all` in %s"):format(
        tostring(mod.version),
        M.expected_version,
        M.plugin_root()
      )
  end
  return true
end

-- Fields of the C module (version, load, ...) are reachable through this one.
return setmetatable(M, {
  __index = function(_, key)
    local mod = M.get_module()
    if mod and mod ~= M then
      return mod[key]
    end
    return nil
  end,
})
