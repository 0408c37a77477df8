-- newsmark.lsp.position: LSP positions {line, character} <-> byte offsets of
-- a UTF-8 text, in the negotiated position encoding ("utf-8": characters are
-- bytes; "utf-16": UTF-16 code units, two for a character outside the BMP).
--
--   local P = require("newsmark.lsp.position")
--   local idx = P.index(text)                 -- line starts (lines end at "\n")
--   P.offset(text, idx, line, character, enc) -- byte offset (0-based)
--   P.position(text, idx, off, enc)           -- line, character (0-based)
--
-- Lines end at "\n"; a "\r" before it is not part of the line's characters.
-- Invalid UTF-8 counts as one character (one UTF-16 unit) per byte, as a
-- client that decodes it to U+FFFD sees it. A position past the end of its
-- line is the line's end (as the spec says); a line past the last line is
-- the end of the text; a position inside a surrogate pair is the start of
-- its character; an offset inside a character is that character's start.
local M = {}

-- Length in bytes of the valid UTF-8 character at byte i of s, else 1.
local function charlen(s, i)
  local c = s:byte(i)
  if not c or c < 0x80 then return 1 end
  local len = c >= 0xC2 and c <= 0xDF and 2 or c >= 0xE0 and c <= 0xEF and 3
    or c >= 0xF0 and c <= 0xF4 and 4 or 0
  if len == 0 or i + len - 1 > #s then return 1 end
  for k = i + 1, i + len - 1 do
    local b = s:byte(k)
    if b < 0x80 or b > 0xBF then return 1 end
  end
  local b2 = s:byte(i + 1)
  if (c == 0xE0 and b2 < 0xA0) or (c == 0xED and b2 > 0x9F)
    or (c == 0xF0 and b2 < 0x90) or (c == 0xF4 and b2 > 0x8F) then return 1 end
  return len
end
M.charlen = charlen

function M.index(text)
  local starts, i = { 0 }, 1
  while true do
    local nl = text:find("\n", i, true)
    if not nl then break end
    starts[#starts + 1] = nl
    i = nl + 1
  end
  return starts
end

-- Byte offset where line `row` (0-based) ends, before its "\r\n" or "\n".
local function line_end(text, idx, row)
  local nxt = idx[row + 2]
  local e = nxt and nxt - 1 or #text -- offset of the "\n", or the text's end
  if nxt and e > idx[row + 1] and text:byte(e) == 13 then e = e - 1 end
  return e
end
M.line_end = line_end

function M.offset(text, idx, line, character, enc)
  if type(line) ~= "number" or line < 0 then return 0 end
  local s = idx[line + 1]
  if not s then return #text end
  local e = line_end(text, idx, line)
  if type(character) ~= "number" or character <= 0 then return s end
  if enc == "utf-8" then return math.min(s + math.floor(character), e) end
  local seg = text:sub(s + 1, math.min(e, s + math.floor(character)))
  if not seg:find("[\128-\255]") then return s + #seg end -- (ASCII: a unit a byte)
  local units, i = 0, s + 1
  while i <= e do
    local len = charlen(text, i)
    local u = len == 4 and 2 or 1
    if units + u > character then return i - 1 end
    units = units + u
    i = i + len
  end
  return e
end

function M.position(text, idx, off, enc)
  off = math.max(0, math.min(off, #text))
  local lo, hi = 1, #idx
  while lo < hi do
    local mid = math.floor((lo + hi + 1) / 2)
    if idx[mid] <= off then lo = mid else hi = mid - 1 end
  end
  local row, s = lo - 1, idx[lo]
  local e = line_end(text, idx, row)
  if off > e then off = e end
  if enc == "utf-8" then return row, off - s end
  if not text:sub(s + 1, off):find("[\128-\255]") then return row, off - s end
  local units, i = 0, s + 1
  while i <= off do
    local len = charlen(text, i)
    if i + len - 1 > off then break end -- off inside this character: its start
    units = units + (len == 4 and 2 or 1)
    i = i + len
  end
  return row, units
end

-- A reader of positions for non-decreasing offsets (the tokens of a text,
-- in order): each call walks on from the previous one instead of from the
-- line's start. An offset before the previous one starts again.
function M.cursor(text, idx, enc)
  local row, units, at = 0, 0, 0 -- `at`: a character start on line `row`, `units` before it
  return function(off)
    off = math.max(0, math.min(off, #text))
    local nxt = idx[row + 2]
    if off < at or (nxt and off >= nxt) then
      local r, c = M.position(text, idx, off, enc)
      row, units = r, c
      at = M.offset(text, idx, r, c, enc)
      return r, c
    end
    local e = line_end(text, idx, row)
    if off > e then off = e end
    if enc == "utf-8" then
      units, at = units + (off - at), off
      return row, units
    end
    local i = at + 1
    while i <= off do
      local len = charlen(text, i)
      if i + len - 1 > off then break end
      units = units + (len == 4 and 2 or 1)
      i = i + len
    end
    at = i - 1
    return row, units
  end
end

-- The length of bytes [a, b) of text in `enc` units (a, b on character starts).
function M.length(text, a, b, enc)
  if enc == "utf-8" then return b - a end
  local units, i = 0, a + 1
  while i <= b do
    local len = charlen(text, i)
    units = units + (len == 4 and 2 or 1)
    i = i + len
  end
  return units
end

return M
