-- A person's decisions over a buffer's entities, the same for the
-- incremental spec and the editor benchmark (tools/bench-nvim.lua): entity i
-- (of `ents`, buffer.get's rows) relabelled ORG <-> PERSON when i is a
-- multiple of `mark_every`, unmarked when a multiple of `unmark_every`; then
-- "always EVENT" for the document on the middle entity and "never" on the
-- one a third of the way in. Returns how many decisions were made.
--   local decide = dofile(root .. "/tests/nvim/some_decisions.lua")
--   local n = decide(buf, buffer.get(buf).entities, 9, 23)
return function(buf, ents, mark_every, unmark_every)
  local A = require("newsmark.annotate")
  local n = 0
  for i, e in ipairs(ents) do
    if i % mark_every == 0 then
      A.mark(buf, { e.row, e.col, e.end_row, e.end_col }, e.label == "ORG" and "PERSON" or "ORG")
      n = n + 1
    elseif i % unmark_every == 0 then
      vim.api.nvim_win_set_cursor(0, { e.row + 1, e.col })
      A.unmark(buf)
      n = n + 1
    end
  end
  local pe = ents[math.floor(#ents / 2)]
  A.always(buf, "EVENT", "document", { pe.row, pe.col, pe.end_row, pe.end_col })
  pe = ents[math.floor(#ents / 3)]
  A.never(buf, "document", { pe.row, pe.col, pe.end_row, pe.end_col })
  return n + 2
end
