-- Hostile input: whatever bytes come in, the core and the command line end
-- by themselves with valid results (spans inside the text, JSON lines whose
-- text fields are valid UTF-8 and match their offsets) or with a clear
-- one-line error, never a crash or a traceback. No assertion on time.
local H = require("tests.core.helper")
local json = require("newsmark.cli.json")
local main = require("newsmark.cli.main")

-- (no person's lexicon: annotate would apply one found under XDG_DATA_HOME)
local BIN = "XDG_DATA_HOME=/nonexistent/newsmark-test luajit bin/newsmark"
local LABELS = {
  PERSON = true, ORG = true, GPE = true, LOC = true, NORP = true, EVENT = true, MISC = true,
  DATE = true, TIME = true, MONEY = true, PERCENT = true,
}
local QTYPES = { direct = true, indirect = true, mixed = true }

-- Park-Miller "minimal standard" generator: the same bytes under LuaJIT and
-- lua5.1 (every product stays below 2^53).
local function rng(seed)
  local x = seed % 2147483647
  if x <= 0 then x = x + 2147483646 end
  return function(n)
    x = x * 16807 % 2147483647
    return x % n
  end
end

local function random_bytes(n, seed)
  local r, t = rng(seed), {}
  for i = 1, n do t[i] = string.char(r(256)) end
  return table.concat(t)
end

-- The hostile inputs, built once (lazily) and shared by both layers.
local cache = {}
local function input(name)
  if cache[name] then return cache[name] end
  local s
  if name == "invalid utf-8" then
    -- stray continuation bytes, overlong forms, surrogates, truncated
    -- sequences and bytes that never occur in UTF-8, between real words
    local bad = { "\128", "\191", "\192\175", "\224\128\175", "\237\160\128", "\244\144\128\128",
      "\255", "\254", "\195", "\226\128", "\240\159\152", "\248\136\128\128\128" }
    local r, t = rng(7), {}
    for i = 1, 6000 do
      t[#t + 1] = bad[r(#bad) + 1]
      t[#t + 1] = (i % 5 == 0) and ' Ana Ruiz said "yes' or " word"
    end
    s = table.concat(t)
  elseif name == "NUL bytes" then
    s = ("Ana\0Ruiz said \0\"we\0stay\"\0 in Lisbon.\0\0\n"):rep(1000) .. ("\0"):rep(10000)
  elseif name == "5 MB single line" then
    -- news-like sentences, no line break anywhere
    local unit = ("The council voted on the plan after a long debate about roads and schools. "):rep(9)
      .. 'Mayor Lena Okafor said on Friday that "the money is there," and Ghent agreed. '
    s = unit:rep(math.ceil(5 * 1024 * 1024 / #unit))
  elseif name == "empty file" then
    s = ""
  elseif name == "quotation marks only" then
    local marks = { '"', "'", "\226\128\156", "\226\128\157", "\226\128\152", "\226\128\153",
      "\194\171", "\194\187", "\226\128\185", "\226\128\186", "\226\128\158", "\226\128\154" }
    local r, t = rng(11), {}
    for i = 1, 30000 do
      t[i] = marks[r(#marks) + 1]
      if i % 997 == 0 then t[i] = t[i] .. "\n\n" end
    end
    s = table.concat(t)
  elseif name == "100,000 unbalanced quotes" then
    -- each opening mark is left open; the paragraph end closes the last one
    s = ('"We said no. '):rep(100000)
  elseif name == "binary file" then
    s = random_bytes(256 * 1024, 20240601)
  elseif name == "1 MB word" then
    s = ("Okafor"):rep(math.ceil(1024 * 1024 / 6)) .. " said \"" .. ("x"):rep(1024 * 1024) .. "\" today."
  elseif name == "50,000 one-word paragraphs" then
    local words = { "Lisbon", "said", "today", "\"Yes\"", "today", "and", "\226\128\156no", "12%" }
    local t = {}
    for i = 1, 50000 do t[i] = words[i % #words + 1] end
    s = table.concat(t, "\n\n") .. "\n"
  end
  cache[name] = s
  return s
end

local NAMES = {
  "invalid utf-8", "NUL bytes", "5 MB single line", "empty file", "quotation marks only",
  "100,000 unbalanced quotes", "binary file", "1 MB word", "50,000 one-word paragraphs",
}

local function write_tmp(data)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
  return path
end

local function check_span(s, len, what)
  assert(type(s.start) == "number" and type(s.finish) == "number", what .. ": no offsets")
  assert(s.start >= 0 and s.start <= s.finish and s.finish <= len,
    ("%s: span [%d,%d) outside 0..%d"):format(what, s.start, s.finish, len))
end

-- A result of model:analyze on `text`.
local function check_result(text, r)
  local len, last = #text, nil
  for i, e in ipairs(r.entities) do
    check_span(e, len, "entity " .. i)
    assert(e.start < e.finish, "entity " .. i .. " empty")
    assert(LABELS[e.label], "entity " .. i .. " label " .. tostring(e.label))
    assert(type(e.id) == "number" and e.id >= 1, "entity " .. i .. " id " .. tostring(e.id))
    if last then assert(e.start >= last.finish, "entity " .. i .. " overlaps the previous one") end
    last = e
  end
  local prev = 0
  for i, q in ipairs(r.quotes) do
    check_span(q, len, "quote " .. i)
    assert(q.start < q.finish, "quote " .. i .. " empty")
    assert(QTYPES[q.type], "quote " .. i .. " type " .. tostring(q.type))
    assert(q.start >= prev, "quote " .. i .. " out of order")
    prev = q.start
    if q.speaker then check_span(q.speaker, len, "speaker of quote " .. i) end
    if q.cue then check_span(q.cue, len, "cue of quote " .. i) end
  end
end

-- Output of `annotate --format jsonl FILE` for file contents `data`.
local function check_jsonl(data, code, out, err)
  if code ~= 0 then
    -- a clear one-line error is acceptable; a traceback or a signal is not
    assert.is_true(code < 128 and code ~= 70, "exit " .. code .. ": " .. err)
    assert.truthy(err:match("^newsmark: [^\n]+\n$"), "not a one-line error: " .. err)
    return 0
  end
  assert.equal("", err)
  local n, size = 0, #data
  local function text_ok(o, what)
    assert.equal("string", type(o.text), what)
    assert.equal(json.clean_utf8(o.text), o.text, what .. ": text is not valid UTF-8")
    assert.is_true(o.start >= 0 and o.start <= o["end"] and o["end"] <= size,
      ("%s: [%s,%s) outside the file (%d bytes)"):format(what, o.start, o["end"], size))
    assert.equal(json.clean_utf8(data:sub(o.start + 1, o["end"])), o.text, what .. ": text does not match its offsets")
  end
  for line in out:gmatch("([^\n]*)\n") do
    n = n + 1
    local ok, o = pcall(json.decode, line)
    assert(ok, "line " .. n .. " is not JSON: " .. line:sub(1, 200))
    assert(o.kind == "entity" or o.kind == "quote", "line " .. n .. " kind " .. tostring(o.kind))
    text_ok(o, "line " .. n)
    if o.kind == "entity" then
      assert(LABELS[o.label], "line " .. n .. " label " .. tostring(o.label))
      assert.truthy(tostring(o.id):match("^e%d+$"), "line " .. n .. " id " .. tostring(o.id))
    else
      assert(QTYPES[o.type], "line " .. n .. " type " .. tostring(o.type))
      if o.speaker ~= json.null then text_ok(o.speaker, "speaker of line " .. n) end
      if o.cue ~= json.null then text_ok(o.cue, "cue of line " .. n) end
    end
  end
  assert.is_true(out == "" or out:sub(-1) == "\n", "output does not end with a newline")
  return n
end

describe("hostile input to model:analyze", function()
  for _, name in ipairs(NAMES) do
    it("returns spans inside the text for " .. name, function()
      local text = input(name)
      local r = H.model:analyze(text)
      check_result(text, r)
      if #text < 1024 * 1024 then
        -- entities only: the same entities, no quotes
        local r2 = H.model:analyze(text, { quotes = false })
        assert.equal(#r.entities, #r2.entities)
        assert.equal(0, #r2.quotes)
      end
    end)
  end

  it("finds the name on both sides of a NUL byte and of an invalid byte", function()
    local text = "Prime Minister Ana Ruiz\0visited Lisbon \255 on Tuesday."
    local r = H.model:analyze(text)
    check_result(text, r)
    H.must_find(text, r, "GPE", "Lisbon")
  end)

  it("treats each of 100,000 unbalanced quotes as text, never losing the paragraph", function()
    local text = input("100,000 unbalanced quotes")
    local toks = H.model:tokens(text)
    -- every quote mark and every word is a token: nothing swallowed
    local marks = 0
    for _, t in ipairs(toks) do
      if text:sub(t.start + 1, t.finish) == '"' then marks = marks + 1 end
    end
    assert.equal(100000, marks)
    assert.equal(500000, #toks)
  end)
end)

describe("hostile input to newsmark annotate", function()
  for _, name in ipairs(NAMES) do
    it("ends with valid JSON lines or a one-line error for " .. name, function()
      local data = input(name)
      local path = write_tmp(data)
      local code, out, err = H.run(BIN .. " annotate --format jsonl " .. path)
      os.remove(path)
      local n = check_jsonl(data, code, out, err)
      if name == "5 MB single line" or name == "50,000 one-word paragraphs" then
        -- cut into pieces by annotate: every text was compared with the file
        -- bytes at its offsets above, so a drift between pieces would show
        assert.equal(0, code, err)
        assert.is_true(n > 0, "no annotation at all")
      end
    end)
  end

  it("prints nothing for an empty file and exits 0", function()
    local path = write_tmp("")
    local code, out, err = H.run(BIN .. " annotate " .. path)
    os.remove(path)
    assert.equal(0, code, err)
    assert.equal("", out)
  end)

  it("reports a missing file in one line and exits non-zero", function()
    local code, out, err = H.run(BIN .. " annotate /nonexistent/newsmark-hostile.md")
    assert.is_true(code ~= 0)
    assert.equal("", out)
    assert.truthy(err:match("^newsmark: [^\n]*nonexistent[^\n]*\n$"), err)
  end)

  it("reports a directory given as FILE in one line", function()
    local code, _, err = H.run(BIN .. " annotate /tmp")
    assert.is_true(code ~= 0 and code ~= 70, "exit " .. code)
    assert.truthy(err:match("^newsmark: [^\n]+\n$"), err)
  end)

  it("writes brat, conll and text output for binary input without error", function()
    local data = random_bytes(64 * 1024, 99)
    local path = write_tmp(data)
    for _, fmt in ipairs({ "brat", "conll", "text" }) do
      local code, out, err = H.run(BIN .. " annotate --format " .. fmt .. " " .. path)
      assert.equal(0, code, fmt .. ": " .. err)
      assert.equal(json.clean_utf8(out), out, fmt .. " output is not valid UTF-8")
    end
    os.remove(path)
  end)
end)

-- `tag` output lines for input lines: token<TAB>TAG, blank and comment lines kept.
local function check_tag_output(out, tokens)
  local got = {}
  for line in out:gmatch("([^\n]*)\n") do
    if line ~= "" and line:sub(1, 2) ~= "# " and not line:find("^%-DOCSTART%-") then
      local tok, tag = line:match("^(.*)\t([^\t]+)$")
      assert(tok, "not token<TAB>TAG: " .. line:sub(1, 80))
      assert(tag == "O" or (tag:match("^[BI]%-(%u+)$") and LABELS[tag:sub(3)]), "bad tag " .. tag)
      got[#got + 1] = tok
    end
  end
  assert.equal(#tokens, #got)
  for i = 1, #tokens do assert.equal(tokens[i], got[i], "token " .. i) end
end

describe("hostile input to newsmark tag", function()
  local function tag(data)
    local path = write_tmp(data)
    local code, out, err = H.run(BIN .. " tag " .. path)
    os.remove(path)
    return code, out, err
  end

  it("treats lines of only tabs as sentence breaks", function()
    local code, out, err = tag("Ana\nRuiz\n\t\t\t\nspoke\n\t\n")
    assert.equal(0, code, err)
    check_tag_output(out, { "Ana", "Ruiz", "spoke" })
    assert.truthy(out:find("^Ana\t[^\n]+\nRuiz\t[^\n]+\n\nspoke\t[^\n]+\n\n$"), out)
  end)

  it("tags a token of 100 KB", function()
    local big = ("Q"):rep(100 * 1024)
    local code, out, err = tag("Ana\n" .. big .. "\nsaid\tO\n")
    assert.equal(0, code, err)
    check_tag_output(out, { "Ana", big, "said" })
  end)

  it("reads CRLF line endings without keeping the CR", function()
    local code, out, err = tag("-DOCSTART- -X- O O\r\n\r\nAna\tB-PERSON\r\nRuiz\tI-PERSON\r\n\r\nLisbon\r\n")
    assert.equal(0, code, err)
    assert.falsy(out:find("\r", 1, true), "a CR was copied through")
    check_tag_output(out, { "Ana", "Ruiz", "Lisbon" })
  end)

  it("reads a file without a final newline", function()
    local code, out, err = tag("Ana\nRuiz\n\nspoke")
    assert.equal(0, code, err)
    check_tag_output(out, { "Ana", "Ruiz", "spoke" })
  end)

  it("tags invalid UTF-8 and NUL tokens without error", function()
    local code, out, err = tag("A\0b\n\255\254\n\226\128\n#hashtag\n")
    assert.equal(0, code, err)
    check_tag_output(out, { "A\0b", "\255\254", "\226\128", "#hashtag" })
  end)

  it("refuses a line that starts with white space before a token, in one line", function()
    local code, out, err = tag("Ana\n  Ruiz\n")
    if code ~= 0 then
      assert.truthy(err:match("^newsmark: [^\n]+\n$"), err)
      assert.is_true(code ~= 70, err)
    else
      check_tag_output(out, { "Ana", "Ruiz" })
    end
  end)

  it("survives 300 random documents of hostile lines (read_bio and model:tag)", function()
    local pieces = { "\t", " ", "\t\t", "#", "# comment", "-DOCSTART-", "Ana", "Ruiz", "O", "B-PERSON",
      "\r", "\0", "\255", "\226\128\156", "'", '"', "said", ".", "x\ty\tz", "-", "##" }
    local r = rng(4242)
    for doc = 1, 300 do
      local lines = {}
      for l = 1, r(30) do
        local parts = {}
        for p = 1, r(4) do parts[p] = pieces[r(#pieces) + 1] end
        lines[l] = table.concat(parts)
      end
      local data = table.concat(lines, r(2) == 0 and "\n" or "\r\n")
      local docs, perr = main.read_bio(data)
      if not docs then
        assert.truthy(perr:match("^line %d+: [^\n]+$"), "doc " .. doc .. ": " .. tostring(perr))
      else
        for _, d in ipairs(docs) do
          for i, t in ipairs(d.tokens) do
            assert.truthy(#t > 0 and not t:find("[\t \n]"), "doc " .. doc .. " token " .. i)
          end
          if #d.tokens > 0 then
            assert.is_true(d.starts[1], "doc " .. doc .. ": first token starts no sentence")
            local tags = H.model:tag(d.tokens, d.starts)
            assert.equal(#d.tokens, #tags)
            for _, tg in ipairs(tags) do
              assert.truthy(tg == "O" or (tg:match("^[BI]%-(%u+)$") and LABELS[tg:sub(3)]), tg)
            end
          end
        end
      end
    end
  end)
end)
