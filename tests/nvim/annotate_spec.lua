-- The person's corrections: mark, unmark, relabel, merge, never, always,
-- their highlights and get(), label completion, the person's lexicon.
local H = require("tests.nvim.helpers")
local api = vim.api

local dir

local write_file = H.write_file

local read_file = H.read_file

local function open(name, text)
  return H.open_md(dir, name, text)
end

local find = H.range_of

local entity = H.entity

local function entity_texts(buf)
  local out = {}
  for _, e in ipairs(require("newsmark").get(buf).entities) do
    out[#out + 1] = e.label .. ":" .. e.text
  end
  return out
end

-- The person's entities as drawn: an extmark of the entity's group on each
-- manual entity of get() (one result: machine and manual marks alike).
local function manual_marks(buf)
  local render = require("newsmark.render")
  local out = {}
  for _, e in ipairs(require("newsmark.buffer").get(buf).entities) do
    if e.manual then
      local group = render.label_group[e.label]
      for _, m in ipairs(api.nvim_buf_get_extmarks(buf, render.ns, { e.row, e.col }, { e.row, e.col }, { details = true })) do
        if m[4].hl_group == group and m[4].end_row == e.end_row and m[4].end_col == e.end_col then
          out[#out + 1] = H.text(buf, m[2], m[3], m[4].end_row, m[4].end_col) .. "=" .. m[4].hl_group
        end
      end
    end
  end
  return out
end

local ARTICLE = table.concat({
  "# Harbour café notes",
  "",
  "Marta Vieira opened the Quayside Bakery in Porto on Friday.",
  "Tomás Reis said Porto needed more bakers.",
  "",
  "Vieira thanked the Harbour Trust and the city of Porto.",
  "",
}, "\n")

describe("annotations", function()
  H.temp_dir(function(d)
    dir = d
  end)

  it("marks a selection with a label: highlight, get(), and the sidecar after :write", function()
    local buf, path = open("bakery.md", ARTICLE)
    local r = find(buf, "Quayside Bakery")
    require("newsmark.annotate").mark(buf, r, "ORG")
    local e = entity(buf, "Quayside Bakery")
    assert.truthy(e)
    assert.equal("ORG", e.label)
    assert.is_true(e.manual)
    assert.is_true(vim.tbl_contains(manual_marks(buf), "Quayside Bakery=NewsmarkOrg"))
    vim.cmd("silent write")
    -- "café" has a two-byte character: brat offsets count characters
    assert.equal("T1\tORG 46 61\tQuayside Bakery\n", read_file(dir .. "/bakery.ann"))
    assert.equal("Quayside Bakery", ARTICLE:sub(48, 62)) -- bytes: one more
    assert.is_nil(path:find("%.ann$"))
  end)

  it("keeps an unsaved decision through detach and attach again", function()
    local buf = open("detach.md", ARTICLE)
    api.nvim_buf_set_lines(buf, -1, -1, false, { "", "An unsaved line." })
    local r = find(buf, "Quayside Bakery")
    require("newsmark.annotate").mark(buf, r, "EVENT")
    assert.is_true(vim.bo[buf].modified)
    require("newsmark").detach(buf)
    require("newsmark").attach(buf)
    H.wait(buf)
    local e = entity(buf, "Quayside Bakery")
    assert.truthy(e, vim.inspect(entity_texts(buf)))
    assert.equal("EVENT", e.label)
    assert.is_true(e.manual)
  end)

  it("writes the sidecar next to the new name after :saveas", function()
    local buf = open("before.md", ARTICLE)
    local r = find(buf, "Quayside Bakery")
    require("newsmark.annotate").mark(buf, r, "ORG")
    vim.cmd("silent saveas " .. dir .. "/after.md")
    assert.truthy(read_file(dir .. "/after.ann"), "no sidecar next to the new name")
    assert.truthy(read_file(dir .. "/after.ann"):find("Quayside Bakery", 1, true))
  end)

  it("marks a visual selection through :'<,'>Newsmark mark", function()
    local buf = open("visual.md", ARTICLE)
    local r = find(buf, "Quayside Bakery")
    H.set_cursor(r[1], r[2])
    H.feed("v" .. (#"Quayside Bakery" - 1) .. "l<Esc>")
    vim.cmd("'<,'>Newsmark mark EVENT")
    local e = entity(buf, "Quayside Bakery")
    assert.truthy(e, vim.inspect(entity_texts(buf)))
    assert.equal("EVENT", e.label)
  end)

  it("unmarks the machine's entity under the cursor: gone from get() and highlights, Never in the sidecar", function()
    local buf = open("unmark.md", ARTICLE)
    local r = find(buf, "Friday")
    assert.truthy(entity(buf, "Friday"), "the machine tags Friday")
    H.set_cursor(r[1], r[2] + 2)
    vim.cmd("Newsmark unmark")
    assert.is_nil(entity(buf, "Friday"))
    for _, m in ipairs(H.marks(buf)) do
      assert.are_not.equal("Friday", H.text(buf, m[1], m[2], m[3], m[4]))
    end
    vim.cmd("silent write")
    local ann = read_file(dir .. "/unmark.ann")
    assert.equal("T1\tNever 74 80\tFriday\n", ann)
  end)

  it("relabels the entity under the cursor and keeps its id", function()
    local buf = open("relabel.md", ARTICLE)
    local before = entity(buf, "Marta Vieira")
    assert.truthy(before)
    local r = find(buf, "Marta Vieira")
    H.set_cursor(r[1], r[2])
    vim.cmd("Newsmark relabel ORG")
    local after = entity(buf, "Marta Vieira")
    assert.equal("ORG", after.label)
    assert.equal(before.id, after.id)
    assert.is_true(vim.tbl_contains(manual_marks(buf), "Marta Vieira=NewsmarkOrg"))
    -- the machine's PERSON mark is gone
    assert.same({}, vim.tbl_filter(function(m)
      return H.text(buf, m[1], m[2], m[3], m[4]) == "Marta Vieira"
    end, H.marks(buf, "NewsmarkPerson")))
  end)

  it("unmark of the person's own mark deletes the mark (no Never), and the machine's comes back", function()
    local buf = open("undo.md", ARTICLE)
    local r = find(buf, "Marta Vieira")
    H.set_cursor(r[1], r[2])
    vim.cmd("Newsmark relabel ORG mention")
    assert.equal("ORG", entity(buf, "Marta Vieira").label)
    local st = require("newsmark.annotate").state(buf)
    assert.equal(1, #st.anns)
    local msgs = H.notifications(function()
      vim.cmd("Newsmark unmark")
    end)
    -- the mark is gone, nothing written in its place: the tagger's PERSON is back
    assert.equal(0, #st.anns)
    assert.equal("PERSON", entity(buf, "Marta Vieira").label)
    assert.equal(1, #msgs)
    assert.truthy(msgs[1].msg:find('removed your mark "Marta Vieira" ORG', 1, true), msgs[1].msg)
    -- unmark again: now a Never on exactly the name
    vim.cmd("Newsmark unmark")
    assert.is_nil(entity(buf, "Marta Vieira"))
    assert.equal(1, #st.anns)
    assert.is_true(st.anns[1].never)
    assert.equal("Marta Vieira", st.anns[1].text)
  end)

  it("unmark of a mistaken short mark does not suppress the right, longer name", function()
    local buf = open("short.md", ARTICLE)
    local r = find(buf, "Marta")
    require("newsmark.annotate").mark(buf, r, "PERSON")
    assert.truthy(entity(buf, "Marta"))
    H.set_cursor(r[1], r[2])
    vim.cmd("Newsmark unmark")
    assert.equal("PERSON", entity(buf, "Marta Vieira").label)
    assert.equal(0, #require("newsmark.annotate").state(buf).anns)
  end)

  it("merges the entity under the cursor with the next one: one id, Equiv in the sidecar", function()
    local buf = open("merge.md", ARTICLE)
    local a, b = entity(buf, "Marta Vieira"), entity(buf, "Tomás Reis")
    assert.truthy(a and b)
    assert.are_not.equal(a.id, b.id)
    local r = find(buf, "Marta Vieira")
    H.set_cursor(r[1], r[2])
    vim.cmd("Newsmark merge next")
    a, b = entity(buf, "Marta Vieira"), entity(buf, "Tomás Reis")
    assert.equal(a.id, b.id)
    vim.cmd("silent write")
    local lines = vim.split(read_file(dir .. "/merge.ann"), "\n", true)
    assert.same({ "T1\tPERSON 22 34\tMarta Vieira", "T2\tPERSON 82 92\tTomás Reis", "*\tEquiv T1 T2", "" }, lines)
  end)

  it("merges with an entity picked through vim.ui.select", function()
    local buf = open("pick.md", ARTICLE)
    local orig = vim.ui.select
    local offered
    vim.ui.select = function(items, o, cb)
      offered = vim.tbl_map(o.format_item, items)
      for _, it in ipairs(items) do
        if it.text == "Tomás Reis" then
          return cb(it)
        end
      end
      cb(nil)
    end
    local r = find(buf, "Marta Vieira")
    H.set_cursor(r[1], r[2])
    local ok, err = pcall(vim.cmd, "Newsmark merge")
    vim.ui.select = orig
    assert(ok, err)
    assert.truthy(vim.tbl_contains(offered, "Tomás Reis (PERSON, line 4)"), vim.inspect(offered))
    assert.equal(entity(buf, "Marta Vieira").id, entity(buf, "Tomás Reis").id)
  end)

  it("never (this document) removes every occurrence of the text", function()
    local buf = open("never.md", ARTICLE)
    local n = 0
    for _, t in ipairs(entity_texts(buf)) do
      n = n + (t:find("Porto", 1, true) and 1 or 0)
    end
    assert.equal(3, n, vim.inspect(entity_texts(buf)))
    local r = find(buf, "Porto", 2)
    H.set_cursor(r[1], r[2])
    vim.cmd("Newsmark never document")
    for _, t in ipairs(entity_texts(buf)) do
      assert.is_nil(t:find("Porto", 1, true), t)
    end
    vim.cmd("silent write")
    assert.equal("T1\tNever 98 103\tPorto\nA1\tScope T1 document\n", read_file(dir .. "/never.ann"))
  end)

  it("always {LABEL} (this document) tags every occurrence, even where the machine did not", function()
    local buf = open("always.md", ARTICLE .. "\nA baker from the quayside bakery came too.\n")
    local r = find(buf, "bakers")
    H.set_cursor(r[1], r[2] + 1)
    vim.cmd("Newsmark always MISC")
    assert.equal("MISC", entity(buf, "bakers").label)
    local r2 = find(buf, "Harbour Trust")
    require("newsmark.annotate").always(buf, "ORG", "document", r2)
    assert.equal("ORG", entity(buf, "Harbour Trust").label)
    -- a later decision on one place beats the document-wide one
    H.set_cursor(r[1], r[2] + 1)
    vim.cmd("Newsmark relabel EVENT")
    assert.equal("EVENT", entity(buf, "bakers").label)
  end)

  it("never/always for all documents go through the person's lexicon file", function()
    local lex = dir .. "/my-lexicon.tsv"
    H.setup({ annotations = { lexicon = lex } })
    local buf = open("lex.md", ARTICLE)
    local r = find(buf, "Friday")
    H.set_cursor(r[1], r[2])
    local msgs = H.notifications(function()
      vim.cmd("Newsmark never all")
    end)
    assert.truthy(msgs[1] and msgs[1].msg:find("Friday", 1, true))
    r = find(buf, "Quayside Bakery")
    H.notifications(function()
      require("newsmark.annotate").always(buf, "ORG", "all", r)
    end)
    assert.equal("Friday\tNEVER\nQuayside Bakery\tORG\n", read_file(lex))
    -- another document, never annotated: the core applies the lexicon
    local other = open("other.md", "Ines Lobo visited the Quayside Bakery on Friday.\n")
    assert.is_nil(entity(other, "Friday"))
    assert.equal("ORG", entity(other, "Quayside Bakery").label)
    -- always after never on the same text replaces the entry
    H.notifications(function()
      require("newsmark.annotate").always(other, "DATE", "all", find(other, "Friday"))
    end)
    assert.equal("Quayside Bakery\tORG\nFriday\tDATE\n", read_file(lex))
    assert.equal("DATE", entity(other, "Friday").label)
    assert.is_nil(read_file(dir .. "/other.ann"), "all-documents decisions stay out of the sidecar")
    require("newsmark.core").model():set_user_lexicon(nil)
  end)

  it("always ORG all relabels the open buffer too, even a paragraph whose old analysis was kept from an undone edit", function()
    local lex = dir .. "/my-lexicon.tsv"
    H.setup({ annotations = { lexicon = lex } })
    local buf = open("relabel.md", ARTICLE)
    assert.equal("PERSON", entity(buf, "Tomás Reis").label)
    -- an edit and its undo: the paragraph's old text comes back, and with it
    -- the analysis kept from before the edit
    local r = find(buf, "more bakers")
    api.nvim_buf_set_text(buf, r[1], r[2], r[3], r[4], { "fewer cooks" })
    assert(H.wait())
    api.nvim_buf_set_text(buf, r[1], r[2], r[3], r[2] + #"fewer cooks", { "more bakers" })
    assert(H.wait())
    H.notifications(function()
      require("newsmark.annotate").always(buf, "ORG", "all", find(buf, "Tomás Reis"))
    end)
    assert(H.wait())
    assert.equal("ORG", entity(buf, "Tomás Reis").label)
    vim.cmd("Newsmark refresh")
    assert(H.wait())
    assert.equal("ORG", entity(buf, "Tomás Reis").label)
    require("newsmark.core").model():set_user_lexicon(nil)
  end)

  it("loads the person's lexicon file into the model when the first buffer is attached", function()
    local lex = dir .. "/lexicon.tsv"
    write_file(lex, "# mine\nQuayside Bakery\tORG\nfriday\tNEVER\n")
    H.setup({ annotations = { lexicon = lex } })
    local applied = require("newsmark.lexicon")._applied
    for k in pairs(applied) do
      applied[k] = nil
    end
    local buf = open("fresh.md", ARTICLE)
    assert.equal("ORG", entity(buf, "Quayside Bakery").label)
    assert.is_nil(entity(buf, "Friday"))
    require("newsmark.core").model():set_user_lexicon(nil)
  end)

  it("analyses again after loading the lexicon, after the running flush, not inside it", function()
    local lex = dir .. "/lexicon.tsv"
    write_file(lex, "Quayside Bakery\tORG\nfriday\tNEVER\n")
    H.setup({ annotations = { lexicon = lex } })
    local applied = require("newsmark.lexicon")._applied
    for k in pairs(applied) do
      applied[k] = nil
    end
    local buffer = require("newsmark.buffer")
    local orig = buffer.listeners.annotate
    local depth, deepest, calls = 0, 0, 0
    buffer.listeners.annotate = function(...)
      depth, calls = depth + 1, calls + 1
      deepest = math.max(deepest, depth)
      local ok, err = pcall(orig, ...)
      depth = depth - 1
      assert(ok, err)
    end
    local ok, err = pcall(function()
      local buf = open("nested.md", ARTICLE)
      assert.equal("ORG", entity(buf, "Quayside Bakery").label)
      assert.is_nil(entity(buf, "Friday"))
    end)
    buffer.listeners.annotate = orig
    require("newsmark.core").model():set_user_lexicon(nil)
    assert(ok, err)
    assert.is_true(calls >= 2, "analysed, then analysed again with the lexicon")
    assert.equal(1, deepest, "no flush inside a listener")
  end)

  it("completes labels, scopes and formats", function()
    local c = require("newsmark.commands").complete
    assert.same({ "PERCENT", "PERSON" }, c("PE", "Newsmark mark PE", 0))
    assert.same({ "ORG" }, c("O", "Newsmark relabel O", 0))
    assert.same({ "document", "all" }, c("", "Newsmark always ORG ", 0))
    assert.same({ "all" }, c("a", "Newsmark never a", 0))
    assert.same({ "brat", "conll", "jsonl" }, c("", "Newsmark export ", 0))
    assert.same({ "next", "prev" }, c("", "Newsmark merge ", 0))
    for _, sub in ipairs({ "mark", "unmark", "relabel", "merge", "never", "always", "export" }) do
      assert.is_true(vim.tbl_contains(c("", "Newsmark ", 0), sub), sub)
    end
  end)

  it("refuses unknown labels and scopes with a clear message", function()
    local buf = open("bad.md", ARTICLE)
    local r = find(buf, "Marta Vieira")
    H.set_cursor(r[1], r[2])
    local msgs = H.notifications(function()
      vim.cmd("Newsmark relabel CITY")
      vim.cmd("Newsmark never everywhere")
    end)
    assert.truthy(msgs[1].msg:find("unknown label 'CITY'", 1, true), msgs[1].msg)
    assert.truthy(msgs[2].msg:find("scope must be 'document' or 'all'", 1, true), msgs[2].msg)
    local ok, err = pcall(require("newsmark.annotate").mark, buf, { 2, 24, 5, 6 }, "ORG")
    assert.is_false(ok)
    assert.truthy(tostring(err):find("cannot cross a paragraph break", 1, true), tostring(err))
    assert.equal("PERSON", entity(buf, "Marta Vieira").label)
  end)

  it("keeps decisions in place while the text changes", function()
    local buf = open("edit.md", ARTICLE)
    require("newsmark.annotate").mark(buf, find(buf, "Quayside Bakery"), "ORG")
    api.nvim_buf_set_lines(buf, 2, 2, false, { "A new first paragraph about Lisbon.", "" })
    api.nvim_buf_set_text(buf, 4, 0, 4, 0, { "Yesterday " })
    assert(H.wait(buf))
    local e = entity(buf, "Quayside Bakery")
    assert.truthy(e, vim.inspect(entity_texts(buf)))
    assert.equal("ORG", e.label)
    assert.equal(4, e.row)
    vim.cmd("silent write")
    local ann = read_file(dir .. "/edit.ann")
    local text = table.concat(api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
    local s = tonumber(ann:match("ORG (%d+)"))
    assert.equal("Quayside Bakery", vim.fn.strcharpart(text, s, 15))
  end)

  it("after an edit draws only the paragraphs it touched, and the overlay equals a fresh one", function()
    local paras = {}
    for i = 1, 40 do
      paras[#paras + 1] = ("Marta Vieira visited the Quayside Bakery in Porto on day %d, and Tomás Reis said so."):format(i)
      paras[#paras + 1] = ""
    end
    local buf = open("long.md", table.concat(paras, "\n"))
    local A = require("newsmark.annotate")
    local render = require("newsmark.render")
    A.mark(buf, find(buf, "Quayside Bakery", 3), "ORG")
    A.mark(buf, find(buf, "Tomás Reis", 7), "ORG") -- relabel of a machine entity
    A.always(buf, "MISC", "document", find(buf, "Quayside Bakery", 20))
    A.mark(buf, find(buf, "Quayside Bakery", 20), "LOC") -- a span beats the rule
    A.never(buf, "document", find(buf, "Porto", 1))
    local function drawn()
      local out = {}
      for _, ns in ipairs({ render.ns }) do
        for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
          if m[4].hl_group and m[4].hl_group ~= "NewsmarkQuote" then
            out[#out + 1] = ("%d:%d %s=%s"):format(m[2], m[3], H.text(buf, m[2], m[3], m[4].end_row, m[4].end_col), m[4].hl_group)
          end
        end
      end
      table.sort(out)
      return out
    end
    local before = drawn()
    assert.is_true(vim.tbl_contains(before, "4:25 Quayside Bakery=NewsmarkOrg"), vim.inspect(before))
    assert.is_true(vim.tbl_contains(before, "38:25 Quayside Bakery=NewsmarkLoc"), vim.inspect(before))
    assert.is_true(vim.tbl_contains(before, "40:25 Quayside Bakery=NewsmarkMisc"), vim.inspect(before))
    assert.is_true(vim.tbl_contains(before, "12:64 Tomás Reis=NewsmarkOrg"))
    assert.is_false(vim.tbl_contains(before, "12:64 Tomás Reis=NewsmarkPerson"))
    for _, x in ipairs(before) do
      assert.is_nil(x:find("Porto=", 1, true), x)
    end
    -- edits: type in paragraph 11, insert a paragraph, delete one
    local bst = require("newsmark.buffer").state(buf)
    api.nvim_buf_set_text(buf, 20, 0, 20, 0, { "Today " })
    assert(H.wait(buf))
    assert.is_true(bst.last_drawn <= 2, ("%d records drawn for one edit"):format(bst.last_drawn))
    api.nvim_buf_set_lines(buf, 30, 30, false, { "Marta Vieira met Tomás Reis at the Quayside Bakery in Porto.", "" })
    api.nvim_buf_set_lines(buf, 50, 52, false, {})
    assert(H.wait(buf))
    assert.is_true(bst.last_drawn <= 6, ("%d records drawn for two edits"):format(bst.last_drawn))
    local after = drawn()
    assert.is_true(vim.tbl_contains(after, "30:36 Quayside Bakery=NewsmarkMisc"), vim.inspect(after))
    -- a full analysis and drawing from scratch gives the same marks
    require("newsmark.buffer").refresh(buf)
    assert(H.wait(buf))
    assert.are.same(drawn(), after)
    -- and an edit inside a decision's paragraph keeps the decision drawn
    api.nvim_buf_set_text(buf, 4, 0, 4, 0, { "Again, " })
    assert(H.wait(buf))
    assert.is_true(vim.tbl_contains(drawn(), "4:32 Quayside Bakery=NewsmarkOrg"))
  end)

  it("shares one merged result between jumps until the text or a decision changes", function()
    local buf = open("shared.md", ARTICLE)
    local buffer = require("newsmark.buffer")
    local r1 = buffer.get_shared(buf)
    assert.is_true(buffer.get_shared(buf) == r1)
    require("newsmark.annotate").mark(buf, find(buf, "Quayside Bakery"), "ORG")
    local r2 = buffer.get_shared(buf)
    assert.is_false(r2 == r1)
    assert.equal("ORG", (function()
      for _, e in ipairs(r2.entities) do
        if e.text == "Quayside Bakery" then
          return e.label
        end
      end
    end)())
    assert.is_true(buffer.get_shared(buf) == r2)
    api.nvim_buf_set_text(buf, 2, 0, 2, 0, { "Yesterday " })
    assert(H.wait(buf))
    local r3 = buffer.get_shared(buf)
    assert.is_false(r3 == r2)
    assert.are.same(require("newsmark").get(buf), r3)
    -- a jump does not reorder the shared lists
    local before = vim.deepcopy(r3.entities)
    H.set_cursor(4, 0)
    require("newsmark.nav").jump("entity", -1)
    assert.are.same(before, buffer.get_shared(buf).entities)
  end)
end)
