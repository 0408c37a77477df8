-- Helpers for the headless-Neovim specs.
local H = {}
local api = vim.api

H.root = os.getenv("NEWSMARK_ROOT") or vim.fn.getcwd()

-- Load the plugin file once (-u NONE loads no plugins). Reset options to the test defaults (short debounce).
function H.setup(opts)
  if not vim.g.loaded_newsmark then
    vim.cmd("runtime plugin/newsmark.lua")
  end
  H.reset(opts)
end

-- Detach and wipe every buffer, restore options and global state.
function H.reset(opts)
  local nm = require("newsmark")
  vim.g.newsmark_disable = nil
  local buffer = require("newsmark.buffer")
  for buf in pairs(buffer.states) do
    buffer.detach(buf)
  end
  vim.cmd("silent! %bwipeout!")
  local o = vim.tbl_deep_extend("force", { debounce = 10 }, opts or {})
  require("newsmark.config").set(o)
  require("newsmark.prose").reset()
  nm.enable()
end

-- A new current buffer holding `lines`; setting its filetype attaches it
-- through the FileType autocommand.
function H.buf(lines, ft)
  vim.cmd("enew!")
  local buf = api.nvim_get_current_buf()
  vim.bo[buf].bufhidden = "wipe"
  api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = ft or "markdown"
  return buf
end

-- Let the debounced analysis of `buf` run; true when it is up to date.
function H.wait(buf)
  buf = buf or api.nvim_get_current_buf()
  local buffer = require("newsmark.buffer")
  return vim.wait(2000, function()
    local st = buffer.state(buf)
    return st ~= nil and st.tick == api.nvim_buf_get_changedtick(buf) and not st.full
  end, 5)
end

-- Extmarks of newsmark's namespace: { {row, col, end_row, end_col, hl}, ... }
-- sorted by position then group.
function H.marks(buf, group)
  local ns = require("newsmark.render").ns
  local out = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
    local d = m[4]
    if d.hl_group and (not group or d.hl_group == group) then
      out[#out + 1] = { m[2], m[3], d.end_row, d.end_col, d.hl_group }
    end
  end
  table.sort(out, function(a, b)
    for i = 1, 4 do
      if a[i] ~= b[i] then
        return a[i] < b[i]
      end
    end
    return a[5] < b[5]
  end)
  return out
end

-- The text under an extmark / span (rows and byte columns, end exclusive).
function H.text(buf, r, c, er, ec)
  return table.concat(api.nvim_buf_get_text(buf, r, c, er, ec, {}), "\n")
end

-- Texts highlighted with `group`.
function H.marked_texts(buf, group)
  local out = {}
  for _, m in ipairs(H.marks(buf, group)) do
    out[#out + 1] = H.text(buf, m[1], m[2], m[3], m[4])
  end
  return out
end

-- Marks and get() of a fresh buffer with the same lines (for comparisons).
function H.fresh(lines, ft)
  local cur = api.nvim_get_current_buf()
  local buf = api.nvim_create_buf(true, false)
  api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = ft or "markdown"
  require("newsmark").attach(buf)
  local marks, res = H.marks(buf), require("newsmark").get(buf)
  require("newsmark").detach(buf)
  api.nvim_buf_delete(buf, { force = true })
  api.nvim_set_current_buf(cur)
  return marks, res
end

-- Feed keys as typed (remapped, in normal mode) and process them.
function H.feed(keys)
  api.nvim_feedkeys(api.nvim_replace_termcodes(keys, true, false, true), "xt", false)
end

function H.cursor()
  local c = api.nvim_win_get_cursor(0)
  return { c[1] - 1, c[2] }
end

function H.set_cursor(row, col)
  api.nvim_win_set_cursor(0, { row + 1, col })
end

-- Capture vim.notify messages while fn runs.
function H.notifications(fn)
  local msgs, orig = {}, vim.notify
  vim.notify = function(m, l)
    msgs[#msgs + 1] = { msg = m, level = l }
  end
  local ok, err = pcall(fn)
  vim.notify = orig
  assert(ok, err)
  return msgs
end

-- An article of the project's own, used by several specs.
H.article = {
  "---",
  "title: Harbour vote",
  "author: Ana Ruiz",
  "---",
  "",
  "# Lisbon harbour plan",
  "",
  "Ana Ruiz arrived in Lisbon on Tuesday to defend the harbour plan.",
  "The Ministry of Finance said costs would rise 12 percent.",
  "",
  '"We will not give up on this harbour," Ruiz said.',
  "",
  "```",
  "Carlos Mendes flew to Porto.",
  "```",
  "",
  "Details are at https://example.com/Lisbon/Porto and in `Carlos Mendes` notes.",
  "",
  "Carlos Mendes said the vote in Porto was close.",
}

-- Whole-file read (nil when missing) and write, for fixtures.
function H.read_file(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local s = f:read("*a")
  f:close()
  return s
end

function H.write_file(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

return H
