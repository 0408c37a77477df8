-- newsmark.prose: where the prose of a buffer is.
--
-- ranges(bufnr, lines) returns the paragraphs of the buffer in document
-- order, each { srow = , erow = (exclusive), text = , masks = { {s, f}, ... } }.
-- `text` is the paragraph's lines joined with "\n", with everything that is
-- not prose (list and block-quote markers, inline code, URLs, link targets)
-- replaced by spaces of the same byte length, so a byte offset into `text`
-- maps onto (row, col) of the buffer with line start offsets only. `masks`
-- are the masked byte spans (0-based, end exclusive) of inline code and URLs:
-- nothing that overlaps them is ever highlighted.
--
-- Markdown buffers use tree-sitter with queries/markdown/newsmark_prose.scm;
-- without a parser (or for other filetypes) a plain-text scanner splits
-- blank-line-separated paragraphs and skips front matter, fenced and
-- indented code, headings and thematic breaks.
local M = {}

-- No JIT for this module: its work is Neovim API calls and string patterns,
-- which LuaJIT cannot compile, so traces abort and the recording attempts
-- cost more than they save, at random moments (see buffer.lua).
if jit and jit.off then
  jit.off(true, true)
end

local ts_state = {} -- lang -> true (available) | false (not available)

local function has_language(lang)
  local ts = vim.treesitter
  local inspect = (ts.language and ts.language.inspect) or ts.inspect_language
  return inspect ~= nil and (pcall(inspect, lang))
end

local function add_language(lang, path)
  local ts = vim.treesitter
  if ts.language and ts.language.add then -- 0.9+
    local ok = pcall(ts.language.add, lang, path and { path = path } or nil)
    return ok and has_language(lang)
  end
  local ok, res = pcall(ts.require_language, lang, path, true) -- 0.7, 0.8
  return ok and res ~= false and has_language(lang)
end

-- True when a markdown parser is available, loading the one built by
-- tools/build-parser.sh (into <plugin>/parser/parser/) when Neovim has none.
function M.ensure_parser(lang)
  lang = lang or "markdown"
  if ts_state[lang] ~= nil then
    return ts_state[lang]
  end
  local ok = false
  if vim.treesitter then
    ok = has_language(lang) or add_language(lang)
    if not ok then
      local root = require("newsmark.core").plugin_root()
      for _, ext in ipairs({ "so", "dll", "dylib" }) do
        local path = ("%s/parser/parser/%s.%s"):format(root, lang, ext)
        if vim.loop.fs_stat(path) and add_language(lang, path) then
          ok = true
          break
        end
      end
    end
  end
  ts_state[lang] = ok
  return ok
end

-- Forget what was found (tests switch parsers on and off).
function M.reset()
  ts_state = {}
  M._query = nil
end

local function get_query()
  if M._query ~= nil then
    return M._query or nil
  end
  local tsq = vim.treesitter.query
  local get = tsq.get or tsq.get_query
  local ok, q = pcall(get, "markdown", "newsmark_prose")
  if not ok or not q then
    -- not on the runtimepath: read the query next to this plugin
    local path = require("newsmark.core").plugin_root() .. "/queries/markdown/newsmark_prose.scm"
    local f = io.open(path, "r")
    if f then
      local src = f:read("*a")
      f:close()
      local parse = tsq.parse or tsq.parse_query
      ok, q = pcall(parse, "markdown", src)
    end
  end
  M._query = (ok and q) or false
  return M._query or nil
end

-- Which method finds the prose of `bufnr`: "treesitter" or "fallback".
function M.method(bufnr)
  local opts = require("newsmark.config").options
  if not opts.treesitter or vim.bo[bufnr].filetype ~= "markdown" then
    return "fallback"
  end
  if not M.ensure_parser("markdown") or not get_query() then
    return "fallback"
  end
  return "treesitter"
end

---------------------------------------------------------------- masking

-- One markdown reader for the editor and the command line (newsmark.markdown).
local mask_line = require("newsmark.markdown").mask_line

-- Build a paragraph record from buffer lines srow..erow-1 (0-based rows).
-- first_col: bytes of the first line that are not part of the paragraph.
local function make_para(lines, srow, erow, first_col)
  local out, masks, off = {}, {}, 0
  for r = srow, erow - 1 do
    local line = lines[r + 1]
    local lm = {}
    out[#out + 1] = mask_line(line, lm, r == srow and first_col and first_col > 0 and first_col or nil)
    for _, m in ipairs(lm) do
      masks[#masks + 1] = { off + m[1], off + m[2] }
    end
    off = off + #line + 1
  end
  return { srow = srow, erow = erow, text = table.concat(out, "\n"), masks = masks }
end

M._mask_line = mask_line -- (newsmark.markdown.mask_line)

---------------------------------------------------------------- scanners

local function is_blank(l)
  return l:find("^%s*$") ~= nil
end

-- Rows [0, n) taken by YAML front matter (--- ... --- or ...), 0 when none.
function M.front_matter_end(lines)
  if lines[1] and lines[1]:find("^%-%-%-%s*$") then
    for i = 2, #lines do
      if lines[i]:find("^%-%-%-%s*$") or lines[i]:find("^%.%.%.%s*$") then
        return i
      end
    end
  end
  return 0
end

-- The plain-text scanner: list of {srow, erow} paragraphs.
-- Rows [from, to) only when given (front matter only looked for from row 0).
function M.scan_fallback(lines, from, to)
  from, to = from or 0, to or #lines
  local res = {}
  local start
  local function close(row)
    if start then
      res[#res + 1] = { start, row }
      start = nil
    end
  end
  local fence_char, fence_len
  local first = from == 0 and M.front_matter_end(lines) or from
  for i = first + 1, to do
    local l, row = lines[i], i - 1
    if fence_char then
      local ind, f = l:match("^( *)([`~]+)%s*$")
      if f and #ind < 4 and f:sub(1, 1) == fence_char and #f >= fence_len and not f:find(fence_char == "`" and "~" or "`", 1, true) then
        fence_char = nil
      end
    else
      local ind, f = l:match("^( *)([`~][`~][`~]+)")
      if f and #ind < 4 and (f:find("^`+$") or f:find("^~+$")) and not (f:sub(1, 1) == "`" and l:find("`", #ind + #f + 1, true)) then
        close(row)
        fence_char, fence_len = f:sub(1, 1), #f
      elseif is_blank(l) then
        close(row)
      elseif not start and (l:find("^    ") or l:find("^ *\t")) then
        -- indented code (a paragraph cannot start indented by 4)
        close(row)
      elseif l:find("^ ? ? ?#+%s") or l:find("^ ? ? ?#+$") then
        close(row) -- ATX heading
      elseif l:find("^ ? ? ?[-=*_][-=*_ \t]*$") and #l:gsub("[%s]", "") >= 3 then
        close(row) -- thematic break or setext underline
      elseif not start then
        start = row
      end
    end
  end
  close(to)
  return res
end

-- The tree-sitter scanner: list of {srow, erow, first_col}, or nil.
function M.scan_treesitter(bufnr, lines)
  local ok, parser = pcall(vim.treesitter.get_parser, bufnr, "markdown")
  if not ok or not parser then
    return nil
  end
  local query = get_query()
  if not query then
    return nil
  end
  local trees = parser:parse()
  local tree = trees and trees[1]
  if not tree then
    return nil
  end
  local res = {}
  local fm = M.front_matter_end(lines)
  local last_row = -1
  for _, node in query:iter_captures(tree:root(), bufnr, 0, -1) do
    local sr, sc, er, ec = node:range()
    if ec > 0 then
      er = er + 1
    end
    er = math.min(er, #lines)
    -- skip front matter, and nested captures of rows already taken
    if sr >= fm and sr >= last_row and er > sr then
      res[#res + 1] = { sr, er, sc }
      last_row = er
    end
  end
  return res
end

---------------------------------------------------------------- segments
--
-- The incremental path (buffer.lua) works on segments: a partition of the
-- buffer's rows into "code" (front matter, fenced code, HTML blocks that
-- may hold blank lines) and "prose" blocks cut at safe boundaries: a line
-- that is not blank and not indented, after a blank line. Markdown cannot
-- carry a paragraph, list or block quote across such a boundary, so each
-- block can be scanned on its own, and an edit that changes no structural
-- line (see is_structural) only needs its block and its neighbours scanned.

-- Lines whose change can alter the structure beyond their block: code
-- fences and HTML blocks.
function M.is_structural(line)
  return line:find("```", 1, true) ~= nil
    or line:find("~~~", 1, true) ~= nil
    or line:find("-->", 1, true) ~= nil
    or line:find("^%s*<") ~= nil
end

local HTML_END = { script = "</script>", pre = "</pre>", style = "</style>", textarea = "</textarea>" }

-- Segments of rows [s, e) (0-based, e exclusive) of `lines`: a list of
-- { s = , e = , kind = "prose" | "code" }. Front matter is looked for only
-- when s == 0.
function M.segments(lines, s, e)
  s, e = s or 0, e or #lines
  local segs = {}
  local cur -- the open segment
  local function open(kind, row)
    if cur then
      cur.e = row
    end
    cur = { s = row, e = row, kind = kind }
    segs[#segs + 1] = cur
  end
  local r = s
  if s == 0 then
    local fm = M.front_matter_end(lines)
    if fm > 0 then
      open("code", 0)
      r = fm
    end
  end
  local fence_char, fence_len, html_end
  local prev_blank = true
  while r < e do
    local l = lines[r + 1]
    if fence_char then
      local ind, f = l:match("^( *)([`~]+)%s*$")
      if f and #ind < 4 and f:sub(1, 1) == fence_char and #f >= fence_len and not f:find(fence_char == "`" and "~" or "`", 1, true) then
        fence_char = nil
        prev_blank = true
        cur.e = r + 1
        cur = nil
      end
    elseif html_end then
      if l:lower():find(html_end, 1, true) then
        html_end = nil
        prev_blank = true
        cur.e = r + 1
        cur = nil
      end
    else
      local blank_line = l:find("^%s*$") ~= nil
      local ind, f = l:match("^( *)([`~][`~][`~]+)")
      local tag = l:match("^ ? ? ?<(%a+)")
      if f and #ind < 4 and (f:find("^`+$") or f:find("^~+$")) and not (f:sub(1, 1) == "`" and l:find("`", #ind + #f + 1, true)) then
        open("code", r)
        fence_char, fence_len = f:sub(1, 1), #f
      elseif l:find("^ ? ? ?<!%-%-") then
        open("code", r)
        if l:find("-->", 1, true) then
          cur.e = r + 1
          cur = nil
          prev_blank = true
        else
          html_end = "-->"
        end
      elseif tag and HTML_END[tag:lower()] then
        open("code", r)
        if l:lower():find(HTML_END[tag:lower()], 1, true) then
          cur.e = r + 1
          cur = nil
          prev_blank = true
        else
          html_end = HTML_END[tag:lower()]
        end
      else
        if not cur or (prev_blank and not blank_line and not l:find("^%s")) then
          open("prose", r)
        end
        prev_blank = blank_line
      end
    end
    r = r + 1
  end
  if cur then
    cur.e = e
  end
  return segs
end

local raw_parser -- a markdown parser reused for every block (0.7+)

local function parse_string(text)
  if raw_parser == nil then
    raw_parser = false
    if vim._create_ts_parser then
      local ok, p = pcall(vim._create_ts_parser, "markdown")
      raw_parser = ok and p or false
    end
  end
  if raw_parser then
    local ok, tree = pcall(raw_parser.parse, raw_parser, nil, text)
    if ok and tree and tree.root then
      return tree
    end
  end
  local ok, parser = pcall(vim.treesitter.get_string_parser, text, "markdown")
  if ok and parser then
    local trees = parser:parse()
    return trees and trees[1]
  end
end

-- A block needs no parser when it is plain paragraphs: nothing at the start
-- of a line that markdown reads as structure, no indentation, no HTML.
local function plain_block(lines, s, e)
  for r = s, e - 1 do
    local l = lines[r + 1]
    local c = l:byte(1)
    if c and not ((c >= 65 and c <= 90) or (c >= 97 and c <= 122) or c >= 128 or c == 34 or c == 39 or c == 40) then
      return false -- starts with a marker, a digit, indentation, punctuation
    end
    if c and (c >= 48 and c <= 57) then
      return false
    end
  end
  return true
end

-- Paragraph spans { srow, erow, first_col } of the prose block [s, e).
-- method: "treesitter" or "fallback".
function M.scan_block(lines, s, e, method)
  if method ~= "treesitter" or plain_block(lines, s, e) then
    local res = M.scan_fallback(lines, s, e)
    for _, x in ipairs(res) do
      x[3] = 0
    end
    return res
  end
  local text = table.concat(lines, "\n", s + 1, e)
  local tree = parse_string(text)
  local query = get_query()
  if not tree or not query then
    return M.scan_block(lines, s, e, "fallback")
  end
  local res = {}
  local last_row = -1
  local n = e - s
  for _, node in query:iter_captures(tree:root(), text, 0, -1) do
    local sr, sc, er, ec = node:range()
    if ec > 0 then
      er = er + 1
    end
    er = math.min(er, n)
    if sr >= last_row and er > sr then
      res[#res + 1] = { s + sr, s + er, sc }
      last_row = er
    end
  end
  return res
end

M.make_para = make_para

-- Paragraphs of `bufnr` (see the header). `lines` are all its lines.
function M.ranges(bufnr, lines)
  local spans
  if M.method(bufnr) == "treesitter" then
    spans = M.scan_treesitter(bufnr, lines)
  end
  spans = spans or M.scan_fallback(lines)
  local res = {}
  for i, s in ipairs(spans) do
    res[i] = make_para(lines, s[1], s[2], s[3])
  end
  return res
end

return M
