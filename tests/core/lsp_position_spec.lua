-- newsmark.lsp.position: LSP positions <-> byte offsets, utf-16 and utf-8.
package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path
local P = require("newsmark.lsp.position")

-- "é" is 2 bytes / 1 unit, "€" 3 bytes / 1 unit, "𝄞" (U+1D11E) 4 bytes / 2 units.
local text = "a\195\169\226\130\172\240\157\132\158b\nsecond\r\nthird"
local idx = P.index(text)

describe("newsmark.lsp.position", function()
  it("indexes lines at \\n", function()
    assert.same({ 0, 12, 20 }, idx)
  end)

  it("converts utf-16 positions, two units for a character outside the BMP", function()
    -- a=0 é=1 €=3 𝄞=6 b=10 \n=11
    local want = { [0] = 0, [1] = 1, [2] = 3, [3] = 6, [5] = 10, [6] = 11 }
    for ch, off in pairs(want) do
      assert.equal(off, P.offset(text, idx, 0, ch, "utf-16"), "character " .. ch)
    end
    -- inside the surrogate pair: the character's start
    assert.equal(6, P.offset(text, idx, 0, 4, "utf-16"))
    for ch, off in pairs(want) do
      local l, c = P.position(text, idx, off, "utf-16")
      assert.same({ 0, ch }, { l, c })
    end
  end)

  it("converts utf-8 positions as bytes", function()
    assert.equal(6, P.offset(text, idx, 0, 6, "utf-8"))
    assert.same({ 0, 10 }, { P.position(text, idx, 10, "utf-8") })
    assert.same({ 1, 3 }, { P.position(text, idx, 15, "utf-8") })
  end)

  it("clamps past the line end (before \\r\\n) and past the last line", function()
    assert.equal(11, P.offset(text, idx, 0, 99, "utf-16"))
    assert.equal(18, P.offset(text, idx, 1, 99, "utf-16")) -- "second", not the \r
    assert.equal(18, P.offset(text, idx, 1, 99, "utf-8"))
    assert.equal(#text, P.offset(text, idx, 7, 0, "utf-16"))
    assert.equal(0, P.offset(text, idx, -1, 3, "utf-16"))
    assert.equal(25, P.offset(text, idx, 2, 5, "utf-16"))
  end)

  it("counts an offset inside a character as its start", function()
    assert.same({ 0, 3 }, { P.position(text, idx, 8, "utf-16") }) -- inside 𝄞
    assert.same({ 0, 1 }, { P.position(text, idx, 2, "utf-16") }) -- inside é
  end)

  it("counts each invalid UTF-8 byte as one unit", function()
    local bad = "x\255\192\237\160\128y" -- 0xFF, a lone lead, an encoded surrogate
    local bidx = P.index(bad)
    assert.equal(6, P.offset(bad, bidx, 0, 6, "utf-16"))
    assert.same({ 0, 6 }, { P.position(bad, bidx, 6, "utf-16") })
    assert.equal(6, P.length(bad, 0, 6, "utf-16"))
    -- a truncated sequence at the end
    local cut = "ab\226\130"
    local cidx = P.index(cut)
    assert.same({ 0, 4 }, { P.position(cut, cidx, 4, "utf-16") })
    assert.equal(3, P.offset(cut, cidx, 0, 3, "utf-16"))
  end)

  it("measures lengths in the encoding", function()
    assert.equal(6, P.length(text, 0, 11, "utf-16"))
    assert.equal(11, P.length(text, 0, 11, "utf-8"))
    assert.equal(2, P.length(text, 6, 10, "utf-16"))
  end)
  it("reads the same positions with a forward cursor, and after going back", function()
    local bad = text .. "\n\255\240\157x\226\130\172"
    local bidx = P.index(bad)
    for _, enc in ipairs({ "utf-16", "utf-8" }) do
      local pos = P.cursor(bad, bidx, enc)
      local offs = {}
      for off = 0, #bad do offs[#offs + 1] = off end
      offs[#offs + 1] = 3 -- backwards
      offs[#offs + 1] = 9
      offs[#offs + 1] = #bad + 5 -- past the end
      for _, off in ipairs(offs) do
        assert.same({ P.position(bad, bidx, off, enc) }, { pos(off) }, enc .. " offset " .. off)
      end
    end
  end)
end)
