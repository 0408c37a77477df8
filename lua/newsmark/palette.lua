-- newsmark.palette: the highlight groups and their default colours.
--
-- Usage:
--   local palette = require("newsmark.palette")
--   palette.apply()                 -- define the groups (default = true)
--   palette.groups                  -- { {name, label?, family, desc}, ... }
--   palette.contrast("#79c0ff", "#14161b") --> 9.30 (WCAG 2 contrast ratio)
--
-- Each label family has a colour of its own, one for 'background' dark and
-- one for light, chosen so that its contrast ratio against the Normal
-- background of Neovim's default colorschemes (0.10+: NvimDarkGrey2 /
-- NvimLightGrey2; 0.7: no colour, i.e. the terminal's black or white) is at
-- least M.min_contrast (4.5:1, WCAG AA for body text: entities are words a
-- person reads, not large headings). cterm colours (xterm 256) meet the same
-- ratio against black and white. The groups are defined with `default =
-- true`, so a colorscheme or the user overrides them; they are re-applied on
-- ColorScheme and when 'background' changes.
local M = {}
local api = vim.api

M.min_contrast = 4.5

-- family -> { dark = {gui, cterm}, light = {gui, cterm}, style }
M.families = {
  people = { dark = { "#79c0ff", 117 }, light = { "#0550ae", 25 } },
  organizations = { dark = { "#ffa657", 215 }, light = { "#953800", 130 } },
  places = { dark = { "#7ee787", 114 }, light = { "#116329", 22 } },
  groups = { dark = { "#f2a7f0", 219 }, light = { "#8a1f7a", 90 } },
  other = { dark = { "#e3d26f", 186 }, light = { "#6b5600", 94 } },
  amounts = { dark = { "#56d4dd", 80 }, light = { "#0a6870", 23 } },
  quotes = { dark = { "#c5b3ff", 183 }, light = { "#5a3fb0", 55 }, style = { italic = true } },
  speakers = { dark = { "#ff7b72", 210 }, light = { "#b31d28", 124 }, style = { bold = true, underline = true } },
  cues = { dark = { "#a5b4c8", 146 }, light = { "#4a5566", 60 }, style = { italic = true } },
  notes = { dark = { "#8b949e", 245 }, light = { "#57606a", 242 }, style = { italic = true } },
}

-- The highlight groups, as data: name, label (entities), family, what it marks.
M.groups = {
  { name = "NewsmarkPerson", label = "PERSON", family = "people", desc = "people" },
  { name = "NewsmarkOrg", label = "ORG", family = "organizations", desc = "organizations" },
  { name = "NewsmarkGpe", label = "GPE", family = "places", desc = "countries, cities, states" },
  { name = "NewsmarkLoc", label = "LOC", family = "places", desc = "other places (rivers, regions)" },
  { name = "NewsmarkNorp", label = "NORP", family = "groups", desc = "nationalities, religious and political groups" },
  { name = "NewsmarkEvent", label = "EVENT", family = "other", desc = "named events" },
  { name = "NewsmarkMisc", label = "MISC", family = "other", desc = "other names" },
  { name = "NewsmarkDate", label = "DATE", family = "amounts", desc = "dates" },
  { name = "NewsmarkTime", label = "TIME", family = "amounts", desc = "times of day" },
  { name = "NewsmarkMoney", label = "MONEY", family = "amounts", desc = "amounts of money" },
  { name = "NewsmarkPercent", label = "PERCENT", family = "amounts", desc = "percentages" },
  { name = "NewsmarkQuote", family = "quotes", desc = "a quote (direct, indirect or mixed)" },
  { name = "NewsmarkSpeaker", family = "speakers", desc = "the speaker of a quote" },
  { name = "NewsmarkCue", family = "cues", desc = "the cue of a quote (said, told, according to)" },
  { name = "NewsmarkSpeakerText", family = "notes", desc = "virtual text naming the speaker of a quote" },
}

M.label_group = {}
for _, g in ipairs(M.groups) do
  if g.label then
    M.label_group[g.label] = g.name
  end
end

-- The attributes of `group` for 'background' = `bg` ("dark" or "light").
function M.spec(group, bg)
  local f = M.families[group.family]
  local c = f[bg == "light" and "light" or "dark"]
  local s = { fg = c[1], ctermfg = c[2] }
  for k, v in pairs(f.style or {}) do
    s[k] = v
  end
  return s
end

-- "#rrggbb" of a colour given as "#rrggbb", a 24-bit number or a name
-- Neovim knows ("NvimDarkGrey2", "Red"); nil when it is none of these.
function M.hex(c)
  if type(c) == "string" and not c:find("^#%x%x%x%x%x%x$") then
    c = api.nvim_get_color_by_name(c)
    if c < 0 then
      return nil
    end
  end
  if type(c) == "number" then
    c = ("#%06x"):format(c)
  end
  return c
end

-- WCAG 2 relative luminance of a colour (see M.hex).
function M.luminance(c)
  c = assert(M.hex(c), "not a colour")
  local function lin(x)
    x = x / 255
    return x <= 0.03928 and x / 12.92 or ((x + 0.055) / 1.055) ^ 2.4
  end
  local r, g, b = tonumber(c:sub(2, 3), 16), tonumber(c:sub(4, 5), 16), tonumber(c:sub(6, 7), 16)
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
end

-- The contrast ratio of two colours, 1 (none) to 21 (black on white).
function M.contrast(a, b)
  local x, y = M.luminance(a), M.luminance(b)
  if x < y then
    x, y = y, x
  end
  return (x + 0.05) / (y + 0.05)
end

-- The RGB of an xterm 256-colour index 16..255 (the 6x6x6 cube and the greys).
function M.xterm(n)
  if n >= 232 then
    local v = 8 + (n - 232) * 10
    return ("#%02x%02x%02x"):format(v, v, v)
  end
  n = n - 16
  local steps = { 0, 95, 135, 175, 215, 255 }
  local r, g, b = math.floor(n / 36), math.floor(n / 6) % 6, n % 6
  return ("#%02x%02x%02x"):format(steps[r + 1], steps[g + 1], steps[b + 1])
end

-- What we last set per group: a group still equal to it is ours to replace
-- when 'background' changes; anything else came from a colorscheme or the user.
local applied = {}

local function current(name)
  if api.nvim_get_hl then -- 0.9+
    local ok, h = pcall(api.nvim_get_hl, 0, { name = name, link = false })
    return ok and h or {}
  end
  local ok, h = pcall(api.nvim_get_hl_by_name, name, true)
  return ok and h or {}
end

local function same(h, s)
  return h.fg == tonumber(s.fg:sub(2), 16) or h.foreground == tonumber(s.fg:sub(2), 16)
end

local autocmd

-- Define every group for the current 'background'.
function M.apply()
  local bg = vim.o.background
  for _, g in ipairs(M.groups) do
    local s = M.spec(g, bg)
    local prev = applied[g.name]
    if prev and prev.bg ~= bg and same(current(g.name), prev.spec) then
      api.nvim_set_hl(0, g.name, {}) -- ours, for the other background
    end
    s.default = true
    api.nvim_set_hl(0, g.name, s)
    if same(current(g.name), s) then
      applied[g.name] = { bg = bg, spec = s }
    end
  end
  if not autocmd then
    autocmd = api.nvim_create_autocmd("OptionSet", {
      pattern = "background",
      group = api.nvim_create_augroup("newsmark_palette", { clear = true }),
      desc = "newsmark: colours for the new background",
      callback = function()
        M.apply()
      end,
    })
  end
end

-- Label -> on? for the labels newsmark shows (config `labels`).
function M.legend_lines()
  local labels = require("newsmark.config").options.labels
  local out = {}
  for _, g in ipairs(M.groups) do
    local off = g.label and labels[g.label] == false
    out[#out + 1] = { g.label or g.name:gsub("^Newsmark", ""), g.name, g.desc, off }
  end
  return out
end

return M
