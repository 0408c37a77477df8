-- newsmark.notify: the one way newsmark talks to the person, and its error
-- convention.
--
-- Usage:
--   local notify = require("newsmark.notify")
--   notify.info("marked 'Ana Ruiz' as PERSON")      -- "newsmark: marked ..."
--   notify.warn("...", { once = true })            -- at most once a session
--   notify.fail("unknown label 'X' (one of ...)")  -- raises the error
--
-- Convention: every message is one line, starts with "newsmark: ", says what
-- is wrong and what to do. Functions called by a command raise with
-- notify.fail (an error with no position, level 0); the command layer
-- (commands.run) catches it and shows it with notify.error. Functions of the
-- Lua API that can fail in an expected way return nil, message instead.
local M = {}

local PREFIX = "newsmark: "
local shown = {}

local function text(msg)
  msg = tostring(msg)
  if msg:sub(1, #PREFIX) ~= PREFIX then
    msg = PREFIX .. msg
  end
  return msg
end

function M.notify(msg, level, o)
  msg = text(msg)
  if o and o.once then
    if shown[msg] then
      return false
    end
    shown[msg] = true
  end
  vim.notify(msg, level or vim.log.levels.INFO)
  return true
end

function M.info(msg, o)
  return M.notify(msg, vim.log.levels.INFO, o)
end

function M.warn(msg, o)
  return M.notify(msg, vim.log.levels.WARN, o)
end

function M.error(msg, o)
  return M.notify(msg, vim.log.levels.ERROR, o)
end

-- Raise `msg` as a newsmark error (caught and shown by commands.run).
function M.fail(msg)
  error(text(msg), 0)
end

-- The one-line message for "`buf` is not attached", saying what to do in
-- this particular buffer.
function M.not_attached(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local bt = vim.bo[buf].buftype
  if bt == "quickfix" then
    return PREFIX .. "this is the quickfix window, not an article: go back to the article's window (<C-w>p)"
  elseif bt ~= "" then
    return PREFIX .. ("this is a %s buffer, not an article: go to the article's window"):format(bt)
  end
  local config = require("newsmark.config")
  local ft = vim.bo[buf].filetype
  if vim.g.newsmark_disable and config.wants_filetype(ft) then
    return PREFIX .. "newsmark is off: :Newsmark enable"
  end
  if not config.wants_filetype(ft) then
    return PREFIX .. ("this buffer is not attached: its filetype is '%s', not %s (:set filetype=markdown, or :Newsmark attach)")
      :format(ft, table.concat(config.options.filetypes, " or "))
  end
  return PREFIX .. "this buffer is not attached: :Newsmark attach"
end

return M
