-- newsmark.render: highlight groups and extmarks.
local M = {}

-- No JIT for this module: its work is Neovim API calls and string patterns,
-- which LuaJIT cannot compile, so traces abort and the recording attempts
-- cost more than they save, at random moments (see buffer.lua).
if jit and jit.off then
  jit.off(true, true)
end
local api = vim.api

M.ns = api.nvim_create_namespace("newsmark")

-- The highlight groups and their colours live in newsmark.palette.
local palette = require("newsmark.palette")
M.groups, M.label_group = palette.groups, palette.label_group

-- Priorities: above tree-sitter (100) and the default of other plugins' marks.
M.priority = { quote = 150, entity = 160, speaker = 170, cue = 170 }

M.define_highlights = palette.apply

local function mark(buf, row, col, erow, ecol, group, prio, marks)
  local ok, id = pcall(api.nvim_buf_set_extmark, buf, M.ns, row, col, {
    end_row = erow,
    end_col = ecol,
    hl_group = group,
    priority = prio,
  })
  if ok then
    marks[#marks + 1] = id
  end
end

-- Split [s, f) around masked spans (inline code, URLs).
local function unmasked(s, f, masks)
  local pieces, pos = {}, s
  for _, m in ipairs(masks) do
    if m[2] > pos and m[1] < f then
      if m[1] > pos then
        pieces[#pieces + 1] = { pos, m[1] }
      end
      pos = math.max(pos, m[2])
    end
  end
  if pos < f then
    pieces[#pieces + 1] = { pos, f }
  end
  return pieces
end

-- Draw one paragraph's analysis `an` (see buffer.lua) at row `srow`.
-- Returns the list of extmark ids drawn.
function M.draw(buf, srow, an, opts)
  local marks = {}
  local hl = opts.highlight
  local pos = an.pos -- offset -> row, col (relative to the paragraph)
  if hl.quotes or hl.speakers or hl.cues or opts.speaker_virtual_text then
    for _, q in ipairs(an.quotes) do
      if hl.quotes then
        -- a quote of several parts (`"A," she said, "B."`): only the parts,
        -- not the attribution between them (offsets in q.start's frame)
        for _, part in ipairs(q.parts or { q }) do
          for _, piece in ipairs(unmasked(part.start, part.finish, an.masks)) do
            local r1, c1 = pos(piece[1])
            local r2, c2 = pos(piece[2])
            mark(buf, srow + r1, c1, srow + r2, c2, "NewsmarkQuote", M.priority.quote, marks)
          end
        end
      end
      if q.speaker and hl.speakers then
        local s = q.speaker
        mark(buf, srow + s.rrow, s.col, srow + s.rerow, s.ecol, "NewsmarkSpeaker", M.priority.speaker, marks)
      end
      if q.cue and hl.cues then
        local c = q.cue
        mark(buf, srow + c.rrow, c.col, srow + c.rerow, c.ecol, "NewsmarkCue", M.priority.cue, marks)
      end
    end
    if opts.speaker_virtual_text then
      M.speaker_texts(buf, srow, an, marks)
    end
  end
  if hl.entities then
    for _, e in ipairs(an.entities) do
      local group = M.label_group[e.label] or "NewsmarkMisc"
      mark(buf, srow + e.rrow, e.col, srow + e.rerow, e.ecol, group, M.priority.entity, marks)
    end
  end
  return marks
end

-- The speaker virtual text: at the end of a quote's last row, the name of
-- its speaker (q.speaker.name, newsmark.buffer_paras.speaker_name: a pronoun
-- shown resolved, an unresolved one not at all); one text a row, each name
-- once ("— A", "— A; B"), never doubled.
function M.speaker_texts(buf, srow, an, marks)
  local rows, order = {}, {}
  for _, q in ipairs(an.quotes) do
    local name = q.speaker and q.speaker.name
    if name then
      local r = srow + q.rerow
      local t = rows[r]
      if not t then
        t = { seen = {} }
        rows[r] = t
        order[#order + 1] = r
      end
      if not t.seen[name] then
        t.seen[name] = true
        t[#t + 1] = name
      end
    end
  end
  for _, r in ipairs(order) do
    local ok, id = pcall(api.nvim_buf_set_extmark, buf, M.ns, r, 0, {
      virt_text = { { "— " .. table.concat(rows[r], "; "), "NewsmarkSpeakerText" } },
      virt_text_pos = "eol",
    })
    if ok then
      marks[#marks + 1] = id
    end
  end
end

function M.undraw(buf, marks)
  for _, id in ipairs(marks) do
    pcall(api.nvim_buf_del_extmark, buf, M.ns, id)
  end
end

function M.clear(buf)
  if api.nvim_buf_is_valid(buf) then
    api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
  end
end

return M
