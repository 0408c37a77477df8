-- newsmark: the public Lua API.
--
--   require("newsmark").setup(opts)        optional; see :help newsmark-config
--   require("newsmark").get(bufnr)         entities and quotes of the last analysis
--   require("newsmark").jump(kind, count)  "entity", "quote", "mention", "unattributed"
--   require("newsmark").attach(bufnr) / detach(bufnr)
--   require("newsmark").enable() / disable() / toggle()
--
-- Heavy modules are required lazily, inside the functions that need them.
local M = {}
local api = vim.api

M.version = "0.1.0"

local enabled = true

local function notify(msg, level)
  require("newsmark.notify").notify(msg, level or vim.log.levels.WARN)
end

local function buf_disabled(buf)
  if vim.g.newsmark_disable then
    return true
  end
  local ok, v = pcall(api.nvim_buf_get_var, buf, "newsmark_disable")
  return ok and v and v ~= 0
end

-- Validate and apply options; re-attach attached buffers so they take effect.
function M.setup(opts)
  local config = require("newsmark.config")
  config.set(opts)
  local buffer = package.loaded["newsmark.buffer"]
  if buffer then
    for buf in pairs(buffer.states) do
      buffer.detach(buf)
      buffer.attach(buf)
    end
  end
  if vim.v.vim_did_enter == 1 then
    M.attach_matching()
  end
  return config.options
end

-- Is newsmark on (globally)?
function M.is_enabled()
  return enabled and not vim.g.newsmark_disable
end

-- Attach to `bufnr` (0 or nil: current). Returns true, or false and a reason.
-- Refused when vim.g.newsmark_disable or vim.b.newsmark_disable is set.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and api.nvim_get_current_buf() or bufnr
  if buf_disabled(bufnr) then
    return false, "newsmark: disabled for this buffer (g:newsmark_disable or b:newsmark_disable)"
  end
  local ok, err = require("newsmark.buffer").attach(bufnr)
  if not ok and err then
    notify(err)
  end
  return ok, err
end

function M.detach(bufnr)
  return require("newsmark.buffer").detach(bufnr)
end

function M.is_attached(bufnr)
  local buffer = package.loaded["newsmark.buffer"]
  return buffer ~= nil and buffer.is_attached(bufnr)
end

-- The FileType autocommand (plugin/newsmark.lua) lands here.
function M.on_filetype(bufnr)
  if not M.is_enabled() or buf_disabled(bufnr) then
    return
  end
  if require("newsmark.config").wants_filetype(vim.bo[bufnr].filetype) then
    M.attach(bufnr)
  elseif M.is_attached(bufnr) then
    M.detach(bufnr)
  end
end

-- Attach every loaded buffer of a configured filetype.
function M.attach_matching()
  if not M.is_enabled() then
    return
  end
  local config = require("newsmark.config")
  for _, buf in ipairs(api.nvim_list_bufs()) do
    if api.nvim_buf_is_loaded(buf) and config.wants_filetype(vim.bo[buf].filetype) and not buf_disabled(buf) then
      M.attach(buf)
    end
  end
end

-- Turn newsmark on: auto-attach again and attach matching loaded buffers.
function M.enable()
  enabled = true
  M.attach_matching()
  return true
end

-- Turn newsmark off: detach every buffer, stop auto-attaching.
function M.disable()
  enabled = false
  local buffer = package.loaded["newsmark.buffer"]
  if buffer then
    for buf in pairs(buffer.states) do
      buffer.detach(buf)
    end
  end
  return true
end

function M.toggle()
  if enabled then
    return M.disable() and false
  end
  return M.enable() and true
end

-- Entities and quotes of `bufnr` as of its last analysis, or nil when the
-- buffer is not attached:
--   { entities = { {row=, col=, end_row=, end_col=, label=, id=, text=}, ... },
--     quotes = { {row=, col=, end_row=, end_col=, type=, flags=,
--                 speaker = {row=, col=, end_row=, end_col=, id=, text=} | nil,
--                 cue = {row=, col=, end_row=, end_col=, text=} | nil}, ... } }
-- 0-based rows, byte columns, end exclusive.
function M.get(bufnr)
  local buffer = package.loaded["newsmark.buffer"]
  if not buffer then
    return nil
  end
  return buffer.get(bufnr)
end

-- Move the cursor to the |count|-th next (count > 0) or previous (count < 0)
-- "entity", "quote", "unattributed" quote or "mention" of the entity under
-- the cursor. Returns true when the cursor moved.
function M.jump(kind, count)
  return require("newsmark.nav").jump(kind, count)
end

return M
