-- Mark, unmark and relabel as operators (<Plug> mappings, 'operatorfunc'),
-- repeatable with `.`.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local LINES = {
  "The Tagus Board met Ana Ruiz in Lisbon on Tuesday.",
  "",
  "The Douro Board and Rui Costa answered on Friday.",
}

local decisions = H.decision_list

local label_of = H.label_of

describe("operators", function()
  local buf
  before_each(function()
    H.setup()
    buf = H.buf(LINES)
    assert.is_true(H.wait(buf))
    for _, k in ipairs({ "mark", "unmark", "relabel" }) do
      vim.keymap.set({ "n", "x" }, "z" .. k:sub(1, 1), "<Plug>(newsmark-" .. k .. ")", { buffer = buf, remap = true })
    end
  end)

  it("mark asks the label once; . marks the next text with the same label", function()
    H.set_cursor(0, 4) -- Tagus
    H.feed("zm2eORG<CR>")
    assert.is_true(H.wait(buf))
    H.set_cursor(2, 4) -- Douro
    H.feed(".")
    assert.is_true(H.wait(buf))
    assert.are.same({ "ORG Douro Board", "ORG Tagus Board" }, decisions(buf))
    assert.are.equal("ORG", label_of(buf, "Douro Board"))
  end)

  it("relabel covers every entity moved over; . repeats it on another line", function()
    H.set_cursor(0, 0)
    H.feed("zr$GPE<CR>") -- every entity of line 1
    assert.is_true(H.wait(buf))
    assert.are.equal("GPE", label_of(buf, "Ana Ruiz"))
    H.set_cursor(2, 0)
    H.feed(".")
    assert.is_true(H.wait(buf))
    assert.are.equal("GPE", label_of(buf, "Rui Costa"))
  end)

  it("unmark works in visual mode and repeats with .", function()
    local r = api.nvim_buf_get_lines(buf, 0, 1, false)[1]:find("Ana Ruiz", 1, true) - 1
    H.set_cursor(0, r)
    H.feed("vezu")
    assert.is_true(H.wait(buf))
    assert.is_nil(label_of(buf, "Ana Ruiz"))
    local r2 = api.nvim_buf_get_lines(buf, 2, 3, false)[1]:find("Rui Costa", 1, true) - 1
    H.set_cursor(2, r2)
    H.feed("zu2e")
    assert.is_true(H.wait(buf))
    assert.is_nil(label_of(buf, "Rui Costa"))
    assert.is_not_nil(label_of(buf, "Lisbon"))
  end)

  it("says what is wrong when there is no entity in the text moved over", function()
    H.set_cursor(0, 0)
    local msgs = H.notifications(function()
      H.feed("zuiw") -- "The"
    end)
    assert.are.equal(1, #msgs)
    assert.is_truthy(msgs[1].msg:find("no entity", 1, true), msgs[1].msg)
  end)
end)
