-- A fake fzf-lua: records the lines and picks the second one at once.
local M = {}
function M.fzf_exec(lines, opts)
  _G.fake_fzf = { lines = lines, prompt = opts.prompt }
  opts.actions["default"]({ lines[2] or lines[1] })
end
return M
