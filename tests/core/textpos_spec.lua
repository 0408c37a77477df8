-- newsmark.textpos: offsets <-> (row, col), shared by the buffer layer and
-- the annotation overlay.
require("tests.core.helper") -- (package.path)
local P = require("newsmark.textpos")

describe("textpos", function()
  it("bisects numbers and records", function()
    assert.equal(1, P.bisect({ 0, 5, 9 }, -1))
    assert.equal(1, P.bisect({ 0, 5, 9 }, 4))
    assert.equal(2, P.bisect({ 0, 5, 9 }, 5))
    assert.equal(3, P.bisect({ 0, 5, 9 }, 100))
    assert.equal(2, P.bisect({ { s = 0 }, { s = 3 }, { s = 8 } }, 7, "s"))
    assert.equal(1, P.bisect({}, 3))
  end)

  it("maps offsets of a text to rows and columns of its lines", function()
    local text = "Ana Ruiz\nspoke in\n\nLisbon."
    local pos = P.text_pos(text)
    for off = 0, #text do
      local r, c = pos(off)
      local before = text:sub(1, off)
      local _, nl = before:gsub("\n", "")
      assert.equal(nl, r)
      assert.equal(#before:match("[^\n]*$"), c)
    end
    assert.same({ 0, 4 }, { P.text_pos("one line")(4) })
  end)

  it("maps both ways over lines from a buffer row, clamping columns", function()
    local m = P.lines({ "Ana Ruiz", "", "said so." }, "\r\n", 10)
    assert.equal("Ana Ruiz\r\n\r\nsaid so.", m.text)
    assert.equal(0, m.off(10, 0))
    assert.equal(8, m.off(10, 99)) -- past the line's end: its end
    assert.equal(12, m.off(12, 0))
    assert.equal(0, m.off(3, 4)) -- before the first line
    assert.equal(#m.text, m.off(13, 0)) -- after the last
    assert.same({ 10, 3 }, { m.pos(3) })
    assert.same({ 10, 8 }, { m.pos(9) }) -- inside the separator: the line's end
    assert.same({ 12, 5 }, { m.pos(17) })
    for _, rc in ipairs({ { 10, 0 }, { 10, 8 }, { 11, 0 }, { 12, 4 }, { 12, 8 } }) do
      assert.same(rc, { m.pos(m.off(rc[1], rc[2])) })
    end
    assert.same({ 4, 0 }, { P.lines({}, "\n", 4).pos(0) })
  end)

  it("adds the final separator when asked, and leaves the lines as they were", function()
    local lines = { "Ana Ruiz", "said so." }
    local m = P.lines(lines, "\r\n", 0, true)
    assert.equal("Ana Ruiz\r\nsaid so.\r\n", m.text)
    assert.same({ "Ana Ruiz", "said so." }, lines)
    assert.equal(#m.text, m.off(2, 0)) -- after the last line: the text's end
    assert.same({ 1, 8 }, { m.pos(#m.text) })
    assert.equal("", P.lines({}, "\n", 0, true).text) -- no line, no separator
  end)
end)
