-- newsmark.document: one document's analysis, as bin/newsmark annotate
-- gives it (markdown read by newsmark.markdown, a person's decisions merged).
local H = require("tests.core.helper")
local D = require("newsmark.document")
local S = require("newsmark.sidecar")

local TEXT = table.concat({
  "---",
  "title: Porto notes",
  "---",
  "",
  "Marta Vieira opened the Quayside Bakery in Porto on Friday.",
  'Tomás Reis said Porto needed more bakers. "We are short of hands," Reis said.',
  "",
  "- Vieira thanked the Harbour Trust; see `Lisbon` and [the trust](https://x.example/Madrid).",
  "",
}, "\n")

-- A brat T line for the first occurrence of `s` in TEXT.
local function T(tid, label, s)
  local off = S.offsets(TEXT)
  local a, b = TEXT:find(s, 1, true)
  return ("%s\t%s %d %d\t%s"):format(tid, label, off.to_char(a - 1), off.to_char(b), s)
end

local function by_text(text, r, s)
  for _, e in ipairs(r.entities) do
    if H.text_of(text, e) == s then
      return e
    end
  end
end

describe("newsmark.document", function()
  it("gives the core's analysis of the markdown as read by newsmark.markdown", function()
    local doc = D.new(H.model, { markdown = true }):set_text(TEXT)
    local r = doc:result()
    local masked = require("newsmark.markdown").mask(TEXT)
    assert.same(H.model:analyze(masked), r)
    local got = H.entities(TEXT, r)
    assert.truthy(by_text(TEXT, r, "Marta Vieira"))
    for _, s in ipairs(got) do
      assert.is_nil(s:find("Lisbon", 1, true), "code span read as prose: " .. s)
      assert.is_nil(s:find("Madrid", 1, true), "link target read as prose: " .. s)
    end
    -- the quote's speaker is a mention of the same entity as the full name
    local q = r.quotes[#r.quotes]
    assert.equal('"We are short of hands,"', H.text_of(TEXT, q))
    assert.equal("Reis", H.text_of(TEXT, q.speaker))
    assert.equal(by_text(TEXT, r, "Tomás Reis").id, q.speaker.id)
  end)

  it("reads plain text as it is when not markdown", function()
    local text = "See `Lisbon` now.\n"
    local r = D.new(H.model):set_text(text):result()
    assert.same(H.model:analyze(text), r)
    assert.equal("GPE:Lisbon", H.entities(text, r)[1])
  end)

  it("keeps the machine's analysis while only the decisions change", function()
    local doc = D.new(H.model, { markdown = true }):set_text(TEXT)
    local r1 = doc:result()
    assert.equal(r1, doc:result(), "the same result while nothing changed")
    assert.equal(1, doc.analyses)
    local sc = S.parse(T("T1", "ORG", "Harbour Trust") .. "\n" .. T("T2", "Never", "Friday") .. "\n")
    local r2, lost = doc:set_decisions(sc):result()
    assert.equal(1, doc.analyses, "a decision does not analyse the text again")
    assert.same({}, lost)
    assert.equal("ORG", by_text(TEXT, r2, "Harbour Trust").label)
    assert.is_true(by_text(TEXT, r2, "Harbour Trust").manual)
    assert.is_nil(by_text(TEXT, r2, "Friday"))
    assert.truthy(by_text(TEXT, r1, "Friday"), "the machine's result is left as it was")
    doc:set_decisions(nil)
    assert.truthy(by_text(TEXT, doc:result(), "Friday"))
    assert.equal(1, doc.analyses)
  end)

  it("analyses again when the text changes, and only then", function()
    local doc = D.new(H.model):set_text("Ana Ruiz spoke.")
    doc:result()
    doc:set_text("Ana Ruiz spoke.")
    doc:result()
    assert.equal(1, doc.analyses)
    doc:set_text("Ana Ruiz spoke in Lisbon.")
    assert.same({ "PERSON:Ana Ruiz", "GPE:Lisbon" }, H.entities("Ana Ruiz spoke in Lisbon.", doc:result()))
    assert.equal(2, doc.analyses)
  end)

  it("lists the decisions it cannot anchor", function()
    local sc = S.parse("T1\tORG 0 5\tNobody\n")
    local _, lost = D.new(H.model):set_text("Ana Ruiz spoke."):set_decisions(sc):result()
    assert.equal(1, #lost)
  end)

  it("finds no quotes when asked for entities only", function()
    local r = D.new(H.model, { markdown = true, quotes = false }):set_text(TEXT):result()
    assert.same({}, r.quotes)
    assert.truthy(by_text(TEXT, r, "Marta Vieira"))
  end)

  it("has no editor inside, nor has the markdown reader", function()
    for _, path in ipairs({ "lua/newsmark/document.lua", "lua/newsmark/markdown.lua" }) do
      local f = assert(io.open(path, "rb"))
      local src = f:read("*a")
      f:close()
      assert.is_nil(src:find("vim%."), path .. " uses the editor")
    end
  end)
end)
