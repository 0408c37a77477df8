-- Edits: debounced, incremental re-analysis; results equal a fresh analysis;
-- deleted buffers under a pending analysis.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api
local nm, buffer

local LINES = {
  "Ana Ruiz arrived in Lisbon on Tuesday.", -- 0
  "", -- 1
  "The Ministry of Finance said costs would rise.", -- 2
  "", -- 3
  '"We will not give up," Ruiz said.', -- 4
}

-- extmark ids and positions of the marks on rows [r1, r2]
local function ids_in(buf, r1, r2)
  local ns = require("newsmark.render").ns
  local out = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, { r1, 0 }, { r2, -1 }, {})) do
    out[#out + 1] = m[1]
  end
  table.sort(out)
  return out
end

local same_as_fresh = H.same_as_fresh

describe("edits", function()
  before_each(function()
    H.setup()
    nm = require("newsmark")
    buffer = require("newsmark.buffer")
  end)

  it("typing into one paragraph analyses the text once and draws that paragraph only", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    assert.are.equal(1, st.analyses)
    local first, last = ids_in(buf, 0, 0), ids_in(buf, 4, 4)
    H.set_cursor(2, 0)
    H.feed("A Carlos Mendes agreed in Porto.<Esc>")
    assert.is_true(H.wait(buf))
    assert.are.equal(1, st.last_drawn)
    assert.are.equal(2, st.analyses)
    -- the other paragraphs keep their extmarks (not even redrawn)
    assert.are.same(first, ids_in(buf, 0, 0))
    assert.are.same(last, ids_in(buf, 4, 4))
    assert.are.same({ "Ana Ruiz", "Carlos Mendes", "Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
    assert.are.same({ "Lisbon", "Porto" }, H.marked_texts(buf, "NewsmarkGpe"))
    same_as_fresh(buf)
  end)

  it("inserting lines above moves the paragraphs below without drawing them", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    local last = ids_in(buf, 4, 4)
    api.nvim_buf_set_lines(buf, 0, 0, false, { "Carlos Mendes flew to Porto.", "" })
    assert.is_true(H.wait(buf))
    assert.are.equal(1, st.last_drawn)
    assert.are.same(last, ids_in(buf, 6, 6))
    same_as_fresh(buf)
  end)

  it("waits for the debounce: nothing is analysed until the timer fires", function()
    H.reset({ debounce = 100000 })
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived in Porto on Monday." })
    vim.wait(30)
    assert.are.equal(1, st.flushes)
    assert.are.equal("Ana Ruiz", nm.get(buf).entities[1].text) -- as of the last analysis
    buffer.sync(buf)
    assert.are.same({ "Carlos Mendes", "Ruiz" }, H.marked_texts(buf, "NewsmarkPerson"))
  end)

  it("several quick edits give one analysis of the final text", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    local flushes = st.flushes
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos arrived." })
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived in Porto." })
    assert.is_true(H.wait(buf))
    assert.are.equal(flushes + 1, st.flushes)
    assert.are.equal(1, st.last_drawn)
    same_as_fresh(buf)
  end)

  it("after many kinds of edits the highlights equal a fresh analysis", function()
    local buf = H.buf(LINES)
    local edits = {
      function() -- split a paragraph
        H.set_cursor(0, 9)
        H.feed("i<CR><Esc>")
      end,
      function() -- join it again
        H.set_cursor(0, 0)
        H.feed("J")
      end,
      function() -- paste a paragraph in the middle
        api.nvim_buf_set_lines(buf, 3, 3, false, { "", "Carlos Mendes met Ruiz in Porto.", "" })
      end,
      function() -- delete lines across two paragraphs
        api.nvim_buf_set_lines(buf, 1, 3, false, {})
      end,
      function() -- open a code fence over the end
        api.nvim_buf_set_lines(buf, 2, 2, false, { "```" })
      end,
      function()
        vim.cmd("silent undo")
      end,
      function()
        vim.cmd("silent undo")
      end,
      function()
        vim.cmd("silent redo")
      end,
      function() -- remove a blank line: two paragraphs become one
        local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
        for i, l in ipairs(lines) do
          if l == "" then
            api.nvim_buf_set_lines(buf, i - 1, i, false, {})
            break
          end
        end
      end,
      function() -- everything replaced
        api.nvim_buf_set_lines(buf, 0, -1, false, { "Portuguese fishermen met in Lisbon on Friday." })
      end,
    }
    for i, edit in ipairs(edits) do
      edit()
      assert.is_true(H.wait(buf), "edit " .. i)
      same_as_fresh(buf)
    end
  end)

  -- an article where linking matters: surnames after full names, a name
  -- repeated across paragraphs, expressions repeated
  local LINKED = {
    "Ana Ruiz arrived in Lisbon on Tuesday.",
    "",
    "Carlos Mendes said on Tuesday that Ruiz would stay.",
    "",
    '"We will not give up," Ruiz said.',
    "",
    "Mendes and Rita Ruiz met in Porto.",
    "",
    "The Ministry of Finance said Ruiz was wrong.",
  }

  it("random edits keep highlights, ids and results equal to a fresh analysis", function()
    local buf = H.buf(LINKED)
    math.randomseed(7)
    local inserts = {
      "Ana Ruiz", "Ruiz", "Carlos", "Mendes", "Porto", " ", ".", '"', "Rita ", "the Ministry of Finance",
    }
    for i = 1, 40 do
      local n = api.nvim_buf_line_count(buf)
      local r = math.random()
      if r < 0.55 then -- type (or paste a name) somewhere
        local row = math.random(0, n - 1)
        local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
        local col = math.random(0, #line)
        api.nvim_buf_set_text(buf, row, col, row, col, { inserts[math.random(#inserts)] })
      elseif r < 0.7 then -- delete a word
        local row = math.random(0, n - 1)
        local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
        local s, e = line:find("%S+%s*", math.random(1, math.max(1, #line)))
        if s then
          api.nvim_buf_set_text(buf, row, s - 1, row, e, {})
        end
      elseif r < 0.8 then -- paste a paragraph
        local row = math.random(0, n)
        api.nvim_buf_set_lines(buf, row, row, false, { "Rita Ruiz told Mendes in Lisbon that Ana was right.", "" })
      elseif r < 0.9 and n > 2 then -- delete lines
        local row = math.random(0, n - 2)
        api.nvim_buf_set_lines(buf, row, row + 2, false, {})
      else
        vim.cmd("silent undo")
      end
      assert.is_true(H.wait(buf), "edit " .. i)
      same_as_fresh(buf)
    end
  end)

  it("an edit that changes no mention elsewhere leaves the other paragraphs' ids alone", function()
    local buf = H.buf(LINKED)
    local st = buffer.state(buf)
    local before = {}
    for _, rec in ipairs(st.paras) do
      before[rec.srow] = rec.ids
    end
    -- a new person in the last paragraph: the others keep their ids (the
    -- core numbers entities by first mention)
    api.nvim_buf_set_text(buf, 8, 0, 8, 0, { "Pedro Salgado agreed. " })
    assert.is_true(H.wait(buf))
    for _, rec in ipairs(st.paras) do
      if rec.srow < 8 then
        assert.are.same(before[rec.srow], rec.ids, "row " .. rec.srow)
      end
    end
    same_as_fresh(buf)
    -- the first full name goes: the entity "Ruiz" named splits
    local function id_of(text)
      for _, e in ipairs(nm.get(buf).entities) do
        if e.text == text then
          return e.id
        end
      end
    end
    assert.are.equal(id_of("Ana Ruiz"), id_of("Ruiz"))
    api.nvim_buf_set_text(buf, 0, 0, 0, 9, { "She " })
    assert.is_true(H.wait(buf))
    assert.is_nil(id_of("Ana Ruiz"))
    same_as_fresh(buf)
  end)

  describe("the core's linker", function()
    local model
    before_each(function()
      model = assert(require("newsmark.core").model(false))
    end)
    local function pack(list)
      local out = {}
      for _, m in ipairs(list) do
        out[#out + 1] = m[2] .. " " .. #m[1] .. " " .. m[1]
      end
      return table.concat(out)
    end

    it("links groups in the order given, like model:link over all mentions", function()
      if not model.linker then
        return pending("this core has no linker")
      end
      local lk = model:linker()
      local a = lk:add(pack({ { "Ana Ruiz", "PERSON" }, { "Lisbon", "GPE" } }))
      local e = lk:add("")
      local b = lk:add(pack({ { "Ruiz", "PERSON" }, { "Tuesday", "DATE" }, { "Lisbon", "GPE" } }))
      local changed = lk:link({ a, e, b })
      assert.are.same({ [a] = { 1, 2 }, [b] = { 1, 3, 2 } }, changed)
      assert.are.same({ 1, 2, 1, 3, 2 }, (model:link({
        { text = "Ana Ruiz", label = "PERSON" }, { text = "Lisbon", label = "GPE" },
        { text = "Ruiz", label = "PERSON" }, { text = "Tuesday", label = "DATE" }, { text = "Lisbon", label = "GPE" },
      })))
      assert.are.same({}, lk:link({ a, e, b })) -- nothing changed
      assert.are.same({ 3, 5 }, { lk:count() })
    end)

    it("keeps ids stable: a new first mention does not renumber the rest", function()
      if not model.linker then
        return pending("this core has no linker")
      end
      local lk = model:linker()
      local a = lk:add(pack({ { "Ana Ruiz", "PERSON" } }))
      local b = lk:add(pack({ { "Porto", "GPE" }, { "Ruiz", "PERSON" } }))
      lk:link({ a, b })
      local c = lk:add(pack({ { "Carlos Mendes", "PERSON" } }))
      local changed = lk:link({ c, a, b })
      assert.are.same({ c }, vim.tbl_keys(changed)) -- only the new group
      assert.are.same({ 3 }, changed[c])
      -- without the full name, "Ruiz" stays the entity it was
      lk:remove(a)
      assert.are.same({}, lk:link({ c, b }))
      -- a group added with the ids it had keeps them
      local d = lk:add(pack({ { "Ana Ruiz", "PERSON" } }), { 1 })
      assert.are.same({}, lk:link({ c, d, b }))
    end)

    it("rejects bad arguments with errors, never a crash", function()
      if not model.linker then
        return pending("this core has no linker")
      end
      local lk = model:linker()
      local a = lk:add(pack({ { "Ana Ruiz", "PERSON" } }))
      local b = lk:add(pack({ { "Ruiz", "PERSON" } }))
      assert.has_error(function()
        lk:add("PERSON 99 Ruiz")
      end)
      assert.has_error(function()
        lk:add("PERSON Ruiz")
      end)
      assert.has_error(function()
        lk:link({ a })
      end)
      assert.has_error(function()
        lk:link({ a, a })
      end)
      assert.has_error(function()
        lk:link({ a, 99 })
      end)
      lk:remove(b)
      assert.has_error(function()
        lk:remove(b)
      end)
      assert.are.same({ [a] = { 1 } }, lk:link({ a }))
      -- odd bytes in a text are just bytes
      local c = lk:add(pack({ { "R\0u 1 z\2", "PERSON" }, { "", "DATE" } }))
      assert.are.equal("table", type(lk:link({ a, c })))
    end)
  end)

  it("a buffer wiped out under a pending analysis raises nothing", function()
    H.reset({ debounce = 20 })
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    vim.v.errmsg = ""
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    vim.cmd("bwipeout! " .. buf)
    vim.wait(100)
    assert.are.equal("", vim.v.errmsg)
    assert.is_nil(buffer.state(buf))
    assert.is_false(buffer.flush(st))
    assert.is_nil(nm.get(buf))
  end)

  it("a buffer unloaded under a pending analysis raises nothing", function()
    H.reset({ debounce = 20 })
    local buf = H.buf(LINES)
    vim.bo[buf].bufhidden = ""
    local st = buffer.state(buf)
    vim.v.errmsg = ""
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    vim.cmd("enew!")
    vim.cmd("bunload! " .. buf)
    vim.wait(100)
    assert.are.equal("", vim.v.errmsg)
    assert.is_false(buffer.flush(st))
  end)

  it("a stale flush after the buffer changed again does nothing wrong", function()
    local buf = H.buf(LINES)
    local st = buffer.state(buf)
    api.nvim_buf_set_lines(buf, 0, 1, false, { "Carlos Mendes arrived." })
    assert.is_true(buffer.flush(st))
    local before = st.flushes
    assert.is_true(buffer.flush(st)) -- same changedtick: nothing to do
    assert.are.equal(before, st.flushes)
    same_as_fresh(buf)
  end)
end)
