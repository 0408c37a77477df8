-- newsmark.markdown: the one markdown reader of the editor and the command
-- line. Every case: the text in, the text read (what is not prose blanked
-- with spaces of the same byte length, newlines kept).
require("tests.core.helper")
local md = require("newsmark.markdown")

-- `_` in an expected text stands for a blanked byte (a space).
local function read(text)
  local out = md.mask(text)
  assert.equal(#text, #out, "the reader keeps byte offsets")
  return (out:gsub(" ", "_"))
end

local function same(expected, text)
  assert.equal(expected, read(text))
end

describe("the markdown reader", function()
  it("keeps plain prose, headings and table cells as they are", function()
    same("Ana_Ruiz_spoke.\n", "Ana Ruiz spoke.\n")
    same("#_Lisbon_talks\n", "# Lisbon talks\n")
    same("|_Porto_|_Lisbon_|\n", "| Porto | Lisbon |\n")
  end)

  it("blanks code spans of any backtick count, not what lies between two of them", function()
    same("a___b\n", "a`x`b\n")
    same("a_________b\n", "a``x ` y``b\n")
    same("a____________b\n", "a```x `` y```b\n")
    same("a_____b`c\n", "a``x``b`c\n")
    -- an unclosed run is text
    same("a``b\n", "a``b\n")
  end)

  it("blanks link targets and URLs but keeps a link's text", function()
    same("[Porto](______________________)_said.\n", "[Porto](https://x.example/Ruiz) said.\n")
    same("See_________________________.\n", "See https://x.example/Lisbon.\n")
    same("See____________________,_then.\n", "See www.x.example/Porto, then.\n")
    same("Mail________________.\n", "Mail <ana@x.example>.\n")
  end)

  it("blanks list and block-quote markers", function()
    same("__Ana_Ruiz\n", "- Ana Ruiz\n")
    same("____Lisbon\n", "12. Lisbon\n")
    same("__Porto\n", "> Porto\n")
    same("____Porto\n", "> - Porto\n")
  end)

  it("blanks front matter only at the start of a file", function()
    same("___\n_______\n___\nAna.\n", "---\nt: Ruiz\n---\nAna.\n")
    same("Ana.\n---\nRuiz.\n", "Ana.\n---\nRuiz.\n")
    -- a piece that does not start the file has no front matter
    assert.equal("---\nt: Ruiz\n", md.mask("---\nt: Ruiz\n", {}, false))
  end)

  it("blanks fenced code, closed by a run at least as long, also across pieces", function()
    same("___\n_____\n___\nAna.\n", "```\nx = 1\n```\nAna.\n")
    same("____\n___\n__\n____\nAna.\n", "~~~~\n~~~\nab\n~~~~\nAna.\n")
    local state = {}
    local a = md.mask("Ana.\n```\nRuiz\n", state, true)
    local b = md.mask("Porto\n```\nLisbon.\n", state, false)
    assert.equal("Ana.\n   \n    \n", a)
    assert.equal("     \n   \nLisbon.\n", b)
  end)

  it("blanks indented code after a blank line, not a list item's indented paragraph", function()
    same("Ana_spoke.\n\n_______________\n\nRui.\n", "Ana spoke.\n\n    Ana in code\n\nRui.\n")
    same("Ana_spoke.\n____not_code\n", "Ana spoke.\n    not code\n") -- (it cannot interrupt a paragraph)
    same("__Ana\n\n____Rui_too\n", "- Ana\n\n    Rui too\n")
  end)

  it("reads the same with a memo of masked lines, call after call", function()
    local memo, text = {}, "Ana `x` spoke.\n\n- Rui [a](http://b.example)\n"
    assert.equal(md.mask(text), md.mask(text, {}, true, memo))
    assert.equal(md.mask(text), md.mask(text, {}, true, memo))
    assert.is_truthy(next(memo))
  end)

  it("reads a file given as its lines as it reads the text (mask_lines), or declines", function()
    local pieces = { "---", "title: x", "...", "# Head", "", "Ana `x` spoke.", "    code", "\tcode",
      "- Rui [a](http://b.example)", "  more of the item", "```", "~~~~", "not ``` closed", "1. one",
      "> quoted `y`", "| a | b |", "   ```lua", "see www.example.org.", "\"Quote,\" she said." }
    math.randomseed(7)
    for round = 1, 300 do
      local lines = {}
      for i = 1, math.random(0, 14) do
        lines[i] = pieces[math.random(#pieces)]
      end
      for _, eol in ipairs({ true, false }) do
        local text = table.concat(lines, "\n") .. ((eol and #lines > 0) and "\n" or "")
        local memo = round % 2 == 0 and {} or nil
        assert.equal(md.mask(text), md.mask_lines(lines, eol, memo), ("round %d: %q"):format(round, text))
      end
    end
    assert.is_nil(md.mask_lines({ "Ana\r", "Rui" }, true)) -- (the text's CR would be read as a line end's)
    assert.is_nil(md.mask_lines({ "Ana\nRui" }, true))
  end)

  it("reads again only what an edit changed (mask_lines with a cache), as a fresh read", function()
    -- random edits of a file of markdown pieces (fences, front matter,
    -- indented code, lists opened and closed by the edits): the incremental
    -- read equals a whole read after every edit, and reads fewer lines
    local pieces = { "---", "title: x", "...", "# Head", "", "Ana `x` spoke.", "    code", "\tcode",
      "- Rui [a](http://b.example)", "  more of the item", "```", "~~~~", "not ``` closed", "1. one",
      "> quoted `y`", "| a | b |", "   ```lua", "see www.example.org.", "\"Quote,\" she said.",
      "Plain prose here.", "More prose, by Rui Costa." }
    math.randomseed(11)
    local fewer = 0
    for round = 1, 60 do
      local lines = {}
      for i = 1, math.random(0, 30) do
        lines[i] = pieces[math.random(#pieces)]
      end
      local cache, memo = {}, round % 2 == 0 and {} or nil
      for step = 1, 40 do
        local eol = step % 3 ~= 0
        local text = table.concat(lines, "\n") .. ((eol and #lines > 0) and "\n" or "")
        local got = md.mask_lines(lines, eol, memo, cache)
        assert.equal(md.mask(text), got, ("round %d step %d: %q"):format(round, step, text))
        if step > 1 and cache.reread < #lines then
          fewer = fewer + 1
        end
        -- the next edit, on a copy (the cache keeps the old lines)
        local new = {}
        for i, l in ipairs(lines) do
          new[i] = l
        end
        local at = math.random(1, #new + 1)
        local r = math.random()
        if r < 0.4 and #new > 0 then
          new[math.min(at, #new)] = pieces[math.random(#pieces)]
        elseif r < 0.7 then
          table.insert(new, at, pieces[math.random(#pieces)])
        elseif #new > 0 then
          table.remove(new, math.min(at, #new))
        end
        lines = new
      end
    end
    assert.is_true(fewer > 1000, "the cache spared lines: " .. fewer)
    -- front matter is read on the first line only: a blank line put above
    -- it (the same state coming in) makes it prose, and taken away again
    local cache = {}
    local fm = { "---", "title: Ana", "---", "Rui spoke." }
    md.mask_lines(fm, true, nil, cache)
    local above = { "", "---", "title: Ana", "---", "Rui spoke." }
    assert.equal(md.mask(table.concat(above, "\n") .. "\n"), md.mask_lines(above, true, nil, cache))
    assert.equal(md.mask(table.concat(fm, "\n") .. "\n"), md.mask_lines(fm, true, nil, cache))
    assert.is_nil(md.mask_lines({ "Ana\r", "Rui" }, true, nil, cache))
    assert.equal("Ana\nRui\n", md.mask_lines({ "Ana", "Rui" }, true, nil, cache))
  end)

  it("keeps CRLF line ends", function()
    same("__Ana\r\n", "- Ana\r\n")
  end)

  it("reads one line as mask_line does, with the masked inline spans", function()
    local masks = {}
    local line = md.mask_line("- See `x` at https://a.example now", masks)
    assert.equal("  See     at                   now", line)
    assert.same({ { 6, 9 }, { 13, 30 } }, masks)
  end)
end)
