-- The document-wide editorial checks (newsmark.checks through
-- diagnostics.lua): which spelling is reported, which surname_first warnings
-- are false, and the editor saying what newsmark.checks.run (the language
-- server's path) says about the same text.
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

  it("the editor's diagnostics are newsmark.checks.run's on the buffer's document", function()
    local C = require("newsmark.checks")
    -- (the article of tests/core/lsp_spec.lua too: the server's checks)
    local lines = vim.split(assert(H.read_file("tests/fixtures/checks.md")), "\n")
    table.remove(lines) -- (after the last line's end)
    local buf = H.buf(lines)
    local got = {}
    for _, d in ipairs(diags(buf)) do
      got[#got + 1] = d[1] .. ":" .. d[2] .. ":" .. d[3]
    end
    table.sort(got)
    -- the same checks over the whole text, as bin/newsmark lsp runs them
    local st = require("newsmark.buffer").state(buf)
    local text = table.concat(lines, "\n")
    local want = {}
    for _, x in ipairs(C.run(text, st.doc:result(), C.options(require("newsmark.config").options.diagnostics))) do
      local row = select(2, text:sub(1, x.start):gsub("\n", ""))
      want[#want + 1] = row .. ":" .. x.code .. ":" .. x.message
    end
    table.sort(want)
    assert.are.same(want, got)
    local codes = {}
    for _, w in ipairs(want) do
      codes[w:match("^%d+:([%w_]+)")] = true
    end
    for _, code in ipairs(C.codes) do
      assert.is_true(codes[code], code) -- every check has something to say here
    end
  end)

  it("newsmark.checks' defaults are the options' defaults", function()
    local C = require("newsmark.checks")
    assert.are.same(require("newsmark.config").defaults.diagnostics, C.defaults)
    assert.are.same(C.defaults, C.options(nil))
    assert.are.same(C.codes, require("newsmark.diagnostics").checks)
  end)
end)
