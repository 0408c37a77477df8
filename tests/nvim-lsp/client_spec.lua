-- bin/newsmark lsp under a real client: Neovim's built-in LSP client
-- (vim.lsp.start) on an article of our own. It needs Neovim 0.9+
-- (vim.lsp.start, semantic tokens): tools/test-matrix.sh runs it on 0.10.4
-- and 0.12.4 (tests/nvim-lsp/run.sh); on an older Neovim it fails, it is
-- never skipped.
assert(vim.lsp and vim.lsp.start and vim.lsp.semantic_tokens and vim.lsp.semantic_tokens.get_at_pos,
  "tests/nvim-lsp needs Neovim 0.9+ (vim.lsp.start, semantic tokens): this is Neovim "
  .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "; make test-matrix runs it")

local api = vim.api
local ROOT = os.getenv("NEWSMARK_ROOT")

local ARTICLE = {
  "# Port deal",
  "",
  "Prime Minister Ana Ruiz met union leaders in Lisbon on Tuesday.",
  "",
  '"We will sign before the winter," Ruiz said.',
  "",
  "The ferry company Maris Lines said it would add two boats, and Tomas Berg agreed.",
  "",
  "Ruiz thanked Berg.",
}

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, "p")
local path = dir .. "/article.md"
vim.fn.writefile(ARTICLE, path)

-- (0-based row, byte column) of the n-th `s` in the article
local function pos_of(s, n)
  n = n or 1
  for row, line in ipairs(ARTICLE) do
    local init = 1
    while true do
      local a = line:find(s, init, true)
      if not a then break end
      n = n - 1
      if n == 0 then return row - 1, a - 1 end
      init = a + 1
    end
  end
  error("not in the article: " .. s)
end

local buf, client_id

local function request(method, params)
  local res, err = vim.lsp.buf_request_sync(buf, method, params, 10000)
  assert(res, "no answer to " .. method .. ": " .. tostring(err))
  local r = res[client_id]
  assert(r, "no answer from newsmark to " .. method)
  assert(not r.error and not r.err, method .. ": " .. vim.inspect(r.error or r.err))
  return r.result
end

local function at(s, n, d)
  local row, col = pos_of(s, n)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = row, character = col + (d or 0) } }
end

describe("bin/newsmark lsp in Neovim's LSP client", function()
  setup(function()
    vim.cmd("edit " .. vim.fn.fnameescape(path))
    buf = api.nvim_get_current_buf()
    vim.bo[buf].filetype = "markdown"
    client_id = vim.lsp.start({
      name = "newsmark",
      cmd = { ROOT .. "/bin/newsmark", "lsp" },
      root_dir = dir,
    })
    assert(client_id, "vim.lsp.start did not start the server")
    assert(vim.wait(10000, function() return vim.lsp.buf_is_attached(buf, client_id) end, 10), "not attached")
  end)

  it("highlights entities, quotes and speakers with semantic tokens", function()
    -- (one byte in: 0.12's get_at_pos also counts a token ending there)
    local function types_at(s, n)
      local row, col = pos_of(s, n)
      local out = {}
      for _, t in ipairs(vim.lsp.semantic_tokens.get_at_pos(buf, row, col + 1) or {}) do
        out[#out + 1] = t.type
      end
      return out
    end
    assert(vim.wait(10000, function() return #types_at("Ana Ruiz") > 0 end, 10), "no semantic tokens")
    assert.are.same({ "person" }, types_at("Ana Ruiz"))
    assert.are.same({ "place" }, types_at("Lisbon"))
    assert.are.same({ "amount" }, types_at("Tuesday"))
    assert.are.same({ "speaker" }, types_at("Maris Lines")) -- the speaker of the reported speech
    assert.are.same({ "person" }, types_at("Tomas Berg")) -- an entity inside it
    assert.are.same({ "quote" }, types_at("it would add"))
    assert.are.same({ "quote" }, types_at('"We will'))
    assert.are.same({ "speaker" }, types_at("Ruiz said"))
    assert.are.same({ "cue" }, types_at("said"))
    assert.are.same({}, types_at("union"))
    -- and drawn: extmarks with the @lsp.type.* groups in the client's namespace
    vim.cmd("redraw!")
    local groups = {}
    for name, ns in pairs(api.nvim_get_namespaces()) do
      if name:find("semantic_tokens", 1, true) then
        for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
          if m[4].hl_group then groups[m[4].hl_group] = true end
        end
      end
    end
    assert.is_true(groups["@lsp.type.person.markdown"], vim.inspect(groups))
    assert.is_true(groups["@lsp.type.quote.markdown"], vim.inspect(groups))
  end)

  it("hovers an entity: label, id, mentions, first mention, its quotes", function()
    local h = request("textDocument/hover", at("Ruiz thanked"))
    local text = type(h.contents) == "table" and h.contents.value or h.contents
    assert.truthy(text:find("**PERSON** Ruiz", 1, true), text)
    assert.truthy(text:find("3 mentions", 1, true), text)
    assert.truthy(text:find("first mention: Ana Ruiz", 1, true), text)
    assert.truthy(text:find('1 quote:\n- "We will sign before the winter," (direct)', 1, true), text)
  end)

  it("goes to the first mention with vim.lsp.buf.definition()", function()
    local row, col = pos_of("Berg.")
    api.nvim_win_set_cursor(0, { row + 1, col + 1 })
    vim.lsp.buf.definition()
    local want_row, want_col = pos_of("Tomas Berg")
    assert(vim.wait(10000, function()
      local c = api.nvim_win_get_cursor(0)
      return c[1] == want_row + 1 and c[2] == want_col
    end, 10), "the cursor did not move to Tomas Berg: " .. vim.inspect(api.nvim_win_get_cursor(0)))
  end)

  it("lists every mention with vim.lsp.buf.references()", function()
    vim.fn.setqflist({}, "r")
    local row, col = pos_of("Ruiz said")
    api.nvim_win_set_cursor(0, { row + 1, col })
    vim.lsp.buf.references({ includeDeclaration = true })
    assert(vim.wait(10000, function() return #vim.fn.getqflist() > 0 end, 10), "no references listed")
    local got = {}
    for _, it in ipairs(vim.fn.getqflist()) do
      got[#got + 1] = (it.lnum - 1) .. ":" .. (it.col - 1)
    end
    local want = {}
    for _, s in ipairs({ "Ana Ruiz", "Ruiz said", "Ruiz thanked" }) do
      local r, c = pos_of(s)
      want[#want + 1] = r .. ":" .. c
    end
    assert.are.same(want, got)
    vim.cmd("cclose")
  end)

  it("outlines the article with document symbols", function()
    local syms = request("textDocument/documentSymbol", { textDocument = { uri = vim.uri_from_bufnr(buf) } })
    local names = {}
    for _, g in ipairs(syms) do
      local kids = {}
      for _, c in ipairs(g.children or {}) do kids[#kids + 1] = c.name end
      names[#names + 1] = g.name .. ":" .. table.concat(kids, ",")
    end
    assert.are.same({ "PERSON:Ana Ruiz,Tomas Berg", "GPE:Lisbon", "DATE:Tuesday", "ORG:Maris Lines", "quotes:Ruiz,Maris Lines" }, names)
  end)

  it("takes a decision with vim.lsp.buf.code_action(), written to the sidecar", function()
    local row, col = pos_of("Lisbon")
    api.nvim_win_set_cursor(0, { row + 1, col + 2 })
    vim.lsp.buf.code_action({
      apply = true, -- the one action the filter keeps is applied at once
      filter = function(a) return a.title == 'newsmark: relabel "Lisbon" as ORG (every mention)' end,
    })
    local ann = dir .. "/article.ann"
    assert(vim.wait(10000, function() return vim.fn.filereadable(ann) == 1 end, 10), "no sidecar written")
    local c = #table.concat(ARTICLE, "\n", 1, row) + 1 + col -- (ASCII: characters are bytes)
    assert.are.same({ ("T1\tORG %d %d\tLisbon"):format(c, c + 6) }, vim.fn.readfile(ann))
    -- the client was asked to fetch the tokens again
    assert(vim.wait(10000, function()
      local t = vim.lsp.semantic_tokens.get_at_pos(buf, row, col + 1) or {}
      return t[1] and t[1].type == "organization"
    end, 10), "Lisbon is not highlighted as an organization")
  end)

  it("publishes the checks' diagnostics again as the article is edited", function()
    local function codes()
      local out = {}
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.source == "newsmark" then out[#out + 1] = d.lnum .. ":" .. tostring(d.code) end
      end
      table.sort(out)
      return table.concat(out, " ")
    end
    local n = #ARTICLE
    -- an unclosed quotation mark added at the end (didChange, analysed
    -- while the client waits), then taken out again
    api.nvim_buf_set_lines(buf, n, n, false, { "", 'The mayor said: "We will keep going' })
    assert(vim.wait(10000, function() return codes():find(n + 1 .. ":unclosed", 1, true) ~= nil end, 10),
      "no unclosed diagnostic: " .. codes())
    api.nvim_buf_set_lines(buf, n, n + 2, false, {})
    assert(vim.wait(10000, function() return not codes():find("unclosed", 1, true) end, 10),
      "the unclosed diagnostic stayed: " .. codes())
  end)

  it("leaves a sidecar the native Neovim layer loads", function()
    local client = vim.lsp.get_client_by_id(client_id)
    if vim.fn.has("nvim-0.11") == 1 then
      client:stop() -- shutdown, exit (0.11 made the client's functions methods)
    else
      client.stop()
    end
    assert(vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 10), "the client did not stop")
    vim.cmd("silent! %bwipeout!")
    local H = dofile(ROOT .. "/tests/nvim/helpers.lua")
    H.setup()
    vim.cmd("edit " .. vim.fn.fnameescape(path))
    local b = api.nvim_get_current_buf()
    vim.bo[b].filetype = "markdown"
    assert.is_true(H.wait(b))
    assert.are.equal("ORG", H.label_of(b, "Lisbon"))
    assert.are.equal("PERSON", H.label_of(b, "Ana Ruiz"))
    vim.fn.delete(dir, "rf")
  end)
end)

