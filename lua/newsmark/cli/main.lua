-- The newsmark command line: annotate, tag, eval, bench.
-- Every error is one line on stderr and a non-zero exit; no input file is
-- ever written to.
local json = require("newsmark.cli.json")

local M = {}

local USAGE = [[
usage: newsmark <command> [options] [FILE ...]

commands:
  annotate [--format jsonl|text|brat|conll] [--input text|jsonl] [--model DIR] [--profile P] [FILE ...]
        entities and quotes of each FILE (stdin when none); --input jsonl reads
        one {"id","text"} document per line and adds "doc" to every object;
        --markdown (the default for .md files) skips front matter, code and
        URLs, --plain analyses every byte; --explain adds to each quote the
        rule of the core that found it ("rule" in jsonl, text and brat
        notes). A person's decisions apply: the
        sidecar FILE.ann next to each FILE (--no-sidecar: ignore it) and the
        person's lexicon (--lexicon PATH; default
        $XDG_DATA_HOME/nvim/newsmark/lexicon.tsv when it exists; --no-lexicon)
  tag [--model DIR] [--profile P] [FILE]
        pre-tokenized input (one token per line, blank line between
        sentences) -> token<TAB>BIO tag
  eval [--model DIR] [--profile P] [--labels L1,L2] GOLD.bio|GOLD.jsonl
        precision, recall and F1 per label and micro (exact span and label)
  eval --quotes DIR [--docs LIST]
        quote detection and attribution against brat standoff data; --docs
        scores only the texts named in LIST (one base name a line, e.g.
        data/quotes/polnear-train-tuning.txt)
  bench [--runs N] [--profile P] [FILE]
        throughput and latency figures
  --profile P (annotate, tag, eval, bench, lsp): the entity tagger of profile
        P of the model folder, newsmark-P.model (as `train --domain N
        --profile P=M` writes them); without it, or with news,
        newsmark.model
  train --data FILE[:W][,...] [--epochs N] [--runs N] [--output PATH] | train --help
        train the entity tagger in C from .bio files
  train --init MODEL --data FILE.bio[,...] [--epochs N] [--anchor A] --output PATH
        fine-tune a model on a few annotated documents (seconds, deterministic)
  train --check DIR [--base DIR]
        a retrained model vs the bundled one on data/heldout/own.jsonl (exit 1: worse)
  lsp [--model DIR] [--profile P] [--lexicon PATH | --no-lexicon] [--stdio]
        a Language Server Protocol server on stdin/stdout (logs on stderr):
        entities and quotes as semantic tokens, editorial diagnostics, hover
        and document symbols for any editor with an LSP client
  version | help
]]

local function fail(msg)
  msg = tostring(msg):gsub("^newsmark: ", ""):gsub("\n.*", "")
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
  local model, err = core.load(opts.model, opts.profile)
  if not model then return nil, err end
  return model
end

-- The person's lexicon for `annotate`: --lexicon PATH (must exist), else
-- the editor's default file when there is one, never with --no-lexicon.
local function user_lexicon(model, opts)
  if opts["no-lexicon"] then return true end
  local path = opts.lexicon
  if not path then
    path = require("newsmark.lexicon").path()
    local f = io.open(path, "rb")
    if not f then return true end
    f:close()
  end
  if not model.set_user_lexicon then return nil, "this build of the core cannot load a user lexicon (run make)" end
  local ok, err = model:set_user_lexicon(path)
  if not ok then return nil, tostring(err) end
  return true
end

function M.annotate(root, core, args)
  local ann = require("newsmark.cli.annotate")
  local opts, files = parse(args, {
    format = "value", model = "value", profile = "value", input = "value", markdown = "flag", plain = "flag",
    ["no-sidecar"] = "flag", lexicon = "value", ["no-lexicon"] = "flag", explain = "flag",
  })
  if not opts then return fail(files) end
  local format = opts.format or "jsonl"
  local w = ann.writers[format]
  if not w then return fail("unknown format '" .. format .. "' (jsonl, text, brat, conll)") end
  local input = opts.input or "text"
  if input ~= "text" and input ~= "jsonl" then return fail("unknown input '" .. input .. "' (text, jsonl)") end
  local model, err = load_model(core, opts)
  if not model then return fail(err) end
  local lok, lerr = user_lexicon(model, opts)
  if not lok then return fail(lerr) end
  if #files == 0 then files = { "-" } end
  -- open every file and read every sidecar first: a missing file or a
  -- corrupt sidecar fails before any output
  local S = require("newsmark.sidecar")
  local handles, sidecars = {}, {}
  for i, path in ipairs(files) do
    if path == "-" then
      handles[i] = io.stdin
    else
      local fh, oerr = io.open(path, "rb")
      if not fh then return fail((oerr or path):gsub("^[^:]*: ", path .. ": ")) end
      handles[i] = fh
      local scpath = S.path_for(path)
      if input == "text" and not opts["no-sidecar"] and scpath ~= path then
        local sc, serr = S.read(scpath)
        if serr then return fail(serr .. " (fix or remove it, or use --no-sidecar)") end
        sidecars[i] = sc
      end
    end
  end
  for i, path in ipairs(files) do
    local ctx = {
      out = io.stdout, model = model, format = format, name = path == "-" and "stdin" or path,
      file = #files > 1 and path or nil, idbase = 0, charbase = 0, t = 0, a = 0, r = 0,
      explain = opts.explain,
      markdown = opts.markdown or (not opts.plain and path:lower():match("%.m[ark]*d[own]*$") ~= nil),
    }
    if format == "text" and #files > 1 then io.stdout:write("== ", path, "\n") end
    if input == "jsonl" then
      local ok, derr = ann.documents(ctx, handles[i], w)
      if not ok then return fail(derr) end
    else
      local ok, serr
      if sidecars[i] then
        ok, serr = pcall(ann.with_sidecar, ctx, handles[i], w, sidecars[i])
        if ok and #serr > 0 then
          local parts = {}
          for _, a in ipairs(serr) do
            parts[#parts + 1] = string.format("%s %q", a.tid, a.text)
          end
          io.stderr:write(string.format("newsmark: %s: %d annotation(s) could not be anchored (their text is gone): %s\n",
            S.path_for(path), #serr, table.concat(parts, "; ")))
        end
      else
        ok, serr = pcall(ann.stream, ctx, handles[i], w)
      end
      if not ok then
        if type(serr) == "table" and serr.read_error then return fail(ctx.name .. ": " .. tostring(serr.read_error)) end
        error(serr, 0)
      end
    end
    if handles[i] ~= io.stdin then handles[i]:close() end
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
  local opts, files = parse(args, { model = "value", profile = "value" })
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
  -- a missing, stale or foreign core: the loader's one line, with its fix
  local mod, why = core.get_module()
  if not mod then return fail(why) end
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
  elseif cmd == "lsp" then
    local opts, rest = parse(args, { model = "value", profile = "value", lexicon = "value", ["no-lexicon"] = "flag", stdio = "flag" })
    if not opts then return fail(rest) end
    if #rest > 0 then return fail("lsp takes no FILE (it reads the protocol on stdin)") end
    -- the model of a profile from the folder of --model, with the user
    -- lexicon: the one of --profile now, another later when
    -- initializationOptions.profile or the setting newsmark.profile asks
    local function load_profile(profile)
      local m, merr = load_model(core, { model = opts.model, profile = profile })
      if not m then return nil, merr end
      local ok_l, err_l = user_lexicon(m, opts)
      if not ok_l then return nil, err_l end
      return m
    end
    local model, err = load_profile(opts.profile)
    if not model then return fail(err) end
    -- code actions "in every document" write the lexicon the server loaded
    local lexicon = opts["no-lexicon"] and false or opts.lexicon
    return require("newsmark.lsp.server").run(model, {
      lexicon = lexicon, profile = opts.profile or "news", load_profile = load_profile,
    }, core.version)
  end
  return fail("unknown command '" .. cmd .. "' (see `newsmark help`)")
end

return M
