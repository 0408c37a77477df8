-- Decisions a person can take back: :Newsmark undo / redo, unmark
-- of one's own mark, :Newsmark decisions (jump, delete, toggle, kept true),
-- relabel of the whole entity or one mention, always/never that never cut a
-- longer name, and one line said by every command.
local H = require("tests.nvim.helpers")
local api = vim.api

local dir

local ARTICLE = table.concat({
  "# Shipping notes",
  "",
  "Erik Brevik joined Brevik Shipping ASA in Bergen on Monday.",
  "Ana Lindqvist said Bergen needed more ships.",
  "",
  "Lindqvist thanked Erik Brevik and the Harbour Trust in Oslo.",
  "",
  "Brevik Shipping ASA and Lindqvist met again on Friday. Brevik grew.",
  "",
}, "\n")

local function open(name, text)
  return H.open_md(dir, name, text or ARTICLE)
end

local find = H.range_of
local entity = H.entity

local function labels_of(buf, text)
  local out = {}
  for _, e in ipairs(require("newsmark").get(buf).entities) do
    if e.text == text then
      out[#out + 1] = e.label
    end
  end
  return table.concat(out, " ")
end


-- Run a command; its messages (each must be one line).
local function said(cmd)
  local msgs = H.notifications(function()
    vim.cmd(cmd)
  end)
  for _, m in ipairs(msgs) do
    assert.is_nil(m.msg:find("\n", 1, true), m.msg)
  end
  return msgs
end

local function at(buf, text, nth)
  local r = find(buf, text, nth)
  H.set_cursor(r[1], r[2])
  return r
end

describe("decisions taken back", function()
  H.temp_dir(function(d)
    dir = d
  end)

  it(":Newsmark undo takes back the last decision and redo makes it again", function()
    local buf = open("undo.md")
    at(buf, "Bergen")
    vim.cmd("Newsmark relabel LOC")
    at(buf, "Oslo")
    vim.cmd("Newsmark unmark")
    assert.is_nil(entity(buf, "Oslo"))
    assert.equal("LOC LOC", labels_of(buf, "Bergen"))
    local msgs = said("Newsmark undo")
    assert.equal(1, #msgs)
    assert.truthy(msgs[1].msg:find('undid: "Oslo" is not an entity here', 1, true), msgs[1].msg)
    assert.equal("GPE", entity(buf, "Oslo").label)
    assert.equal("LOC LOC", labels_of(buf, "Bergen"))
    said("Newsmark undo")
    assert.equal("GPE GPE", labels_of(buf, "Bergen"))
    assert.same({}, H.decision_list(buf))
    msgs = said("Newsmark undo")
    assert.equal(vim.log.levels.ERROR, msgs[1].level)
    assert.truthy(msgs[1].msg:find("no decision to undo", 1, true))
    msgs = said("Newsmark redo")
    assert.truthy(msgs[1].msg:find("redid: relabelled", 1, true), msgs[1].msg)
    assert.equal("LOC LOC", labels_of(buf, "Bergen"))
    -- the sidecar follows (the buffer is unmodified: saved at once)
    assert.equal("T1\tLOC 60 66\tBergen\nT2\tLOC 97 103\tBergen\n", H.read_file(dir .. "/undo.ann"))
    said("Newsmark undo")
    assert.equal("", H.read_file(dir .. "/undo.ann"))
  end)

  it("u is left to Neovim: it undoes text, never a decision", function()
    local buf = open("u.md")
    at(buf, "Oslo")
    vim.cmd("Newsmark unmark")
    H.feed("u")
    assert(H.wait())
    assert.is_nil(entity(buf, "Oslo"))
    assert.same({ "never Oslo" }, H.decision_list(buf))
  end)

  it("unmark of one's own mark deletes it; undo brings it back", function()
    local buf = open("own.md")
    local r = find(buf, "Brevik Shipping")
    require("newsmark.annotate").mark(buf, r, "ORG") -- too short
    assert.equal("ORG", entity(buf, "Brevik Shipping").label)
    H.set_cursor(r[1], r[2])
    local msgs = said("Newsmark unmark")
    assert.equal(1, #msgs)
    assert.truthy(msgs[1].msg:find('removed your mark "Brevik Shipping" ORG', 1, true), msgs[1].msg)
    assert.same({}, H.decision_list(buf))
    -- the right, longer name is there again, not suppressed
    assert.equal("ORG", entity(buf, "Brevik Shipping ASA").label)
    said("Newsmark undo")
    assert.same({ "ORG Brevik Shipping" }, H.decision_list(buf))
  end)

  it("relabel changes the whole entity by default, one mention with 'mention'", function()
    local buf = open("relabel.md")
    at(buf, "Lindqvist", 2) -- "Lindqvist thanked"
    local msgs = said("Newsmark relabel ORG")
    assert.truthy(msgs[1].msg:find("3 mentions of the entity", 1, true), msgs[1].msg)
    assert.equal("ORG", entity(buf, "Ana Lindqvist").label)
    assert.equal("ORG ORG", labels_of(buf, "Lindqvist"))
    -- every mention keeps the entity's one id
    local ids = {}
    for _, e in ipairs(require("newsmark").get(buf).entities) do
      if e.text:find("Lindqvist", 1, true) then
        ids[e.id] = true
      end
    end
    assert.equal(1, vim.tbl_count(ids))
    said("Newsmark undo") -- one step
    assert.equal("PERSON", entity(buf, "Ana Lindqvist").label)
    at(buf, "Lindqvist", 2)
    msgs = said("Newsmark relabel ORG mention")
    assert.truthy(msgs[1].msg:find("relabelled this mention", 1, true), msgs[1].msg)
    assert.equal("PERSON", entity(buf, "Ana Lindqvist").label)
    assert.equal("ORG PERSON", labels_of(buf, "Lindqvist"))
    msgs = said("Newsmark relabel ORG everything")
    assert.truthy(msgs[1].msg:find("'entity' or 'mention'", 1, true), msgs[1].msg)
  end)

  it("always (document) does not cut the company or the person sharing the name", function()
    local buf = open("always.md")
    at(buf, "Brevik grew")
    local msgs = said("Newsmark always ORG document")
    assert.equal(1, #msgs)
    assert.truthy(msgs[1].msg:find('"Brevik": always ORG in this document', 1, true), msgs[1].msg)
    assert.equal("PERSON PERSON", labels_of(buf, "Erik Brevik"))
    assert.equal("ORG ORG", labels_of(buf, "Brevik Shipping ASA"))
    assert.equal("ORG", labels_of(buf, "Brevik")) -- the lone one
    -- one id for the company still
    local ids = {}
    for _, e in ipairs(require("newsmark").get(buf).entities) do
      if e.text == "Brevik Shipping ASA" then
        ids[e.id] = true
      end
    end
    assert.equal(1, vim.tbl_count(ids))
    -- never (document) leaves the longer names whole too
    said("Newsmark never document")
    assert.equal("PERSON PERSON", labels_of(buf, "Erik Brevik"))
    assert.equal("", labels_of(buf, "Brevik"))
    -- a span the person marks inside the longer name wins
    require("newsmark.annotate").mark(buf, find(buf, "Brevik", 3), "ORG")
    assert.equal("PERSON", labels_of(buf, "Erik Brevik"))
  end)

  it(":Newsmark decisions lists them; <CR> jumps, dd deletes, it stays true and toggles", function()
    local buf = open("list.md")
    local win = api.nvim_get_current_win()
    at(buf, "Oslo")
    vim.cmd("Newsmark unmark")
    at(buf, "Harbour Trust")
    vim.cmd("Newsmark relabel MISC")
    vim.cmd("Newsmark merge next") -- Harbour Trust with ... the next ORG
    vim.cmd("Newsmark decisions")
    local lbuf = api.nvim_get_current_buf()
    assert.are_not.equal(buf, lbuf)
    local lines = api.nvim_buf_get_lines(lbuf, 0, -1, false)
    assert.truthy(lines[1]:find("Decisions in list.md", 1, true), lines[1])
    local body = table.concat(lines, "\n", 2)
    assert.truthy(body:find("relabel MISC%s+Harbour Trust"), body)
    assert.truthy(body:find("unmark%s+Oslo"), body)
    assert.truthy(body:find("merge%s+Harbour Trust = Brevik Shipping ASA"), body)
    -- <CR> on the Oslo line jumps there in the article's window
    local row
    for i, l in ipairs(lines) do
      if l:find("unmark", 1, true) then
        row = i
      end
    end
    api.nvim_win_set_cursor(0, { row, 0 })
    H.feed("\r")
    assert.equal(win, api.nvim_get_current_win())
    local r = find(buf, "Oslo")
    assert.same({ r[1] + 1, r[2] }, api.nvim_win_get_cursor(win))
    -- dd deletes it: Oslo is an entity again, the list is made again
    local lwin = vim.fn.bufwinid(lbuf)
    api.nvim_set_current_win(lwin)
    api.nvim_win_set_cursor(lwin, { row, 0 })
    local msgs = H.notifications(function()
      H.feed("dd")
    end)
    assert.truthy(msgs[1] and msgs[1].msg:find('deleted the decision unmark on "Oslo"', 1, true))
    assert.equal("GPE", entity(buf, "Oslo").label)
    assert.is_nil(table.concat(api.nvim_buf_get_lines(lbuf, 0, -1, false), "\n"):find("Oslo", 1, true))
    -- a decision made in the article shows up in the open list
    api.nvim_set_current_win(win)
    at(buf, "Friday")
    vim.cmd("Newsmark unmark")
    assert.truthy(table.concat(api.nvim_buf_get_lines(lbuf, 0, -1, false), "\n"):find("unmark%s+Friday"))
    -- undo takes back the delete too (after the Friday one)
    vim.cmd("Newsmark undo")
    vim.cmd("Newsmark undo")
    assert.is_nil(entity(buf, "Oslo"))
    -- run again: it closes
    vim.cmd("Newsmark decisions")
    assert.equal(-1, vim.fn.bufwinid(lbuf))
  end)

  it("an operator's decisions are one undo step", function()
    local buf = open("op.md")
    vim.keymap.set({ "n", "x" }, "zu", "<Plug>(newsmark-unmark)", { buffer = buf, remap = true })
    local r = find(buf, "Lindqvist thanked")
    H.set_cursor(r[1], 0)
    local msgs = H.notifications(function()
      H.feed("zu$")
    end)
    assert(H.wait(buf))
    assert.equal(1, #msgs)
    assert.truthy(msgs[1].msg:find("unmarked 4 entities", 1, true), msgs[1].msg)
    assert.is_nil(entity(buf, "Oslo"))
    said("Newsmark undo")
    assert.same({}, H.decision_list(buf))
    assert.equal("GPE", entity(buf, "Oslo").label)
  end)

  it("every command says in one line what it did", function()
    local buf = open("say.md")
    local function one(cmd, pattern)
      local msgs = said(cmd)
      assert.equal(1, #msgs, cmd .. ": " .. vim.inspect(msgs))
      assert.equal(vim.log.levels.INFO, msgs[1].level, msgs[1].msg)
      assert.truthy(msgs[1].msg:find(pattern, 1, true), cmd .. ": " .. msgs[1].msg)
    end
    at(buf, "Monday")
    one("Newsmark unmark", '"Monday" is not an entity here')
    at(buf, "Harbour Trust")
    one("Newsmark mark ORG", 'marked "Harbour Trust" as ORG')
    at(buf, "Bergen")
    one("Newsmark relabel LOC mention", 'relabelled this mention of "Bergen" as LOC')
    at(buf, "Ana Lindqvist")
    one("Newsmark merge next", 'merged "Ana Lindqvist" with')
    at(buf, "Friday")
    one("Newsmark never document", '"Friday": never tagged in this document')
    at(buf, "Oslo")
    one("Newsmark always LOC document", '"Oslo": always LOC in this document')
    one("Newsmark undo", 'undid: "Oslo": always LOC')
    one("Newsmark redo", 'redid: "Oslo": always LOC')
    one("Newsmark export jsonl " .. dir .. "/out.jsonl", "exported jsonl to")
    one("Newsmark export brat", "exported brat into a new window")
  end)

  it("undo takes back an always for all documents (the lexicon entry as it was)", function()
    local lex = dir .. "/lexicon.tsv"
    H.setup({ annotations = { lexicon = lex } })
    H.write_file(lex, "Oslo\tLOC\n")
    local buf = open("lex.md")
    at(buf, "Oslo")
    said("Newsmark always GPE all")
    assert.equal("Oslo\tGPE\n", H.read_file(lex))
    local msgs = said("Newsmark undo")
    assert.truthy(msgs[1].msg:find("undid:", 1, true), msgs[1].msg)
    assert.equal("Oslo\tLOC\n", H.read_file(lex))
    assert(H.wait())
    assert.equal("LOC", entity(buf, "Oslo").label)
    said("Newsmark redo")
    assert.equal("Oslo\tGPE\n", H.read_file(lex))
    require("newsmark.core").model():set_user_lexicon(nil)
  end)
end)
