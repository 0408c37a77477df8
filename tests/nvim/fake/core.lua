-- A stand-in for the compiled newsmark.core with the same shape, for
-- developing the Neovim layer before the C core exists. Never on the
-- runtimepath: a spec installs it with
--   require("newsmark.core")._set_impl(dofile("tests/nvim/fake/core.lua"))
-- when NEWSMARK_FAKE_CORE=1. The real specs run against the real core.
local M = { version = "0.1.0", abi = 2 }

local LEX = {
  Lisbon = "GPE", Porto = "GPE", Portugal = "GPE", Spain = "GPE", Madrid = "GPE",
  Monday = "DATE", Tuesday = "DATE", Wednesday = "DATE", Thursday = "DATE", Friday = "DATE",
  Portuguese = "NORP", Spanish = "NORP", Tagus = "LOC",
}
local ORGW = { Ministry = true, Party = true, Bank = true, Council = true, Union = true }

local Model = {}
Model.__index = Model

function M.load(dir)
  if dir == "/nonexistent" then
    return nil, "cannot open /nonexistent/newsmark.lex"
  end
  return setmetatable({}, Model)
end

local function entities(text)
  local out = {}
  local i = 1
  while true do
    local s, e = text:find("%u[%a]+", i)
    if not s then
      break
    end
    -- extend over following capitalized words (and "of")
    local j = e
    while true do
      local s2, e2 = text:find("^ %u[%a]+", j + 1)
      if not s2 then
        break
      end
      j = e2
    end
    local word = text:sub(s, j)
    local lastw = word:match("(%a+)$")
    local label = LEX[word]
    if not label and ORGW[lastw] then
      label = "ORG"
    end
    if not label and word:find(" ") then
      label = "PERSON"
    end
    if not label then
      -- a single capitalized word not at a sentence start: a person's surname
      local before = text:sub(1, s - 1):match("(%S*)%s*$")
      if s > 1 and before ~= "" and not before:find("[%.!?\"]$") then
        label = "PERSON"
      end
    end
    if label then
      out[#out + 1] = { start = s - 1, finish = j, label = label, id = #out + 1 }
    end
    i = j + 1
  end
  local pct = 1
  while true do
    local s, e = text:find("%d+ percent", pct)
    if not s then
      break
    end
    out[#out + 1] = { start = s - 1, finish = e, label = "PERCENT", id = #out + 1 }
    pct = e + 1
  end
  table.sort(out, function(a, b)
    return a.start < b.start
  end)
  return out
end

local function quotes(text, ents)
  local out = {}
  local i = 1
  while true do
    local s = text:find('"', i, true)
    if not s then
      break
    end
    local e = text:find('"', s + 1, true)
    local q = { start = s - 1, finish = e or #text, type = "direct", flags = {} }
    if not e then
      q.flags.unclosed = true
    else
      local rest = text:sub(e + 1)
      local who, cs = rest:match('^,? ()%u%a+ ?%u?%a*() said')
      if who then
        q.speaker = { start = e + who - 1, finish = e + cs - 1 }
        q.cue = { start = e + cs, finish = e + cs + 4 }
        for _, en in ipairs(ents) do
          if en.start == q.speaker.start then
            q.speaker.id = en.id
            q.speaker.finish = en.finish
          end
        end
      end
    end
    out[#out + 1] = q
    if not e then
      break
    end
    i = e + 1
  end
  return out
end

function Model:analyze(text, opts)
  assert(type(text) == "string", "analyze: text must be a string")
  local ents = entities(text)
  return { entities = ents, quotes = quotes(text, ents) }
end

function Model:link(mentions)
  local ids, seen, last = {}, {}, {}
  local next_id = 0
  for i, m in ipairs(mentions) do
    local key = m.label .. ":" .. m.text
    local id = seen[key]
    if not id and m.label == "PERSON" then
      id = last[m.text:match("(%a+)$")]
    end
    if not id then
      next_id = next_id + 1
      id = next_id
    end
    seen[key] = id
    if m.label == "PERSON" then
      last[m.text:match("(%a+)$")] = id
    end
    ids[i] = id
  end
  return ids
end

return M
