-- newsmark.markdown: the one markdown reader of newsmark. No editor inside:
-- the Neovim layer (newsmark.prose, per line of a paragraph tree-sitter or
-- the plain-text scanner found) and the command line (newsmark.document,
-- bin/newsmark annotate, over a whole file) both read markdown with it, so
-- they see the same prose.
--
-- Reading blanks out what is not prose with spaces of the same byte length
-- (newlines kept), so byte offsets into the read text are offsets into the
-- file:
--   local md = require("newsmark.markdown")
--   local line = md.mask_line("- See `x` at https://a.example", masks)
--   local text = md.mask(file_text)              -- a whole file
--   local state = {}                             -- or piece by piece:
--   local a = md.mask(piece1, state, true)       -- true: the file's start
--   local b = md.mask(piece2, state, false)      -- an open fence carries over
-- What is blanked: front matter (--- ... --- or ... at the file's start),
-- fenced code blocks (``` or ~~~, closed by a run at least as long), and on
-- indented code blocks (four spaces or a tab after a blank line, outside a
-- list item), and on other lines what mask_line blanks. Headings and table
-- cells stay prose.
local M = {}

-- No JIT, as for the other modules of the keystroke path (see buffer.lua):
-- string patterns that LuaJIT cannot compile.
if jit and jit.off then
  jit.off(true, true)
end

local function blank(s)
  return (s:gsub("[^\n]", " "))
end

-- Mask one line: returns the line with its list and block-quote markers,
-- code spans (a run of backticks closed by a run of the same length), link
-- targets, URLs and e-mail autolinks replaced by spaces, and appends the
-- inline masks (code, link targets, URLs) as {s, f} line-relative byte spans
-- (0-based, end exclusive) to `out`. `prefix_to`: bytes of the line before
-- this column are not prose either (what tree-sitter says is not ours).
function M.mask_line(line, out, prefix_to)
  -- most lines of an article have nothing to mask
  local c = line:byte(1)
  if
    not prefix_to
    and c ~= 32 and c ~= 9 and c ~= 62 and c ~= 45 and c ~= 42 and c ~= 43
    and not (c and c >= 48 and c <= 57)
    and not line:find("[`%]<@]")
    and not line:find("://", 1, true)
    and not line:find("www.", 1, true)
  then
    return line
  end
  local spans = {}
  -- list and block-quote markers (and whatever tree-sitter says is not ours)
  local p = line:match("^[ \t]*>[> \t]*()") or 1
  local q = line:match("^[ \t]*[-*+][ \t]+()", p) or line:match("^[ \t]*%d+[.)][ \t]+()", p)
  if q then
    p = q
  end
  if prefix_to and prefix_to + 1 > p then
    p = prefix_to + 1
  end
  if p > 1 then
    spans[#spans + 1] = { 0, p - 1, false }
  end
  -- inline code: a run of backticks closed by a run of the same length
  local i = 1
  while true do
    local s, e = line:find("`+", i)
    if not s then
      break
    end
    local ticks = line:sub(s, e)
    local cs, ce = line:find(ticks, e + 1, true)
    while cs and line:sub(ce + 1, ce + 1) == "`" do
      local _
      _, ce = line:find("`+", cs)
      cs, ce = line:find(ticks, ce + 1, true)
    end
    if cs then
      spans[#spans + 1] = { s - 1, ce, true }
      i = ce + 1
    else
      i = e + 1
    end
  end
  -- link targets [text](target) and URLs
  for s, e in line:gmatch("%]%(()[^%)%s]*()%)") do
    spans[#spans + 1] = { s - 1, e - 1, true }
  end
  for _, pat in ipairs({ "()%a[%w+.-]*://[^%s<>\"]+()", "()www%.[^%s<>\"]+()", "()<[^%s<>]+@[^%s<>]+>()" }) do
    for s, e in line:gmatch(pat) do
      local url = line:sub(s, e - 1)
      local trimmed = url:gsub("[%.,;:!%?'%)%]}\"]+$", "")
      if #trimmed > 0 then
        spans[#spans + 1] = { s - 1, s - 1 + #trimmed, true }
      end
    end
  end
  if #spans == 0 then
    return line
  end
  table.sort(spans, function(a, b)
    return a[1] < b[1]
  end)
  local parts, pos = {}, 0
  for _, sp in ipairs(spans) do
    local s, f = math.max(sp[1], pos), sp[2]
    if f > s then
      parts[#parts + 1] = line:sub(pos + 1, s)
      parts[#parts + 1] = blank(line:sub(s + 1, f))
      pos = f
    end
    if sp[3] then
      out[#out + 1] = { sp[1], sp[2] }
    end
  end
  parts[#parts + 1] = line:sub(pos + 1)
  return table.concat(parts)
end

-- Mask a whole text (or one piece of it: `state` carries an open fence or
-- front matter from one piece to the next; `at_start` says the piece starts
-- the file). Returns the masked text, of the same byte length. `memo` (a
-- table, optional) keeps masked lines by their text from one call to the
-- next: the editor masks the whole text at every change.
-- One line of the text: `body` without its line break, `first` when it is
-- the file's first line. Returns the masked body, or nil when the whole
-- line (its break too) is blanked. Updates `state`.
local function mask_one(state, body, first, memo)
  local c = body:byte(1)
  if state.front then
    if not first and (body == "---" or body == "...") then
      state.front = false
    end
    return nil
  elseif first and body == "---" then
    state.front = true
    return nil
  elseif state.fence then
    local run = body:match("^ ? ? ?([`~]+)%s*$")
    if run and run:sub(1, 1) == state.fence:sub(1, 1) and #run >= #state.fence then
      state.fence = nil
    end
    return nil
  end
  -- (a line that starts with a letter is prose: most of them)
  local plain = c and (c >= 65 and c <= 90 or c >= 97 and c <= 122 or c == 34 or c >= 128)
  local run = not plain and (body:match("^ ? ? ?(```+)") or body:match("^ ? ? ?(~~~+)"))
  local blank_line = not plain and not body:find("%S")
  -- an indented code block: four spaces or a tab after a blank line (or
  -- more of the block), not inside a list item
  local indented = not plain and not blank_line and (body:find("^    ") or body:find("^\t"))
    and (state.prev_blank or state.code) and not state.list
  local m
  if run then
    state.fence = run
  elseif not indented then
    m = memo and memo[body]
    if not m then
      m = M.mask_line(body, {})
      if memo then
        memo[body] = m
      end
    end
  end
  if not blank_line and not indented then
    -- a list item goes on over blank lines while its lines are indented
    state.list = not plain and (body:find("^ ? ? ?[-*+]%s") ~= nil or body:find("^ ? ? ?%d+[.)]%s") ~= nil
      or (state.list and body:find("^%s") ~= nil))
  end
  state.code = indented and true or (blank_line and state.code) or false
  state.prev_blank = blank_line
  return m
end

function M.mask(text, state, at_start, memo)
  state = state or {}
  if at_start == nil then
    at_start = true
  end
  if at_start then
    state.prev_blank = true -- (code may open a file)
  end
  local out, pos, n = {}, 1, #text
  while pos <= n do
    local e = text:find("\n", pos, true) or n
    local line = text:sub(pos, e)
    local body = line
    if line:byte(-1) == 10 then -- (byte tests: this runs on every line of a long article)
      body = line:byte(-2) == 13 and line:sub(1, -3) or line:sub(1, -2)
    end
    local m = mask_one(state, body, at_start and pos == 1, memo)
    out[#out + 1] = m and m .. line:sub(#body + 1) or blank(line)
    pos = e + 1
  end
  return table.concat(out)
end

-- The same as M.mask(table.concat(lines, "\n") .. (eol and "\n" or "")) for
-- a whole file given as its lines (the editor's buffer), without cutting
-- the text into lines again: masked lines are the lines themselves where
-- nothing is masked. Returns nil when that is not certain (a line holding a
-- line break or ending in a carriage return): mask the text then.
--
-- `cache` (optional, a table kept by the caller between calls: empty the
-- first time) makes it incremental: the lines equal to those of the last
-- call at its start and its end keep their masked text, and only the lines
-- in between are read again, with the state that crosses lines (front
-- matter, fences, indented code, lists) carried from the line above; a line
-- below the change whose incoming state differs from last time is read
-- again too, and so on until the state agrees (an opened fence reads the
-- rest of the file again). The result is the same as without a cache.
local function code_of(state)
  return (state.front and 1 or 0) + (state.prev_blank and 2 or 0) + (state.code and 4 or 0) + (state.list and 8 or 0)
end

local function state_of(code, fence)
  return {
    front = code % 2 == 1,
    prev_blank = math.floor(code / 2) % 2 == 1,
    code = math.floor(code / 4) % 2 == 1,
    list = math.floor(code / 8) % 2 == 1,
    fence = fence or nil,
  }
end

function M.mask_lines(lines, eol, memo, cache)
  local n = #lines
  local old = cache and cache.lines
  local oout, ocode, ofence = cache and cache.out, cache and cache.code, cache and cache.fence
  local out, codes, fences = {}, {}, {}
  local state, from = { prev_blank = true }, 1
  local no = old and #old or 0
  if old then
    -- the lines kept at the start
    local p, m = 0, math.min(n, no)
    while p < m and lines[p + 1] == old[p + 1] do
      p = p + 1
    end
    for i = 1, p do
      out[i], codes[i], fences[i] = oout[i], ocode[i], ofence[i]
    end
    if p > 0 then
      state = state_of(ocode[p], ofence[p])
    end
    from = p + 1
  end
  local i = from
  local s = 0 -- lines kept at the end (below the change)
  if old then
    local m = math.min(n, no) - (from - 1)
    while s < m and lines[n - s] == old[no - s] do
      s = s + 1
    end
  end
  local d = no - n
  local inc, inf = 2, false -- the state coming into line i (code_of, fence)
  if from > 1 then
    inc, inf = codes[from - 1], fences[from - 1]
  end
  while i <= n do
    local j = i + d
    if i > n - s and (j == 1) == (i == 1) then
      -- an unchanged line below the change (read as the first line both
      -- times, or neither): the rest is as before when the state coming in
      -- is the same
      local pc, pf = 2, false
      if j > 1 then
        pc, pf = ocode[j - 1], ofence[j - 1]
      end
      if pc == inc and pf == inf then
        for k = i, n do
          out[k], codes[k], fences[k] = oout[k + d], ocode[k + d], ofence[k + d]
        end
        break
      end
    end
    local body = lines[i]
    if body:byte(-1) == 13 or body:find("\n", 1, true) then
      if cache then
        cache.lines = nil
      end
      return nil
    end
    out[i] = mask_one(state, body, i == 1, memo) or blank(body)
    inc, inf = code_of(state), state.fence or false
    codes[i], fences[i] = inc, inf
    i = i + 1
  end
  if cache then
    cache.lines, cache.out, cache.code, cache.fence = lines, out, codes, fences
    cache.reread = i - from -- (lines read again by this call: the specs check it)
  end
  if eol and n > 0 then
    out[n + 1] = ""
    return table.concat(out, "\n", 1, n + 1)
  end
  return table.concat(out, "\n", 1, n)
end

return M
