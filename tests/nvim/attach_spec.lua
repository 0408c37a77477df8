-- Auto-attach, attach/detach, enable/disable/toggle, g:/b:newsmark_disable.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api
local nm

local LINES = { "Ana Ruiz arrived in Lisbon on Tuesday." }

local function keymap(buf, lhs)
  for _, m in ipairs(api.nvim_buf_get_keymap(buf, "n")) do
    if m.lhs == lhs then
      return m
    end
  end
end

describe("attach", function()
  before_each(function()
    H.setup()
    nm = require("newsmark")
  end)

  it("attaches markdown and text buffers through FileType, not others", function()
    local md = H.buf(LINES, "markdown")
    assert.is_true(nm.is_attached(md))
    assert.is_true(#H.marks(md) > 0)
    local txt = H.buf(LINES, "text")
    assert.is_true(nm.is_attached(txt))
    local lua = H.buf(LINES, "lua")
    assert.is_false(nm.is_attached(lua))
    assert.are.same({}, H.marks(lua))
  end)

  it("follows the filetypes option", function()
    H.reset({ filetypes = { "mail" } })
    assert.is_false(nm.is_attached(H.buf(LINES, "markdown")))
    assert.is_true(nm.is_attached(H.buf(LINES, "mail")))
  end)

  it("detaches when the filetype changes to one it does not handle", function()
    local buf = H.buf(LINES, "markdown")
    vim.bo[buf].filetype = "lua"
    assert.is_false(nm.is_attached(buf))
    assert.are.same({}, H.marks(buf))
  end)

  it("reports a listener's error instead of swallowing it, and still runs the others", function()
    local buffer = require("newsmark.buffer")
    local ran = 0
    buffer.listeners.test_broken = function()
      error("broken on purpose", 0)
    end
    buffer.listeners.test_counting = function()
      ran = ran + 1
    end
    local msgs = H.notifications(function()
      local buf = H.buf(LINES, "markdown")
      api.nvim_buf_set_lines(buf, 0, -1, false, { "Carlos Mendes in Porto." })
      assert(H.wait(buf))
      vim.wait(50, function()
        return false
      end)
      assert.truthy(buffer.state(buf).error and buffer.state(buf).error:find("broken on purpose", 1, true))
    end)
    buffer.listeners.test_broken, buffer.listeners.test_counting = nil, nil
    for k in pairs(buffer._reported) do
      buffer._reported[k] = nil
    end
    assert.truthy(ran >= 2, "the other listener ran after each analysis")
    assert.equal(1, #msgs, "one message for the same error")
    assert.equal("newsmark: the test_broken listener failed: broken on purpose", msgs[1].msg)
    assert.equal(vim.log.levels.ERROR, msgs[1].level)
  end)

  it("attach() and detach() work on one buffer and clear its highlights", function()
    local buf = H.buf(LINES, "lua")
    assert.is_true(nm.attach(buf))
    assert.is_true(#H.marks(buf) > 0)
    assert.is_true(nm.detach(buf))
    assert.are.same({}, H.marks(buf))
    assert.is_nil(nm.get(buf))
    -- edits after detach are not analysed and raise nothing
    api.nvim_buf_set_lines(buf, 0, 0, false, { "Carlos Mendes in Porto." })
    vim.wait(50)
    assert.are.same({}, H.marks(buf))
    -- and it can attach again
    assert.is_true(nm.attach(buf))
    assert.are.same({ "Carlos Mendes", "Ana Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
  end)

  it("sets buffer keymaps on attach and removes them on detach", function()
    local buf = H.buf(LINES)
    assert.is_not_nil(keymap(buf, "]e"))
    assert.is_not_nil(keymap(buf, "gK"))
    nm.detach(buf)
    assert.is_nil(keymap(buf, "]e"))
  end)

  it("sets no keymaps when keymaps = false, and skips one set to false", function()
    H.reset({ keymaps = false })
    local buf = H.buf(LINES)
    assert.is_nil(keymap(buf, "]e"))
    H.reset({ keymaps = { next_entity = false, prev_entity = "<Leader>E" } })
    buf = H.buf(LINES)
    assert.is_nil(keymap(buf, "]e"))
    assert.is_not_nil(keymap(buf, "<Leader>E") or keymap(buf, "\\E"))
    assert.is_not_nil(keymap(buf, ']"'))
  end)

  it("disable() detaches everything and stops auto-attach; enable() brings it back", function()
    local a = H.buf(LINES)
    nm.disable()
    assert.is_false(nm.is_attached(a))
    assert.are.same({}, H.marks(a))
    local b = H.buf(LINES)
    assert.is_false(nm.is_attached(b))
    nm.enable()
    assert.is_true(nm.is_attached(b))
    assert.is_true(#H.marks(b) > 0)
  end)

  it("toggle() switches between the two and returns the new state", function()
    local buf = H.buf(LINES)
    assert.is_false(nm.toggle())
    assert.is_false(nm.is_attached(buf))
    assert.is_true(nm.toggle())
    assert.is_true(nm.is_attached(buf))
  end)

  it(":Newsmark enable, disable and toggle do the same", function()
    local buf = H.buf(LINES)
    local steps = {
      { "disable", false },
      { "enable", true },
      { "toggle", false },
      { "toggle", true },
      { "detach", false },
      { "attach", true },
    }
    for i, step in ipairs(steps) do
      vim.cmd("Newsmark " .. step[1])
      assert.are.equal(step[2], nm.is_attached(buf), ("step %d: :Newsmark %s"):format(i, step[1]))
    end
  end)

  it("respects vim.g.newsmark_disable and vim.b.newsmark_disable", function()
    vim.g.newsmark_disable = true
    local a = H.buf(LINES)
    assert.is_false(nm.is_attached(a))
    vim.g.newsmark_disable = nil
    vim.cmd("enew!")
    local b = api.nvim_get_current_buf()
    vim.b[b].newsmark_disable = true
    api.nvim_buf_set_lines(b, 0, -1, false, LINES)
    vim.bo[b].filetype = "markdown"
    assert.is_false(nm.is_attached(b))
    H.notifications(function()
      assert.is_false(nm.attach(b))
    end)
  end)

  it("does not attach a buffer above max_size", function()
    H.reset({ max_size = 10 })
    local msgs = H.notifications(function()
      H.buf(LINES)
    end)
    assert.is_false(nm.is_attached(0))
    assert.is_truthy(msgs[1].msg:find("max_size", 1, true))
  end)

  it("loads the plugin file only once", function()
    local n = #api.nvim_get_autocmds({ group = "newsmark" })
    vim.cmd("runtime plugin/newsmark.lua")
    assert.are.equal(n, #api.nvim_get_autocmds({ group = "newsmark" }))
    assert.are.equal(2, vim.fn.exists(":Newsmark"))
  end)

  it("works without setup() and rejects bad options naming the key", function()
    local config = require("newsmark.config")
    config.set(nil)
    assert.are.equal(config.defaults.debounce, config.options.debounce)
    local cases = {
      { { debounce = "fast" }, "'debounce'" },
      { { filetypes = "markdown" }, "'filetypes'" },
      { { labels = { PERSON = "yes" } }, "'labels.PERSON'" },
      { { labels = { PEOPLE = true } }, "'labels.PEOPLE'" },
      { { keymaps = { next_entity = 3 } }, "'keymaps.next_entity'" },
      { { highlight = { quotes = 1 } }, "'highlight.quotes'" },
      { { colour = true }, "'colour'" },
      { { diagnostics = { severity = "LOUD" } }, "'diagnostics.severity'" },
    }
    for _, c in ipairs(cases) do
      local ok, err = pcall(nm.setup, c[1])
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find(c[2], 1, true), tostring(err))
    end
    -- a failed setup leaves the options as they were
    assert.are.equal(config.defaults.debounce, config.options.debounce)
  end)

  it("setup() applies options to buffers already attached", function()
    local buf = H.buf(LINES)
    assert.are.same({ "Lisbon" }, H.marked_texts(buf, "NewsmarkGpe"))
    nm.setup({ debounce = 10, labels = { GPE = false } })
    assert.are.same({}, H.marked_texts(buf, "NewsmarkGpe"))
    assert.are.same({ "Ana Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
  end)
end)
