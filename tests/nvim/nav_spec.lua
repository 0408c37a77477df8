-- jump(): entities, quotes, mentions, counts, wrapping; <Plug> mappings,
-- buffer keymaps and :Newsmark next/prev.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local nm

local LINES = {
  "Ana Ruiz arrived in Lisbon on Tuesday.", -- 0: Ana Ruiz(0) Lisbon(20) Tuesday(30)
  "",
  '"We will not give up," Ruiz said.', -- 2: quote(0) Ruiz(23)
  "",
  "Carlos Mendes met Ruiz in Porto.", -- 4: Carlos Mendes(0) Ruiz(18) Porto(26)
  "",
  '"Nothing is decided."', -- 6: a quote with no speaker
}

describe("jump()", function()
  before_each(function()
    H.setup()
    nm = require("newsmark")
    H.buf(LINES)
    H.set_cursor(0, 0)
  end)

  it("goes to the next entity, and by count", function()
    assert.is_true(nm.jump("entity", 1))
    assert.are.same({ 0, 20 }, H.cursor())
    assert.is_true(nm.jump("entity", 1))
    assert.are.same({ 0, 30 }, H.cursor())
    assert.is_true(nm.jump("entity", 2))
    assert.are.same({ 4, 0 }, H.cursor())
  end)

  it("goes backwards with a negative count, skipping the entity under the cursor", function()
    H.set_cursor(4, 20) -- inside the second "Ruiz"
    assert.is_true(nm.jump("entity", -1))
    assert.are.same({ 4, 0 }, H.cursor())
    assert.is_true(nm.jump("entity", -2))
    assert.are.same({ 0, 30 }, H.cursor())
  end)

  it("wraps around the ends by default and not when wrap = false", function()
    H.set_cursor(6, 0)
    assert.is_true(nm.jump("entity", 1))
    assert.are.same({ 0, 0 }, H.cursor())
    assert.is_true(nm.jump("entity", -1))
    assert.are.same({ 4, 26 }, H.cursor())
    require("newsmark.config").set({ wrap = false })
    local msgs = H.notifications(function()
      assert.is_false(nm.jump("entity", 1))
    end)
    assert.are.same({ 4, 26 }, H.cursor())
    assert.are.equal(1, #msgs)
  end)

  it("goes to quotes and to quotes with no speaker", function()
    assert.is_true(nm.jump("quote", 1))
    assert.are.same({ 2, 0 }, H.cursor())
    assert.is_true(nm.jump("quote", 1))
    assert.are.same({ 6, 0 }, H.cursor())
    H.set_cursor(0, 0)
    assert.is_true(nm.jump("unattributed", 1))
    assert.are.same({ 6, 0 }, H.cursor())
  end)

  it("goes to the next and previous mention of the entity under the cursor", function()
    H.set_cursor(0, 4) -- in "Ana Ruiz"
    assert.is_true(nm.jump("mention", 1))
    assert.are.same({ 2, 23 }, H.cursor()) -- "Ruiz" as the speaker
    assert.is_true(nm.jump("mention", 1))
    assert.are.same({ 4, 18 }, H.cursor()) -- "Ruiz" after Carlos Mendes
    assert.is_true(nm.jump("mention", -2))
    assert.are.same({ 0, 0 }, H.cursor())
  end)

  it("says so when there is no entity under the cursor for a mention jump", function()
    H.set_cursor(0, 10) -- "arrived"
    local msgs = H.notifications(function()
      assert.is_false(nm.jump("mention", 1))
    end)
    assert.are.same({ 0, 10 }, H.cursor())
    assert.is_truthy(msgs[1].msg:find("no entity under the cursor", 1, true))
  end)

  it("rejects an unknown kind", function()
    assert.has_error(function()
      nm.jump("paragraph", 1)
    end)
  end)

  it("leaves a jumplist entry", function()
    nm.jump("entity", 3)
    H.feed("<C-o>")
    assert.are.same({ 0, 0 }, H.cursor())
  end)

  it("is reachable through <Plug> mappings with a count", function()
    vim.keymap.set("n", "<F5>", "<Plug>(newsmark-next-entity)", { remap = true })
    vim.keymap.set("n", "<F6>", "<Plug>(newsmark-prev-mention)", { remap = true })
    H.feed("2<F5>")
    assert.are.same({ 0, 30 }, H.cursor())
    H.set_cursor(4, 18)
    H.feed("<F6>")
    assert.are.same({ 2, 23 }, H.cursor())
  end)

  it("is reachable through the default buffer keymaps", function()
    H.feed("]e")
    assert.are.same({ 0, 20 }, H.cursor())
    H.feed(']"')
    assert.are.same({ 2, 0 }, H.cursor())
    H.feed("]u")
    assert.are.same({ 6, 0 }, H.cursor())
    H.feed("[e")
    assert.are.same({ 4, 26 }, H.cursor())
    H.set_cursor(0, 0)
    H.feed("]r")
    assert.are.same({ 2, 23 }, H.cursor())
  end)

  it("is reachable through :Newsmark next and :Newsmark prev", function()
    vim.cmd("Newsmark next entity")
    assert.are.same({ 0, 20 }, H.cursor())
    vim.cmd("Newsmark next quote")
    assert.are.same({ 2, 0 }, H.cursor())
    vim.cmd("Newsmark prev entity 2")
    assert.are.same({ 0, 20 }, H.cursor())
    vim.cmd("Newsmark next")
    assert.are.same({ 0, 30 }, H.cursor())
  end)
end)
