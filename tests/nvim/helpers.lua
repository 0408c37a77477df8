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

-- Run fn with t[key] replaced by value; the old value is put back before
-- fn's error, if any, is raised again.
function H.with(t, key, value, fn)
  local orig = t[key]
  t[key] = value
  local ok, err = pcall(fn)
  t[key] = orig
  assert(ok, err)
end

-- Capture vim.notify messages while fn runs.
function H.notifications(fn)
  local msgs = {}
  H.with(vim, "notify", function(m, l)
    msgs[#msgs + 1] = { msg = m, level = l }
  end, fn)
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

-- Whole-file read (nil when missing) and write, for fixtures (shared with
-- the core specs).
local io_helpers = dofile(H.root .. "/tests/fileio.lua")
H.read_file, H.write_file = io_helpers.read_file, io_helpers.write_file

-- Every occurrence of the plain string `s` in `text`, as { first, last }
-- byte positions (1-based, inclusive), left to right, not overlapping.
function H.occurrences(text, s)
  local out, from = {}, 1
  while true do
    local a, b = text:find(s, from, true)
    if not a then
      return out
    end
    out[#out + 1] = { a, b }
    from = b + 1
  end
end

-- The nth (default first) occurrence of `s` in the buffer as
-- { row, col, end_row, end_col } (0-based, end exclusive); an error if absent.
function H.range_of(buf, s, nth)
  local n = 0
  for r, l in ipairs(api.nvim_buf_get_lines(buf, 0, -1, false)) do
    for _, o in ipairs(H.occurrences(l, s)) do
      n = n + 1
      if n == (nth or 1) then
        return { r - 1, o[1] - 1, r - 1, o[2] }
      end
    end
  end
  error("not found: " .. s)
end

-- The first entity of get() whose text is `text` (nil when none), and its label.
function H.entity(buf, text)
  for _, e in ipairs(require("newsmark").get(buf).entities) do
    if e.text == text then
      return e
    end
  end
end

function H.label_of(buf, text)
  local e = H.entity(buf, text)
  return e and e.label
end

-- The buffer's highlights and get() equal those of a fresh analysis of its lines.
function H.same_as_fresh(buf)
  local assert = require("luassert")
  local marks, res = H.fresh(api.nvim_buf_get_lines(buf, 0, -1, false))
  assert.are.same(marks, H.marks(buf))
  assert.are.same(res, require("newsmark").get(buf))
end

-- Inside a describe: before each test, H.setup() and a new empty temp folder
-- handed to `set`; after each, H.reset() and the folder is deleted.
function H.temp_dir(set)
  local spec = getfenv(2) -- busted's hooks live in the spec's environment
  local dir
  spec.before_each(function()
    H.setup()
    dir = vim.fn.tempname()
    vim.fn.mkdir(dir, "p")
    set(dir)
  end)
  spec.after_each(function()
    H.reset()
    vim.fn.delete(dir, "rf")
  end)
end

-- Open `text` (nil: the file as it is) as markdown file `name` of folder
-- `dir` and wait for its analysis. Returns the buffer and the path.
function H.open_md(dir, name, text)
  local path = dir .. "/" .. name
  if text then
    H.write_file(path, text)
  end
  vim.cmd("edit! " .. vim.fn.fnameescape(path))
  vim.bo.filetype = "markdown"
  assert(H.wait())
  return api.nvim_get_current_buf(), path
end

-- The person's decisions in `buf` as sorted "LABEL text" strings (a never
-- as "never text").
function H.decision_list(buf)
  local out = {}
  for _, a in ipairs(require("newsmark.annotate").snapshot(buf).anns) do
    out[#out + 1] = (a.never and "never" or a.label) .. " " .. a.text
  end
  table.sort(out)
  return out
end

-- Inside a describe: H.setup() before each test with the diagnostics delay
-- shortened to `ms`, restored after each.
function H.quick_diagnostics(ms)
  local spec = getfenv(2)
  local D = require("newsmark.diagnostics")
  local delay = D.delay
  spec.before_each(function()
    H.setup()
    D.delay = ms
  end)
  spec.after_each(function()
    D.delay = delay
  end)
end

return H
