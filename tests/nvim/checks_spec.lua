-- The document-wide editorial checks (diagnostics.lua): which spelling is
-- reported, and which surname_first warnings are false.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")

local function diags(buf)
  local D = require("newsmark.diagnostics")
  assert.is_true(H.wait(buf))
  assert.is_true(vim.wait(2000, function()
    return not D.pending(buf)
  end, 5))
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = D.ns })) do
    out[#out + 1] = { d.lnum, d.code, d.message }
  end
  table.sort(out, function(a, b)
    return a[1] < b[1]
  end)
  return out
end

describe("editorial checks", function()
  local D = require("newsmark.diagnostics")
  H.quick_diagnostics(20)

  it("spelling: full name, a misspelt surname, the right surname: the misspelt one is reported", function()
    local buf = H.buf({
      "Joana Falcao met the board on Monday.",
      "",
      "Members said that Falcau was wrong about the budget.",
      "",
      "Falcao said the plan would hold.",
    })
    assert.are.same({ { 2, "spelling", "Falcau: perhaps a misspelling of Falcao (2 mentions)" } }, diags(buf))
  end)

  it("surname_first: a company sharing a family's name is not a surname named first", function()
    local buf = H.buf({
      "Holm Shipping ASA cut its forecast on Monday.",
      "",
      "Holm said the cut was needed.",
      "",
      "Erik Holm, its founder, said the firm would recover.",
    })
    local got = diags(buf)
    for _, d in ipairs(got) do
      assert.are_not.equal("surname_first", d[2], d[3])
    end
  end)

  it("surname_first: still reported for the same person named later in full", function()
    local buf = H.buf({
      "Mendes told reporters on Monday that the port would reopen.",
      "",
      "Carla Mendes, the harbour master, said work would start soon.",
    })
    local got = diags(buf)
    assert.are.same({ 0, "surname_first" }, { got[1] and got[1][1], got[1] and got[1][2] })
  end)
end)
