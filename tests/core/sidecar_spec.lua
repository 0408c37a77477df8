-- newsmark.sidecar and newsmark.export without an editor (LuaJIT, lua5.1):
-- brat parsing and writing, character offsets, re-anchoring, atomic writes,
-- the merge of machine and manual annotations, export formats line by line.
local H = require("tests.core.helper")
local S = require("newsmark.sidecar")
local X = require("newsmark.export")

local function lines(s)
  return require("tests.fixture").lines(s, true)
end

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  os.execute("mkdir -p " .. d)
  return d
end

local read = H.read_file

local function ls(d)
  local p = io.popen("ls -A " .. d)
  local out = {}
  for l in p:lines() do
    out[#out + 1] = l
  end
  p:close()
  return out
end

describe("sidecar paths", function()
  it("follow brat's convention: the extension replaced by .ann", function()
    assert.equal("notes/article.ann", S.path_for("notes/article.md"))
    assert.equal("/a/b.c/story.ann", S.path_for("/a/b.c/story.txt"))
    assert.equal("README.ann", S.path_for("README"))
    assert.equal("x.tar.ann", S.path_for("x.tar.md"))
  end)
end)

describe("character offsets", function()
  local text = "Zoë met Ana\226\128\153s aunt in Óbidos.\n\240\159\147\176 Ana left."
  local off = S.offsets(text)
  it("count code points as brat does", function()
    local b = text:find("Ana", 1, true) - 1
    assert.equal(8, off.to_char(b)) -- "Zoë met " is 8 characters, 9 bytes
    assert.equal(b, off.to_byte(8))
    local o = text:find("\195\147bidos", 1, true) - 1
    assert.equal(22, off.to_char(o))
    assert.equal(o, off.to_byte(22))
    local last = text:find("Ana left", 1, true) - 1
    assert.equal(32, off.to_char(last)) -- the emoji is one character
    assert.equal(last, off.to_byte(32))
    assert.equal(#text, off.to_byte(off.nchars))
  end)
  it("round-trip every character boundary of a long text", function()
    local long = string.rep("a\195\169\226\130\172\240\159\152\128 ", 300) -- a é € 😀 space
    local o = S.offsets(long)
    local b = 0
    for c = 0, o.nchars do
      assert.equal(b, o.to_byte(c))
      assert.equal(c, o.to_char(b))
      if b < #long then
        local x = long:byte(b + 1)
        b = b + (x < 0x80 and 1 or x >= 0xF0 and 4 or x >= 0xE0 and 3 or 2)
      end
    end
  end)
  it("count a stray byte of invalid UTF-8 as one character", function()
    local o = S.offsets("a\255b\195")
    assert.equal(4, o.nchars)
    assert.equal(2, o.to_char(2))
  end)
end)

describe("parsing", function()
  it("reads decisions, scopes, equivalences and keeps every other line", function()
    local sc = assert(S.parse(table.concat({
      "T1\tPERSON 0 8\tAna Ruiz",
      "T2\tNever 20 26\tLisbon",
      "A1\tScope T2 document",
      "T3\tVessel 30 34\tMary",
      "T4\tORG 40 45;50 55\tSplit thing",
      "*\tEquiv T1 T5",
      "T5\tPERSON 60 64\tRuiz",
      "R1\tOwns Arg1:T1 Arg2:T3",
      "#1\tAnnotatorNotes T1\tchecked by hand",
      "A2\tNegated T1",
      "",
    }, "\n")))
    assert.equal(3, #sc.anns)
    assert.same({ tid = "T1", label = "PERSON", never = false, start = 0, finish = 8, text = "Ana Ruiz", scope = "span" }, sc.anns[1])
    assert.same({ tid = "T2", never = true, start = 20, finish = 26, text = "Lisbon", scope = "document" }, sc.anns[2])
    assert.same({ { "T1", "T5" } }, sc.equivs)
    assert.same({
      "T3\tVessel 30 34\tMary",
      "T4\tORG 40 45;50 55\tSplit thing",
      "R1\tOwns Arg1:T1 Arg2:T3",
      "#1\tAnnotatorNotes T1\tchecked by hand",
      "A2\tNegated T1",
    }, sc.extra)
  end)

  it("accepts an empty file, CRLF line ends and no final newline", function()
    assert.same({ anns = {}, equivs = {}, extra = {} }, S.parse(""))
    local sc = assert(S.parse("T1\tGPE 0 4\tFaro\r\nT2\tORG 5 9\tGuild"))
    assert.equal(2, #sc.anns)
    assert.equal("Faro", sc.anns[1].text)
  end)

  for _, case in ipairs({
    { "T1\tPERSON 0 8\tAna Ruiz\nhello world\n", "line 2: not a brat standoff line" },
    { "T1\tPERSON 0 8 Ana Ruiz\n", "line 1: T1 has no text field" },
    { "T1\tPERSON zero 8\tAna\n", "line 1: T1: expected 'LABEL START END'" },
    { "T1\tPERSON 9 8\tAna\n", "line 1: T1 ends (8) before it starts (9)" },
    { "T1\tORG 0 3\tAna\nT1\tORG 4 6\tRu\n", "line 2: T1 is defined twice" },
    { "A1\tScope T9 document\n", "line 1: Scope refers to T9, which is not defined" },
    { "T1\tORG 0 3\tAna\nA1\tScope T1 galaxy\n", "line 2: Scope of T1 must be 'document' or 'span'" },
    { "T1\tORG 0 3\tAna\n*\tEquiv T1 T7\n", "line 2: Equiv refers to T7, which is not defined" },
    { "T1\tORG 0 3\tAna\n\0\0\0", "line 2: a NUL byte" },
  }) do
    it("reports a corrupt file with its line: " .. case[2], function()
      local sc, err = S.parse(case[1])
      assert.is_nil(sc)
      assert.truthy(err:find(case[2], 1, true), err)
    end)
  end
end)

describe("serializing", function()
  it("writes T lines in text order, then scopes, equivalences and kept lines", function()
    local sc = {
      anns = {
        { tid = "T2", label = "ORG", start = 30, finish = 41, text = "Ferry\nGuild", scope = "span" },
        { label = "GPE", start = 5, finish = 9, text = "Faro", scope = "document" },
        { tid = "T1", never = true, start = 0, finish = 4, text = "Rui", scope = "span" },
      },
      equivs = { { "T2", "T9" }, { "T1", "T2" } },
      extra = { "T3\tVessel 50 54\tMary", "A1\tNegated T3" },
    }
    assert.same({
      "T1\tNever 0 4\tRui",
      "T4\tGPE 5 9\tFaro",
      "T2\tORG 30 41\tFerry Guild",
      "A2\tScope T4 document",
      "*\tEquiv T1 T2",
      "T3\tVessel 50 54\tMary",
      "A1\tNegated T3",
    }, lines(S.serialize(sc)))
  end)
  it("round-trips what it parses", function()
    local text = "T1\tPERSON 0 8\tAna Ruiz\nT2\tNever 20 26\tLisbon\nA1\tScope T2 document\n*\tEquiv T1 T2\nR1\tOwns Arg1:T1 Arg2:T2\n"
    assert.equal(text, S.serialize(assert(S.parse(text))))
  end)
end)

describe("re-anchoring", function()
  local function ann(text, s, f)
    return { text = text, start = s, finish = f }
  end
  it("keeps offsets that still hold the text", function()
    assert.same({ 4, 8, false }, { S.locate("Ana Rui Faro", ann("Rui ", 4, 8)) })
  end)
  it("moves to the occurrence nearest the old place", function()
    local text = "Faro. Then Lisbon. More words here and Faro again, Faro."
    local s, f, moved = S.locate(text, ann("Faro", 40, 44))
    assert.same({ 39, 43, true }, { s, f, moved })
    s = S.locate(text, ann("Faro", 2, 6))
    assert.equal(0, s)
  end)
  it("matches across a line break added inside the text", function()
    local s, f = S.locate("He met the Ferry\nGuild today.", ann("Ferry Guild", 0, 11))
    assert.same({ 11, 22 }, { s, f })
  end)
  it("reports a text that is gone", function()
    assert.is_nil(S.locate("Nothing here.", ann("Faro", 0, 4)))
  end)
  it("works in characters: a multibyte text before the annotation", function()
    local text = "Ação em Évora."
    assert.same({ 10, 16, false }, { S.locate(text, ann("Évora", 8, 13)) }) -- bytes
  end)
  it("takes byte offsets as the editor gives them, with the same rules", function()
    local text = "Ação em Évora. Faro, Faro."
    assert.same({ 10, 16, false }, { S.locate_bytes(text, "Évora", 10, 16) })
    assert.same({ 24, 28, true }, { S.locate_bytes(text, "Faro", 23, 27) }) -- the nearest
    assert.is_nil(S.locate_bytes(text, "Lisbon", 0, 6))
  end)
end)

describe("atomic writes", function()
  local d
  before_each(function()
    d = tmpdir()
  end)
  after_each(function()
    os.execute("rm -rf " .. d)
  end)

  it("replace the file and leave no temporary file", function()
    local p = d .. "/a.ann"
    assert.is_true(S.write(p, "old\n"))
    assert.is_true(S.write(p, { anns = { { tid = "T1", label = "GPE", start = 0, finish = 4, text = "Faro" } }, equivs = {}, extra = {} }))
    assert.equal("T1\tGPE 0 4\tFaro\n", read(p))
    assert.same({ "a.ann" }, ls(d))
  end)

  it("leave the previous file when the rename fails", function()
    local p = d .. "/a.ann"
    assert.is_true(S.write(p, "old\n"))
    local saved = S.fs
    S.fs = setmetatable({ rename = function() return nil, "simulated failure" end }, { __index = saved })
    local ok, err = S.write(p, "new\n")
    S.fs = saved
    assert.is_nil(ok)
    assert.truthy(err:find("simulated failure", 1, true))
    assert.equal("old\n", read(p))
    assert.same({ "a.ann" }, ls(d))
  end)

  it("fail with a message when the folder does not exist", function()
    local ok, err = S.write(d .. "/missing/a.ann", "x")
    assert.is_nil(ok)
    assert.truthy(err:find("cannot create", 1, true))
  end)

  it("read: no file is not an error, a corrupt one is", function()
    assert.same({}, { S.read(d .. "/none.ann") })
    local p = d .. "/bad.ann"
    S.write(p, "garbage\n")
    local sc, err = S.read(p)
    assert.is_nil(sc)
    assert.truthy(err:find("bad.ann: line 1", 1, true), err)
  end)
end)

describe("merge", function()
  local text = "Rui Costa met Leonor Brás at the Ferry Guild in Faro. Costa said Faro was calm."
  local function span(s, nth, t)
    local a, b = require("tests.fixture").span(text, s, nth)
    t = t or {}
    t.start, t.finish = a, b
    return t
  end
  local machine = {
    span("Rui Costa", 1, { label = "PERSON", id = 1 }),
    span("Leonor Brás", 1, { label = "PERSON", id = 2 }),
    span("Ferry Guild", 1, { label = "PERSON", id = 3 }),
    span("Faro", 1, { label = "GPE", id = 4 }),
    span("Costa", 2, { label = "PERSON", id = 1 }),
    span("Faro", 2, { label = "GPE", id = 4 }),
  }
  local function show(ents)
    local out = {}
    for _, e in ipairs(ents) do
      out[#out + 1] = ("%s:%s#%d%s"):format(e.label, text:sub(e.start + 1, e.finish), e.id, e.manual and "*" or "")
    end
    return out
  end

  it("leaves the machine's result alone without decisions", function()
    assert.same({ "PERSON:Rui Costa#1", "PERSON:Leonor Brás#2", "PERSON:Ferry Guild#3", "GPE:Faro#4", "PERSON:Costa#1", "GPE:Faro#4" },
      show(X.merge(text, machine, {}, {})))
  end)

  it("relabels (keeping the id), removes, adds and merges", function()
    local decisions = {
      span("Ferry Guild", 1, { tid = "T1", label = "ORG", scope = "span" }),
      span("Faro", 1, { tid = "T2", never = true, scope = "document", text = "Faro" }),
      span("Brás", 1, { tid = "T3", label = "PERSON", scope = "span" }),
      span("Rui Costa", 1, { tid = "T4", label = "PERSON", scope = "span" }),
    }
    local ents = X.merge(text, machine, decisions, { { "T4", "T3" } })
    assert.same({ "PERSON:Rui Costa#1*", "PERSON:Brás#1*", "ORG:Ferry Guild#3*", "PERSON:Costa#1" }, show(ents))
  end)

  it("a decision on a place beats a document-wide one; later beats earlier", function()
    local decisions = {
      span("Faro", 1, { tid = "T1", label = "LOC", scope = "document", text = "Faro" }),
      span("Faro", 2, { tid = "T2", never = true, scope = "span" }),
      span("Ferry Guild", 1, { tid = "T3", label = "ORG", scope = "span" }),
      span("Ferry Guild", 1, { tid = "T4", label = "EVENT", scope = "span" }),
    }
    assert.same({ "PERSON:Rui Costa#1", "PERSON:Leonor Brás#2", "EVENT:Ferry Guild#3*", "LOC:Faro#4*", "PERSON:Costa#1" },
      show(X.merge(text, machine, decisions, {})))
  end)

  it("document-wide decisions match whole words only", function()
    assert.same({ { start = 0, finish = 3 }, { start = 10, finish = 13 } }, X.occurrences("Rui, Ruiz Rui.", "Rui"))
  end)

  it("anchors a sidecar in a changed text and reports what it cannot", function()
    local sc = assert(S.parse("T1\tORG 33 44\tFerry Guild\nT2\tPERSON 0 6\tNobody\n"))
    local ds, lost = X.decisions("Intro. " .. text, sc)
    assert.equal(1, #ds)
    assert.equal(41, ds[1].start) -- bytes ("Brás" comes first)
    assert.equal("Nobody", lost[1].text)
  end)

  it("anchors the editor's decisions by their bytes, the same as by characters", function()
    local t = "Intro. " .. text
    local s, f = t:find("Ferry Guild", 1, true)
    local by_chars = X.decisions(t, assert(S.parse("T1\tORG 33 44\tFerry Guild\n")))
    local by_bytes, lost = X.decisions(t, { anns = { { tid = "T1", label = "ORG", never = false, scope = "span", text = "Ferry Guild", bstart = s - 1, bfinish = f } } })
    assert.same(by_chars, by_bytes)
    assert.equal(0, #lost)
    -- bytes that no longer hold the text: the nearest occurrence, as by characters
    local moved = X.decisions(t, { anns = { { tid = "T1", label = "ORG", text = "Ferry Guild", bstart = 0, bfinish = 11 } } })
    assert.same({ s - 1, f }, { moved[1].start, moved[1].finish })
  end)

  it("merges the decisions into the machine's entities in text order, sorted or not", function()
    local decisions = { span("Leonor", 1, { tid = "T1", label = "LOC", scope = "span" }) }
    local shuffled = {}
    for i = #machine, 1, -1 do
      shuffled[#shuffled + 1] = machine[i]
    end
    local a = X.merge(text, machine, decisions, {})
    assert.same(a, X.merge(text, shuffled, decisions, {}))
    assert.same({ "PERSON:Rui Costa#1", "LOC:Leonor#5*", "PERSON:Ferry Guild#3", "GPE:Faro#4", "PERSON:Costa#1", "GPE:Faro#4" }, show(a))
  end)
end)

describe("export formats", function()
  local text = "Rui Costa met Leonor Brás at the Ferry Guild. \"We sail,\" Costa said.\n"
  local F = require("tests.fixture")
  local qs, qf = F.span(text, '"We sail,"')
  local ss, sf = F.span(text, "Costa", 2)
  local cs, cf = F.span(text, "said")
  local r = {
    entities = {
      F.entity(text, "Rui Costa", "PERSON", 1), F.entity(text, "Ferry Guild", "PERSON", 2),
      F.entity(text, "Costa", "PERSON", 1, 2),
    },
    quotes = { { start = qs, finish = qf, type = "direct", flags = {}, speaker = { start = ss, finish = sf, id = 1 }, cue = { start = cs, finish = cf } } },
  }
  local sc = assert(S.parse("T1\tORG 33 44\tFerry Guild\nT2\tPERSON 14 25\tLeonor Brás\n"))

  it("brat: manual decisions merged, character offsets, quotes with speaker and cue", function()
    local out, lost = X.document(text, r, sc, "brat", {})
    assert.same({}, lost)
    assert.same({
      "T1\tPERSON 0 9\tRui Costa",
      "T2\tPERSON 14 25\tLeonor Brás",
      "T3\tORG 33 44\tFerry Guild",
      "T4\tPERSON 57 62\tCosta",
      "T5\tQuote 46 56\t\"We sail,\"",
      "A1\tQuoteType T5 direct",
      "R1\tSpokenBy Arg1:T5 Arg2:T4",
      "T6\tCue 63 67\tsaid",
      "R2\tCuedBy Arg1:T5 Arg2:T6",
    }, lines(out))
  end)

  it("conll: one token a line, BIO tags with the manual labels, a blank line after each sentence", function()
    local out = X.document(text, r, sc, "conll", { model = H.model })
    local ls = lines(out)
    assert.same({ "Rui\tB-PERSON", "Costa\tI-PERSON", "met\tO", "Leonor\tB-PERSON", "Brás\tI-PERSON", "at\tO", "the\tO", "Ferry\tB-ORG", "Guild\tI-ORG", ".\tO" },
      { unpack(ls, 1, 10) })
    assert.equal("", ls[11])
    local last = {}
    for i = 12, #ls do
      last[#last + 1] = ls[i]
    end
    assert.equal("Costa\tB-PERSON", last[#last - 3])
    assert.equal("said\tO", last[#last - 2])
    assert.equal("", last[#last])
  end)

  it("jsonl: one object a line, in text order, ids shared by merged mentions", function()
    local json = require("newsmark.cli.json")
    local out = X.document(text, r, sc, "jsonl", { file = "ferry.md" })
    local objs = {}
    for _, l in ipairs(lines(out)) do
      objs[#objs + 1] = json.decode(l)
    end
    assert.equal(5, #objs)
    assert.same({ "entity", "PERSON", "Rui Costa", 0, 9, "e1", "ferry.md" },
      { objs[1].kind, objs[1].label, objs[1].text, objs[1].start, objs[1]["end"], objs[1].id, objs[1].file })
    assert.same({ "PERSON", "Leonor Brás", "e3" }, { objs[2].label, objs[2].text, objs[2].id })
    assert.same({ "ORG", "Ferry Guild", "e2" }, { objs[3].label, objs[3].text, objs[3].id })
    assert.equal("quote", objs[4].kind)
    assert.equal("e1", objs[4].speaker.id)
    assert.same({ "Costa", "e1" }, { objs[5].text, objs[5].id })
  end)

  it("rejects an unknown format", function()
    local out, err = X.format("xml", text, r, {})
    assert.is_nil(out)
    assert.truthy(err:find("unknown export format 'xml'", 1, true))
  end)
end)

-- The merge rules written the plain way (every machine entity against every
-- decision), to check the indexed merge against on random cases. A
-- document-wide decision's occurrence inside or across a longer machine
-- entity does not take effect there.
local function reference_merge(text, machine, decisions)
  local function ov(a, b) return a.start < b.finish and b.start < a.finish end
  local accepted = {}
  local function try(d)
    for _, x in ipairs(accepted) do
      if ov(d, x) then return end
    end
    accepted[#accepted + 1] = d
  end
  for i = #decisions, 1, -1 do
    if decisions[i].scope ~= "document" then try(decisions[i]) end
  end
  for i = #decisions, 1, -1 do
    local d = decisions[i]
    if d.scope == "document" then
      for _, o in ipairs(X.occurrences(text, d.text)) do
        -- never cuts a longer name the machine found (one not inside it)
        local cuts = false
        for _, m in ipairs(machine) do
          if ov(m, o) and (m.start < o.start or m.finish > o.finish) then
            cuts = true
          end
        end
        if not cuts then
          try({ label = d.label, never = d.never, start = o.start, finish = o.finish })
        end
      end
    end
  end
  local out = {}
  for _, m in ipairs(machine) do
    local drop = false
    for _, d in ipairs(accepted) do
      if (d.never and d.start <= m.start and m.finish <= d.finish) or (not d.never and ov(m, d)) then
        drop = true
      end
    end
    if not drop then out[#out + 1] = m.start .. "-" .. m.finish .. m.label end
  end
  for _, d in ipairs(accepted) do
    if not d.never then out[#out + 1] = d.start .. "-" .. d.finish .. d.label .. "*" end
  end
  table.sort(out)
  return out
end

describe("merge at scale", function()
  it("gives what the plain rules give on 300 random documents", function()
    math.randomseed(7)
    local words = { "Ana", "Ruiz", "Lisbon", "the", "port", "said", "EU", "Porto" }
    local labels = { "PERSON", "ORG", "GPE", "LOC" }
    for _ = 1, 300 do
      local parts = {}
      for i = 1, math.random(5, 60) do parts[i] = words[math.random(#words)] end
      local text = table.concat(parts, " ")
      local starts, pos = {}, 0
      for i, w in ipairs(parts) do starts[i] = { pos, pos + #w }; pos = pos + #w + 1 end
      local function span(i, n)
        local j = math.min(#parts, i + n - 1)
        return starts[i][1], starts[j][2]
      end
      local machine, decisions = {}, {}
      local i = 1
      while i <= #parts do -- machine entities never overlap each other
        if math.random() < 0.4 then
          local n = math.random(1, 2)
          local s, f = span(i, n)
          machine[#machine + 1] = { start = s, finish = f, label = labels[math.random(#labels)], id = #machine + 1 }
          i = i + n
        else
          i = i + 1
        end
      end
      for k = 1, math.random(0, 12) do
        local s, f = span(math.random(#parts), math.random(1, 3))
        local never = math.random() < 0.3
        local scope = math.random() < 0.25 and "document" or "span"
        decisions[#decisions + 1] = {
          tid = "T" .. k, label = not never and labels[math.random(#labels)] or nil, never = never,
          scope = scope, start = s, finish = f, text = text:sub(s + 1, f),
        }
      end
      local got = {}
      for _, e in ipairs(X.merge(text, machine, decisions, {})) do
        got[#got + 1] = e.start .. "-" .. e.finish .. e.label .. (e.manual and "*" or "")
      end
      table.sort(got)
      assert.same(reference_merge(text, machine, decisions), got)
    end
  end)
end)
