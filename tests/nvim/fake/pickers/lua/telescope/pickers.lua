-- A fake telescope.pickers for tests/nvim/pickers_spec.lua: records what it
-- is asked to show in _G.fake_telescope and picks the first entry at once.
local M = {}
function M.new(_, spec)
  local results = {}
  for _, r in ipairs(spec.finder.results) do
    results[#results + 1] = spec.finder.entry_maker(r)
  end
  _G.fake_telescope = { title = spec.prompt_title, entries = results }
  return {
    find = function()
      require("telescope.actions.state")._selected = results[1]
      spec.attach_mappings(1)
      require("telescope.actions").select_default._run()
    end,
  }
end
return M
