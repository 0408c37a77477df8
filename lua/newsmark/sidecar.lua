-- newsmark.sidecar: a person's annotation decisions in brat standoff form,
-- next to the article (article.md -> article.ann). Editor-independent: no
-- `vim` here, so bin/newsmark, fuzzers and plain-LuaJIT tests use it too.
--
--   local S = require("newsmark.sidecar")
--   S.path_for("notes/article.md")          --> "notes/article.ann"
--   local sc, err = S.parse(content)        -- nil, "line 3: ..." when corrupt
--   S.serialize(sc)                         --> brat text
--   local sc, err = S.read(path)            -- sc | nil, nil (no file) | nil, err
--   local ok, err = S.write(path, sc_or_text) -- atomic: temp file + os.rename
--   local off = S.offsets(text)             -- off.to_char(byte), off.to_byte(char)
--   local s, f = S.locate(text, ann, off)   -- byte span of ann in text, re-anchored
--
-- What the sidecar holds (brat, offsets in characters = code points):
--   T1<TAB>PERSON 0 8<TAB>Ana Ruiz       an entity the person marked or relabelled
--   T2<TAB>Never 20 26<TAB>Lisbon        "never tag this" (a removed entity)
--   A1<TAB>Scope T2 document             the decision holds for every occurrence
--                                        of the text in this document
--   *<TAB>Equiv T1 T3                    merged: the same entity
-- Any other line (relations, events, notes, other attributes, discontinuous
-- spans) is kept verbatim. In memory:
--   sc = { anns = { {tid=, label=|nil, never=bool, start=, finish= (characters),
--                    text=, scope="span"|"document"}, ... },
--          equivs = { {"T1", "T3", ...}, ... }, extra = { "raw line", ... } }
local M = {}
local order = require("newsmark.order")

M.NEVER = "Never"
M.SCOPE = "Scope"

-- The labels a T line may carry (besides Never).
M.labels = {
  PERSON = true, ORG = true, GPE = true, LOC = true, NORP = true, EVENT = true,
  MISC = true, DATE = true, TIME = true, MONEY = true, PERCENT = true,
}

-- File system calls, replaceable by tests (a failing rename, a failing write).
M.fs = { open = io.open, rename = os.rename, remove = os.remove }

-- brat's naming convention: the article's name with its extension replaced.
function M.path_for(article)
  local dir, base = article:match("^(.*[/\\])([^/\\]*)$")
  if not dir then
    dir, base = "", article
  end
  local stem = base:match("^(.+)%.[^.]*$") or base
  return dir .. stem .. ".ann"
end

-- One-line form of a text field (brat keeps one annotation per line).
function M.one_line(s)
  return (s:gsub("[\r\n\t]", " "))
end

local function norm(s)
  return (s:gsub("%s+", " "))
end

---------------------------------------------------------------- offsets

-- Length in bytes of the character starting at byte i (1-based) of s, as
-- every brat offset of newsmark counts them (this sidecar, the exports and
-- bin/newsmark's brat writer): a well-formed UTF-8 sequence is one
-- character, any other byte is one character.
local function charlen(s, i)
  local b = s:byte(i)
  local len = b < 0x80 and 1 or b >= 0xF0 and b <= 0xF4 and 4 or b >= 0xE0 and b <= 0xEF and 3
    or b >= 0xC2 and b <= 0xDF and 2 or 1
  for k = 1, len - 1 do
    local nb = s:byte(i + k)
    if not nb or nb < 0x80 or nb > 0xBF then
      return k
    end
  end
  return len
end
M.charlen = charlen

-- Byte <-> character offsets of `text` (0-based). Checkpoints every STEP
-- characters keep memory small for long articles.
local STEP = 64
function M.offsets(text)
  local cb = { [0] = 0 } -- cb[k] = byte offset of character k*STEP
  local i, c, n = 1, 0, #text
  local nextcp = STEP -- the next checkpoint's character
  while i <= n do
    -- a run of ASCII (one character a byte) is counted at once
    local j = text:find("[\128-\255]", i) or n + 1
    local run = j - i
    while nextcp <= c + run do
      cb[nextcp / STEP] = (i - 1) + (nextcp - c)
      nextcp = nextcp + STEP
    end
    c, i = c + run, j
    if i <= n then
      i = i + charlen(text, i)
      c = c + 1
      if c == nextcp then
        cb[c / STEP] = i - 1
        nextcp = nextcp + STEP
      end
    end
  end
  local nchars = c
  local off = { nchars = nchars, nbytes = n }
  -- character offset of byte b (a byte inside a character counts as that character)
  function off.to_char(b)
    if b <= 0 then
      return 0
    end
    if b >= n then
      return nchars + (b - n)
    end
    local lo, hi = 0, #cb
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if cb[mid] <= b then
        lo = mid
      else
        hi = mid - 1
      end
    end
    local pos, ch = cb[lo], lo * STEP
    while pos < b do
      local nx = pos + charlen(text, pos + 1)
      if nx > b then
        break
      end
      pos, ch = nx, ch + 1
    end
    return ch
  end
  -- byte offset of character c (past the end: counted as bytes)
  function off.to_byte(ch)
    if ch <= 0 then
      return 0
    end
    if ch >= nchars then
      return n + (ch - nchars)
    end
    local k = math.floor(ch / STEP)
    local pos = cb[k]
    for _ = 1, ch - k * STEP do
      pos = pos + charlen(text, pos + 1)
    end
    return pos
  end
  return off
end

---------------------------------------------------------------- parsing

local function bad(lineno, msg)
  return nil, ("line %d: %s"):format(lineno, msg)
end

-- Parse brat text. Returns sc, or nil and "line N: reason".
function M.parse(content)
  if type(content) ~= "string" then
    return nil, "not a string"
  end
  local z = content:find("%z")
  if z then
    local _, nl = content:sub(1, z):gsub("\n", "")
    return bad(nl + 1, "a NUL byte (not a brat text file)")
  end
  local sc = { anns = {}, equivs = {}, extra = {} }
  local by_tid, scopes = {}, {}
  local lineno = 0
  local tail = content:sub(-1) == "\n" and content or content .. "\n"
  for line in tail:gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    if line:find("^%s*$") then -- luacheck: ignore 542
      -- blank lines are allowed (and dropped)
    elseif line:find("^T%d+\t") then
      local tid, rest = line:match("^(T%d+)\t(.*)$")
      local head, text = rest:match("^([^\t]*)\t(.*)$")
      if not head then
        return bad(lineno, ("%s has no text field (expected 'T1<TAB>LABEL START END<TAB>text')"):format(tid))
      end
      if by_tid[tid] then
        return bad(lineno, ("%s is defined twice"):format(tid))
      end
      local label, s, f = head:match("^(%S+) (%d+) (%d+)$")
      if label then
        s, f = tonumber(s), tonumber(f)
        if f < s then
          return bad(lineno, ("%s ends (%d) before it starts (%d)"):format(tid, f, s))
        end
        if label == M.NEVER or M.labels[label] then
          local ann = {
            tid = tid,
            label = label ~= M.NEVER and label or nil,
            never = label == M.NEVER,
            start = s,
            finish = f,
            text = text,
            scope = "span",
          }
          by_tid[tid] = ann
          sc.anns[#sc.anns + 1] = ann
        else
          by_tid[tid] = true
          sc.extra[#sc.extra + 1] = line
        end
      elseif head:match("^%S+ %d+ %d+[;%d ]*$") then -- discontinuous: kept as is
        by_tid[tid] = true
        sc.extra[#sc.extra + 1] = line
      else
        return bad(lineno, ("%s: expected 'LABEL START END', got %q"):format(tid, head))
      end
    elseif line:find("^[AM]%d+\t") then
      local name, target, value = line:match("^[AM]%d+\t(%S+) (T%d+) ?(%S*)$")
      if not name then
        name, target = line:match("^[AM]%d+\t(%S+) (%S+)")
        if not name then
          return bad(lineno, "an attribute line must be 'A1<TAB>NAME T1 [VALUE]'")
        end
      end
      if name == M.SCOPE and target and target:match("^T%d+$") then
        if value ~= "document" and value ~= "span" then
          return bad(lineno, ("Scope of %s must be 'document' or 'span', got %q"):format(target, value or ""))
        end
        scopes[#scopes + 1] = { target, value, lineno }
      else
        sc.extra[#sc.extra + 1] = line
      end
    elseif line:find("^%*\t") then
      local rel, args = line:match("^%*\t(%S+) (.+)$")
      if not rel then
        return bad(lineno, "an equivalence line must be '*<TAB>Equiv T1 T2'")
      end
      local group = {}
      for a in args:gmatch("%S+") do
        if not a:match("^T%d+$") then
          return bad(lineno, ("%q is not a text-bound annotation id"):format(a))
        end
        group[#group + 1] = a
      end
      if rel == "Equiv" and #group >= 2 then
        group.lineno = lineno
        sc.equivs[#sc.equivs + 1] = group
      else
        sc.extra[#sc.extra + 1] = line
      end
    elseif line:find("^[REN#]%d*\t") or line:find("^#") then
      sc.extra[#sc.extra + 1] = line
    else
      return bad(lineno, ("not a brat standoff line: %q"):format(#line > 40 and line:sub(1, 40) .. "..." or line))
    end
  end
  for _, sp in ipairs(scopes) do
    local ann = by_tid[sp[1]]
    if ann == nil then
      return bad(sp[3], ("Scope refers to %s, which is not defined"):format(sp[1]))
    end
    if type(ann) == "table" then
      ann.scope = sp[2]
    end
  end
  for _, g in ipairs(sc.equivs) do
    for _, tid in ipairs(g) do
      if by_tid[tid] == nil then
        return bad(g.lineno, ("Equiv refers to %s, which is not defined"):format(tid))
      end
    end
    g.lineno = nil
  end
  return sc
end

---------------------------------------------------------------- writing

local function num(id)
  return tonumber(id:match("%d+")) or 0
end

-- Give every annotation without a tid a fresh one (T numbers not used by
-- annotations or kept lines).
function M.assign_ids(sc)
  local used = {}
  for _, a in ipairs(sc.anns) do
    if a.tid then
      used[a.tid] = true
    end
  end
  for _, l in ipairs(sc.extra) do
    local id = l:match("^(T%d+)\t")
    if id then
      used[id] = true
    end
  end
  local n = 0
  for _, a in ipairs(sc.anns) do
    if not a.tid then
      repeat
        n = n + 1
      until not used["T" .. n]
      a.tid = "T" .. n
      used[a.tid] = true
    end
  end
  return sc
end

-- brat text for sc: T lines in text order, their Scope attributes, the
-- equivalences, then every kept line.
function M.serialize(sc)
  M.assign_ids(sc)
  local anns = {}
  for _, a in ipairs(sc.anns) do
    anns[#anns + 1] = a
  end
  table.sort(anns, order.by("start", "finish", function(a)
    return num(a.tid)
  end))
  local out, used_a = {}, {}
  for _, l in ipairs(sc.extra) do
    local id = l:match("^([AM]%d+)\t")
    if id then
      used_a[num(id)] = true
    end
  end
  local known = {}
  for _, a in ipairs(anns) do
    known[a.tid] = true
    out[#out + 1] = ("%s\t%s %d %d\t%s"):format(a.tid, a.never and M.NEVER or a.label, a.start, a.finish, M.one_line(a.text or ""))
  end
  local an = 0
  for _, a in ipairs(anns) do
    if a.scope == "document" then
      repeat
        an = an + 1
      until not used_a[an]
      out[#out + 1] = ("A%d\t%s %s document"):format(an, M.SCOPE, a.tid)
    end
  end
  for _, g in ipairs(sc.equivs) do
    local ids = {}
    for _, tid in ipairs(g) do
      if known[tid] then
        ids[#ids + 1] = tid
      end
    end
    if #ids >= 2 then
      out[#out + 1] = "*\tEquiv " .. table.concat(ids, " ")
    end
  end
  for _, l in ipairs(sc.extra) do
    out[#out + 1] = l
  end
  if #out == 0 then
    return ""
  end
  return table.concat(out, "\n") .. "\n"
end

-- Read and parse a sidecar. Returns sc; nil, nil when there is no file;
-- nil, message when it cannot be read or is corrupt.
function M.read(path)
  local f, err, code = M.fs.open(path, "rb")
  if not f then
    -- only a missing file (ENOENT) means "no sidecar"; any other failure
    -- (permissions, a directory) must never lead to writing over it
    if code == 2 or code == nil and not err then
      return nil, nil
    end
    return nil, tostring(err or (path .. ": cannot be opened"))
  end
  local content = f:read("*a")
  f:close()
  if not content then
    return nil, path .. ": cannot be read"
  end
  local sc, err = M.parse(content)
  if not sc then
    return nil, path .. ": " .. err
  end
  return sc
end

-- Write `data` (sc or a string) to `path` atomically: a temporary file in the
-- same folder, flushed and closed, then renamed over `path`. On any failure
-- the temporary file is removed and `path` is left as it was. Returns true, or
-- nil and a message.
function M.write(path, data)
  local content = type(data) == "string" and data or M.serialize(data)
  local dir, base = path:match("^(.*[/\\])([^/\\]*)$")
  if not dir then
    dir, base = "", path
  end
  local tmp = ("%s.%s.%d%d.tmp"):format(dir, base, os.time() % 100000, math.random(0, 99999))
  local f, err = M.fs.open(tmp, "wb")
  if not f then
    return nil, ("cannot create %s: %s"):format(tmp, tostring(err))
  end
  local ok, werr = f:write(content)
  if ok then
    ok, werr = f:flush()
  end
  local cok, cerr = f:close()
  if not ok or not cok then
    M.fs.remove(tmp)
    return nil, ("cannot write %s: %s"):format(tmp, tostring(werr or cerr))
  end
  local rok, rerr = M.fs.rename(tmp, path)
  if not rok then
    M.fs.remove(tmp)
    return nil, ("cannot rename %s to %s: %s"):format(tmp, path, tostring(rerr))
  end
  return true
end

---------------------------------------------------------------- anchoring

local function escape_pattern(s)
  return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"))
end

-- A Lua pattern matching `s` with any run of white space in place of each
-- white space run (a line break added or removed around the text).
local function loose_pattern(s)
  local parts = {}
  for word in norm(s):gmatch("%S+") do
    parts[#parts + 1] = escape_pattern(word)
  end
  return table.concat(parts, "%s+")
end

-- Where is annotation `ann` (character offsets, stored text) in `text` now?
-- Returns byte start, finish (0-based, end exclusive) and whether it moved;
-- nil when the stored text is nowhere in `text`. Where the offsets still hold
-- the stored text, they win; otherwise the occurrence nearest the old place.
function M.locate(text, ann, off)
  off = off or M.offsets(text)
  return M.locate_bytes(text, ann.text, off.to_byte(ann.start), off.to_byte(ann.finish))
end

-- The same for stored text `want_text` last seen at bytes [s, f) of `text`
-- (the editor knows its decisions' byte spans: no character offsets).
function M.locate_bytes(text, want_text, s, f)
  local want = norm(want_text or "")
  if want:find("^%s*$") then
    return nil
  end
  if f <= #text and norm(text:sub(s + 1, f)) == want then
    return s, f, false
  end
  local pat = loose_pattern(want)
  local best, bs, bf
  local i = 1
  while true do
    local a, b = text:find(pat, i)
    if not a then
      break
    end
    local d = math.abs((a - 1) - s)
    if not best or d < best then
      best, bs, bf = d, a - 1, b
    end
    i = a + 1
  end
  if bs then
    return bs, bf, true
  end
  return nil
end

return M
