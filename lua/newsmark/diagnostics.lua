-- newsmark.diagnostics: editorial checks through vim.diagnostic.
--   no_speaker  a direct or mixed quote with no speaker
--   unclosed    a quotation mark that is never closed
local M = {}

M.ns = vim.api.nvim_create_namespace("newsmark_diagnostics")

-- Diagnostics for a get() result under the options `o`.
function M.compute(res, o)
  local d = o.diagnostics
  local out = {}
  if not d.enabled then
    return out
  end
  local severity = vim.diagnostic.severity[d.severity]
  for _, q in ipairs(res.quotes) do
    if d.unclosed and q.flags and q.flags.unclosed then
      out[#out + 1] = {
        lnum = q.row, col = q.col, end_lnum = q.row, end_col = q.col + 1,
        severity = severity, source = "newsmark", code = "unclosed",
        message = "quotation mark never closed",
      }
    end
    if d.no_speaker and not q.speaker and (q.type == "direct" or q.type == "mixed") then
      out[#out + 1] = {
        lnum = q.row, col = q.col, end_lnum = q.end_row, end_col = q.end_col,
        severity = severity, source = "newsmark", code = "no_speaker",
        message = "quote with no speaker",
      }
    end
  end
  return out
end

function M.update(buf)
  local res = require("newsmark.buffer").get(buf)
  if not res then
    return
  end
  vim.diagnostic.set(M.ns, buf, M.compute(res, require("newsmark.config").options))
end

function M.clear(buf)
  if vim.api.nvim_buf_is_valid(buf) then
    vim.diagnostic.reset(M.ns, buf)
  end
end

return M
