-- newsmark.lsp.server: a Language Server Protocol 3.17 server over stdio on
-- newsmark.document (the analysis the editor and `newsmark annotate` use).
-- No `vim` here: it runs under luajit, lua5.1 or `nvim -l` (bin/newsmark).
--
--   local S = require("newsmark.lsp.server")
--   local code = S.run(model, { input = io.stdin, output = io.stdout, log = io.stderr })
--
-- Protocol: initialize (positionEncoding negotiated: "utf-8" when the client
-- offers it, else "utf-16"), initialized, shutdown, exit (code 0 after
-- shutdown, else 1); textDocument/didOpen, didChange (incremental), didClose;
-- publishDiagnostics (newsmark.checks) once a change is analysed: on the
-- worker thread while no message waits (Server:next polls the input,
-- newsmark.lsp.input), at once when a request needs the result, and a change
-- that comes first supersedes it; $/cancelRequest (a queued request answered
-- RequestCancelled without running, long work stopped between units,
-- Server:check_cancel); semanticTokens/full
-- and /range; hover (with the quotes an entity speaks); documentSymbol;
-- definition (the entity's first mention), references and documentHighlight (its mentions: entities with
-- its id, and speakers carrying it, pronouns too); workspace/symbol (open
-- documents, and the articles of the workspace folders, read at the
-- request); codeAction and workspace/executeCommand (newsmark.lsp.actions);
-- workspace/didChangeConfiguration (and workspace/configuration asked of a
-- client that has it) and didChangeWorkspaceFolders.
-- Logs go to `log` (stderr) only.
local json = require("newsmark.cli.json")
local rpc = require("newsmark.lsp.rpc")
local P = require("newsmark.lsp.position")
local D = require("newsmark.document")
local I = require("newsmark.lsp.input")

local M = {}

-- Error codes of JSON-RPC and LSP.
M.PARSE_ERROR, M.INVALID_REQUEST, M.METHOD_NOT_FOUND = -32700, -32600, -32601
M.INVALID_PARAMS, M.INTERNAL_ERROR, M.NOT_INITIALIZED = -32602, -32603, -32002
M.REQUEST_CANCELLED = -32800

-- While an analysis runs on the worker thread, the input is polled every
-- POLL_MS milliseconds (between two polls: is the analysis done?).
M.POLL_MS = 1
-- Long work looks for a $/cancelRequest every this many units (tokens: spans).
M.CANCEL_EVERY = 2000

-- The label families (the colours of newsmark.palette): one token type each.
M.family = {
  PERSON = "person", ORG = "organization", GPE = "place", LOC = "place", NORP = "group",
  EVENT = "otherName", MISC = "otherName", DATE = "amount", TIME = "amount",
  MONEY = "amount", PERCENT = "amount",
}
-- Token types (the legend's order) and the standard type each falls back to
-- with initializationOptions.semanticTokens = "standard".
M.token_types = { "person", "organization", "place", "group", "otherName", "amount", "quote", "speaker", "cue" }
M.standard = {
  person = "variable", organization = "class", place = "namespace", group = "type",
  otherName = "enumMember", amount = "number", quote = "string", speaker = "parameter", cue = "keyword",
}
M.token_modifiers = { "direct", "indirect", "mixed", "manual" }

local function arr(t)
  return setmetatable(t or {}, json.array_mt)
end

local Server = {}
Server.__index = Server

function M.new(model, io_)
  io_ = io_ or {}
  return setmetatable({
    model = model,
    input = I.wrap(io_.input or io.stdin),
    output = io_.output or io.stdout,
    logf = io_.log or io.stderr,
    docs = {},
    state = "new", -- new, running, shutdown
    encoding = "utf-16",
    options = {},
    lexicon = io_.lexicon, -- the user lexicon's path; false: none (--no-lexicon); nil: the default
    profile = io_.profile or "news", -- the entity tagger's profile the model was loaded with
    load_profile = io_.load_profile, -- function(profile) -> model, or nil and a message
    next_id = 0,
    queue = {}, -- messages read and not yet handled: { body = , msg = }
    cancels = {}, -- request ids a $/cancelRequest named (key_of)
    stats = io_.stats, -- log what each message costs (NEWSMARK_LSP_STATS)
  }, Server)
end

function Server:log(...)
  self.logf:write("newsmark lsp: ", table.concat({ ... }), "\n")
end

function Server:send(msg)
  msg.jsonrpc = "2.0"
  rpc.write(self.output, json.encode(msg))
end

function Server:reply(id, result)
  self:send({ id = id, result = result == nil and json.null or result })
end

function Server:error(id, code, message)
  self:send({ id = id == nil and json.null or id, error = { code = code, message = message } })
end

function Server:notify(method, params)
  self:send({ method = method, params = params })
end

-- A request to the client; on_result(result) when it answers (an error
-- answer is logged).
function Server:request(method, params, on_result)
  self.next_id = self.next_id + 1
  local id = "newsmark-" .. self.next_id
  self.pending = self.pending or {}
  self.pending[id] = on_result or false
  self:send({ id = id, method = method, params = params })
end

-- The client's answer `msg` to one of our requests.
function Server:answered(msg)
  local cb = self.pending and msg.id ~= nil and self.pending[msg.id]
  if cb == nil then return end
  self.pending[msg.id] = nil
  if msg.error ~= nil then
    self:log("the client answered an error to ", tostring(msg.id))
  elseif cb then
    local ok, err = pcall(cb, msg.result)
    if not ok then self:log("the answer to ", tostring(msg.id), ": ", tostring(err):match("^[^\n]*")) end
  end
end

---------------------------------------------------------------- documents

local function path_of(uri)
  if type(uri) ~= "string" then return nil end
  local p = uri:match("^file://[^/]*(/.*)$")
  if not p then return nil end
  return (p:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end
M.path_of = path_of

local function is_markdown(uri, language)
  if language == "markdown" then return true end
  if language and language ~= "" and language ~= "plaintext" then
    -- another language: by extension
  elseif language == "plaintext" then
    return false
  end
  return type(uri) == "string" and uri:lower():match("%.m[ark]*d[own]*$") ~= nil
end
M.is_markdown = is_markdown

function Server:open(uri, text, language, version)
  local doc = D.new(self.model, { markdown = is_markdown(uri, language) })
  local entry = { uri = uri, doc = doc, text = text, version = version }
  self.docs[uri] = entry
  -- a person's decisions: the sidecar next to a file (article.md -> article.ann)
  local path = path_of(uri)
  if path then
    local S = require("newsmark.sidecar")
    local scpath = S.path_for(path)
    if scpath ~= path then
      local sc, err = S.read(scpath)
      if err then
        self:log(scpath, ": ", err, " (decisions not applied)")
      elseif sc then
        doc:set_decisions(sc)
      end
    end
  end
  self:set_text(entry, text)
end

-- A new text for entry: its analysis is dropped (started again on the
-- worker thread when the server is idle, see Server:settle, or done at
-- once by a request that needs it) and its diagnostics are due.
function Server:set_text(entry, text, idx)
  entry.text = text
  entry.idx = idx or P.index(text)
  entry.doc:set_text(text)
  entry.tokens = nil
  entry.due = true
  entry.have = false
end

-- The analysis of entry's current text (waits for the worker thread when
-- it runs; analyses at once when it was not started).
function Server:result(entry)
  local r, lost = entry.doc:result()
  entry.have = true
  return r, lost
end

-- The line index of text after bytes [a, b) of the old text (index idx)
-- were replaced by `new`: the lines before the edit are kept, the lines
-- after it shifted, only the new text searched.
local function reindex(idx, a, b, new)
  local out, n = {}, 0
  for i = 1, #idx do
    local s = idx[i]
    if s > a then break end
    n = n + 1
    out[n] = s
  end
  local i = 1
  while true do
    local nl = new:find("\n", i, true)
    if not nl then break end
    n = n + 1
    out[n] = a + nl
    i = nl + 1
  end
  local shift = #new - (b - a)
  for k = 1, #idx do
    local s = idx[k]
    if s > b then
      n = n + 1
      out[n] = s + shift
    end
  end
  return out
end
M.reindex = reindex

-- Apply LSP content changes (ranges in the negotiated encoding) to entry.
function Server:change(entry, changes)
  local text, idx = entry.text, entry.idx
  for _, c in ipairs(changes) do
    if type(c) ~= "table" or type(c.text) ~= "string" then error({ code = M.INVALID_PARAMS, message = "a content change needs text" }) end
    if c.range then
      local r = c.range
      local a = P.offset(text, idx, r.start and r.start.line, r.start and r.start.character, self.encoding)
      local b = P.offset(text, idx, r["end"] and r["end"].line, r["end"] and r["end"].character, self.encoding)
      if b < a then a, b = b, a end
      text = text:sub(1, a) .. c.text .. text:sub(b + 1)
      idx = reindex(idx, a, b, c.text)
    else
      text = c.text
      idx = P.index(text)
    end
  end
  self:set_text(entry, text, idx)
end

function Server:entry(params)
  local td = type(params) == "table" and params.textDocument
  local uri = type(td) == "table" and td.uri
  local entry = uri and self.docs[uri]
  if not entry then
    error({ code = M.INVALID_PARAMS, message = "unknown document " .. tostring(uri) })
  end
  return entry
end

---------------------------------------------------------------- diagnostics

function Server:range(entry, a, b)
  local enc = self.encoding
  local l1, c1 = P.position(entry.text, entry.idx, a, enc)
  local l2, c2 = P.position(entry.text, entry.idx, b, enc)
  return { start = { line = l1, character = c1 }, ["end"] = { line = l2, character = c2 } }
end

-- The editorial checks of newsmark.checks (the editor's, with the same
-- codes and messages), switched by initializationOptions.diagnostics or the
-- settings' newsmark.diagnostics ({ no_speaker = false, spelling = "HINT",
-- long_quote_words = 60, ... }).
function Server:diagnostics(entry)
  local C = require("newsmark.checks")
  local out = {}
  for _, x in ipairs(C.run(entry.text, self:result(entry), self.options.diagnostics)) do
    out[#out + 1] = {
      range = self:range(entry, x.start, x.finish),
      severity = C.SEVERITIES[x.severity], source = "newsmark", code = x.code, message = x.message,
    }
  end
  return out
end

-- The diagnostics as raw JSON (an array), written out directly: json.encode
-- of a long article's diagnostics costs more than the checks.
local function encode_diagnostics(list)
  local parts, fmt, str = {}, string.format, json.string
  for i, d in ipairs(list) do
    local r = d.range
    parts[i] = fmt('{"code":%s,"message":%s,"range":{"end":{"character":%d,"line":%d},"start":{"character":%d,"line":%d}},"severity":%d,"source":"newsmark"}',
      str(d.code), str(d.message), r["end"].character, r["end"].line, r.start.character, r.start.line, d.severity)
  end
  return json.raw("[" .. table.concat(parts, ",") .. "]")
end
M.encode_diagnostics = encode_diagnostics

function Server:publish(entry)
  entry.due = false
  self:notify("textDocument/publishDiagnostics", {
    uri = entry.uri, version = entry.version, diagnostics = encode_diagnostics(self:diagnostics(entry)),
  })
end

---------------------------------------------------------------- semantic tokens

-- Flat, non-overlapping spans {start, finish, type, mods} of the result in
-- text order: a speaker or cue over an entity over a quote.
function M.spans(r)
  local list = {}
  local function add(s, f, prio, ty, mods)
    if s and f and f > s then list[#list + 1] = { s, f, prio, ty, mods or 0, #list } end
  end
  local mod_bit = { direct = 1, indirect = 2, mixed = 4, manual = 8 }
  for _, q in ipairs(r.quotes) do
    local bit = mod_bit[q.type] or 0
    if q.parts and #q.parts >= 2 then
      for _, p in ipairs(q.parts) do add(p.start, p.finish, 1, "quote", bit) end
    else
      add(q.start, q.finish, 1, "quote", bit)
    end
    if q.speaker then add(q.speaker.start, q.speaker.finish, 3, "speaker") end
    if q.cue then add(q.cue.start, q.cue.finish, 3, "cue") end
  end
  for _, e in ipairs(r.entities) do
    local ty = M.family[e.label] or "otherName"
    add(e.start, e.finish, 2, ty, e.manual and 8 or 0)
  end
  -- sweep the boundaries: each piece takes the top span covering it
  local events = {}
  for _, sp in ipairs(list) do
    events[#events + 1] = { sp[1], 1, sp }
    events[#events + 1] = { sp[2], 0, sp }
  end
  table.sort(events, function(x, y)
    if x[1] ~= y[1] then return x[1] < y[1] end
    if x[2] ~= y[2] then return x[2] < y[2] end
    return x[3][6] < y[3][6]
  end)
  local active, out, i = {}, {}, 1
  while i <= #events do
    local at = events[i][1]
    while i <= #events and events[i][1] == at do
      local ev = events[i]
      if ev[2] == 1 then
        active[#active + 1] = ev[3]
      else
        for k = #active, 1, -1 do
          if active[k] == ev[3] then table.remove(active, k) break end
        end
      end
      i = i + 1
    end
    local top
    for _, sp in ipairs(active) do
      if not top or sp[3] > top[3] or (sp[3] == top[3] and sp[1] >= top[1]) then top = sp end
    end
    local nxt = events[i] and events[i][1]
    if top and nxt and nxt > at then
      local last = out[#out]
      if last and last[2] == at and last[5] == top then
        last[2] = nxt
      else
        out[#out + 1] = { at, nxt, top[4], top[5], top }
      end
    end
  end
  return out
end

-- The tokens of entry, five numbers each in one flat array (line, char,
-- length, type index, modifiers; absolute), one line each (a span over
-- lines is cut at each line end).
function Server:tokens(entry)
  if entry.tokens then return entry.tokens end
  local text, idx, enc = entry.text, entry.idx, self.encoding
  local type_index = {}
  for i, t in ipairs(M.token_types) do type_index[t] = i - 1 end
  local toks, n = {}, 0
  local pos = P.cursor(text, idx, enc)
  for k, sp in ipairs(M.spans(self:result(entry))) do
    if k % M.CANCEL_EVERY == 0 then self:check_cancel() end
    local a, f = sp[1], math.min(sp[2], #text)
    while a < f do
      local line, ch = pos(a)
      local e = math.min(f, P.line_end(text, idx, line))
      if e > a then
        local _, ech = pos(e)
        toks[n + 1], toks[n + 2], toks[n + 3], toks[n + 4], toks[n + 5] = line, ch, ech - ch, type_index[sp[3]], sp[4]
        n = n + 5
      end
      local nxt = idx[line + 2]
      if not nxt then break end
      a = math.max(nxt, e)
    end
  end
  entry.tokens = toks
  return toks
end

-- The relative encoding of the tokens on lines l1..l2 (all when nil), as
-- raw JSON (an array of numbers).
local function encode_tokens(toks, l1, l2)
  local data, pl, pc, n = {}, 0, 0, 0
  local fmt = string.format
  for k = 1, #toks, 5 do
    local line, ch = toks[k], toks[k + 1]
    if (not l1 or line >= l1) and (not l2 or line <= l2) then
      local dl = line - pl
      n = n + 1
      data[n] = fmt("%d,%d,%d,%d,%d", dl, dl == 0 and ch - pc or ch, toks[k + 2], toks[k + 3], toks[k + 4])
      pl, pc = line, ch
    end
  end
  return json.raw("[" .. table.concat(data, ",") .. "]")
end

---------------------------------------------------------------- hover, symbols

M.HOVER_QUOTES = 3 -- the speaker's quotes a hover lists

local function entity_at(r, off)
  for _, e in ipairs(r.entities) do
    if e.start <= off and off < e.finish then return e end
    if e.start > off then break end
  end
end

function Server:hover(entry, pos)
  local off = P.offset(entry.text, entry.idx, pos.line, pos.character, self.encoding)
  local r = self:result(entry)
  local e = entity_at(r, off)
  if not e then return json.null end
  local n, first = 0, nil
  for _, x in ipairs(r.entities) do
    if e.id and x.id == e.id then
      n = n + 1
      first = first or x
    end
  end
  local name = entry.text:sub(e.start + 1, e.finish)
  local lines = {
    ("**%s** %s"):format(e.label, json.clean_utf8(name)),
    ("entity e%s, %d mention%s"):format(tostring(e.id), n, n == 1 and "" or "s"),
  }
  if first and first ~= e then
    lines[#lines + 1] = ("first mention: %s"):format(json.clean_utf8(entry.text:sub(first.start + 1, first.finish)))
  end
  -- the quotes this entity speaks (the first few)
  local said = {}
  for _, q in ipairs(e.id and e.id > 0 and r.quotes or {}) do
    if q.speaker and q.speaker.id == e.id then said[#said + 1] = q end
  end
  if #said > 0 then
    local items = {}
    for i = 1, math.min(#said, M.HOVER_QUOTES) do
      local q = said[i]
      local words = json.clean_utf8(entry.text:sub(q.start + 1, q.finish)):gsub("%s+", " ")
      if #words > 80 then words = words:sub(1, 80):gsub("[\192-\255][\128-\191]*$", "") .. "…" end
      items[#items + 1] = ("- %s (%s)"):format(words, q.type)
    end
    if #said > M.HOVER_QUOTES then items[#items + 1] = ("- and %d more"):format(#said - M.HOVER_QUOTES) end
    lines[#lines + 1] = ("%d quote%s:\n%s"):format(#said, #said == 1 and "" or "s", table.concat(items, "\n"))
  end
  return { contents = { kind = "markdown", value = table.concat(lines, "\n\n") }, range = self:range(entry, e.start, e.finish) }
end

-- Entities grouped by label (one symbol per entity, at its first mention),
-- then the quotes grouped by speaker: an outline of the article.
function Server:symbols(entry)
  local r = self:result(entry)
  local groups, order, seen = {}, {}, {}
  for _, e in ipairs(r.entities) do
    local key = e.id and e.id > 0 and e.id or ("@" .. e.start)
    if not seen[key] then
      seen[key] = true
      local g = groups[e.label]
      if not g then
        g = { name = e.label, kind = 5, children = arr(), first = e }
        groups[e.label] = g
        order[#order + 1] = e.label
      end
      local rg = self:range(entry, e.start, e.finish)
      local name = json.clean_utf8(entry.text:sub(e.start + 1, e.finish))
      g.children[#g.children + 1] = { name = name ~= "" and name or "?", kind = 13, range = rg, selectionRange = rg }
    end
  end
  local out = arr()
  for _, label in ipairs(order) do
    local g = groups[label]
    local rg = self:range(entry, g.first.start, g.first.finish)
    out[#out + 1] = { name = g.name, kind = g.kind, range = rg, selectionRange = rg, children = g.children }
  end
  -- quotes grouped by speaker (by entity id, else by the speaker's words)
  local speakers, sorder = {}, {}
  for _, q in ipairs(r.quotes) do
    local sp = q.speaker
    local key = sp and ((sp.id or 0) > 0 and sp.id or entry.text:sub(sp.start + 1, sp.finish)) or false
    local g = speakers[key]
    if not g then
      local name = sp and json.clean_utf8(entry.text:sub(sp.start + 1, sp.finish)) or "(no speaker)"
      g = { name = name ~= "" and name or "?", first = q, children = arr() }
      speakers[key] = g
      sorder[#sorder + 1] = key
    end
    local words = json.clean_utf8(entry.text:sub(q.start + 1, q.finish)):gsub("%s+", " ")
    if #words > 60 then words = words:sub(1, 60):gsub("[\128-\191]*$", ""):gsub("[\192-\255]$", "") .. "…" end
    local rg = self:range(entry, q.start, q.finish)
    g.children[#g.children + 1] = { name = words ~= "" and words or "?", detail = q.type, kind = 15, range = rg, selectionRange = rg }
  end
  if #sorder > 0 then
    local kids = arr()
    for _, key in ipairs(sorder) do
      local g = speakers[key]
      local rg = self:range(entry, g.first.start, g.first.finish)
      kids[#kids + 1] = { name = g.name, kind = 13, range = rg, selectionRange = rg, children = g.children }
    end
    local rg = self:range(entry, r.quotes[1].start, r.quotes[1].finish)
    out[#out + 1] = { name = "quotes", kind = 2, range = rg, selectionRange = rg, children = kids }
  end
  return out
end

---------------------------------------------------------------- mentions

-- The mention under byte offset `off`: an entity, else a quote's speaker
-- that is not an entity (a pronoun or a role carrying an entity's id).
-- Returns { start, finish, id, label } or nil.
local function mention_at(r, off)
  local e = entity_at(r, off)
  if e then
    return { start = e.start, finish = e.finish, id = e.id, label = e.label }
  end
  for _, q in ipairs(r.quotes) do
    local sp = q.speaker
    if sp and sp.start <= off and off < sp.finish then
      return { start = sp.start, finish = sp.finish, id = sp.id, label = "PERSON" }
    end
  end
end

-- Every mention of the entity of mention `m` in text order: the entities
-- with its id and the speakers with its id whose span is not an entity's
-- (an entity with no id is its own only mention).
local function mentions_of(r, m)
  if not m.id or m.id <= 0 then
    return { m }
  end
  local out, at = {}, {}
  for _, e in ipairs(r.entities) do
    at[e.start .. ":" .. e.finish] = true
    if e.id == m.id then
      out[#out + 1] = { start = e.start, finish = e.finish, id = e.id, label = e.label }
    end
  end
  for _, q in ipairs(r.quotes) do
    local sp = q.speaker
    if sp and sp.id == m.id and not at[sp.start .. ":" .. sp.finish] then
      at[sp.start .. ":" .. sp.finish] = true
      out[#out + 1] = { start = sp.start, finish = sp.finish, id = sp.id, label = "PERSON", speaker = true }
    end
  end
  table.sort(out, function(a, b) return a.start < b.start end)
  return out
end
M.mentions_of = mentions_of

-- The mentions of the entity at `params.position` of the document (nil when
-- there is no mention there), and the entry.
function Server:mentions_at(params)
  local entry = self:entry(params)
  local pos = params.position
  if type(pos) ~= "table" then error({ code = M.INVALID_PARAMS, message = "a position is needed" }) end
  local off = P.offset(entry.text, entry.idx, pos.line, pos.character, self.encoding)
  local r = self:result(entry)
  local m = mention_at(r, off)
  return m and mentions_of(r, m), entry
end

---------------------------------------------------------------- workspace

-- Workspace folders (paths), from initialize and didChangeWorkspaceFolders.
local function folder_paths(list)
  local out = {}
  if type(list) == "table" then
    for _, f in ipairs(list) do
      local p = type(f) == "table" and path_of(f.uri)
      if p then out[#out + 1] = p end
    end
  end
  return out
end

M.MAX_FILES, M.MAX_FILE_BYTES = 500, 4 * 1024 * 1024

-- The articles (*.md, *.markdown, *.txt) under the folder `dir`, hidden
-- directories left out, at most M.MAX_FILES.
local function articles_under(dir)
  local q = "'" .. dir:gsub("'", "'\\''") .. "'"
  local cmd = "find " .. q .. " -mindepth 1 -name '.*' -prune -o -type f \\( -name '*.md' -o -name '*.markdown' -o -name '*.txt' \\) -print 2>/dev/null"
  local out = {}
  local p = io.popen(cmd)
  if not p then return out end
  for line in p:lines() do
    if #out >= M.MAX_FILES then break end
    out[#out + 1] = line
  end
  p:close()
  table.sort(out)
  return out
end

local function uri_of(path)
  return "file://" .. path:gsub("[^%w/%-%._~]", function(c) return ("%%%02X"):format(c:byte()) end)
end
M.uri_of = uri_of

-- The documents workspace/symbol reads: the open ones, then the articles of
-- the workspace folders that are not open, read now (lazily: only for this
-- request) and analysed again only when their text changed.
function Server:workspace_entries()
  local list, open = {}, {}
  local uris = {}
  for uri in pairs(self.docs) do uris[#uris + 1] = uri end
  table.sort(uris)
  for _, uri in ipairs(uris) do
    list[#list + 1] = self.docs[uri]
    local p = path_of(uri)
    if p then open[p] = true end
  end
  self.files = self.files or {}
  local seen = {}
  for _, dir in ipairs(self.folders or {}) do
    for _, path in ipairs(articles_under(dir)) do
      if not open[path] and not seen[path] then
        self:check_cancel() -- (between two files)
        seen[path] = true
        local f = io.open(path, "rb")
        local text = f and f:read(M.MAX_FILE_BYTES + 1)
        if f then f:close() end
        if text and #text <= M.MAX_FILE_BYTES then
          local entry = self.files[path]
          if not entry or entry.text ~= text then
            local uri = uri_of(path)
            local doc = D.new(self.model, { markdown = is_markdown(uri) })
            local S = require("newsmark.sidecar")
            local sc = S.read(S.path_for(path))
            if sc then doc:set_decisions(sc) end
            entry = { uri = uri, doc = doc }
            self:set_text(entry, text)
            self.files[path] = entry
          end
          list[#list + 1] = entry
        end
      end
    end
  end
  for path in pairs(self.files) do
    if not seen[path] then self.files[path] = nil end
  end
  return list
end

-- Symbol kinds by label (as in the document symbols' children).
M.symbol_kind = { PERSON = 13, ORG = 5, GPE = 3, LOC = 3, NORP = 10, EVENT = 24, MISC = 13,
  DATE = 14, TIME = 14, MONEY = 16, PERCENT = 16 }

-- The entities of the documents whose name contains every character of
-- `query` in order (case-insensitive; all for ""), one symbol an entity at
-- its first mention, named by its longest mention.
function Server:workspace_symbols(query)
  query = type(query) == "string" and query:lower() or ""
  local pat = {}
  for c in query:gmatch("[%z\1-\127\194-\244][\128-\191]*") do
    if not c:find("^%s$") then pat[#pat + 1] = c:gsub("%p", "%%%0") end
  end
  pat = table.concat(pat, ".-")
  local out = arr()
  for _, entry in ipairs(self:workspace_entries()) do
    local r = self:result(entry)
    local by_id, order = {}, {}
    for _, e in ipairs(r.entities) do
      local key = e.id and e.id > 0 and e.id or ("@" .. e.start)
      local s = by_id[key]
      local name = entry.text:sub(e.start + 1, e.finish)
      if not s then
        s = { first = e, name = name, label = e.label }
        by_id[key] = s
        order[#order + 1] = s
      elseif #name > #s.name then
        s.name = name
      end
    end
    for _, s in ipairs(order) do
      local name = json.clean_utf8(s.name):gsub("%s+", " ")
      if name:lower():find(pat) then
        out[#out + 1] = {
          name = name, kind = M.symbol_kind[s.label] or 13, containerName = s.label,
          location = { uri = entry.uri, range = self:range(entry, s.first.start, s.first.finish) },
        }
      end
    end
  end
  return out
end

---------------------------------------------------------------- decisions

Server.path_of = function(uri) return path_of(uri) end

-- After a decision: diagnostics again, and the client asked to fetch the
-- semantic tokens again (when it says it can).
function Server:changed(entry)
  entry.tokens = nil
  self:publish(entry)
  if self.token_refresh then self:request("workspace/semanticTokens/refresh", json.null) end
end

-- The user lexicon's entry for `text` set to `label` (a label or "NEVER";
-- nil: the entry goes), the file loaded into the model, every open document
-- analysed again. Returns the lexicon's path.
function Server:set_lexicon(text, label)
  if self.lexicon == false then
    error({ code = M.INVALID_PARAMS, message = "no user lexicon (the server runs with --no-lexicon)" }, 0)
  end
  local L = require("newsmark.lexicon")
  local path = self.lexicon or L.path()
  local ok, err = L.set(path, text, label)
  if not ok then error({ code = M.INVALID_PARAMS, message = tostring(err) }, 0) end
  if not self.model.set_user_lexicon then
    error({ code = M.INTERNAL_ERROR, message = "this build of the core cannot load a user lexicon (run make)" }, 0)
  end
  local lok, lerr = self.model:set_user_lexicon(path)
  if not lok then error({ code = M.INTERNAL_ERROR, message = path .. ": " .. tostring(lerr) }, 0) end
  self:reanalyse()
  return path
end

-- Every open document analysed again with self.model (after the user
-- lexicon or the profile changed), its decisions kept.
function Server:reanalyse()
  self.files = {}
  local uris = {}
  for uri in pairs(self.docs) do uris[#uris + 1] = uri end
  table.sort(uris)
  for _, uri in ipairs(uris) do
    local entry = self.docs[uri]
    local old = entry.doc
    old:cancel()
    entry.doc = D.new(self.model, { markdown = old.markdown })
    entry.doc:set_decisions(old.decisions)
    self:set_text(entry, entry.text)
    self:changed(entry)
  end
end

-- The entity tagger's profile (|newsmark-profiles|: news, web, mixed,
-- social), from initializationOptions.profile or the setting
-- newsmark.profile: the model of that profile loaded (with the user
-- lexicon) and every open document analysed again. A profile that does not
-- load leaves the model as it was and says why in one message.
function Server:set_profile(profile)
  if type(profile) ~= "string" or profile == "" then return end
  if profile == self.profile then return end
  if not self.load_profile then
    self:log("profile ", profile, " not applied: the server cannot load models")
    return
  end
  local model, err = self.load_profile(profile)
  if not model then
    local msg = ("profile %s not applied (%s); the %s profile stays"):format(
      profile, tostring(err):gsub("^newsmark: ", ""), self.profile)
    self:log(msg)
    if self.state == "running" then
      self:notify("window/showMessage", { type = 2, message = "newsmark: " .. msg })
    else
      self.pending_message = msg
    end
    return
  end
  self.model, self.profile = model, profile
  self:reanalyse()
end

-- "In every document": `label` ("NEVER" for never) for `text` in the user
-- lexicon (the editor's file, newsmark.lexicon). Returns the change to
-- record for undo (newsmark.decide's shape, with the entry before and after
-- as :Newsmark records it), its message the one line saying what was done.
function Server:lexicon_rule(text, label)
  local L = require("newsmark.lexicon")
  local before = self.lexicon ~= false and L.label_of(self.lexicon or L.path(), text) or nil
  local path = self:set_lexicon(text, label)
  return require("newsmark.decide").lexicon_rule(text, label, path, before)
end

---------------------------------------------------------------- dispatch

local handlers = {}

function handlers.initialize(self, params)
  params = type(params) == "table" and params or {}
  local caps = type(params.capabilities) == "table" and params.capabilities or {}
  local offered = type(caps.general) == "table" and caps.general.positionEncodings
  self.encoding = "utf-16"
  if type(offered) == "table" then
    for _, e in ipairs(offered) do
      if e == "utf-8" then self.encoding = "utf-8" end
    end
  end
  local o = type(params.initializationOptions) == "table" and params.initializationOptions or {}
  self.options = o
  self:set_profile(o.profile)
  local ws = type(caps.workspace) == "table" and caps.workspace or {}
  self.token_refresh = type(ws.semanticTokens) == "table" and ws.semanticTokens.refreshSupport == true
  self.pull_config = ws.configuration == true
  self.folders = folder_paths(params.workspaceFolders)
  if #self.folders == 0 then
    local root = path_of(params.rootUri) or (type(params.rootPath) == "string" and params.rootPath ~= "" and params.rootPath)
    if root then self.folders = { root } end
  end
  local types = {}
  for i, t in ipairs(M.token_types) do types[i] = o.semanticTokens == "standard" and M.standard[t] or t end
  self.state = "running"
  return {
    capabilities = {
      positionEncoding = self.encoding,
      textDocumentSync = { openClose = true, change = 2 },
      semanticTokensProvider = {
        legend = { tokenTypes = arr(types), tokenModifiers = arr({ unpack(M.token_modifiers) }) },
        full = true, range = true,
      },
      hoverProvider = true,
      documentSymbolProvider = true,
      definitionProvider = true,
      referencesProvider = true,
      documentHighlightProvider = true,
      workspaceSymbolProvider = true,
      codeActionProvider = { codeActionKinds = arr({ "quickfix" }) },
      executeCommandProvider = { commands = arr({ "newsmark.decide" }) },
      workspace = { workspaceFolders = { supported = true, changeNotifications = true } },
    },
    serverInfo = { name = "newsmark", version = self.version },
  }
end

-- The settings `st` (the section "newsmark" of the client's settings):
-- { diagnostics = {...} }, the checks switched as with initializationOptions,
-- every document's diagnostics published again.
function Server:apply_settings(st)
  if type(st) ~= "table" then return end
  self:set_profile(st.profile)
  if type(st.diagnostics) ~= "table" then return end
  self.options.diagnostics = st.diagnostics
  local uris = {}
  for uri in pairs(self.docs) do uris[#uris + 1] = uri end
  table.sort(uris)
  for _, uri in ipairs(uris) do self.docs[uri].due = true end
end

-- The section "newsmark" asked of a client that has workspace/configuration.
function Server:pull_settings()
  self:request("workspace/configuration", { items = arr({ { section = "newsmark" } }) }, function(res)
    self:apply_settings(type(res) == "table" and res[1] or nil)
  end)
end

-- (asked when the first document opens, not at `initialized`: Neovim 0.12
-- cannot yet answer a request then)
-- A profile of initializationOptions that did not load is told now (a
-- server speaks only after its initialize result).
handlers["initialized"] = function(self)
  if self.pending_message then
    self:notify("window/showMessage", { type = 2, message = "newsmark: " .. self.pending_message })
    self.pending_message = nil
  end
end
-- (a request still queued when its $/cancelRequest was read is answered
-- RequestCancelled without running, see Server:enqueue and Server:handle;
-- here it is done, so the cancel is forgotten)
handlers["$/cancelRequest"] = function(self, params)
  local id = type(params) == "table" and params.id
  if id ~= nil then self.cancels[M.key_of(id)] = nil end
end
handlers["$/setTrace"] = function() end
-- settings = { newsmark = { diagnostics = { no_speaker = false, ... } } }:
-- the checks switched as with initializationOptions, every document again;
-- settings null (a client of the pull model): they are asked for.
handlers["workspace/didChangeConfiguration"] = function(self, params)
  local settings = type(params) == "table" and params.settings
  if type(settings) == "table" and settings ~= json.null then
    self:apply_settings(settings.newsmark)
  elseif self.pull_config then
    self:pull_settings()
  end
end

function handlers.shutdown(self)
  self:settle(true) -- the diagnostics still due, before the server stops
  self.state = "shutdown"
  if self.stats then
    collectgarbage("collect")
    self:log(("stats heap %d kB"):format(collectgarbage("count")))
  end
  return json.null
end

handlers["textDocument/didOpen"] = function(self, params)
  local td = type(params) == "table" and params.textDocument
  if type(td) ~= "table" or type(td.uri) ~= "string" or type(td.text) ~= "string" then
    error({ code = M.INVALID_PARAMS, message = "didOpen needs textDocument.uri and .text" })
  end
  self:open(td.uri, td.text, td.languageId, td.version)
  if self.pull_config and not self.pulled then
    self.pulled = true
    self:pull_settings()
  end
end

handlers["textDocument/didChange"] = function(self, params)
  local entry = self:entry(params)
  local changes = params.contentChanges
  if type(changes) ~= "table" then error({ code = M.INVALID_PARAMS, message = "didChange needs contentChanges" }) end
  entry.version = params.textDocument.version
  self:change(entry, changes)
end

handlers["textDocument/didSave"] = function() end

handlers["textDocument/didClose"] = function(self, params)
  local entry = self:entry(params)
  entry.doc:cancel()
  self.docs[entry.uri] = nil
  self:notify("textDocument/publishDiagnostics", { uri = entry.uri, diagnostics = arr() })
end

handlers["textDocument/semanticTokens/full"] = function(self, params)
  return { data = encode_tokens(self:tokens(self:entry(params))) }
end

handlers["textDocument/semanticTokens/range"] = function(self, params)
  local entry = self:entry(params)
  local r = params.range
  if type(r) ~= "table" or type(r.start) ~= "table" or type(r["end"]) ~= "table" then
    error({ code = M.INVALID_PARAMS, message = "semanticTokens/range needs a range" })
  end
  return { data = encode_tokens(self:tokens(entry), r.start.line, r["end"].line) }
end

handlers["textDocument/hover"] = function(self, params)
  local entry = self:entry(params)
  if type(params.position) ~= "table" then error({ code = M.INVALID_PARAMS, message = "hover needs a position" }) end
  return self:hover(entry, params.position)
end

handlers["textDocument/documentSymbol"] = function(self, params)
  return self:symbols(self:entry(params))
end

handlers["textDocument/definition"] = function(self, params)
  local list, entry = self:mentions_at(params)
  if not list then return json.null end
  return { uri = entry.uri, range = self:range(entry, list[1].start, list[1].finish) }
end

-- every mention; without the first one when context.includeDeclaration is false
handlers["textDocument/references"] = function(self, params)
  local list, entry = self:mentions_at(params)
  local out = arr()
  if not list then return out end
  local ctx = type(params.context) == "table" and params.context or {}
  for i, m in ipairs(list) do
    if i > 1 or ctx.includeDeclaration ~= false then
      out[#out + 1] = { uri = entry.uri, range = self:range(entry, m.start, m.finish) }
    end
  end
  return out
end

-- the mentions of the entity under the cursor: the first one as a "write"
-- (where it is introduced), the others as "read"
handlers["textDocument/documentHighlight"] = function(self, params)
  local list, entry = self:mentions_at(params)
  local out = arr()
  for i, m in ipairs(list or {}) do
    out[#out + 1] = { range = self:range(entry, m.start, m.finish), kind = i == 1 and 3 or 2 }
  end
  return out
end

handlers["textDocument/codeAction"] = function(self, params)
  local entry = self:entry(params)
  local r = params.range
  if type(r) ~= "table" or type(r.start) ~= "table" or type(r["end"]) ~= "table" then
    error({ code = M.INVALID_PARAMS, message = "codeAction needs a range" })
  end
  local a = P.offset(entry.text, entry.idx, r.start.line, r.start.character, self.encoding)
  local b = P.offset(entry.text, entry.idx, r["end"].line, r["end"].character, self.encoding)
  if b < a then a, b = b, a end
  local ctx = type(params.context) == "table" and params.context or {}
  local only = type(ctx.only) == "table" and ctx.only or nil
  return arr(require("newsmark.lsp.actions").actions(self, entry, a, b, only))
end

handlers["workspace/executeCommand"] = function(self, params)
  local A = require("newsmark.lsp.actions")
  if type(params) ~= "table" or params.command ~= A.COMMAND then
    error({ code = M.INVALID_PARAMS, message = "unknown command " .. tostring(type(params) == "table" and params.command) })
  end
  local message = A.execute(self, type(params.arguments) == "table" and params.arguments[1])
  self:notify("window/showMessage", { type = 3, message = "newsmark: " .. message })
  return message
end

handlers["workspace/symbol"] = function(self, params)
  return self:workspace_symbols(type(params) == "table" and params.query)
end

handlers["workspace/didChangeWorkspaceFolders"] = function(self, params)
  local ev = type(params) == "table" and params.event
  if type(ev) ~= "table" then return end
  local gone = {}
  for _, p in ipairs(folder_paths(ev.removed)) do gone[p] = true end
  local keep = {}
  for _, p in ipairs(self.folders or {}) do
    if not gone[p] then keep[#keep + 1] = p end
  end
  for _, p in ipairs(folder_paths(ev.added)) do keep[#keep + 1] = p end
  self.folders = keep
end

-- The key of a request id in self.cancels (1 and "1" are two ids).
function M.key_of(id)
  return type(id) .. ":" .. tostring(id)
end

local function decode(body)
  local ok, msg = pcall(json.decode, body)
  if not ok or type(msg) ~= "table" then
    return nil, ok and "not an object" or msg
  end
  return msg
end

-- Handle one message: its body (JSON), or `msg` already decoded (nil with
-- `derr`: it was not JSON). Returns an exit code when the server must stop.
function Server:handle(body, msg, derr)
  if body then msg, derr = decode(body) end
  if not msg then
    self:log("malformed JSON: ", tostring(derr):match("^[^\n]*"))
    self:error(nil, M.PARSE_ERROR, "parse error: " .. (tostring(derr):match("json: [^\n]*") or "malformed JSON"))
    return
  end
  local id, method = msg.id, msg.method
  if id == json.null then id = nil end
  local is_request = id ~= nil
  if type(method) ~= "string" then
    if msg.result == nil and msg.error == nil then
      self:error(id, M.INVALID_REQUEST, "a message needs a method")
    else
      self:answered(msg) -- (a response to a request of ours)
    end
    return
  end
  if method == "exit" then
    return self.state == "shutdown" and 0 or 1
  end
  if self.state == "new" and method ~= "initialize" then
    if is_request then self:error(id, M.NOT_INITIALIZED, "the server is not initialized") end
    return
  end
  if self.state == "shutdown" and is_request then
    self:error(id, M.INVALID_REQUEST, "the server is shut down")
    return
  end
  if method == "initialize" and self.state ~= "new" then
    if is_request then self:error(id, M.INVALID_REQUEST, "initialize was already received") end
    return
  end
  local h = handlers[method]
  if not h then
    if is_request then self:error(id, M.METHOD_NOT_FOUND, "method not found: " .. method) end
    return
  end
  local key = is_request and M.key_of(id) or nil
  if key and self.cancels[key] then
    -- cancelled while it waited in the queue: not run
    self.cancels[key] = nil
    self:error(id, M.REQUEST_CANCELLED, "cancelled")
    return
  end
  local t0 = self.stats and self:clock()
  self.current = key
  local hok, res = pcall(h, self, msg.params)
  self.current = nil
  if t0 then self:stat(method, t0) end
  if not hok then
    local code, message = M.INTERNAL_ERROR, tostring(res)
    if type(res) == "table" then code, message = res.code or code, res.message or message end
    self:log(method, ": ", message:match("^[^\n]*"))
    if is_request then self:error(id, code, message:match("^[^\n]*")) end
    return
  end
  if is_request then self:reply(id, res) end
end

-- One line of figures on the log (NEWSMARK_LSP_STATS=1; tools/bench-lsp.lua
-- reads them): what, since t0 (self:clock()) the wall time and the CPU time
-- of the server's thread in milliseconds, the Lua heap in kB.
function Server:clock()
  return { I.now(), I.cpu() or 0 }
end

function Server:stat(what, t0)
  local t = self:clock()
  self:log(("stats %s %.3f ms %.3f cpu %d kB"):format(what, t[1] - t0[1], t[2] - t0[2], collectgarbage("count")))
end

---------------------------------------------------------------- the loop

-- Read one frame into the queue. False at the end of the input.
function Server:read_one()
  local body, err, bad = rpc.read(self.input)
  if body == nil and err == nil then
    self.ended = true
    return false
  end
  if err then
    self:log(err)
  elseif bad then
    self:log("a message shorter than its Content-Length")
    self.queue[#self.queue + 1] = { short = true }
  else
    local msg, derr = decode(body)
    if msg and msg.method == "$/cancelRequest" and type(msg.params) == "table" and msg.params.id ~= nil then
      self.cancels[M.key_of(msg.params.id)] = true
    end
    self.queue[#self.queue + 1] = { msg = msg, err = derr }
  end
  return true
end

-- Read every frame that waits, without blocking (nothing when the input
-- cannot say whether one waits).
function Server:drain()
  local inp = self.input
  if not inp.ready then return end
  while not self.ended and inp:ready(0) do
    if not self:read_one() then break end
  end
end

-- Between units of long work: the messages that came are read, and when
-- one cancels the request being handled, it stops with RequestCancelled.
function Server:check_cancel()
  local key = self.current
  if not key then return end
  self:drain()
  if self.cancels[key] then
    self.cancels[key] = nil
    error({ code = M.REQUEST_CANCELLED, message = "cancelled" }, 0)
  end
end

-- The diagnostics that are due: published when the document's analysis is
-- there (a request asked for it, or with `wait`: now, analysed at once if
-- need be); with `idle` (nothing queued), each analysis not yet running is
-- started on the worker thread and those done are published. Documents in
-- the order of their uris.
function Server:settle(wait, idle)
  local uris = {}
  for uri, entry in pairs(self.docs) do
    if entry.due then uris[#uris + 1] = uri end
  end
  if #uris == 0 then return false end
  table.sort(uris)
  local busy = false
  for _, uri in ipairs(uris) do
    local entry = self.docs[uri]
    local ok, err = pcall(function()
      if not (wait or entry.have) and idle and not entry.doc:ready() and not entry.doc.job then
        local t0 = self.stats and self:clock()
        entry.doc:start(entry.text)
        if t0 then self:stat("start", t0) end
      end
      if wait or entry.have or (idle and entry.doc:ready()) then
        local t0 = self.stats and self:clock()
        self:publish(entry)
        if t0 then self:stat("publish", t0) end
      else
        busy = true
      end
    end)
    if not ok then
      entry.due = false
      self:log(uri, ": ", tostring(err):match("^[^\n]*"))
    end
  end
  return busy
end

-- The next message, reading (blocking) when none is queued. Before the
-- server blocks, the analyses are started and their diagnostics published
-- as they finish (the input polled meanwhile); an input that cannot be
-- polled (lua5.1) gets them finished first. Nil at the end of the input.
function Server:next()
  while #self.queue == 0 do
    if self.ended then return nil end
    if self.input.ready then
      while self:settle(false, true) and not self.input:ready(M.POLL_MS) do end
    else
      self:settle(true)
    end
    if self:read_one() then self:drain() end
  end
  return table.remove(self.queue, 1)
end

-- Serve until `exit` or the end of the input. Returns the exit code.
function Server:serve()
  while true do
    local item = self:next()
    if not item then
      self:log("end of input")
      return self.state == "shutdown" and 0 or 1
    end
    local code
    if item.short then
      self:error(nil, M.PARSE_ERROR, "parse error: the message is shorter than its Content-Length")
    else
      code = self:handle(nil, item.msg, item.err)
    end
    if code then return code end
    self:settle()
  end
end

-- io_: { input, output, log, lexicon = path | false }
function M.run(model, io_, version)
  io_ = io_ or {}
  if io_.stats == nil then io_.stats = os.getenv("NEWSMARK_LSP_STATS") == "1" end
  local s = M.new(model, io_)
  s.version = version
  return s:serve()
end

return M
