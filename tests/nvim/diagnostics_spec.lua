-- Editorial checks through vim.diagnostic.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")

local LINES = {
  '"We will not give up," Ruiz said.', -- 0: attributed
  "",
  '"Nothing is decided."', -- 2: no speaker
  "",
  'Ana Ruiz said: "We will keep going', -- 4: never closed
}

local function diags(buf)
  local ns = require("newsmark.diagnostics").ns
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns })) do
    out[#out + 1] = { d.lnum, d.code, d.severity }
  end
  table.sort(out, function(a, b)
    return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
  end)
  return out
end

describe("diagnostics", function()
  before_each(function()
    H.setup()
  end)

  it("flags a quote with no speaker and an unclosed quotation mark", function()
    local buf = H.buf(LINES)
    local W = vim.diagnostic.severity.WARN
    assert.are.same({ { 2, "no_speaker", W }, { 4, "unclosed", W } }, diags(buf))
  end)

  it("follows edits, the switches and the severity", function()
    local buf = H.buf(LINES)
    vim.api.nvim_buf_set_lines(buf, 2, 3, false, { '"Nothing is decided," Ruiz said.' })
    assert.is_true(H.wait(buf))
    assert.are.same({ { 4, "unclosed", vim.diagnostic.severity.WARN } }, diags(buf))
    H.reset({ diagnostics = { unclosed = false, severity = "INFO" } })
    buf = H.buf(LINES)
    assert.are.same({ { 2, "no_speaker", vim.diagnostic.severity.INFO } }, diags(buf))
    H.reset({ diagnostics = { enabled = false } })
    buf = H.buf(LINES)
    assert.are.same({}, diags(buf))
  end)

  it("are cleared on detach", function()
    local buf = H.buf(LINES)
    assert.are.equal(2, #diags(buf))
    require("newsmark").detach(buf)
    assert.are.same({}, diags(buf))
  end)
end)
