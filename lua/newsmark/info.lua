-- newsmark.info: what is under the cursor, in a floating window.
local M = {}
local api = vim.api

-- Lines describing the entity or quote at (row, col) of `buf` (0-based).
function M.lines(buf, row, col)
  local buffer = require("newsmark.buffer")
  if not buffer.is_attached(buf) then
    return { "newsmark: this buffer is not attached (:Newsmark enable)" }
  end
  buffer.sync(buf)
  local res = buffer.get_shared(buf) -- (read-only)
  local nav = require("newsmark.nav")
  local out = {}
  local e = nav.entity_at(res, row, col)
  if e then
    local mentions, names, seen = 0, {}, {}
    local canonical = e.text
    for _, x in ipairs(res.entities) do
      if x.id == e.id then
        mentions = mentions + 1
        if #x.text > #canonical then
          canonical = x.text
        end
        if not seen[x.text] then
          seen[x.text] = true
          names[#names + 1] = x.text
        end
      end
    end
    local quoted = 0
    for _, q in ipairs(res.quotes) do
      if q.speaker and q.speaker.id == e.id then
        quoted = quoted + 1
      end
    end
    out[#out + 1] = ("%s %s (entity %s)"):format(e.label, canonical, tostring(e.id))
    out[#out + 1] = ("mentions: %d (%s)"):format(mentions, table.concat(names, ", "))
    out[#out + 1] = ("quotes: %d"):format(quoted)
  end
  local q = nav.quote_at(res, row, col)
  if q then
    if #out > 0 then
      out[#out + 1] = ""
    end
    out[#out + 1] = ("%s quote"):format(q.type)
    local sources = require("newsmark.sources")
    out[#out + 1] = "speaker: " .. (q.speaker and sources.speaker_label(sources.resolver(res), q) or "none found")
    out[#out + 1] = "cue: " .. (q.cue and q.cue.text or "none found")
    local flags = vim.tbl_keys(q.flags or {})
    if #flags > 0 then
      table.sort(flags)
      out[#out + 1] = "flags: " .. table.concat(flags, ", ")
    end
  end
  if #out == 0 then
    out[1] = ("no entity or quote here (buffer: %d entities, %d quotes)"):format(#res.entities, #res.quotes)
  end
  return out
end

-- Open the floating window at the cursor; it closes when the cursor moves.
function M.open()
  local win = api.nvim_get_current_win()
  local buf = api.nvim_win_get_buf(win)
  local cur = api.nvim_win_get_cursor(win)
  local lines = M.lines(buf, cur[1] - 1, cur[2])
  local width = 10
  for _, l in ipairs(lines) do
    width = math.max(width, vim.fn.strdisplaywidth(l))
  end
  local fbuf = api.nvim_create_buf(false, true)
  api.nvim_buf_set_lines(fbuf, 0, -1, false, lines)
  vim.bo[fbuf].modifiable = false
  vim.bo[fbuf].bufhidden = "wipe"
  local fwin = api.nvim_open_win(fbuf, false, {
    relative = "cursor",
    row = 1,
    col = 0,
    width = math.min(width, math.max(10, vim.o.columns - 4)),
    height = #lines,
    style = "minimal",
    border = "single",
    focusable = false,
  })
  M.win = fwin
  api.nvim_create_autocmd({ "CursorMoved", "CursorMovedI", "BufLeave", "InsertEnter" }, {
    buffer = buf,
    once = true,
    callback = function()
      if api.nvim_win_is_valid(fwin) then
        api.nvim_win_close(fwin, true)
      end
    end,
  })
  return fwin, lines
end

return M
