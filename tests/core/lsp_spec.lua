-- bin/newsmark lsp: a scripted client speaking the protocol byte by byte
-- (every message framed into one input, the framed output parsed back).
local H = require("tests.core.helper")
local json = require("newsmark.cli.json")

local BIN = "XDG_DATA_HOME=/nonexistent/newsmark-test luajit bin/newsmark lsp"

local function frame(m)
  local b = type(m) == "string" and m or json.encode(m)
  return "Content-Length: " .. #b .. "\r\n\r\n" .. b
end

local function req(id, method, params)
  return { jsonrpc = "2.0", id = id, method = method, params = params }
end

local function note(method, params)
  return { jsonrpc = "2.0", method = method, params = params }
end

-- A server in this process (opts: newsmark.lsp.server.new's; its output
-- kept, its log dropped). Returns the server, call(id, method, params) ->
-- the decoded answer (the output of that one message), and the output.
local function in_process(opts)
  local out = {}
  opts = opts or {}
  opts.output = { write = function(_, ...) for _, x in ipairs({ ... }) do out[#out + 1] = x end end, flush = function() end }
  opts.log = { write = function() end }
  local s = require("newsmark.lsp.server").new(H.model, opts)
  local function call(id, method, params)
    for k in pairs(out) do out[k] = nil end
    s:handle(json.encode(req(id, method, params)))
    local body = table.concat(out):match("\r\n\r\n(.*)$")
    return body and json.decode(body)
  end
  return s, call, out
end

-- The messages of the server's output `out`, decoded; every frame checked.
local function parse(out)
  local got, i = {}, 1
  while i <= #out do
    local n, e = out:match("^Content%-Length: (%d+)\r\n\r\n()", i)
    assert(n, "bad frame in the output at " .. i .. ": " .. out:sub(i, i + 40))
    local body = out:sub(e, e + tonumber(n) - 1)
    assert.equal(tonumber(n), #body)
    got[#got + 1] = json.decode(body)
    i = e + tonumber(n)
  end
  return got
end

-- Run the server on `msgs` (tables, or raw strings already framed when
-- `raw` is set); returns exit code, decoded messages, stderr.
local function run(msgs, args)
  local parts = {}
  for _, m in ipairs(msgs) do
    parts[#parts + 1] = type(m) == "table" and m.raw or frame(m)
  end
  local code, out, err = H.run(BIN .. (args and " " .. args or ""), table.concat(parts))
  return code, parse(out), err
end

local function response(got, id)
  for _, m in ipairs(got) do
    if m.id == id and m.method == nil then return m end
  end
end

local function notifications(got, method)
  local out = {}
  for _, m in ipairs(got) do
    if m.method == method then out[#out + 1] = m.params end
  end
  return out
end

local function init(id, encodings, options)
  local caps = {}
  if encodings then caps.general = { positionEncodings = setmetatable(encodings, json.array_mt) } end
  return req(id or 1, "initialize", { processId = json.null, capabilities = caps, initializationOptions = options })
end

local URI = "file:///nonexistent/newsmark-lsp/harbour.md"
-- "𝄞" (U+1D11E): 4 bytes, 2 UTF-16 units, before the entities of line 4
local ARTICLE = table.concat({
  "# Harbour plan",
  "",
  '"Nobody knows what comes next."',
  "",
  "The band played \240\157\132\158 while Prime Minister Ana Ruiz spoke in Lisbon on Monday.",
  "",
  '"We will build the new pier," Ruiz said.',
  "",
}, "\n")

local function open(text, lang, uri)
  return note("textDocument/didOpen", {
    textDocument = { uri = uri or URI, languageId = lang or "markdown", version = 1, text = text or ARTICLE },
  })
end

-- Decode semantic tokens into { line, char, length, type name, modifiers }.
local function tokens(result, legend)
  local out, line, ch = {}, 0, 0
  local d = result.data
  for k = 1, #d, 5 do
    if d[k] > 0 then ch = 0 end
    line, ch = line + d[k], ch + d[k + 1]
    out[#out + 1] = { line = line, char = ch, len = d[k + 2], type = legend.tokenTypes[d[k + 3] + 1], mods = d[k + 4] }
  end
  return out
end

-- A request that needs the document's analysis: the diagnostics due are
-- published after it (without one, a change's diagnostics wait until the
-- input is idle, and a change before then supersedes them).
local function look(id, uri)
  return req(id, "textDocument/documentSymbol", { textDocument = { uri = uri or URI } })
end

local function token_at(toks, line, char)
  for _, t in ipairs(toks) do
    if t.line == line and t.char == char then return t end
  end
end

describe("newsmark lsp: lifecycle", function()
  it("initializes, shuts down and exits with 0", function()
    local code, got, err = run({ init(1), note("initialized", {}), req(2, "shutdown"), note("exit") })
    assert.equal(0, code, err)
    local r = response(got, 1).result
    assert.equal("utf-16", r.capabilities.positionEncoding)
    assert.equal(2, r.capabilities.textDocumentSync.change)
    assert.is_true(r.capabilities.semanticTokensProvider.full)
    assert.same(json.null, response(got, 2).result)
    assert.equal(2, #got) -- nothing else on stdout
  end)

  it("negotiates utf-8 only when the client offers it", function()
    local _, got = run({ init(1, { "utf-16", "utf-8" }), req(2, "shutdown"), note("exit") })
    assert.equal("utf-8", response(got, 1).result.capabilities.positionEncoding)
    _, got = run({ init(1, { "utf-32", "utf-16" }), req(2, "shutdown"), note("exit") })
    assert.equal("utf-16", response(got, 1).result.capabilities.positionEncoding)
  end)

  it("exits with 1 on exit without shutdown, and at the end of input without it", function()
    local code = run({ init(1), note("exit") })
    assert.equal(1, code)
    code = run({ init(1) })
    assert.equal(1, code)
  end)

  it("refuses requests after shutdown", function()
    local code, got = run({ init(1), req(2, "shutdown"), req(3, "textDocument/hover", {}), note("exit") })
    assert.equal(0, code)
    assert.equal(-32600, response(got, 3).error.code)
  end)
end)

describe("newsmark lsp: errors", function()
  it("answers -32002 before initialize and ignores notifications then", function()
    local code, got = run({ req(7, "textDocument/hover", {}), open(), init(1), req(2, "shutdown"), note("exit") })
    assert.equal(0, code)
    assert.equal(-32002, response(got, 7).error.code)
    assert.equal(0, #notifications(got, "textDocument/publishDiagnostics"))
  end)

  it("answers -32601 to unknown requests, nothing to unknown notifications", function()
    local _, got = run({ init(1), req(2, "newsmark/nothing", {}), note("newsmark/nothing", {}),
      note("$/cancelRequest", { id = 2 }), req(3, "shutdown"), note("exit") })
    assert.equal(-32601, response(got, 2).error.code)
    assert.equal(3, #got) -- initialize, the error, shutdown
  end)

  it("answers -32600 to a message with no method, nothing to a response", function()
    local _, got = run({ init(1), { jsonrpc = "2.0", id = 4, params = {} }, { jsonrpc = "2.0", id = 5, result = json.null },
      { jsonrpc = "2.0", id = 6, result = {} }, req(2, "shutdown"), note("exit") })
    assert.equal(-32600, response(got, 4).error.code)
    assert.is_nil(response(got, 6))
    assert.equal(3, #got)
  end)

  it("answers -32700 to malformed JSON and goes on", function()
    local code, got, err = run({ init(1), '{"jsonrpc":"2.0","id":5,"method":', req(2, "shutdown"), note("exit") })
    assert.equal(0, code)
    assert.equal(-32700, got[2].error.code)
    assert.equal(json.null, got[2].id)
    assert.same(json.null, response(got, 2).result)
    assert.truthy(err:find("malformed JSON", 1, true), err)
  end)

  it("survives garbage headers and a wrong Content-Length", function()
    local shutdown = json.encode(req(2, "shutdown"))
    local code, got = run({
      init(1),
      { raw = "garbage line\r\nX-Other: 1\r\n\r\n" }, -- a header block without Content-Length
      { raw = "Content-Length: 5\r\n\r\n" .. '{"jsonrpc":"2.0","id":3,"method":"x"}' }, -- too short
      { raw = frame(shutdown) },
      note("exit"),
    })
    assert.equal(0, code)
    assert.same(json.null, response(got, 2).result)
    local parse_errors = 0
    for _, m in ipairs(got) do
      if m.error and m.error.code == -32700 then parse_errors = parse_errors + 1 end
    end
    assert.equal(1, parse_errors)
  end)
end)

describe("newsmark lsp: documents", function()
  local function session(encodings, extra, options)
    local msgs = { init(1, encodings, options), note("initialized", {}), open() }
    for _, m in ipairs(extra or {}) do msgs[#msgs + 1] = m end
    msgs[#msgs + 1] = req(99, "shutdown")
    msgs[#msgs + 1] = note("exit")
    local code, got, err = run(msgs)
    assert.equal(0, code, err)
    return got, response(got, 1).result.capabilities.semanticTokensProvider.legend
  end

  it("gives semantic tokens in utf-16 units after a non-BMP character", function()
    local got, legend = session(nil, { req(2, "textDocument/semanticTokens/full", { textDocument = { uri = URI } }) })
    local toks = tokens(response(got, 2).result, legend)
    -- "The band played " (16) + 𝄞 (2) + " while Prime Minister " (22) = 40
    local ana = token_at(toks, 4, 40)
    assert.truthy(ana, json.encode(response(got, 2).result))
    assert.same({ "person", 8 }, { ana.type, ana.len })
    assert.same({ "place", 6 }, { token_at(toks, 4, 58).type, token_at(toks, 4, 58).len })
    assert.equal("amount", token_at(toks, 4, 68).type)
    -- the quote, then its speaker and cue after it on line 6
    local q = token_at(toks, 6, 0)
    assert.same({ "quote", 29 }, { q.type, q.len })
    assert.same({ "speaker", 4 }, { token_at(toks, 6, 30).type, token_at(toks, 6, 30).len })
    assert.same({ "cue", 4 }, { token_at(toks, 6, 35).type, token_at(toks, 6, 35).len })
    -- nothing on the markdown heading
    for _, t in ipairs(toks) do assert.is_true(t.line > 0) end
  end)

  it("gives semantic tokens in bytes with utf-8", function()
    local got, legend = session({ "utf-8" }, { req(2, "textDocument/semanticTokens/full", { textDocument = { uri = URI } }) })
    local toks = tokens(response(got, 2).result, legend)
    assert.equal("person", token_at(toks, 4, 42).type)
    assert.equal("place", token_at(toks, 4, 60).type)
  end)

  it("applies incremental changes in utf-16 and utf-8 positions", function()
    local uri = { uri = URI, version = 2 }
    for _, enc in ipairs({ "utf-16", "utf-8" }) do
      local col = enc == "utf-16" and 58 or 60
      local got, legend = session({ enc }, {
        -- "Lisbon" -> "Porto", then a word inserted after the 𝄞
        note("textDocument/didChange", { textDocument = uri, contentChanges = {
          { range = { start = { line = 4, character = col }, ["end"] = { line = 4, character = col + 6 } }, text = "Porto" },
        } }),
        note("textDocument/didChange", { textDocument = { uri = URI, version = 3 }, contentChanges = {
          { range = { start = { line = 4, character = col - 22 }, ["end"] = { line = 4, character = col - 22 } }, text = " softly" },
        } }),
        req(2, "textDocument/semanticTokens/full", { textDocument = { uri = URI } }),
      })
      local toks = tokens(response(got, 2).result, legend)
      local t = token_at(toks, 4, col - 18 + 7 + 18)
      assert.truthy(t, enc .. ": " .. json.encode(response(got, 2).result))
      assert.same({ "place", 5 }, { t.type, t.len })
      assert.equal("person", token_at(toks, 4, col - 18 + 7).type)
      -- the input never idle: one publication, for the last version (the
      -- two before were superseded before anything needed them)
      local pubs = notifications(got, "textDocument/publishDiagnostics")
      assert.equal(1, #pubs)
      assert.equal(3, pubs[1].version)
    end
  end)

  it("publishes the no-speaker and unclosed-mark diagnostics, with codes", function()
    local got = session(nil, {
      look(2),
      note("textDocument/didChange", { textDocument = { uri = URI, version = 2 }, contentChanges = {
        { range = { start = { line = 7, character = 0 }, ["end"] = { line = 7, character = 0 } },
          text = '\nThe mayor said: "We will build it\n' },
      } }),
    })
    local pubs = notifications(got, "textDocument/publishDiagnostics")
    assert.equal(2, #pubs)
    local codes = {}
    for _, d in ipairs(pubs[1].diagnostics) do codes[#codes + 1] = d.code end
    assert.same({ "no_speaker" }, codes)
    local d = pubs[1].diagnostics[1]
    assert.same({ 2, 0, 2, 31 }, { d.range.start.line, d.range.start.character, d.range["end"].line, d.range["end"].character })
    assert.equal(1, pubs[1].version)
    codes = {}
    local unclosed
    for _, x in ipairs(pubs[2].diagnostics) do
      codes[#codes + 1] = x.code
      if x.code == "unclosed" then unclosed = x end
    end
    table.sort(codes)
    assert.same({ "no_speaker", "unclosed" }, codes)
    assert.same({ 8, 16, 8, 17 }, { unclosed.range.start.line, unclosed.range.start.character,
      unclosed.range["end"].line, unclosed.range["end"].character })
    assert.equal(2, pubs[2].version)
  end)

  it("reads markdown by languageId or extension, plain text otherwise", function()
    local text = "```\nAna Ruiz met Tomas Berg in Porto.\n```\n"
    local function count(lang, uri)
      local _, got = run({ init(1), open(text, lang, uri),
        req(2, "textDocument/semanticTokens/full", { textDocument = { uri = uri } }), req(3, "shutdown"), note("exit") })
      return #response(got, 2).result.data / 5
    end
    assert.equal(0, count("markdown", "untitled:a"))
    assert.equal(3, count("plaintext", "file:///nonexistent/a.md"))
    assert.equal(0, count("", "file:///nonexistent/a.md"))
    assert.equal(3, count("", "file:///nonexistent/a.txt"))
  end)

  it("hovers an entity with its label, id and mention count, and outlines the entities", function()
    local got = session(nil, {
      req(2, "textDocument/hover", { textDocument = { uri = URI }, position = { line = 6, character = 31 } }),
      req(3, "textDocument/hover", { textDocument = { uri = URI }, position = { line = 0, character = 3 } }),
      req(4, "textDocument/documentSymbol", { textDocument = { uri = URI } }),
    })
    local h = response(got, 2).result
    assert.truthy(h.contents.value:find("**PERSON** Ruiz", 1, true), h.contents.value)
    assert.truthy(h.contents.value:find("2 mentions", 1, true), h.contents.value)
    assert.truthy(h.contents.value:find("first mention: Ana Ruiz", 1, true), h.contents.value)
    assert.truthy(h.contents.value:find('1 quote:\n- "We will build the new pier," (direct)', 1, true), h.contents.value)
    assert.same({ 6, 30, 6, 34 }, { h.range.start.line, h.range.start.character, h.range["end"].line, h.range["end"].character })
    assert.same(json.null, response(got, 3).result)
    local names = {}
    for _, g in ipairs(response(got, 4).result) do
      local kids = {}
      for _, c in ipairs(g.children) do
        local qs = {}
        for _, q in ipairs(c.children or {}) do qs[#qs + 1] = q.name end
        kids[#kids + 1] = c.name .. (#qs > 0 and "[" .. table.concat(qs, "|") .. "]" or "")
      end
      names[#names + 1] = g.name .. ":" .. table.concat(kids, ",")
    end
    assert.same({ "PERSON:Ana Ruiz", "GPE:Lisbon", "DATE:Monday",
      'quotes:(no speaker)["Nobody knows what comes next."],Ruiz["We will build the new pier,"]' }, names)
  end)

  it("publishes every editorial check of newsmark.checks, each switchable, with its severity", function()
    -- (the article of tests/nvim/checks_spec.lua too: the editor's checks)
    local text = assert(H.read_file("tests/fixtures/checks.md"))
    local uri = "file:///nonexistent/newsmark-lsp/checks.md"
    local function diags(options, extra)
      local msgs = { init(1, nil, options), open(text, "markdown", uri), look(2, uri) }
      for _, m in ipairs(extra or {}) do msgs[#msgs + 1] = m end
      msgs[#msgs + 1] = req(9, "shutdown")
      msgs[#msgs + 1] = note("exit")
      local code, got, err = run(msgs)
      assert.equal(0, code, err)
      local out = {}
      for _, p in ipairs(notifications(got, "textDocument/publishDiagnostics")) do
        local list = {}
        for _, d in ipairs(p.diagnostics) do
          list[#list + 1] = ("%d:%d:%s:%d"):format(d.range.start.line, d.range.start.character, d.code, d.severity)
        end
        table.sort(list)
        out[#out + 1] = list
      end
      return out
    end
    assert.same({ { "0:0:surname_first:2", "10:16:unclosed:2", "4:0:long_quote:2", "4:0:no_speaker:2", "6:55:spelling:2" } },
      diags(nil))
    assert.same({ { "0:0:surname_first:4", "10:16:unclosed:2", "4:0:no_speaker:2" } },
      diags({ diagnostics = { spelling = false, surname_first = "HINT", long_quote_words = 45 } }))
    local got = diags(nil, {
      note("workspace/didChangeConfiguration", { settings = { newsmark = { diagnostics = { enabled = false } } } }),
      note("workspace/didChangeConfiguration", { settings = { newsmark = { diagnostics = { severity = "ERROR", no_speaker = false, unclosed = "INFO" } } } }),
    })
    assert.same({}, got[2])
    assert.same({ "0:0:surname_first:1", "10:16:unclosed:3", "4:0:long_quote:1", "6:55:spelling:1" }, got[3])
  end)

  it("switches diagnostics off through initializationOptions", function()
    local got = session(nil, {}, { diagnostics = { no_speaker = false } })
    local pubs = notifications(got, "textDocument/publishDiagnostics")
    assert.equal(1, #pubs)
    assert.equal(0, #pubs[1].diagnostics)
  end)

  it("switches diagnostics through workspace/didChangeConfiguration", function()
    local got = session(nil, {
      look(2),
      note("workspace/didChangeConfiguration", { settings = { newsmark = { diagnostics = { no_speaker = false } } } }),
      note("workspace/didChangeConfiguration", { settings = { newsmark = { diagnostics = {} } } }),
    })
    local pubs = notifications(got, "textDocument/publishDiagnostics")
    assert.same({ 1, 0, 1 }, { #pubs[1].diagnostics, #pubs[2].diagnostics, #pubs[3].diagnostics })
  end)

  it("asks a client of the pull model for its settings (workspace/configuration)", function()
    local caps = { workspace = { configuration = true } }
    local function answer(id, settings)
      return { jsonrpc = "2.0", id = id, result = setmetatable({ settings }, json.array_mt) }
    end
    local code, got, err = run({
      req(1, "initialize", { processId = json.null, capabilities = caps }),
      note("initialized", {}),
      open(), -- asked when the first document opens
      look(2),
      answer("newsmark-1", { diagnostics = { no_speaker = false } }),
      note("workspace/didChangeConfiguration", { settings = json.null }),
      answer("newsmark-2", { diagnostics = { no_speaker = "HINT" } }),
      note("workspace/didChangeConfiguration", { settings = json.null }),
      { jsonrpc = "2.0", id = "newsmark-3", error = { code = -32603, message = "no settings" } },
      req(99, "shutdown"), note("exit"),
    })
    assert.equal(0, code, err)
    local asked = {}
    for _, m in ipairs(got) do
      if m.method == "workspace/configuration" then
        asked[#asked + 1] = m.id .. ":" .. m.params.items[1].section
      end
    end
    assert.same({ "newsmark-1:newsmark", "newsmark-2:newsmark", "newsmark-3:newsmark" }, asked)
    local pubs = notifications(got, "textDocument/publishDiagnostics")
    assert.equal(3, #pubs)
    assert.same({ "no_speaker", 2 }, { pubs[1].diagnostics[1].code, pubs[1].diagnostics[1].severity })
    assert.same({}, pubs[2].diagnostics)
    assert.same({ "no_speaker", 4 }, { pubs[3].diagnostics[1].code, pubs[3].diagnostics[1].severity })
    -- a client without it is never asked
    _, got = run({ init(1), note("initialized", {}), open(), note("workspace/didChangeConfiguration", { settings = json.null }),
      req(99, "shutdown"), note("exit") })
    for _, m in ipairs(got) do assert.is_not.equal("workspace/configuration", m.method) end
  end)

  it("applies the sidecar next to the file", function()
    local dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p " .. dir)
    local a = ARTICLE:find("Lisbon", 1, true) - 1 - 3 -- characters: the 4-byte 𝄞 counts 1
    H.write_file(dir .. "/harbour.ann", ("T1\tORG %d %d\tLisbon\n"):format(a, a + 6))
    local uri = "file://" .. dir .. "/harbour.md"
    local code, got, err = run({ init(1), open(ARTICLE, "markdown", uri),
      req(2, "textDocument/semanticTokens/full", { textDocument = { uri = uri } }), req(3, "shutdown"), note("exit") })
    os.remove(dir .. "/harbour.ann")
    os.remove(dir)
    assert.equal(0, code, err)
    local toks = tokens(response(got, 2).result, response(got, 1).result.capabilities.semanticTokensProvider.legend)
    local t = token_at(toks, 4, 58)
    assert.same({ "organization", 8 }, { t.type, t.mods })
  end)

  it("never fails on invalid UTF-8, and measures it one unit a byte", function()
    local text = "Caf\233 \255\254 Ana Ruiz met Tomas Berg in Porto.\n"
    local got, legend = session(nil, {
      open(text, "plaintext", "untitled:bad"),
      note("textDocument/didChange", { textDocument = { uri = "untitled:bad", version = 2 }, contentChanges = {
        { range = { start = { line = 0, character = 5 }, ["end"] = { line = 0, character = 6 } }, text = "" },
      } }),
      req(2, "textDocument/semanticTokens/full", { textDocument = { uri = "untitled:bad" } }),
    })
    local toks = tokens(response(got, 2).result, legend)
    -- "Caf\233 \254 " is 7 units once \255 is gone
    assert.same({ "person", 8 }, { token_at(toks, 0, 7).type, token_at(toks, 0, 7).len })
  end)

  it("gives the semantic tokens of a range of lines", function()
    local got, legend = session(nil, {
      req(2, "textDocument/semanticTokens/full", { textDocument = { uri = URI } }),
      req(3, "textDocument/semanticTokens/range", { textDocument = { uri = URI },
        range = { start = { line = 4, character = 0 }, ["end"] = { line = 5, character = 0 } } }),
    })
    local full = tokens(response(got, 2).result, legend)
    local want = {}
    for _, t in ipairs(full) do
      if t.line == 4 or t.line == 5 then want[#want + 1] = t end
    end
    assert.is_true(#want >= 3 and #want < #full)
    assert.same(want, tokens(response(got, 3).result, legend))
  end)

  it("falls back to standard token types when asked", function()
    local _, legend = session(nil, {}, { semanticTokens = "standard" })
    assert.equal("variable", legend.tokenTypes[1])
    assert.equal("string", legend.tokenTypes[7])
  end)
end)

describe("newsmark lsp: profiles", function()
  -- a post the taggers of the profiles read differently
  local POST = "Great night with Ana at Harbour Grill, thanks @ruizana and the Porto crew!\n"
  local PURI = "untitled:post"

  -- "line:char:len:type" of every semantic token of POST after `extra`
  -- (messages after the document opened), with initializationOptions
  -- `options` and command-line `args`; and the messages of the session
  local function post_tokens(options, args, extra)
    local msgs = { init(1, nil, options), note("initialized", {}), open(POST, "plaintext", PURI) }
    for _, m in ipairs(extra or {}) do msgs[#msgs + 1] = m end
    msgs[#msgs + 1] = req(50, "textDocument/semanticTokens/full", { textDocument = { uri = PURI } })
    msgs[#msgs + 1] = req(99, "shutdown")
    msgs[#msgs + 1] = note("exit")
    local code, got, err = run(msgs, args)
    assert.equal(0, code, err)
    local legend = response(got, 1).result.capabilities.semanticTokensProvider.legend
    local out = {}
    for _, t in ipairs(tokens(response(got, 50).result, legend)) do
      out[#out + 1] = ("%d:%d:%d:%s"):format(t.line, t.char, t.len, t.type)
    end
    return out, got
  end

  it("takes the profile from initializationOptions as --profile does", function()
    local news = post_tokens(nil, nil)
    local differ = 0
    for _, p in ipairs({ "web", "mixed", "social" }) do
      local by_option = post_tokens({ profile = p }, nil)
      assert.same(post_tokens(nil, "--profile " .. p), by_option)
      if table.concat(by_option, " ") ~= table.concat(news, " ") then differ = differ + 1 end
    end
    -- the option is really used: the profiles read the post differently
    assert.equal(3, differ)
    assert.same(news, post_tokens({ profile = "news" }, "--profile news"))
  end)

  it("switches profile through workspace/didChangeConfiguration", function()
    local switched = post_tokens(nil, nil, {
      note("workspace/didChangeConfiguration", { settings = { newsmark = { profile = "social" } } }),
    })
    assert.same(post_tokens(nil, "--profile social"), switched)
    local back = post_tokens({ profile = "social" }, nil, {
      note("workspace/didChangeConfiguration", { settings = { newsmark = { profile = "news" } } }),
    })
    assert.same(post_tokens(nil, nil), back)
  end)

  it("keeps the model and says why when a profile does not load", function()
    local news = post_tokens(nil, nil)
    for _, bad in ipairs({ "nope", "../data/newsmark" }) do
      local toks, got = post_tokens({ profile = bad }, nil)
      assert.same(news, toks)
      local shown = notifications(got, "window/showMessage")
      assert.equal(1, #shown)
      assert.equal(2, shown[1].type)
      assert.truthy(shown[1].message:find("profile " .. bad .. " not applied", 1, true), shown[1].message)
    end
    local toks, got = post_tokens(nil, "--profile web", {
      note("workspace/didChangeConfiguration", { settings = { newsmark = { profile = "nope" } } }),
    })
    assert.same(post_tokens(nil, "--profile web"), toks)
    local shown = notifications(got, "window/showMessage")
    assert.equal(1, #shown)
    assert.truthy(shown[1].message:find("no such profile", 1, true), shown[1].message)
    assert.truthy(shown[1].message:find("the web profile stays", 1, true), shown[1].message)
  end)
end)

describe("newsmark lsp: mentions", function()
  local TEXT = table.concat({
    "# Harbour plan",
    "",
    "The band played \240\157\132\158 while Prime Minister Ana Ruiz spoke in Lisbon on Monday.",
    "",
    '"We will build the new pier," Ruiz said. "It will be done," she added.',
    "",
  }, "\n")
  local U = "file:///nonexistent/newsmark-lsp/mentions.md"

  local function session(extra)
    local msgs = { init(1), open(TEXT, "markdown", U) }
    for _, m in ipairs(extra) do msgs[#msgs + 1] = m end
    msgs[#msgs + 1] = req(99, "shutdown")
    msgs[#msgs + 1] = note("exit")
    local code, got, err = run(msgs)
    assert.equal(0, code, err)
    return got
  end

  local function at(line, character)
    return { textDocument = { uri = U }, position = { line = line, character = character } }
  end

  local function spans(list)
    local out = {}
    for _, x in ipairs(list) do
      local r = x.range or x.location.range
      out[#out + 1] = ("%d:%d-%d"):format(r.start.line, r.start.character, r["end"].character)
    end
    return out
  end

  it("declares definition, references, highlights and workspace symbols", function()
    local caps = response(session({}), 1).result.capabilities
    assert.same({ true, true, true, true },
      { caps.definitionProvider, caps.referencesProvider, caps.documentHighlightProvider, caps.workspaceSymbolProvider })
  end)

  it("goes to the first mention of the entity from a later one, a speaker or a pronoun", function()
    local got = session({
      req(2, "textDocument/definition", at(4, 31)), -- "Ruiz"
      req(3, "textDocument/definition", at(4, 62)), -- "she"
      req(4, "textDocument/definition", at(2, 58)), -- "Lisbon" (its own first mention)
      req(5, "textDocument/definition", at(4, 10)), -- inside a quote: no entity
    })
    for id = 2, 3 do
      local d = response(got, id).result
      assert.equal(U, d.uri)
      -- "The band played " (16) + 𝄞 (2 units) + " while Prime Minister " (22)
      assert.same({ "2:40-48" }, spans({ d }))
    end
    assert.same({ "2:58-64" }, spans({ response(got, 4).result }))
    assert.same(json.null, response(got, 5).result)
  end)

  it("lists every mention as references, the first one only with includeDeclaration", function()
    local p = at(2, 44)
    local q = at(2, 44)
    p.context = { includeDeclaration = true }
    q.context = { includeDeclaration = false }
    local got = session({
      req(2, "textDocument/references", p),
      req(3, "textDocument/references", q),
      req(4, "textDocument/references", at(0, 2)),
    })
    assert.same({ "2:40-48", "4:30-34", "4:60-63" }, spans(response(got, 2).result))
    assert.same({ "4:30-34", "4:60-63" }, spans(response(got, 3).result))
    assert.same({}, response(got, 4).result)
  end)

  it("highlights the mentions of the entity under the cursor, the first as introduced", function()
    local got = session({
      req(2, "textDocument/documentHighlight", at(4, 61)),
      req(3, "textDocument/documentHighlight", at(2, 60)),
    })
    local h = response(got, 2).result
    assert.same({ "2:40-48", "4:30-34", "4:60-63" }, spans(h))
    assert.same({ 3, 2, 2 }, { h[1].kind, h[2].kind, h[3].kind })
    assert.same({ "2:58-64" }, spans(response(got, 3).result))
  end)

  it("gives workspace symbols of the open documents, one an entity, filtered by the query", function()
    local got = session({
      req(2, "workspace/symbol", { query = "" }),
      req(3, "workspace/symbol", { query = "ruz" }),
      req(4, "workspace/symbol", { query = "Nobody" }),
    })
    local all = {}
    for _, s in ipairs(response(got, 2).result) do all[#all + 1] = s.containerName .. ":" .. s.name end
    assert.same({ "PERSON:Ana Ruiz", "GPE:Lisbon", "DATE:Monday" }, all)
    local r = response(got, 3).result
    assert.equal(1, #r)
    assert.same({ "Ana Ruiz", 13, U }, { r[1].name, r[1].kind, r[1].location.uri })
    assert.same({ "2:40-48" }, spans(r))
    assert.same({}, response(got, 4).result)
  end)

  it("reads the workspace folders' articles only when asked, and again when they change", function()
    local dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p '" .. dir .. "/news' '" .. dir .. "/.git'")
    H.write_file(dir .. "/.git/ignored.md", "Zoe Lindqvist met Tomas Berg.\n")
    local s, call = in_process()
    local function names(res)
      local t = {}
      for _, x in ipairs(res.result) do
        t[#t + 1] = x.name .. "@" .. x.location.uri:match("[^/]*$")
      end
      return t
    end
    call(1, "initialize", { capabilities = {}, workspaceFolders = { { uri = "file://" .. dir, name = "w" } } })
    -- written after initialize: read at the request (not hidden directories,
    -- not other files)
    H.write_file(dir .. "/news/port.md", "Tomas Berg met Ana Ruiz in Porto.\n")
    H.write_file(dir .. "/news/notes.json", "Joana Falcao\n")
    assert.same({ "Tomas Berg@port.md", "Ana Ruiz@port.md", "Porto@port.md" }, names(call(2, "workspace/symbol", { query = "" })))
    H.write_file(dir .. "/news/port.md", "Carla Mendes met Ana Ruiz in Porto.\n")
    assert.same({ "Carla Mendes@port.md" }, names(call(3, "workspace/symbol", { query = "mendes" })))
    -- an open document is read from the client, not from the disk
    out = {}
    s:handle(json.encode(open("Joana Falcao spoke in Porto.\n", "markdown", "file://" .. dir .. "/news/port.md")))
    assert.same({}, names(call(4, "workspace/symbol", { query = "mendes" })))
    assert.same({ "Joana Falcao@port.md" }, names(call(5, "workspace/symbol", { query = "falcao" })))
    -- a folder removed: its articles are gone
    s:handle(json.encode(note("textDocument/didClose", { textDocument = { uri = "file://" .. dir .. "/news/port.md" } })))
    s:handle(json.encode(note("workspace/didChangeWorkspaceFolders",
      { event = { added = {}, removed = { { uri = "file://" .. dir, name = "w" } } } })))
    assert.same({}, names(call(6, "workspace/symbol", { query = "" })))
    os.execute("rm -rf '" .. dir .. "'")
  end)
end)

describe("newsmark lsp: code actions", function()
  -- "é" (2 bytes, 1 character) before Lisbon: the sidecar counts characters
  local TEXT = "Prime Minister Ana Ruiz met caf\195\169 owners in Lisbon on Tuesday.\n"
  local LIS = TEXT:find("Lisbon", 1, true) - 1 -- bytes
  local CAFE = TEXT:find("caf", 1, true) - 1
  local TUE = TEXT:find("Tuesday", 1, true) - 1

  local function tmpdir()
    local dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p '" .. dir .. "'")
    H.write_file(dir .. "/lexicon.tsv", "# the person's lexicon\n")
    return dir
  end

  -- Run a session on dir/article.md: `steps(uri)` gives the messages after
  -- didOpen. Returns the messages, the legend.
  local function session(dir, steps, caps, lexicon)
    local uri = "file://" .. dir .. "/article.md"
    local msgs = {
      req(1, "initialize", { processId = json.null, capabilities = caps or {} }),
      note("textDocument/didOpen", { textDocument = { uri = uri, languageId = "markdown", version = 1, text = TEXT } }),
    }
    for _, m in ipairs(steps(uri)) do msgs[#msgs + 1] = m end
    msgs[#msgs + 1] = req(99, "shutdown")
    msgs[#msgs + 1] = note("exit")
    local parts = {}
    for _, m in ipairs(msgs) do parts[#parts + 1] = frame(m) end
    local code, out, err = H.run(BIN .. " --lexicon '" .. (lexicon or dir .. "/lexicon.tsv") .. "'", table.concat(parts))
    assert.equal(0, code, err)
    local got = parse(out)
    return got, response(got, 1).result.capabilities.semanticTokensProvider.legend
  end

  local function actions(uri, id, a, b)
    return req(id, "textDocument/codeAction", { textDocument = { uri = uri },
      range = { start = { line = 0, character = a }, ["end"] = { line = 0, character = b or a } }, context = { diagnostics = {} } })
  end

  local function titled(list, pattern)
    for _, a in ipairs(list) do
      if a.title:find(pattern) then return a end
    end
    error("no action like " .. pattern .. " in " .. json.encode(list))
  end

  local function type_at(toks, char)
    local t = token_at(toks, 0, char)
    return t and t.type
  end

  it("offers the entity's decisions on an entity, mark on other words, none elsewhere", function()
    local dir = tmpdir()
    -- utf-16 columns: Lisbon is one unit earlier than its byte offset
    local got = session(dir, function(uri)
      return { actions(uri, 2, LIS + 1 - 1), actions(uri, 3, CAFE, CAFE + 11), actions(uri, 4, 14),
        req(5, "textDocument/codeAction", { textDocument = { uri = uri }, context = { only = { "source" } },
          range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } } }) }
    end)
    os.execute("rm -rf '" .. dir .. "'")
    local ent = response(got, 2).result
    assert.truthy(titled(ent, '^newsmark: "Lisbon" is not an entity'))
    assert.truthy(titled(ent, '^newsmark: relabel "Lisbon" as ORG'))
    assert.truthy(titled(ent, '^newsmark: never tag "Lisbon" in any document'))
    for _, a in ipairs(ent) do
      assert.is_nil(a.title:find("as GPE %(every"), a.title) -- not its own label
      assert.equal("newsmark.decide", a.command.command)
    end
    local sel = response(got, 3).result
    assert.truthy(titled(sel, '^newsmark: mark "caf\195\169 owners" as NORP$'))
    assert.same({}, response(got, 4).result) -- white space: nothing to decide
    assert.same({}, response(got, 5).result) -- only "source" actions asked for
    assert.same({ "newsmark.decide" }, response(got, 1).result.capabilities.executeCommandProvider.commands)
  end)

  it("relabels, marks and never-tags through the sidecar next to the file, as the editor writes it", function()
    local dir = tmpdir()
    local acts = {}
    local got, legend = session(dir, function(uri)
      return { actions(uri, 2, LIS - 1) }
    end)
    acts.relabel = titled(response(got, 2).result, 'relabel "Lisbon" as ORG')
    got = session(dir, function(uri)
      return { actions(uri, 2, CAFE, CAFE + 11), actions(uri, 3, TUE - 1) }
    end)
    acts.mark = titled(response(got, 2).result, 'mark "caf\195\169 owners" as NORP')
    acts.never = titled(response(got, 3).result, 'never tag "Tuesday" in this document')
    got, legend = session(dir, function()
      return {
        req(10, "workspace/executeCommand", acts.relabel.command),
        req(11, "workspace/executeCommand", acts.mark.command),
        req(12, "workspace/executeCommand", acts.never.command),
        req(13, "textDocument/semanticTokens/full", { textDocument = { uri = "file://" .. dir .. "/article.md" } }),
      }
    end, { workspace = { semanticTokens = { refreshSupport = true } } })
    local ann = H.read_file(dir .. "/article.ann")
    assert.equal('relabelled "Lisbon" as ORG: 1 mention of the entity', response(got, 10).result)
    assert.equal('marked "caf\195\169 owners" as NORP', response(got, 11).result)
    assert.equal('"Tuesday": never tagged in this document', response(got, 12).result)
    local c = LIS - 1 -- characters
    assert.equal(table.concat({ -- (newsmark.sidecar writes in text order)
      ("T2\tNORP %d %d\tcaf\195\169 owners"):format(CAFE, CAFE + 11),
      ("T1\tORG %d %d\tLisbon"):format(c, c + 6),
      ("T3\tNever %d %d\tTuesday"):format(TUE - 1, TUE - 1 + 7),
      "A1\tScope T3 document",
    }, "\n") .. "\n", ann)
    local toks = tokens(response(got, 13).result, legend)
    assert.equal("organization", type_at(toks, LIS - 1))
    assert.equal("group", type_at(toks, CAFE))
    assert.is_nil(type_at(toks, TUE - 1))
    -- each decision asked the client to fetch the tokens again, and said what it did
    local refresh, shown = 0, {}
    for _, m in ipairs(got) do
      if m.method == "workspace/semanticTokens/refresh" then refresh = refresh + 1 end
    end
    for _, p in ipairs(notifications(got, "window/showMessage")) do shown[#shown + 1] = p.message end
    assert.equal(3, refresh)
    assert.equal('newsmark: marked "caf\195\169 owners" as NORP', shown[2])
    -- the same decisions read back by a new session (didOpen reads the sidecar)
    got, legend = session(dir, function(uri)
      return { req(2, "textDocument/semanticTokens/full", { textDocument = { uri = uri } }) }
    end)
    toks = tokens(response(got, 2).result, legend)
    assert.equal("organization", type_at(toks, LIS - 1))
    assert.equal("group", type_at(toks, CAFE))
    assert.is_nil(type_at(toks, TUE - 1))
    os.execute("rm -rf '" .. dir .. "'")
  end)

  it("undoes and redoes the last decisions of the document, a lexicon entry too", function()
    local dir = tmpdir()
    local got = session(dir, function(uri)
      return { actions(uri, 2, TUE - 1), actions(uri, 3, CAFE, CAFE + 11) }
    end)
    local never_all = titled(response(got, 2).result, 'never tag "Tuesday" in any document').command
    local mark = titled(response(got, 3).result, 'mark "caf\195\169 owners" as NORP').command
    local function take(op, uri)
      return { command = "newsmark.decide", arguments = { { uri = uri, op = op } } }
    end
    local legend
    got, legend = session(dir, function(uri)
      return {
        actions(uri, 2, 0),
        req(3, "workspace/executeCommand", take("undo", uri)),
        req(4, "workspace/executeCommand", never_all),
        req(5, "workspace/executeCommand", mark),
        actions(uri, 6, 0),
        req(7, "workspace/executeCommand", take("undo", uri)),
        req(8, "workspace/executeCommand", take("undo", uri)),
        actions(uri, 9, 0),
        req(10, "textDocument/semanticTokens/full", { textDocument = { uri = uri } }),
        req(11, "workspace/executeCommand", take("redo", uri)),
      }
    end)
    for _, a in ipairs(response(got, 2).result) do
      assert.is_nil(a.title:find("the last decision", 1, true), a.title) -- nothing to take back yet
    end
    assert.equal("no decision to undo", response(got, 3).error.message)
    assert.truthy(titled(response(got, 6).result, '^newsmark: undo the last decision %(marked "caf\195\169 owners" as NORP%)$'))
    assert.equal('undid: marked "caf\195\169 owners" as NORP', response(got, 7).result)
    assert.truthy(response(got, 8).result:find('^undid: "Tuesday": never tagged in every document'), response(got, 8).result)
    assert.truthy(titled(response(got, 9).result, '^newsmark: redo the last decision %("Tuesday": never tagged'))
    local toks = tokens(response(got, 10).result, legend)
    assert.equal("amount", type_at(toks, TUE - 1)) -- the lexicon entry gone: tagged again
    assert.is_nil(type_at(toks, CAFE)) -- the mark gone
    assert.is_nil((H.read_file(dir .. "/article.ann") or ""):find("NORP"))
    -- redo: the entry back in the lexicon
    assert.truthy(response(got, 11).result:find('^redid: "Tuesday": never tagged'), response(got, 11).result)
    assert.equal("# the person's lexicon\nTuesday\tNEVER\n", H.read_file(dir .. "/lexicon.tsv"))
    os.execute("rm -rf '" .. dir .. "'")
  end)

  it("writes the user lexicon for every document, unmarks, and refuses what it cannot do", function()
    local dir = tmpdir()
    local acts = {}
    local got = session(dir, function(uri)
      return { actions(uri, 2, TUE - 1), actions(uri, 3, 16) }
    end)
    acts.never_all = titled(response(got, 2).result, 'never tag "Tuesday" in any document')
    acts.unmark = titled(response(got, 3).result, '"Ana Ruiz" is not an entity')
    local stale = json.decode(json.encode(acts.unmark.command))
    stale.arguments[1].text = "Ana Rui"
    local legend
    got, legend = session(dir, function(uri)
      return {
        req(10, "workspace/executeCommand", acts.never_all.command),
        req(11, "workspace/executeCommand", acts.unmark.command),
        req(12, "workspace/executeCommand", stale),
        req(13, "workspace/executeCommand", { command = "newsmark.other", arguments = {} }),
        req(16, "textDocument/semanticTokens/full", { textDocument = { uri = uri } }),
      }
    end)
    assert.truthy(response(got, 10).result:find('"Tuesday": never tagged in every document', 1, true))
    assert.equal("# the person's lexicon\nTuesday\tNEVER\n", H.read_file(dir .. "/lexicon.tsv"))
    assert.equal('"Ana Ruiz" is not an entity here (Never on this mention)', response(got, 11).result)
    assert.truthy(response(got, 12).error.message:find("the text changed", 1, true))
    assert.equal(-32602, response(got, 13).error.code)
    local toks = tokens(response(got, 16).result, legend)
    assert.is_nil(type_at(toks, TUE - 1)) -- the lexicon, loaded at once
    assert.is_nil(type_at(toks, 15)) -- unmarked
    assert.equal("place", type_at(toks, LIS - 1))
    -- a document with no file has no sidecar: its decisions are refused
    got = session(dir, function()
      return {
        note("textDocument/didOpen", { textDocument = { uri = "untitled:1", languageId = "markdown", version = 1, text = TEXT } }),
        req(2, "workspace/executeCommand", { command = "newsmark.decide", arguments = { {
          uri = "untitled:1", op = "mark", start = 28, finish = 39, text = TEXT:sub(29, 39), label = "NORP" } } }),
      }
    end)
    assert.truthy(response(got, 2).error.message:find("save it first", 1, true))
    -- the lexicon entry holds in a new session (the server loads the file)
    got, legend = session(dir, function(uri)
      return { req(2, "textDocument/semanticTokens/full", { textDocument = { uri = uri } }) }
    end)
    assert.is_nil(type_at(tokens(response(got, 2).result, legend), TUE - 1))
    os.execute("rm -rf '" .. dir .. "'")
  end)
end)


describe("newsmark lsp: analysis between messages", function()
  local function write_frames(msgs)
    local path = os.tmpname()
    local parts = {}
    for _, m in ipairs(msgs) do parts[#parts + 1] = frame(m) end
    H.write_file(path, table.concat(parts))
    return path
  end

  local change = note("textDocument/didChange", { textDocument = { uri = URI, version = 2 }, contentChanges = {
    { range = { start = { line = 7, character = 0 }, ["end"] = { line = 7, character = 0 } }, text = '\n"Who knows," a man said.\n' },
  } })

  it("publishes a document's diagnostics while the client is idle, before the next change", function()
    -- the second part of the input comes a second later: meanwhile the
    -- server has nothing to read, analyses version 1 and publishes it
    local a = write_frames({ init(1), note("initialized", {}), open() })
    local b = write_frames({ change, req(99, "shutdown"), note("exit") })
    local code, out, err = H.run("sh -c '(cat " .. a .. "; sleep 1; cat " .. b .. ") | " .. BIN .. "'")
    os.remove(a)
    os.remove(b)
    assert.equal(0, code, err)
    local pubs = notifications(parse(out), "textDocument/publishDiagnostics")
    assert.same({ 1, 2 }, { pubs[1] and pubs[1].version, pubs[2] and pubs[2].version })
    assert.equal(2, #pubs)
    assert.equal(1, #pubs[1].diagnostics) -- the quote with no speaker
    assert.equal(1, #pubs[2].diagnostics) -- (the new quote has one)
  end)

  it("finishes each analysis before reading on when the input cannot be polled (lua5.1)", function()
    -- a Lua file as the input (as io.stdin is under lua5.1): no `ready`
    local path = write_frames({ init(1), open(), change, req(99, "shutdown"), note("exit") })
    local input = assert(io.open(path, "rb"))
    local s, _, out = in_process({ input = input })
    assert.is_nil(s.input.ready)
    local code = s:serve()
    input:close()
    os.remove(path)
    assert.equal(0, code)
    local pubs = notifications(parse(table.concat(out)), "textDocument/publishDiagnostics")
    assert.same({ 1, 2 }, { pubs[1] and pubs[1].version, pubs[2] and pubs[2].version })
  end)

  it("keeps the line index of the text through edits without indexing it again", function()
    local S = require("newsmark.lsp.server")
    local P = require("newsmark.lsp.position")
    local text = "one\ntwo\r\n\nthree four\n"
    local idx = P.index(text)
    local seed = 7
    local function rand(n)
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    end
    local pieces = { "", "x", "\n", "a\nb", "\n\n", "é\r\n", "long words\nand more\n" }
    for _ = 1, 300 do
      local a = rand(#text + 1)
      local b = math.min(#text, a + rand(6))
      local new = pieces[rand(#pieces) + 1]
      text = text:sub(1, a) .. new .. text:sub(b + 1)
      idx = S.reindex(idx, a, b, new)
      assert.same(P.index(text), idx)
    end
  end)

  it("writes the diagnostics' JSON as json.encode would", function()
    local S = require("newsmark.lsp.server")
    local list = {
      { range = { start = { line = 0, character = 2 }, ["end"] = { line = 1, character = 0 } }, severity = 2,
        source = "newsmark", code = "spelling", message = 'Falcau: perhaps "Falcao" \\ \t caf\195\169 \255' },
      { range = { start = { line = 4, character = 0 }, ["end"] = { line = 4, character = 9 } }, severity = 4,
        source = "newsmark", code = "no_speaker", message = "quote with no speaker" },
    }
    assert.same(json.decode(json.encode(list)), json.decode(json.encode(S.encode_diagnostics(list))))
    assert.equal("[]", json.encode(S.encode_diagnostics({})))
  end)
end)

describe("newsmark lsp: $/cancelRequest", function()
  it("answers RequestCancelled to a queued request it cancels, without running it", function()
    local dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p '" .. dir .. "'")
    local text = "Prime Minister Ana Ruiz met owners in Lisbon on Tuesday.\n"
    local uri = "file://" .. dir .. "/article.md"
    local mark = { command = "newsmark.decide", arguments = { {
      uri = uri, op = "mark", start = 28, finish = 34, text = "owners", label = "NORP" } } }
    local code, got, err = run({ init(1), open(text, "markdown", uri),
      req(2, "workspace/executeCommand", mark),
      req(3, "textDocument/hover", { textDocument = { uri = uri }, position = { line = 0, character = 16 } }),
      note("$/cancelRequest", { id = 2 }),
      note("$/cancelRequest", { id = 3 }),
      req(4, "textDocument/hover", { textDocument = { uri = uri }, position = { line = 0, character = 16 } }),
      req(99, "shutdown"), note("exit") })
    local ann = H.read_file(dir .. "/article.ann")
    os.execute("rm -rf '" .. dir .. "'")
    assert.equal(0, code, err)
    assert.equal(-32800, response(got, 2).error.code)
    assert.equal(-32800, response(got, 3).error.code)
    assert.is_nil(ann) -- the decision was not taken
    assert.truthy(response(got, 4).result.contents.value:find("Ana Ruiz", 1, true))
  end)

  -- A server whose input has `frames` for it, said to be waiting only from
  -- the `after`+1-th time the server looks (the server is then at work).
  local function server_with(frames, after)
    local s_in, pos, looks = table.concat(frames), 1, 0
    local input = {
      read = function(_, what)
        if what == "*l" then
          local nl = s_in:find("\n", pos, true)
          if not nl then return nil end
          local line = s_in:sub(pos, nl - 1)
          pos = nl + 1
          return line
        end
        local b = s_in:sub(pos, pos + what - 1)
        pos = pos + what
        return b
      end,
      ready = function()
        looks = looks + 1
        return looks > after and pos <= #s_in
      end,
    }
    local s, call = in_process({ input = input })
    return s, call, function() return looks end
  end

  it("stops workspace/symbol between two files of the workspace folders", function()
    local dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p '" .. dir .. "'")
    for i = 1, 4 do H.write_file(("%s/a%d.md"):format(dir, i), "Tomas Berg met Ana Ruiz in Porto.\n") end
    local s, call, looks = server_with({ frame(note("$/cancelRequest", { id = 2 })) }, 1)
    call(1, "initialize", { capabilities = {}, workspaceFolders = { { uri = "file://" .. dir, name = "w" } } })
    local r = call(2, "workspace/symbol", { query = "" })
    assert.equal(-32800, r.error and r.error.code, json.encode(r))
    assert.equal(3, looks()) -- before the first file (nothing), the second (the cancel), then none more
    assert.same({}, s.cancels)
    -- asked again, with nothing cancelling it: every file
    r = call(3, "workspace/symbol", { query = "berg" })
    os.execute("rm -rf '" .. dir .. "'")
    assert.equal(4, #r.result)
  end)

  it("stops semantic tokens of a long document between spans, and caches nothing half done", function()
    local S = require("newsmark.lsp.server")
    local every = S.CANCEL_EVERY
    S.CANCEL_EVERY = 2
    local s, call = server_with({ frame(note("$/cancelRequest", { id = 2 })) }, 1)
    call(1, "initialize", { capabilities = {} })
    s:handle(json.encode(open()))
    local r = call(2, "textDocument/semanticTokens/full", { textDocument = { uri = URI } })
    local cached = s.docs[URI].tokens
    local again = call(3, "textDocument/semanticTokens/full", { textDocument = { uri = URI } })
    S.CANCEL_EVERY = every
    assert.equal(-32800, r.error and r.error.code, json.encode(r))
    assert.is_nil(cached)
    assert.equal(7 * 5, #again.result.data) -- every token (as in the first test): answered in full
    -- a cancel for a request already answered: forgotten, nothing said
    local said = call(nil, "$/cancelRequest", { id = 3 })
    assert.is_nil(said)
    assert.same({}, s.cancels)
  end)
end)
