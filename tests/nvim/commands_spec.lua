-- :Newsmark completion and subcommands, lists, info at the cursor.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local LINES = {
  "Ana Ruiz arrived in Lisbon on Tuesday.", -- 0
  "", -- 1
  '"We will not give up," Ruiz said.', -- 2
  "", -- 3
  '"Nothing is decided."', -- 4
}

local function complete(line)
  return vim.fn.getcompletion(line, "cmdline")
end

describe(":Newsmark", function()
  before_each(function()
    H.setup()
  end)

  it("completes subcommands", function()
    local all = complete("Newsmark ")
    for _, s in ipairs({ "enable", "disable", "toggle", "info", "next", "prev", "entities", "quotes" }) do
      assert.is_true(vim.tbl_contains(all, s), s)
    end
    assert.are.same({ "disable", "detach", "decisions" }, (function()
      local t = complete("Newsmark d")
      table.sort(t, function(a, b)
        return a > b
      end)
      return t
    end)())
    assert.are.same({ "toggle" }, complete("Newsmark to"))
  end)

  it("completes the kinds of next and prev", function()
    assert.are.same({ "entity", "quote", "mention", "unattributed" }, complete("Newsmark next "))
    assert.are.same({ "quote" }, complete("Newsmark prev q"))
    assert.are.same({}, complete("Newsmark enable "))
  end)

  it("reports an unknown subcommand or kind as an error naming it", function()
    local msgs = H.notifications(function()
      vim.cmd("Newsmark frobnicate")
      vim.cmd("Newsmark next paragraph")
    end)
    assert.are.equal(2, #msgs)
    assert.is_truthy(msgs[1].msg:find("frobnicate", 1, true))
    assert.are.equal(vim.log.levels.ERROR, msgs[1].level)
    assert.is_truthy(msgs[2].msg:find("paragraph", 1, true))
  end)

  it("entities: the quickfix list, one item per entity with its mentions", function()
    local buf = H.buf(LINES)
    vim.cmd("Newsmark entities")
    local qf = vim.fn.getqflist({ title = 1, items = 1 })
    vim.cmd("cclose")
    assert.is_truthy(qf.title:find("newsmark: entities", 1, true))
    local texts = {}
    for _, it in ipairs(qf.items) do
      assert.are.equal(buf, it.bufnr)
      texts[#texts + 1] = it.text
    end
    assert.are.same({
      "PERSON Ana Ruiz: 2 mentions (Ana Ruiz, Ruiz)",
      "GPE Lisbon: 1 mention (Lisbon)",
      "DATE Tuesday: 1 mention (Tuesday)",
    }, texts)
    assert.are.same({ 1, 1 }, { qf.items[1].lnum, qf.items[1].col })
    assert.are.same({ 1, 21 }, { qf.items[2].lnum, qf.items[2].col })
  end)

  it("quotes: the location list with loclist, who said what", function()
    H.buf(LINES)
    vim.cmd("Newsmark quotes loclist")
    local ll = vim.fn.getloclist(0, { title = 1, items = 1 })
    vim.cmd("lclose")
    assert.is_truthy(ll.title:find("newsmark: quotes", 1, true))
    assert.are.equal(2, #ll.items)
    assert.are.equal('Ruiz (direct, said): "We will not give up,"', ll.items[1].text)
    assert.are.equal(3, ll.items[1].lnum)
    -- a quote paragraph after an attributed one continues it (the core's
    -- result, as bin/newsmark annotate says)
    assert.are.equal('Ruiz (direct, said): "Nothing is decided."', ll.items[2].text)
    assert.are.equal("", ll.items[2].type)
  end)

  it("quotes list and info show a pronoun speaker resolved, the pronoun kept", function()
    local buf = H.buf({
      "Marta Vieira opened the bakery in Porto on Friday.",
      "",
      '"We bake before dawn," she said.',
    })
    local q = require("newsmark").get(buf).quotes[1]
    assert.are.equal("she", q.speaker and q.speaker.text)
    vim.cmd("Newsmark quotes loclist")
    local ll = vim.fn.getloclist(0, { items = 1 })
    vim.cmd("lclose")
    assert.are.equal('Marta Vieira ("she") (direct, said): "We bake before dawn,"', ll.items[1].text)
    local lines = require("newsmark.info").lines(buf, 2, 3)
    assert.are.same({ "direct quote", 'speaker: Marta Vieira ("she")', "cue: said" }, lines)
  end)

  it("info: describes the entity or quote under the cursor in a float", function()
    H.buf(LINES)
    local info = require("newsmark.info")
    local buf = api.nvim_get_current_buf()
    assert.are.same({ "PERSON Ana Ruiz (entity " .. tostring(require("newsmark").get(buf).entities[1].id) .. ")", "mentions: 2 (Ana Ruiz, Ruiz)", "quotes: 2" }, info.lines(buf, 0, 2)) -- (the continued quote too)
    local q = info.lines(buf, 2, 5)
    assert.are.same({ "direct quote", "speaker: Ruiz", "cue: said" }, q)
    assert.is_truthy(info.lines(buf, 0, 10)[1]:find("no entity or quote here", 1, true))
    H.set_cursor(4, 3)
    local wins = #api.nvim_list_wins()
    vim.cmd("Newsmark info")
    assert.are.equal(wins + 1, #api.nvim_list_wins())
    local fwin = info.win
    -- (a continued quote: the core keeps the speaker of the one before)
    assert.are.same({ "direct quote", "speaker: Ruiz", "cue: said", "flags: inherited" }, api.nvim_buf_get_lines(api.nvim_win_get_buf(fwin), 0, -1, false))
    -- it closes when the cursor moves
    H.set_cursor(0, 0)
    vim.cmd("doautocmd CursorMoved")
    assert.is_false(api.nvim_win_is_valid(fwin))
  end)

  it("info through the gK keymap and the <Plug> mapping", function()
    H.buf(LINES)
    local wins = #api.nvim_list_wins()
    H.feed("gK")
    assert.are.equal(wins + 1, #api.nvim_list_wins())
    vim.cmd("doautocmd CursorMoved")
    assert.are.equal(wins, #api.nvim_list_wins())
    vim.keymap.set("n", "<F7>", "<Plug>(newsmark-info)", { remap = true })
    H.feed("<F7>")
    assert.are.equal(wins + 1, #api.nvim_list_wins())
    vim.cmd("doautocmd CursorMoved")
  end)

  it("lists say so in a buffer that is not attached", function()
    H.buf(LINES, "lua")
    local msgs = H.notifications(function()
      vim.cmd("Newsmark entities")
    end)
    assert.is_truthy(msgs[1].msg:find("not attached", 1, true))
  end)
end)
