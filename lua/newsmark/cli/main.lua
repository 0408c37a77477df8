-- The newsmark command line: annotate, tag, eval, bench.
-- Every error is one line on stderr and a non-zero exit; no input file is
-- ever written to.
local json = require("newsmark.cli.json")

local M = {}

local USAGE = [[
usage: newsmark <command> [options] [FILE ...]

commands:
  annotate [--format jsonl|text|brat|conll] [--model DIR] [FILE ...]
        entities and quotes of each FILE (stdin when none)
  tag [--model DIR] [FILE]
        pre-tokenized input (one token per line, blank line between
        sentences) -> token<TAB>BIO tag
  eval [--model DIR] [--labels L1,L2] GOLD.bio|GOLD.jsonl
        precision, recall and F1 per label and micro (exact span and label)
  eval --quotes DIR
        quote detection and attribution against brat standoff data
  bench [--runs N] [FILE]
        throughput and latency figures
  version | help
]]

local function fail(msg)
  io.stderr:write("newsmark: ", msg, "\n")
  return 2
end
M.fail = fail

-- Parse "--flag value" options; returns opts, positional args or nil, error.
local function parse(args, spec)
  local opts, rest, i = {}, {}, 1
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for k = i + 1, #args do rest[#rest + 1] = args[k] end
      break
    elseif a:sub(1, 2) == "--" and #a > 2 then
      local name, val = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:sub(3)
      local kind = spec[name]
      if not kind then return nil, "unknown option --" .. name end
      if kind == "flag" then
        opts[name] = true
      else
        if not val then
          i = i + 1
          val = args[i]
          if not val then return nil, "option --" .. name .. " needs a value" end
        end
        opts[name] = val
      end
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return opts, rest
end
M.parse = parse

local function read_file(path)
  if path == "-" then return io.stdin:read("*a") end
  local f, err = io.open(path, "rb")
  if not f then return nil, (err or path):gsub("^[^:]*: ", path .. ": ") end
  local data, rerr = f:read("*a")
  f:close()
  if not data then return nil, path .. ": " .. tostring(rerr) end
  return data
end
M.read_file = read_file

local function load_model(core, opts)
  local model, err = core.load(opts.model)
  if not model then return nil, err end
  return model
end

-- Character (code point) offsets from byte offsets, for brat.
local function char_offsets(text)
  local map, c = {}, 0
  local n = #text
  local i = 1
  while i <= n do
    map[i - 1] = c
    local b = text:byte(i)
    local len = b < 0x80 and 1 or b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
    for k = 1, len - 1 do
      local nb = text:byte(i + k)
      if not nb or nb < 0x80 or nb > 0xBF then len = k break end
    end
    for k = 1, len - 1 do map[i - 1 + k] = c end
    i = i + len
    c = c + 1
  end
  map[n] = c
  return map
end
M.char_offsets = char_offsets

-- Analyse a text, in pieces split at paragraph breaks when it is large, so
-- memory stays bounded by the piece size; ids stay unique across pieces.
local PIECE = 4 * 1024 * 1024
local function analyze_all(model, text, each)
  local base, idbase, n = 0, 0, #text
  while base < n do
    local stop = n
    if n - base > PIECE then
      local cut = text:find("\n%s*\n", base + PIECE, false)
      if not cut then cut = text:find("\n", base + PIECE, true) end
      stop = cut or n
    end
    local piece = text:sub(base + 1, stop)
    local r = model:analyze(piece)
    local maxid = 0
    for _, e in ipairs(r.entities) do
      if e.id > maxid then maxid = e.id end
    end
    each(r, base, idbase, piece)
    idbase = idbase + maxid
    base = stop
  end
end

local function entity_obj(e, base, idbase, text, file)
  local s, f = base + e.start, base + e.finish
  return {
    __order = { "kind", "label", "start", "end", "text", "id", "file" },
    kind = "entity", label = e.label, start = s, ["end"] = f,
    text = text:sub(s + 1, f), id = "e" .. (e.id + idbase), file = file,
  }
end

local function quote_obj(q, base, idbase, text, file)
  local s, f = base + q.start, base + q.finish
  local o = {
    __order = { "kind", "type", "start", "end", "text", "speaker", "cue", "flags", "file" },
    kind = "quote", type = q.type, start = s, ["end"] = f, text = text:sub(s + 1, f),
    speaker = json.null, cue = json.null, file = file,
  }
  if q.speaker then
    local ss, sf = base + q.speaker.start, base + q.speaker.finish
    o.speaker = {
      __order = { "start", "end", "text", "id" },
      start = ss, ["end"] = sf, text = text:sub(ss + 1, sf),
      id = q.speaker.id and q.speaker.id > 0 and ("e" .. (q.speaker.id + idbase)) or json.null,
    }
  end
  if q.cue then
    local cs, cf = base + q.cue.start, base + q.cue.finish
    o.cue = { __order = { "start", "end", "text" }, start = cs, ["end"] = cf, text = text:sub(cs + 1, cf) }
  end
  local fl = {}
  for k in pairs(q.flags or {}) do fl[#fl + 1] = k end
  table.sort(fl)
  if #fl > 0 then o.flags = fl end
  return o
end

-- Merge entities and quotes in text order.
local function ordered(r)
  local items = {}
  for _, e in ipairs(r.entities) do items[#items + 1] = { e.start, 0, e } end
  for _, q in ipairs(r.quotes) do items[#items + 1] = { q.start, 1, q } end
  table.sort(items, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    return a[2] < b[2]
  end)
  return items
end

local writers = {}

function writers.jsonl(out, model, text, file)
  analyze_all(model, text, function(r, base, idbase)
    for _, it in ipairs(ordered(r)) do
      local o = it[2] == 0 and entity_obj(it[3], base, idbase, text, file)
        or quote_obj(it[3], base, idbase, text, file)
      out:write(json.encode(o), "\n")
    end
  end)
end

function writers.text(out, model, text, file)
  if file then out:write("== ", file, "\n") end
  analyze_all(model, text, function(r, base, idbase)
    for _, it in ipairs(ordered(r)) do
      local x = it[3]
      if it[2] == 0 then
        local o = entity_obj(x, base, idbase, text)
        out:write(string.format("%-8s %-5s %s\n", o.label, o.id, json.clean_utf8(o.text)))
      else
        local o = quote_obj(x, base, idbase, text)
        local who = o.speaker ~= json.null and (o.speaker.text .. (o.speaker.id ~= json.null and (" " .. o.speaker.id) or "")) or "?"
        local cue = o.cue ~= json.null and o.cue.text or "-"
        out:write(string.format("QUOTE    %-8s %s [%s] %s\n", o.type, who, cue,
          json.clean_utf8(o.text):gsub("%s+", " ")))
      end
    end
  end)
end

function writers.brat(out, model, text, file)
  local map = char_offsets(text)
  local t, a = 0, 0
  analyze_all(model, text, function(r, base, idbase)
    for _, e in ipairs(r.entities) do
      t = t + 1
      local s, f = base + e.start, base + e.finish
      out:write(string.format("T%d\t%s %d %d\t%s\n", t, e.label, map[s], map[f],
        json.clean_utf8(text:sub(s + 1, f)):gsub("[\r\n\t]", " ")))
    end
    for _, q in ipairs(r.quotes) do
      t = t + 1
      local s, f = base + q.start, base + q.finish
      local qt = t
      out:write(string.format("T%d\tQuote %d %d\t%s\n", t, map[s], map[f],
        json.clean_utf8(text:sub(s + 1, f)):gsub("[\r\n\t]", " ")))
      a = a + 1
      out:write(string.format("A%d\tQuoteType T%d %s\n", a, qt, q.type))
      for _, part in ipairs({ { "Speaker", q.speaker }, { "Cue", q.cue } }) do
        local sp = part[2]
        if sp then
          t = t + 1
          local ss, sf = base + sp.start, base + sp.finish
          out:write(string.format("T%d\t%s %d %d\t%s\n", t, part[1], map[ss], map[sf],
            json.clean_utf8(text:sub(ss + 1, sf)):gsub("[\r\n\t]", " ")))
          a = a + 1
          out:write(string.format("R%d\t%s Arg1:T%d Arg2:T%d\n", a, part[1] == "Speaker" and "SpokenBy" or "CuedBy", qt, t))
        end
      end
    end
  end)
end

function writers.conll(out, model, text, file)
  analyze_all(model, text, function(r, base, idbase, piece)
    local toks = model:tokens(piece)
    r = model:analyze(piece, { quotes = false })
    local tags, k = {}, 1
    for i, tk in ipairs(toks) do
      while r.entities[k] and r.entities[k].finish <= tk.start do k = k + 1 end
      local e = r.entities[k]
      if e and tk.start >= e.start and tk.finish <= e.finish then
        tags[i] = (tk.start == e.start and "B-" or "I-") .. e.label
      else
        tags[i] = "O"
      end
    end
    for i, tk in ipairs(toks) do
      if tk.sentence and i > 1 then out:write("\n") end
      local word = json.clean_utf8(piece:sub(tk.start + 1, tk.finish)):gsub("%s", "_")
      out:write(word, "\t", tags[i], "\n")
    end
    if #toks > 0 then out:write("\n") end
  end)
end

function M.annotate(root, core, args)
  local opts, files = parse(args, { format = "value", model = "value" })
  if not opts then return fail(files) end
  local format = opts.format or "jsonl"
  local w = writers[format]
  if not w then return fail("unknown format '" .. format .. "' (jsonl, text, brat, conll)") end
  local model, err = load_model(core, opts)
  if not model then return fail(err) end
  if #files == 0 then files = { "-" } end
  local many = #files > 1
  for _, path in ipairs(files) do
    local text, rerr = read_file(path)
    if not text then return fail(rerr) end
    w(io.stdout, model, text, many and path or nil)
  end
  return 0
end

-- Read pre-tokenized input: documents of sentences of tokens, with the
-- comment and -DOCSTART- lines kept in place.
local function read_bio(data)
  local docs, doc, sent = {}, nil, nil
  local function newdoc()
    doc = { lines = {}, tokens = {}, starts = {}, gold = {} }
    docs[#docs + 1] = doc
  end
  local function endsent() sent = nil end
  newdoc()
  local lineno = 0
  for line in (data .. (data:sub(-1) == "\n" and "" or "\n")):gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    if line:sub(1, 2) == "# " or line:find("^%-DOCSTART%-") then
      if #doc.tokens > 0 or #doc.lines > 0 then newdoc() end
      endsent()
      doc.lines[#doc.lines + 1] = { kind = "comment", text = line }
    elseif line:match("^%s*$") then
      doc.lines[#doc.lines + 1] = { kind = "blank" }
      endsent()
    else
      local tok, rest = line:match("^([^\t ]+)[\t ]*(.*)$")
      if not tok then return nil, "line " .. lineno .. ": no token" end
      local n = #doc.tokens + 1
      doc.tokens[n] = tok
      doc.starts[n] = sent == nil
      doc.gold[n] = rest:match("([^\t ]+)%s*$")
      doc.lines[#doc.lines + 1] = { kind = "token", index = n }
      sent = true
    end
  end
  return docs
end
M.read_bio = read_bio

function M.tag(root, core, args)
  local opts, files = parse(args, { model = "value" })
  if not opts then return fail(files) end
  if #files > 1 then return fail("tag takes at most one FILE") end
  local data, rerr = read_file(files[1] or "-")
  if not data then return fail(rerr) end
  local model, err = load_model(core, opts)
  if not model then return fail(err) end
  local docs, perr = read_bio(data)
  if not docs then return fail(perr) end
  local out = io.stdout
  for _, doc in ipairs(docs) do
    local tags = #doc.tokens > 0 and model:tag(doc.tokens, doc.starts) or {}
    for _, l in ipairs(doc.lines) do
      if l.kind == "comment" then out:write(l.text, "\n")
      elseif l.kind == "blank" then out:write("\n")
      else out:write(doc.tokens[l.index], "\t", tags[l.index], "\n") end
    end
  end
  return 0
end

function M.run(root, argv)
  local cmd = argv[1]
  local args = {}
  for i = 2, #argv do args[#args + 1] = argv[i] end
  if not cmd or cmd == "help" or cmd == "--help" or cmd == "-h" then
    io.stdout:write(USAGE)
    return cmd and 0 or 2
  end
  local ok, core = pcall(require, "newsmark.core")
  if not ok then
    return fail("cannot load the core module (run `make` in " .. root .. "): " .. tostring(core):match("^[^\n]*"))
  end
  if cmd == "version" then
    io.stdout:write("newsmark ", core.version, "\n")
    return 0
  elseif cmd == "annotate" then
    return M.annotate(root, core, args)
  elseif cmd == "tag" then
    return M.tag(root, core, args)
  elseif cmd == "eval" then
    return require("newsmark.cli.eval").run(root, core, args)
  elseif cmd == "bench" then
    return require("newsmark.cli.bench").run(root, core, args)
  elseif cmd == "train" then
    local ok_t, train = pcall(require, "newsmark.cli.train")
    if not ok_t then return fail("train is not available: " .. tostring(train):match("^[^\n]*")) end
    return train.run(root, core, args)
  end
  return fail("unknown command '" .. cmd .. "' (see `newsmark help`)")
end

return M
