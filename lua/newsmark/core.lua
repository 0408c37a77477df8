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

local impl -- the C module, once loaded
local load_error -- the reason it could not be loaded
local shared_model, model_error, model_dir_loaded

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

-- Load the compiled module. Returns it, or nil and an actionable message.
function M.get_module()
  if impl then
    return impl
  end
  local tried = {}
  for _, path in ipairs(candidates()) do
    if file_exists(path) then
      local open, err = package.loadlib(path, "luaopen_newsmark_core")
      if open then
        local ok, mod = pcall(open)
        if ok and type(mod) == "table" then
          impl = mod
          load_error = nil
          return impl
        end
        err = tostring(mod)
      end
      tried[#tried + 1] = path .. ": " .. tostring(err)
    end
  end
  local root = M.plugin_root()
  if #tried == 0 then
    load_error = ("newsmark: the compiled core lua/newsmark/core.so is missing: run `make` in %s"):format(root)
  else
    load_error = ("newsmark: the compiled core could not be loaded (%s): run `make clean all` in %s"):format(
      table.concat(tried, "; "),
      root
    )
  end
  return nil, load_error
end

-- Tests replace the C module with a stand-in of the same shape.
function M._set_impl(mod)
  impl = mod
  load_error = nil
  shared_model, model_error, model_dir_loaded = nil, nil, nil
end

-- The one model shared by all buffers, loaded on first use from `dir`
-- (false/nil: the bundled model). Returns model, or nil and a message.
function M.model(dir)
  dir = dir or nil
  if shared_model and model_dir_loaded == (dir or false) then
    return shared_model
  end
  local mod, err = M.get_module()
  if not mod then
    return nil, err
  end
  local ok, model, msg = pcall(mod.load, dir)
  if not ok or not model then
    model_error = ("newsmark: the model could not be loaded from %s: %s (run `make` in %s)"):format(
      dir or (M.plugin_root() .. "/data"),
      tostring(ok and msg or model),
      M.plugin_root()
    )
    return nil, model_error
  end
  shared_model, model_error, model_dir_loaded = model, nil, dir or false
  return shared_model
end

-- Version check: true, or false and a message naming the fix.
function M.check_version()
  local mod, err = M.get_module()
  if not mod then
    return false, err
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
