-- Extmarks per label, highlight groups and their default links.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

describe("render", function()
  before_each(function()
    H.setup()
  end)

  it("draws one extmark per entity with the group of its label", function()
    local buf = H.buf({
      "Ana Ruiz arrived in Lisbon on Tuesday with 12 percent of the vote.",
      "The Ministry of Finance paid $4 million to Portuguese fishermen.",
    })
    assert.are.same({ "Ana Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
    assert.are.same({ "Lisbon" }, H.marked_texts(buf, "NewsmarkGpe"))
    assert.are.same({ "Tuesday" }, H.marked_texts(buf, "NewsmarkDate"))
    assert.are.same({ "12 percent" }, H.marked_texts(buf, "NewsmarkPercent"))
    assert.are.same({ "Ministry of Finance" }, H.marked_texts(buf, "NewsmarkOrg"))
    assert.are.same({ "$4 million" }, H.marked_texts(buf, "NewsmarkMoney"))
    assert.are.same({ "Portuguese" }, H.marked_texts(buf, "NewsmarkNorp"))
    -- every entity of get() has exactly one mark of its label's group
    local groups = require("newsmark.render").label_group
    for _, e in ipairs(require("newsmark").get(buf).entities) do
      local found = 0
      for _, m in ipairs(H.marks(buf, groups[e.label])) do
        if m[1] == e.row and m[2] == e.col and m[3] == e.end_row and m[4] == e.end_col then
          found = found + 1
        end
      end
      assert.are.equal(1, found, e.label .. " " .. e.text)
    end
  end)

  it("marks a direct quote, its speaker and its cue", function()
    local buf = H.buf({ '"We will not give up on this harbour," Ruiz said.' })
    assert.are.same({ '"We will not give up on this harbour,"' }, H.marked_texts(buf, "NewsmarkQuote"))
    assert.are.same({ "Ruiz" }, H.marked_texts(buf, "NewsmarkSpeaker"))
    assert.are.same({ "said" }, H.marked_texts(buf, "NewsmarkCue"))
  end)

  it("marks only the parts of a quote of several parts, not the attribution between", function()
    local line = '"We did it," Ana Ruiz said, "and we will do it again."'
    local buf = api.nvim_create_buf(false, true)
    vim.b[buf].newsmark_disable = true
    api.nvim_buf_set_lines(buf, 0, -1, false, { line })
    local an = {
      pos = function(o) return 0, o end,
      masks = {},
      entities = {},
      quotes = { { start = 0, finish = #line, type = "direct", flags = {},
        parts = { { start = 0, finish = 12 }, { start = 28, finish = #line } } } },
    }
    require("newsmark.render").draw(buf, 0, an, { highlight = { quotes = true } })
    assert.are.same({ '"We did it,"', '"and we will do it again."' }, H.marked_texts(buf, "NewsmarkQuote"))
  end)

  it("marks a quote running over two lines with one extmark", function()
    local buf = H.buf({ '"We will not give up on', 'this harbour," Ruiz said.' })
    local q = H.marks(buf, "NewsmarkQuote")
    assert.are.same({ { 0, 0, 1, 14, "NewsmarkQuote" } }, q)
  end)

  it("draws nothing for a label switched off, and get() leaves it out", function()
    H.reset({ labels = { GPE = false } })
    local buf = H.buf({ "Ana Ruiz arrived in Lisbon on Tuesday." })
    assert.are.same({}, H.marked_texts(buf, "NewsmarkGpe"))
    assert.are.same({ "Ana Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
    for _, e in ipairs(require("newsmark").get(buf).entities) do
      assert.are_not.equal("GPE", e.label)
    end
  end)

  it("honours the highlight switches but get() still returns everything", function()
    H.reset({ highlight = { entities = false, cues = false } })
    local buf = H.buf({ '"We will stay," Ruiz said in Lisbon.' })
    assert.are.same({}, H.marked_texts(buf, "NewsmarkPerson"))
    assert.are.same({}, H.marked_texts(buf, "NewsmarkCue"))
    assert.are.same({ '"We will stay,"' }, H.marked_texts(buf, "NewsmarkQuote"))
    assert.is_true(#require("newsmark").get(buf).entities >= 2)
  end)

  it("shows the speaker as end-of-line virtual text when asked", function()
    H.reset({ speaker_virtual_text = true })
    local buf = H.buf({ '"We will stay," Ruiz said.' })
    local ns = require("newsmark.render").ns
    local virt
    for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
      if m[4].virt_text then
        virt = m
      end
    end
    assert.is_not_nil(virt)
    assert.are.equal(0, virt[2])
    assert.are.equal("— Ruiz", virt[4].virt_text[1][1])
    assert.are.equal("NewsmarkSpeakerText", virt[4].virt_text[1][2])
  end)

  it("shows a pronoun speaker resolved in the virtual text when the paragraph names the person", function()
    H.reset({ speaker_virtual_text = true })
    local buf = H.buf({ 'Marta Vieira opened the bakery in Porto. "We bake before dawn," she said.' })
    local ns = require("newsmark.render").ns
    local texts = {}
    for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
      if m[4].virt_text then
        texts[#texts + 1] = m[4].virt_text[1][1]
      end
    end
    assert.are.same({ '— Marta Vieira ("she")' }, texts)
  end)

  local function virt_texts(buf)
    local texts = {}
    for _, m in ipairs(api.nvim_buf_get_extmarks(buf, require("newsmark.render").ns, 0, -1, { details = true })) do
      if m[4].virt_text then
        texts[#texts + 1] = m[2] .. ":" .. m[4].virt_text[1][1]
      end
    end
    table.sort(texts)
    return texts
  end

  it("resolves a pronoun named in another paragraph (the core's id), never shows a bare pronoun, never doubles", function()
    H.reset({ speaker_virtual_text = true })
    local buf = H.buf({
      "Marta Vieira opened the bakery in Porto on Monday.",
      "",
      '"We bake before dawn," she said.',
      "",
      '"It was cold," he said.', -- no one to be "he": no virtual text
      "",
      '"We open at six," Ruiz said. "We close at noon," Ruiz said.',
    })
    local got = virt_texts(buf)
    for _, t in ipairs(got) do
      assert.is_nil(t:find("— he", 1, true), t)
      assert.is_nil(t:find("— .+ — ", 1), t) -- never "— X — X"
    end
    assert.is_true(vim.tbl_contains(got, '2:— Marta Vieira ("she")'), vim.inspect(got))
    assert.is_true(vim.tbl_contains(got, "6:— Ruiz"), vim.inspect(got))
    local on_row6 = 0
    for _, t in ipairs(got) do
      on_row6 = on_row6 + (t:find("^6:") and 1 or 0)
    end
    assert.are.equal(1, on_row6)
  end)

  describe("highlight groups", function()
    local function link_of(name)
      return vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID(name)), "name")
    end

    local function fg_of(name)
      return vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID(name)), "fg#", "gui")
    end

    it("exist for every label and part of a quote, with the palette's colours", function()
      H.buf({ "Ana Ruiz spoke." })
      local palette = require("newsmark.palette")
      local names = {}
      for _, g in ipairs(require("newsmark.render").groups) do
        names[#names + 1] = g.name
        assert.are.equal(1, vim.fn.hlexists(g.name), g.name)
        assert.are.equal(palette.spec(g, vim.o.background).fg, fg_of(g.name), g.name)
      end
      for _, want in ipairs({
        "NewsmarkPerson", "NewsmarkOrg", "NewsmarkGpe", "NewsmarkLoc", "NewsmarkNorp", "NewsmarkEvent",
        "NewsmarkMisc", "NewsmarkDate", "NewsmarkTime", "NewsmarkMoney", "NewsmarkPercent",
        "NewsmarkQuote", "NewsmarkSpeaker", "NewsmarkCue",
      }) do
        assert.is_true(vim.tbl_contains(names, want), want)
      end
    end)

    it("come back after :colorscheme and :highlight clear", function()
      H.buf({ "Ana Ruiz spoke." })
      vim.cmd("highlight clear")
      vim.cmd("colorscheme default")
      local palette = require("newsmark.palette")
      assert.are.equal(palette.families.people[vim.o.background][1], fg_of("NewsmarkPerson"))
      assert.are.equal(palette.families.quotes[vim.o.background][1], fg_of("NewsmarkQuote"))
    end)

    it("follow 'background' unless someone else set them", function()
      H.buf({ "Ana Ruiz spoke." })
      local palette = require("newsmark.palette")
      local bg = vim.o.background
      -- with a colorscheme loaded, Neovim 0.10+ loads it again when
      -- 'background' changes, which clears every :highlight a person made
      local scheme = vim.g.colors_name
      vim.g.colors_name = nil
      vim.o.background = "light"
      vim.cmd("doautocmd OptionSet background") -- it does not fire while Neovim starts
      assert.are.equal(palette.families.people.light[1], fg_of("NewsmarkPerson"))
      vim.api.nvim_set_hl(0, "NewsmarkOrg", { fg = "#123456" })
      vim.o.background = "dark"
      vim.cmd("doautocmd OptionSet background")
      assert.are.equal(palette.families.people.dark[1], fg_of("NewsmarkPerson"))
      assert.are.equal("#123456", fg_of("NewsmarkOrg"))
      vim.cmd("highlight clear NewsmarkOrg")
      vim.o.background = bg
      vim.g.colors_name = scheme
      vim.cmd("doautocmd OptionSet background")
    end)

    it("are defaults: a user's own definition is kept", function()
      vim.api.nvim_set_hl(0, "NewsmarkPerson", { bold = true, fg = "#ff0000" })
      H.buf({ "Ana Ruiz spoke." })
      vim.cmd("doautocmd ColorScheme")
      local out = vim.fn.execute("highlight NewsmarkPerson")
      assert.is_truthy(out:find("gui=bold", 1, true))
      assert.are.equal("#ff0000", fg_of("NewsmarkPerson"))
      vim.cmd("highlight clear NewsmarkPerson")
      vim.cmd("doautocmd ColorScheme")
    end)
  end)
end)
