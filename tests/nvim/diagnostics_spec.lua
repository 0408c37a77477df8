-- Editorial checks through vim.diagnostic.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")

local LINES = {
  "Ruiz arrived in the harbour on Monday.", -- 0: no quote (a quote here would be continued)
  "",
  '"Nothing is decided."', -- 2: no speaker
  "",
  'Ruiz said: "We will keep going', -- 4: never closed
}

-- The checks run once the buffer is quiet (diagnostics.delay): wait for them.
local function settle(buf)
  local D = require("newsmark.diagnostics")
  assert.is_true(vim.wait(2000, function()
    return not D.pending(buf)
  end, 5))
end

local function diags(buf)
  settle(buf)
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
  local D = require("newsmark.diagnostics")
  H.quick_diagnostics(20)

  it("run once the buffer is quiet, not at every analysis", function()
    D.delay = 400
    local buf = H.buf(LINES)
    local ns = D.ns
    local changes = 0
    local au = vim.api.nvim_create_autocmd("DiagnosticChanged", {
      buffer = buf,
      callback = function()
        changes = changes + 1
      end,
    })
    settle(buf)
    changes = 0
    assert.are.equal(2, #vim.diagnostic.get(buf, { namespace = ns }))
    -- attribute the quote, then keep typing: each analysis runs at once,
    -- the checks wait until the typing stops
    vim.api.nvim_buf_set_lines(buf, 2, 3, false, { '"Nothing is decided," Ruiz said.' })
    assert.is_true(H.wait(buf))
    for i = 1, 4 do
      vim.api.nvim_buf_set_text(buf, 0, 0, 0, 0, { "x" })
      assert.is_true(H.wait(buf))
      assert.is_true(D.pending(buf), "pending after edit " .. i)
    end
    assert.are.equal(0, changes)
    assert.are.equal(2, #vim.diagnostic.get(buf, { namespace = ns })) -- not yet
    settle(buf)
    assert.are.equal(1, changes)
    assert.are.same({ { 4, "unclosed", vim.diagnostic.severity.WARN } }, diags(buf))
    vim.api.nvim_del_autocmd(au)
  end)

  it("after a large change run in small idle steps, with the same result", function()
    D.delay = 10000 -- no timer: the steps are taken here
    local step_budget = D.step_budget
    local lines = {}
    for i = 1, 40 do
      vim.list_extend(lines, i % 2 == 0 and { '"Nothing is decided ' .. i .. '."', "" } or { "The port was quiet on day " .. i .. ".", "" })
    end
    local buf = H.buf(lines)
    D.step_budget = 0 -- a few paragraphs per step
    local steps = 0
    while D.step(buf) do
      steps = steps + 1
      assert.is_true(D.pending(buf))
    end
    D.step_budget = step_budget
    assert.is_true(steps > 1)
    assert.is_false(D.pending(buf))
    assert.is_false(D.step(buf))
    local got = diags(buf)
    assert.are.equal(20, #got)
    require("newsmark.buffer").refresh(buf)
    require("newsmark.buffer").sync(buf)
    assert.are.same(got, diags(buf))
  end)

  it("are brought up to date at once by sync (commands, lists)", function()
    D.delay = 10000
    local buf = H.buf(LINES)
    assert.is_true(D.pending(buf))
    require("newsmark.buffer").sync(buf)
    assert.is_false(D.pending(buf))
    assert.are.equal(2, #vim.diagnostic.get(buf, { namespace = D.ns }))
    vim.api.nvim_buf_set_lines(buf, 2, 3, false, { '"Nothing is decided," Ruiz said.' })
    require("newsmark.buffer").sync(buf)
    assert.are.equal(1, #vim.diagnostic.get(buf, { namespace = D.ns }))
  end)

  it("stop waiting when the buffer is detached or wiped", function()
    D.delay = 50
    local buf = H.buf(LINES)
    assert.is_true(D.pending(buf))
    require("newsmark").detach(buf)
    assert.is_false(D.pending(buf))
    buf = H.buf(LINES)
    assert.is_true(D.pending(buf))
    vim.cmd("bwipeout! " .. buf)
    vim.wait(100)
    assert.is_false(D.pending(buf))
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

  describe("editorial checks", function()
    local LONG = '"' .. string.rep("Nobody has told us anything about the plan since the spring. ", 4) .. '"'
    local ARTICLE = {
      "Mendes met reporters on Monday at the port.", -- 0: surname first
      "",
      "Carla Mendes, the port director, was ready.", -- 2: full name later (no quote: row 4 would continue it)
      "",
      LONG, -- 4: 44 words, no speaker, no cue
      "",
      "Joana Falcao said the deal was fair. Falcao added that Falcau was wrong.", -- 6
    }

    local function codes(buf)
      local out = {}
      for _, d in ipairs(diags(buf)) do
        out[#out + 1] = d[1] .. ":" .. d[2]
      end
      return out
    end

    it("flag a surname first, a long unattributed quote and a likely misspelling", function()
      local buf = H.buf(ARTICLE)
      assert.are.same({ "0:surname_first", "4:long_quote", "4:no_speaker", "6:spelling" }, codes(buf))
      local by_code = {}
      for _, d in ipairs(vim.diagnostic.get(buf, { namespace = require("newsmark.diagnostics").ns })) do
        by_code[d.code] = d
      end
      assert.are.equal("Mendes: first named without the full name (Carla Mendes comes later)", by_code.surname_first.message)
      assert.are.same({ 0, 0, 6 }, { by_code.surname_first.col, by_code.surname_first.end_lnum, by_code.surname_first.end_col })
      assert.are.equal("Falcau: perhaps a misspelling of Falcao (2 mentions)", by_code.spelling.message)
      assert.are.equal(("Joana Falcao said the deal was fair. Falcao added that "):len(), by_code.spelling.col)
      assert.are.equal("long direct quote (44 words) with no attribution in its paragraph", by_code.long_quote.message)
    end)

    it("follow edits: the full name first clears surname_first; an attribution clears long_quote", function()
      local buf = H.buf(ARTICLE)
      vim.api.nvim_buf_set_lines(buf, 0, 1, false, { "Carla Mendes told reporters on Monday that the port would reopen." })
      vim.api.nvim_buf_set_lines(buf, 4, 5, false, { LONG .. " said Pedro Salgado." })
      assert.is_true(H.wait(buf))
      assert.are.same({ "6:spelling" }, codes(buf))
      -- a paragraph inserted above moves the diagnostics with it
      vim.api.nvim_buf_set_lines(buf, 0, 0, false, { "The port was closed for a week.", "" })
      assert.is_true(H.wait(buf))
      assert.are.same({ "8:spelling" }, codes(buf))
    end)

    it("are each switchable, with a severity of their own, and a configurable length", function()
      H.reset({ diagnostics = { spelling = false, surname_first = "HINT", long_quote_words = 45 } })
      local buf = H.buf(ARTICLE)
      assert.are.same({ "0:surname_first", "4:no_speaker" }, codes(buf))
      assert.are.equal(vim.diagnostic.severity.HINT, diags(buf)[1][3])
      assert.are.equal(vim.diagnostic.severity.WARN, diags(buf)[2][3])
      assert.has_error(function()
        require("newsmark").setup({ diagnostics = { spelling = "LOUD" } })
      end, "newsmark: option 'diagnostics.spelling' must be a boolean or one of ERROR, WARN, INFO, HINT (got \"LOUD\")")
      assert.has_error(function()
        require("newsmark").setup({ diagnostics = { long_quote_words = 0 } })
      end, "newsmark: option 'diagnostics.long_quote_words' must be a number >= 1 (got number)")
    end)

    it("find the same close names as comparing every pair", function()
      local D = require("newsmark.diagnostics")
      local names = {
        "Mishustin", "Mishustn", "Mishutsin", "Mishustina", "Mshustin", "Medvedev", "Medvedv",
        "Falcao", "Falcau", "Falco", "Falcaoo", "Salgado", "Salgadoo", "Slagado", "Moreno", "Morena",
        "Navarro", "Navaro", "Herrera", "Herrero", "Ruizz", "Abcde", "Abxye", "Vdcba",
      }
      for _, a in ipairs(names) do
        D._closeness(a)
      end
      for _, a in ipairs(names) do
        local want = {}
        for _, b in ipairs(names) do
          local dist = D._distance(a, b, 2)
          if dist >= 1 and dist <= 2 then
            want[b] = true
          end
        end
        local got = {}
        for b in pairs(D._closeness(a)) do
          if vim.tbl_contains(names, b) then
            got[b] = true
          end
        end
        assert.are.same(want, got, a)
      end
    end)

    it("edit distance is bounded and symmetric", function()
      local d = require("newsmark.diagnostics")._distance
      assert.are.equal(1, d("Mishustin", "Mishustn", 2))
      assert.are.equal(2, d("Mishustin", "Mishutsin", 2))
      assert.are.equal(3, d("Mishustin", "Medvedev", 2)) -- more than the bound: bound + 1
      assert.are.equal(d("Falcau", "Falcao", 2), d("Falcao", "Falcau", 2))
    end)
  end)
end)
