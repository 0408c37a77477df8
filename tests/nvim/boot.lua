-- Boot file of tests/nvim/nvim-lua: rebuild _G.arg from the environment,
-- run the script under pcall, then `qall!` on success or `cquit 1` on error
-- (a Lua error in -c would leave Neovim's exit status at 0).
local n = tonumber(os.getenv("NEWSMARK_ARGC") or "0")
local argv = {}
for i = 0, n - 1 do
  argv[i] = os.getenv("NEWSMARK_ARG_" .. i)
end
_G.arg = { [0] = argv[0] }
for i = 1, n - 1 do
  arg[i] = argv[i]
end
local ok, err = pcall(function()
  if not argv[0] then
    error("nvim-lua: no script given")
  end
  local chunk = assert(loadfile(argv[0]))
  return chunk(unpack(arg))
end)
io.stdout:flush()
if ok then
  vim.cmd("qall!")
else
  if err ~= nil then
    io.stderr:write(tostring(err) .. "\n")
  end
  vim.cmd("cquit 1")
end
