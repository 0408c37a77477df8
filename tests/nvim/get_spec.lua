-- require("newsmark").get(bufnr): the public result table.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local nm

local LINES = {
  "# Harbour vote",
  "",
  "Ana Ruiz arrived in Lisbon on Tuesday.",
  "  She met the mayor.",
  "",
  '"We will not give up on this harbour," Ruiz said.',
}

describe("get()", function()
  before_each(function()
    H.setup()
    nm = require("newsmark")
  end)

  it("returns entities with 0-based rows, byte columns, end exclusive, text and label", function()
    local buf = H.buf(LINES)
    local r = nm.get(buf)
    local by = {}
    for _, e in ipairs(r.entities) do
      by[e.text] = e
      -- text is exactly what the span covers in the buffer
      assert.are.equal(e.text, H.text(buf, e.row, e.col, e.end_row, e.end_col))
      assert.are.equal("number", type(e.id))
    end
    assert.are.same({ row = 2, col = 0, end_row = 2, end_col = 8, label = "PERSON", text = "Ana Ruiz", id = by["Ana Ruiz"].id }, by["Ana Ruiz"])
    assert.are.same({ row = 2, col = 20, end_row = 2, end_col = 26, label = "GPE", text = "Lisbon", id = by["Lisbon"].id }, by["Lisbon"])
    assert.are.same({ row = 2, col = 30, end_row = 2, end_col = 37, label = "DATE", text = "Tuesday", id = by["Tuesday"].id }, by["Tuesday"])
    assert.are.same({ row = 5, col = 39, end_row = 5, end_col = 43, label = "PERSON", text = "Ruiz", id = by["Ruiz"].id }, by["Ruiz"])
  end)

  it("gives mentions of one entity in different paragraphs the same id", function()
    local buf = H.buf(LINES)
    local ids = {}
    for _, e in ipairs(nm.get(buf).entities) do
      ids[e.text] = e.id
    end
    assert.are.equal(ids["Ana Ruiz"], ids["Ruiz"])
    assert.are_not.equal(ids["Ana Ruiz"], ids["Lisbon"])
    assert.are_not.equal(ids["Lisbon"], ids["Tuesday"])
  end)

  it("returns quotes with type, speaker (with the entity's id) and cue", function()
    local buf = H.buf(LINES)
    local r = nm.get(buf)
    assert.are.equal(1, #r.quotes)
    local q = r.quotes[1]
    assert.are.same({ 5, 0, 5, 38, "direct" }, { q.row, q.col, q.end_row, q.end_col, q.type })
    -- name: the speaker's entity as named in full (a pronoun shown resolved)
    assert.are.same({ row = 5, col = 39, end_row = 5, end_col = 43, text = "Ruiz", id = q.speaker.id, name = "Ana Ruiz" }, q.speaker)
    local ana
    for _, e in ipairs(r.entities) do
      if e.text == "Ana Ruiz" then
        ana = e
      end
    end
    assert.are.equal(ana.id, q.speaker.id)
    assert.are.same({ row = 5, col = 44, end_row = 5, end_col = 48, text = "said" }, q.cue)
  end)

  it("counts columns in bytes on lines with multi-byte characters", function()
    local buf = H.buf({ "après la réunion, Ana Ruiz arrived in Lisbon." })
    local e
    for _, x in ipairs(nm.get(buf).entities) do
      if x.label == "PERSON" then
        e = x
      end
    end
    assert.are.equal("Ana Ruiz", e.text)
    assert.are.equal(#"après la réunion, ", e.col)
    assert.are.equal(#"après la réunion, Ana Ruiz", e.end_col)
  end)

  it("is nil for a buffer that is not attached", function()
    local buf = H.buf({ "Ana Ruiz arrived in Lisbon." }, "lua")
    assert.is_nil(nm.get(buf))
  end)

  it("returns copies: changing the result does not change the next one", function()
    local buf = H.buf(LINES)
    local r = nm.get(buf)
    r.entities[1].text = "changed"
    r.quotes[1].speaker.text = "changed"
    assert.are.equal("Ana Ruiz", nm.get(buf).entities[1].text)
    assert.are.equal("Ruiz", nm.get(buf).quotes[1].speaker.text)
  end)
  it("gives a split quotation as one quote with its parts, and highlights only the parts", function()
    local line = '"We will win," Ana Ruiz said, "and we will be back."'
    local buf = H.buf({ line })
    local r = nm.get(buf)
    assert.are.equal(1, #r.quotes, vim.inspect(r.quotes))
    local q = r.quotes[1]
    assert.are.equal("direct", q.type)
    assert.are.equal(line, q.text)
    assert.are.equal(2, #q.parts)
    assert.are.same({ row = 0, col = 0, end_row = 0, end_col = 14, text = '"We will win,"' }, q.parts[1])
    assert.are.same({ row = 0, col = 30, end_row = 0, end_col = #line, text = '"and we will be back."' }, q.parts[2])
    assert.are.equal("Ana Ruiz", q.speaker.text)
    assert.are.equal("said", q.cue.text)
    -- the quote highlight covers the two parts and leaves the attribution alone
    local ns = vim.api.nvim_create_namespace("newsmark")
    local covered = {}
    for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
      if m[4].hl_group == "NewsmarkQuote" then
        covered[#covered + 1] = { m[3], m[4].end_col }
      end
    end
    table.sort(covered, function(a, b) return a[1] < b[1] end)
    assert.are.same({ { 0, 14 }, { 30, #line } }, covered)
  end)
end)
