-- :Newsmark sources: speakers, quotes, words quoted, share of voice.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local LINES = {
  '"Nothing is decided."', -- 0: no speaker, 3 words (after a quote it would be continued)
  "",
  '"We are ready," said Carla Mendes, the port director.', -- 2: 3 words, direct
  "",
  '"The ships will come back soon," she said.', -- 4: pronoun -> Carla Mendes, 6 words
  "",
  "Officials at the Harbour Authority said the repairs would cost more.", -- 6: reported, 5 words
}

describe("sources", function()
  before_each(function()
    H.setup()
  end)

  it("groups quotes by speaker entity, resolving a pronoun to the person named before", function()
    local buf = H.buf(LINES)
    local rows, totals = require("newsmark.sources").summary(require("newsmark").get(buf))
    assert.are.equal(4, totals.quotes)
    assert.are.equal(17, totals.words)
    local got = {}
    for _, r in ipairs(rows) do
      got[#got + 1] = { r.name, r.label, r.count, r.words, r.direct, r.reported }
    end
    assert.are.same({
      { "Carla Mendes", "PERSON", 2, 9, 2, 0 },
      { "Harbour Authority", "ORG", 1, 5, 0, 1 },
      { "(no speaker)", "-", 1, 3, 1, 0 },
    }, got)
    assert.are.equal(string.format("%.1f", 100 * 9 / 17), string.format("%.1f", rows[1].share))
  end)

  it("opens a scratch buffer; <CR> on a row jumps to the speaker's quotes", function()
    local buf = H.buf(LINES)
    local win = api.nvim_get_current_win()
    vim.cmd("Newsmark sources")
    local sbuf = api.nvim_get_current_buf()
    assert.are_not.equal(buf, sbuf)
    assert.are.equal("nofile", vim.bo[sbuf].buftype)
    local lines = api.nvim_buf_get_lines(sbuf, 0, -1, false)
    assert.is_truthy(lines[1]:find("3 sources, 4 quotes, 17 quoted words", 1, true))
    assert.is_truthy(lines[3]:find("^Carla Mendes%s+PERSON%s+2%s+9%s+52%.9%%%s+2%s+0$"), lines[3])
    assert.is_truthy(lines[5]:find("^%(no speaker%)"), lines[5])
    -- the second quote of Carla Mendes is in the location list; the cursor on the first
    api.nvim_win_set_cursor(0, { 3, 0 })
    H.feed("<CR>")
    assert.are.equal(win, api.nvim_get_current_win())
    assert.are.same({ 3, 0 }, api.nvim_win_get_cursor(win))
    local ll = vim.fn.getloclist(win, { title = 1, items = 1 })
    assert.are.equal("newsmark: quotes of Carla Mendes", ll.title)
    assert.are.same({ 3, 5 }, { ll.items[1].lnum, ll.items[2].lnum })
    -- the unattributed row
    api.nvim_set_current_win(vim.fn.bufwinid(sbuf))
    api.nvim_win_set_cursor(0, { 5, 0 })
    H.feed("<CR>")
    assert.are.same({ 1, 0 }, api.nvim_win_get_cursor(win))
    api.nvim_set_current_win(vim.fn.bufwinid(sbuf))
    H.feed("q")
    assert.are.equal(-1, vim.fn.bufwinid(sbuf))
  end)

  it("says so in a buffer that is not attached, and with no quotes", function()
    H.buf(LINES, "lua")
    local msgs = H.notifications(function()
      vim.cmd("Newsmark sources")
    end)
    assert.is_truthy(msgs[1].msg:find("not attached", 1, true))
    H.buf({ "Carla Mendes arrived in Lisbon." })
    vim.cmd("Newsmark sources")
    local lines = api.nvim_buf_get_lines(0, 0, -1, false)
    assert.is_truthy(lines[1]:find("0 sources, 0 quotes", 1, true))
    assert.are.equal("no quotes found", lines[3])
    vim.cmd("close")
  end)

  it("toggles, inside its window too (no second one), and stays true after edits", function()
    local buf = H.buf(LINES)
    vim.cmd("Newsmark sources")
    local sbuf = api.nvim_get_current_buf()
    local wins = #api.nvim_list_wins()
    vim.cmd("Newsmark sources") -- inside the sources window: it closes
    assert.are.equal(-1, vim.fn.bufwinid(sbuf))
    assert.are.equal(wins - 1, #api.nvim_list_wins())
    api.nvim_set_current_win(vim.fn.bufwinid(buf))
    vim.cmd("Newsmark sources")
    sbuf = api.nvim_get_current_buf()
    assert.is_truthy(api.nvim_buf_get_lines(sbuf, 0, 1, false)[1]:find("3 sources, 4 quotes", 1, true))
    -- an edit of the article: the open summary follows (debounced)
    api.nvim_buf_set_lines(buf, 0, 1, false, { '"Nothing is decided yet," said Pedro Alves.' })
    assert.is_true(vim.wait(3000, function()
      local l = api.nvim_buf_get_lines(sbuf, 0, -1, false)
      return table.concat(l, "\n"):find("Pedro Alves", 1, true) ~= nil
    end, 10))
    api.nvim_set_current_win(vim.fn.bufwinid(buf))
    vim.cmd("Newsmark sources") -- from the article: closes it too
    assert.are.equal(-1, vim.fn.bufwinid(sbuf))
  end)

  it("b:newsmark_status counts entities, quotes and quotes with no speaker, after every analysis", function()
    local buf = H.buf(LINES)
    local d = vim.b[buf].newsmark_status_dict
    assert.are.same({ quotes = 4, unattributed = 1 }, { quotes = d.quotes, unattributed = d.unattributed })
    assert.are.equal(("E%d Q4 ?1"):format(d.entities), vim.b[buf].newsmark_status)
    api.nvim_buf_set_lines(buf, 0, 1, false, { '"Nothing is decided," said Pedro Alves.' })
    assert.is_true(H.wait(buf))
    assert.are.equal(("E%d Q4"):format(d.entities + 1), vim.b[buf].newsmark_status)
  end)

  it("the quotes list follows edits while it is shown, and toggles", function()
    local buf = H.buf(LINES)
    vim.cmd("Newsmark quotes")
    assert.are.equal(4, #vim.fn.getqflist())
    api.nvim_set_current_win(vim.fn.bufwinid(buf))
    api.nvim_buf_set_lines(buf, 6, 7, false, { "Officials said nothing.", "", '"We wait," said Pedro Alves.' })
    assert.is_true(vim.wait(3000, function()
      local items = vim.fn.getqflist()
      return #items > 0 and items[#items].text:find("Pedro Alves", 1, true) ~= nil
    end, 10))
    assert.is_true(vim.fn.getqflist({ winid = 1 }).winid ~= 0)
    vim.cmd("Newsmark quotes") -- again: closes it
    assert.are.equal(0, vim.fn.getqflist({ winid = 1 }).winid)
  end)
end)
