-- newsmark.lsp.rpc: JSON-RPC messages framed with Content-Length headers
-- (the LSP base protocol) on byte streams.
--
--   local R = require("newsmark.lsp.rpc")
--   local body, err = R.read(fh)   -- the next message body; nil at the end;
--                                  -- body nil, err: a bad frame (skipped)
--   R.write(fh, body)              -- one framed message
--
-- The reader never gives up on bad input: a header line that is not
-- "Name: value" is skipped (a Content-Length inside it is still found, so a
-- frame after the leftover bytes of a too short Content-Length is read
-- again), a header block without Content-Length is reported and skipped.
local M = {}

-- Up to this many bytes of body are accepted (a 5 MB document fits easily).
M.MAX_BODY = 256 * 1024 * 1024

function M.read(fh)
  local length, seen = nil, false
  while true do
    local line = fh:read("*l")
    if not line then
      if seen then return nil, "end of input inside a header" end
      return nil
    end
    line = line:gsub("\r$", "")
    if line == "" then
      if length then break end
      if seen then
        return nil, "a header without Content-Length (skipped)"
      end
      -- blank lines between messages: ignored
    else
      seen = true
      local n = line:lower():match("content%-length:%s*(%d+)%s*$")
      if n then length = tonumber(n) end
    end
  end
  if length > M.MAX_BODY then
    return nil, "Content-Length " .. length .. " is too large", true
  end
  local body = length > 0 and fh:read(length) or ""
  if not body then return nil end
  return body, nil, #body < length
end

function M.write(fh, body)
  fh:write("Content-Length: ", tostring(#body), "\r\n\r\n", body)
  fh:flush()
end

return M
