-- The language server's code actions and :Newsmark make the same decisions
-- (both through newsmark.decide) and write the same sidecar: the same
-- decisions taken in the editor and through the server (newsmark.lsp.server
-- in this Neovim, spoken to as a client would) give the same article.ann.
local H = require("tests.nvim.helpers")
local api = vim.api
local json = require("newsmark.cli.json")

local ARTICLE = table.concat({
  "# Port deal",
  "",
  "Prime Minister Ana Ruiz met union leaders in Lisbon on Tuesday.",
  "",
  "The ferry company Maris Lines said it would add two boats.",
  "",
}, "\n")

-- (0-based row, byte column) of `s` in ARTICLE
local function pos_of(s)
  local row = 0
  for line in (ARTICLE .. "\n"):gmatch("([^\n]*)\n") do
    local a = line:find(s, 1, true)
    if a then return row, a - 1 end
    row = row + 1
  end
  error("not in the article: " .. s)
end

-- The decisions: the text at the cursor (or selected, `sel`), the :Newsmark
-- command, the code action's title.
local STEPS = {
  { "Lisbon", "Newsmark relabel ORG", 'newsmark: relabel "Lisbon" as ORG (every mention)' },
  { "Tuesday", "Newsmark unmark", 'newsmark: "Tuesday" is not an entity (unmark)' },
  { "Maris Lines", "Newsmark never document", 'newsmark: never tag "Maris Lines" in this document' },
  { "union leaders", "'<,'>Newsmark mark NORP", 'newsmark: mark "union leaders" as NORP', sel = true },
  { "Ana Ruiz", "Newsmark always PERSON all", 'newsmark: always tag "Ana Ruiz" as PERSON in every document (your lexicon)' },
}

-- Then taken back, in the editor (:Newsmark undo/redo) and through the server:
-- the lexicon entry, the mark, the never, and the never again.
local TAKE_BACK = { "undo", "undo", "undo", "redo" }

describe("code actions of bin/newsmark lsp and :Newsmark", function()
  local dir
  H.temp_dir(function(d)
    dir = d
  end)

  it("write the same sidecar and lexicon for the same decisions", function()
    -- in the editor, with the lexicon file the server is given
    H.setup({ annotations = { lexicon = dir .. "/lexicon.tsv" } })
    vim.fn.mkdir(dir .. "/editor", "p")
    local path = dir .. "/editor/article.md"
    H.write_file(path, ARTICLE)
    vim.cmd("edit! " .. vim.fn.fnameescape(path))
    vim.bo.filetype = "markdown"
    assert.is_true(H.wait())
    local said = {}
    for _, st in ipairs(STEPS) do
      H.set_cursor(pos_of(st[1]))
      if st.sel then
        vim.cmd("normal! v" .. (#st[1] - 1) .. "l\27")
      end
      local msgs = H.notifications(function() vim.cmd(st[2]) end)
      said[#said + 1] = msgs[1] and msgs[1].msg
      assert.is_true(H.wait())
    end
    vim.cmd("silent write")
    local from_editor = H.read_file(dir .. "/editor/article.ann")
    assert.truthy(from_editor and from_editor ~= "", "the editor wrote no sidecar")
    local lexicon_editor = H.read_file(dir .. "/lexicon.tsv")
    assert.truthy(lexicon_editor and lexicon_editor:find("Ana Ruiz\tPERSON", 1, true), lexicon_editor)
    os.remove(dir .. "/lexicon.tsv")
    -- then taken back (TAKE_BACK)
    local undone = {}
    for _, c in ipairs(TAKE_BACK) do
      local msgs = H.notifications(function() vim.cmd("Newsmark " .. c) end)
      undone[#undone + 1] = msgs[1] and msgs[1].msg
      assert.is_true(H.wait())
    end
    vim.cmd("silent write")
    local undone_editor = H.read_file(dir .. "/editor/article.ann")
    assert.are_not.equal(from_editor, undone_editor)

    -- through the server, as a client speaks to it
    vim.fn.mkdir(dir .. "/server", "p")
    H.write_file(dir .. "/server/article.md", ARTICLE)
    local out = {}
    local S = require("newsmark.lsp.server")
    local model = assert(require("newsmark.core").model())
    local s = S.new(model, { lexicon = dir .. "/lexicon.tsv",
      output = { write = function(_, ...) for _, x in ipairs({ ... }) do out[#out + 1] = x end end, flush = function() end },
      log = { write = function() end } })
    local function call(id, method, params)
      out = {}
      s:handle(json.encode({ jsonrpc = "2.0", id = id, method = method, params = params }))
      local got, text, i = {}, table.concat(out), 1
      while i <= #text do
        local n, e = text:match("^Content%-Length: (%d+)\r\n\r\n()", i)
        got[#got + 1] = json.decode(text:sub(e, e + tonumber(n) - 1))
        i = e + tonumber(n)
      end
      for _, m in ipairs(got) do
        if m.id == id then return m end
      end
    end
    local uri = "file://" .. dir .. "/server/article.md"
    call(1, "initialize", { capabilities = {} })
    call(nil, "textDocument/didOpen", { textDocument = { uri = uri, languageId = "markdown", version = 1, text = ARTICLE } })
    local answered = {}
    for i, st in ipairs(STEPS) do
      local row, col = pos_of(st[1])
      local ecol = st.sel and col + #st[1] or col
      local acts = call(10 + i, "textDocument/codeAction", { textDocument = { uri = uri },
        range = { start = { line = row, character = col }, ["end"] = { line = row, character = ecol } },
        context = { diagnostics = {} } }).result
      local act
      for _, a in ipairs(acts) do
        if a.title == st[3] then act = a end
      end
      assert.truthy(act, st[3] .. " not offered")
      local r = call(20 + i, "workspace/executeCommand", act.command)
      assert.is_nil(r.error, r.error and r.error.message)
      answered[#answered + 1] = "newsmark: " .. r.result -- (as window/showMessage says it)
    end
    assert.are.equal(from_editor, H.read_file(dir .. "/server/article.ann"))
    assert.are.equal(lexicon_editor, H.read_file(dir .. "/lexicon.tsv"))
    -- and each says the same line about what it did
    assert.are.same(said, answered)
    -- the server's undo and redo: code actions wherever the cursor is
    local taken = {}
    for i, c in ipairs(TAKE_BACK) do
      local acts = call(40 + i, "textDocument/codeAction", { textDocument = { uri = uri },
        range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
        context = { diagnostics = {} } }).result
      local act
      for _, a in ipairs(acts) do
        if a.title:find("^newsmark: " .. c .. " the last decision %(") then act = a end
      end
      assert.truthy(act, c .. " not offered")
      local r = call(50 + i, "workspace/executeCommand", act.command)
      assert.is_nil(r.error, r.error and r.error.message)
      taken[#taken + 1] = "newsmark: " .. r.result
    end
    assert.are.equal(undone_editor, H.read_file(dir .. "/server/article.ann"))
    assert.are.same(undone, taken)
  end)
end)
