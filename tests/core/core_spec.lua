-- newsmark.core under plain Lua: loading, analysis tables, offsets, linking,
-- tagging, and bad input.
local H = require("tests.core.helper")
local core, model = H.core, H.model

local RUIZ = 'Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal '
  .. '"will not survive the winter." Ruiz, 52, added: "We have done what we could." Critics disagreed.'

local holds = require("tests.fixture").has

describe("newsmark.core loading", function()
  it("reports its version as a dotted string", function()
    assert.is_string(core.version)
    assert.truthy(core.version:match("^%d+%.%d+%.%d+$"))
  end)

  it("lists the entity labels", function()
    assert.same({ "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC", "DATE", "TIME", "MONEY", "PERCENT" },
      core.labels)
  end)

  it("loads the bundled model when given no path", function()
    local m, err = core.load()
    assert.is_nil(err)
    assert.truthy(tostring(m):match("newsmark.model"))
  end)

  it("returns nil and a message naming the file for a missing folder", function()
    local m, err = core.load("/nonexistent/newsmark")
    assert.is_nil(m)
    assert.truthy(err:match("/nonexistent/newsmark/newsmark.lex"), err)
  end)

  it("returns nil and a message for a corrupt lexicon file", function()
    local dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p " .. dir)
    local src = assert(io.open("data/newsmark.lex", "rb"))
    local data = src:read("*a")
    src:close()
    local cases = {
      empty = "",
      truncated = data:sub(1, math.floor(#data / 2)),
      garbage = string.rep("\0\255", 300),
      flipped = data:sub(1, 200) .. string.char((data:byte(201) + 1) % 256) .. data:sub(202),
    }
    for name, bytes in pairs(cases) do
      local f = assert(io.open(dir .. "/newsmark.lex", "wb"))
      f:write(bytes)
      f:close()
      local m, err = core.load(dir)
      assert.is_nil(m, name)
      assert.is_string(err, name)
      assert.truthy(err:match("^newsmark: "), name .. ": " .. err)
    end
    os.execute("rm -rf " .. dir)
  end)

  it("raises an error for arguments of the wrong type", function()
    assert.has_error(function() model:analyze(nil) end)
    assert.has_error(function() model:analyze("x", "not a table") end)
    assert.has_error(function() model:link("x") end)
    assert.has_error(function() model:tag({ {} }) end)
    assert.has_error(function() core.load({}) end)
  end)

  it("raises a clear error after close", function()
    local m = core.load("data")
    m:close()
    assert.has_error(function() m:analyze("Ana Ruiz") end, "newsmark: the model is closed")
  end)
end)

describe("model:analyze", function()
  it("finds the people, place and date of the design example", function()
    local r = model:analyze(RUIZ)
    assert.same({ "PERSON:Ana Ruiz", "GPE:Lisbon", "DATE:Tuesday", "PERSON:Ruiz" }, H.entities(RUIZ, r))
  end)

  it("gives both mentions of Ruiz the same id and Lisbon another", function()
    local r = model:analyze(RUIZ)
    local full, short = H.find(RUIZ, r, "PERSON", "Ana Ruiz"), H.find(RUIZ, r, "PERSON", "Ruiz")
    assert.equal(full.id, short.id)
    assert.are_not.equal(full.id, H.find(RUIZ, r, "GPE", "Lisbon").id)
  end)

  it("gives a quotation interrupted by its attribution as one quote with parts", function()
    local text = '"We did it," Ana Ruiz said, "and we will do it again."'
    local r = model:analyze(text)
    assert.equal(1, #r.quotes)
    local q = r.quotes[1]
    assert.equal(2, #q.parts)
    assert.equal('"We did it,"', text:sub(q.parts[1].start + 1, q.parts[1].finish))
    assert.equal('"and we will do it again."', text:sub(q.parts[2].start + 1, q.parts[2].finish))
    assert.equal(q.parts[1].start, q.start)
    assert.equal(q.parts[2].finish, q.finish)
    assert.equal("Ana Ruiz", text:sub(q.speaker.start + 1, q.speaker.finish))
    assert.equal("dq-cue-after", q.rule)
    -- a quote of one part has no parts table
    assert.is_nil(model:analyze('"We did it," Ana Ruiz said.').quotes[1].parts)
  end)

  it("returns a direct quote with its marks, speaker and cue", function()
    local r = model:analyze(RUIZ)
    local direct
    for _, q in ipairs(r.quotes) do
      if q.type == "direct" then direct = q end
    end
    assert.truthy(direct, "no direct quote")
    assert.equal('"We have done what we could."', H.text_of(RUIZ, direct))
    assert.equal("Ruiz", H.text_of(RUIZ, direct.speaker))
    assert.equal(H.find(RUIZ, r, "PERSON", "Ana Ruiz").id, direct.speaker.id)
    assert.equal("added", H.text_of(RUIZ, direct.cue))
  end)

  it("uses byte offsets across multi-byte characters", function()
    local text = "“Olá,” disse ela. A ministra Lucía Ortega visitou Málaga e São Paulo na segunda-feira."
    local r = model:analyze(text)
    local names = H.entities(text, r)
    local seen = {}
    for _, n in ipairs(names) do seen[n] = true end
    assert.truthy(seen["GPE:São Paulo"], table.concat(names, ", "))
    local e = H.find(text, r, "GPE", "São Paulo")
    assert.equal(text:find("São Paulo", 1, true) - 1, e.start)
    assert.equal(e.start + #"São Paulo", e.finish)
  end)

  it("can leave out quotes or entities", function()
    local r = model:analyze(RUIZ, { quotes = false })
    assert.equal(0, #r.quotes)
    assert.is_true(#r.entities > 0)
    r = model:analyze(RUIZ, { entities = false })
    assert.equal(0, #r.entities)
    assert.is_true(#r.quotes > 0)
  end)

  it("finds money, percentages, times and dates in news style", function()
    local text = "The fund lost $4.2 billion, or 15 percent, between Jan. 5 and March 3, 2024, "
      .. "and the board met at 3 p.m. on Friday, two weeks ago."
    local got = H.entities(text, model:analyze(text))
    assert.same({ "MONEY:$4.2 billion", "PERCENT:15 percent", "DATE:Jan. 5", "DATE:March 3, 2024",
      "TIME:3 p.m.", "DATE:Friday", "DATE:two weeks ago" }, got)
  end)

  it("finds organizations, nationalities and countries", function()
    local text = "The French government asked the World Health Organization and NATO to meet "
      .. "officials of the Ministry of Finance in Portugal."
    local got = H.entities(text, model:analyze(text))
    assert.same({ "NORP:French", "ORG:World Health Organization", "ORG:NATO", "ORG:Ministry of Finance",
      "GPE:Portugal" }, got)
  end)

  it("returns empty lists for empty and blank text", function()
    for _, t in ipairs({ "", "   \n\n  ", "\t" }) do
      local r = model:analyze(t)
      assert.same({}, r.entities)
      assert.same({}, r.quotes)
    end
  end)

  it("survives invalid UTF-8 and NUL bytes with spans inside the text", function()
    local text = "Ana Ruiz\0 visited \255\254Lisbon\0 on Tuesday \226\128 and \"left"
    local r = model:analyze(text)
    for _, e in ipairs(r.entities) do
      assert.is_true(e.start >= 0 and e.finish <= #text and e.start < e.finish)
    end
    for _, q in ipairs(r.quotes) do
      assert.is_true(q.start >= 0 and q.finish <= #text and q.start < q.finish)
    end
    assert.truthy(H.find(text, r, "GPE", "Lisbon"))
  end)

  it("keeps spans in order and in bounds on random bytes", function()
    local seed = 12345
    local function rnd(n)
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    end
    local alphabet = { "A", "a", " ", "\n", '"', "'", "“", "”", ".", "Ruiz", "said", "\255", "\0", "Lisbon", ",", "$", "5" }
    for _ = 1, 200 do
      local parts = {}
      for k = 1, rnd(60) do parts[k] = alphabet[rnd(#alphabet) + 1] end
      local text = table.concat(parts)
      local r = model:analyze(text)
      local last = 0
      for _, e in ipairs(r.entities) do
        assert.is_true(e.start >= last and e.finish > e.start and e.finish <= #text)
        last = e.finish
      end
      for _, q in ipairs(r.quotes) do
        assert.is_true(q.start >= 0 and q.finish > q.start and q.finish <= #text)
      end
    end
  end)
end)

describe("model:set_user_lexicon", function()
  local text = "The Tagus Board met Ana Ruiz in Lisbon."
  after_each(function()
    model:set_user_lexicon(nil)
  end)

  it("takes entries as lists or as named fields, and nil takes them away", function()
    assert.is_true(model:set_user_lexicon({ { "Tagus Board", "EVENT" }, { text = "Lisbon", label = "NEVER" } }))
    local got = H.entities(text, model:analyze(text))
    assert.is_truthy(holds(got, "EVENT:Tagus Board"), table.concat(got, ", "))
    assert.is_falsy(holds(got, "GPE:Lisbon"), table.concat(got, ", "))
    assert.is_true(model:set_user_lexicon(nil))
    assert.is_truthy(holds(H.entities(text, model:analyze(text)), "GPE:Lisbon"))
  end)

  it("refuses a bad entry with its number, and keeps the lexicon it had", function()
    assert.is_true(model:set_user_lexicon({ { "Tagus Board", "EVENT" } }))
    for _, case in ipairs({
      { { { "Lisbon", "GPE" }, "Lisbon" }, "entry 2 is not a table" },
      { { { "Lisbon" } }, "entry 1 needs a text and a label" },
      { { { "Lis\tbon", "GPE" } }, "entry 1: the text holds a tab or line break" },
      { { { "Lisbon", "G\nPE" } }, "entry 1: bad label" },
    }) do
      local ok, err = pcall(model.set_user_lexicon, model, case[1])
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find(case[2], 1, true), tostring(err))
    end
    assert.is_truthy(holds(H.entities(text, model:analyze(text)), "EVENT:Tagus Board"))
  end)
end)

describe("model:link", function()
  it("gives one id to a full name, the surname and a titled surname", function()
    local ids, labels = model:link({
      { text = "Ana Ruiz", label = "PERSON" },
      { text = "Lisbon", label = "GPE" },
      { text = "Ruiz", label = "ORG" },
      { text = "Ms. Ruiz", label = "PERSON" },
      { text = "Ruiz's", label = "PERSON" },
    })
    assert.equal(ids[1], ids[3])
    assert.equal(ids[1], ids[4])
    assert.equal(ids[1], ids[5])
    assert.are_not.equal(ids[1], ids[2])
    assert.equal("PERSON", labels[3])
  end)

  it("links an acronym to its organization in either order", function()
    local ids = model:link({
      { text = "European Union", label = "ORG" },
      { text = "EU", label = "ORG" },
      { text = "NATO", label = "ORG" },
      { text = "North Atlantic Treaty Organization", label = "ORG" },
    })
    assert.equal(ids[1], ids[2])
    assert.equal(ids[3], ids[4])
    assert.are_not.equal(ids[1], ids[3])
  end)

  it("links a dotted acronym to the plain one and to the full name", function()
    local ids = model:link({
      { text = "United Nations", label = "ORG" },
      { text = "U.N.", label = "ORG" },
      { text = "UN", label = "ORG" },
      { text = "U.S.", label = "GPE" },
      { text = "United States", label = "GPE" },
    })
    assert.equal(ids[1], ids[2])
    assert.equal(ids[1], ids[3])
    assert.equal(ids[4], ids[5])
    assert.are_not.equal(ids[1], ids[4])
  end)

  it("keeps two people with the same first name apart", function()
    local ids = model:link({
      { text = "Ana Ruiz", label = "PERSON" },
      { text = "Ana Costa", label = "PERSON" },
    })
    assert.are_not.equal(ids[1], ids[2])
  end)
end)

describe("model:tag and model:tokens", function()
  it("tags pre-tokenized sentences with BIO2 labels", function()
    local toks = { "Ana", "Ruiz", "flew", "to", "Lisbon", ".", "Ruiz", "smiled", "." }
    local starts = { true, false, false, false, false, false, true, false, false }
    assert.same({ "B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "B-PERSON", "O", "O" },
      model:tag(toks, starts))
  end)

  it("returns token spans with sentence starts", function()
    local text = "Mr. Ruiz met the U.S. envoy. They talked."
    local toks = model:tokens(text)
    local words, starts = {}, {}
    for i, t in ipairs(toks) do
      words[i] = text:sub(t.start + 1, t.finish)
      if t.sentence then starts[#starts + 1] = words[i] end
    end
    assert.same({ "Mr.", "Ruiz", "met", "the", "U.S.", "envoy", ".", "They", "talked", "." }, words)
    assert.same({ "Mr.", "They" }, starts)
  end)
end)

describe("training options", function()
  it("refuse a files list that is missing, empty or holds a non-string, with the function's name", function()
    local core = H.core
    local cases = {
      { core.train, { output = "/nonexistent/x.model" }, "train: 'files' must be a list of paths" },
      { core.train, { files = {}, output = "/nonexistent/x.model" }, "train: no data files" },
      { core.train, { files = { "a.bio", 42 }, output = "/nonexistent/x.model" }, "train: file 2 is not a string" },
      { core.build_clusters, { files = { 7 }, output = "/nonexistent/c.tsv" }, "build_clusters: file 1 is not a string" },
      { core.build_clusters, { files = {}, output = "/nonexistent/c.tsv" }, "build_clusters: no data files" },
    }
    for _, c in ipairs(cases) do
      local ok, err = pcall(c[1], c[2])
      assert.is_false(ok)
      assert.truthy(tostring(err):find(c[3], 1, true), tostring(err))
    end
  end)
end)
