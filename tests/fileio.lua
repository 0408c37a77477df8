-- Whole-file read (nil when missing) and write, for test fixtures; loaded
-- with dofile by tests/core/helper.lua and tests/nvim/helpers.lua.
local M = {}

function M.read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

function M.write_file(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

return M
