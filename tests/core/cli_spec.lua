-- bin/newsmark: the command-line contract of DESIGN.md.
local H = require("tests.core.helper")
local json = require("newsmark.cli.json")

-- (no person's lexicon: annotate would apply one found under XDG_DATA_HOME)
local BIN = "XDG_DATA_HOME=/nonexistent/newsmark-test luajit bin/newsmark"

local lines = require("tests.fixture").lines

describe("newsmark annotate", function()
  it("prints one JSON object per entity and quote, in text order, with byte offsets", function()
    local text = "Prime Minister Ana Ruiz spoke in Lisbon. \"We will stay,\" Ruiz said.\n"
    local code, out, err = H.run(BIN .. " annotate --format jsonl", text)
    assert.equal(0, code, err)
    local objs = {}
    for _, l in ipairs(lines(out)) do objs[#objs + 1] = json.decode(l) end
    assert.equal("entity", objs[1].kind)
    assert.equal("PERSON", objs[1].label)
    assert.equal("Ana Ruiz", objs[1].text)
    assert.equal(text:find("Ana Ruiz", 1, true) - 1, objs[1].start)
    assert.equal(objs[1].start + 8, objs[1]["end"])
    assert.equal("e" .. tostring(objs[1].id):match("%d+"), objs[1].id)
    local q
    for _, o in ipairs(objs) do
      if o.kind == "quote" then q = o end
    end
    assert.truthy(q, out)
    assert.equal("direct", q.type)
    assert.equal('"We will stay,"', q.text)
    assert.equal("Ruiz", q.speaker.text)
    assert.equal(objs[1].id, q.speaker.id)
    assert.equal("said", q.cue.text)
    local last = -1
    for _, o in ipairs(objs) do
      assert.is_true(o.start >= last)
      last = o.start
    end
  end)

  it("names the rule of each quote with --explain, and only then", function()
    local text = "\"We will stay,\" Ana Ruiz said. According to Tomas Berg, the pier is safe.\n"
    local code, out, err = H.run(BIN .. " annotate --explain --format jsonl", text)
    assert.equal(0, code, err)
    local rules = {}
    for _, l in ipairs(lines(out)) do
      local o = json.decode(l)
      if o.kind == "quote" then rules[#rules + 1] = o.text .. " <- " .. o.rule end
    end
    assert.same({ '"We will stay," <- dq-cue-after', "the pier is safe <- according-to" }, rules)
    code, out = H.run(BIN .. " annotate --format jsonl", text)
    assert.equal(0, code)
    assert.falsy(out:find('"rule"', 1, true), out)
    code, out = H.run(BIN .. " annotate --explain --format text", text)
    assert.equal(0, code)
    assert.truthy(out:find("[said] {dq-cue-after}", 1, true), out)
    code, out = H.run(BIN .. " annotate --explain --format brat", text)
    assert.equal(0, code)
    assert.truthy(out:find("\tAnnotatorNotes T%d+\trule according%-to\n"), out)
  end)

  it("writes a split quotation as one quote with parts (jsonl) and one discontinuous span (brat)", function()
    local text = '"We did it," Ana Ruiz said, "and we will do it again."\n'
    local code, out, err = H.run(BIN .. " annotate --format jsonl", text)
    assert.equal(0, code, err)
    local q
    for _, l in ipairs(lines(out)) do
      local o = json.decode(l)
      if o.kind == "quote" then
        assert.is_nil(q, out)
        q = o
      end
    end
    assert.truthy(q, out)
    assert.equal(0, q.start)
    assert.equal(#text - 1, q["end"])
    assert.same({ { start = 0, ["end"] = 12, text = '"We did it,"' },
      { start = 28, ["end"] = #text - 1, text = '"and we will do it again."' } }, q.parts)
    code, out = H.run(BIN .. " annotate --format brat", text)
    assert.equal(0, code)
    assert.truthy(out:find('\tQuote 0 12;28 ' .. (#text - 1) .. '\t"We did it," "and we will do it again."\n', 1, true), out)
    -- a quote of one part has no "parts"
    code, out = H.run(BIN .. " annotate --format jsonl", '"We did it," Ana Ruiz said.\n')
    assert.equal(0, code)
    assert.falsy(out:find('"parts"', 1, true), out)
  end)

  it("adds the file name when given several files", function()
    local code, out = H.run(BIN .. " annotate examples/council.md examples/summit.md")
    assert.equal(0, code)
    local files = {}
    for _, l in ipairs(lines(out)) do files[json.decode(l).file] = true end
    assert.same({ ["examples/council.md"] = true, ["examples/summit.md"] = true }, files)
  end)

  it("writes valid UTF-8 JSON for invalid input bytes", function()
    local code, out = H.run(BIN .. " annotate", "Ana Ruiz \255\254 visited Lisbon\0.\n")
    assert.equal(0, code)
    for _, l in ipairs(lines(out)) do
      local o = json.decode(l)
      assert.equal(json.clean_utf8(o.text), o.text)
    end
  end)

  it("skips front matter, code and URLs of a markdown file, keeping byte offsets", function()
    local md = "---\ntitle: Ana Ruiz in Lisbon\n---\n\nAna Ruiz spoke in Porto.\n\n"
      .. "```\nlocal Lisbon = 'Madrid'\n```\n\nSee https://example.org/Madrid/Costa or `Costa`.\n"
    local path = os.tmpname() .. ".md"
    local f = assert(io.open(path, "wb"))
    f:write(md)
    f:close()
    local code, out = H.run(BIN .. " annotate --format jsonl " .. path)
    assert.equal(0, code)
    local got = {}
    for _, l in ipairs(lines(out)) do
      local o = json.decode(l)
      got[#got + 1] = o.label .. ":" .. o.text
      assert.equal(o.text, md:sub(o.start + 1, o["end"]))
    end
    assert.same({ "PERSON:Ana Ruiz", "GPE:Porto" }, got)
    code, out = H.run(BIN .. " annotate --plain --format jsonl " .. path)
    assert.equal(0, code)
    assert.truthy(out:find('"text":"Madrid"', 1, true))
    os.remove(path)
  end)

  it("prints nothing and succeeds for an empty input", function()
    local code, out = H.run(BIN .. " annotate", "")
    assert.equal(0, code)
    assert.equal("", out)
  end)

  it("fails with one line on stderr for a missing file", function()
    local code, out, err = H.run(BIN .. " annotate /nonexistent/article.md")
    assert.are_not.equal(0, code)
    assert.equal("", out)
    assert.equal(1, #lines(err))
    assert.truthy(err:match("^newsmark: /nonexistent/article.md"), err)
  end)

  it("rejects an unknown format and an unknown option", function()
    local code, _, err = H.run(BIN .. " annotate --format yaml", "x")
    assert.are_not.equal(0, code)
    assert.truthy(err:match("unknown format"))
    code, _, err = H.run(BIN .. " annotate --colour", "x")
    assert.are_not.equal(0, code)
    assert.truthy(err:match("unknown option"))
  end)

  it("rejects an unknown command", function()
    local code, _, err = H.run(BIN .. " frobnicate")
    assert.are_not.equal(0, code)
    assert.truthy(err:match("unknown command"))
  end)
end)

describe("newsmark tag", function()
  it("prints token<TAB>tag, keeping comments, -DOCSTART- and blank lines", function()
    local input = "-DOCSTART- -X- O O\n\n# doc = test/1\nAna\nRuiz\nvisited\nLisbon\n.\n\n#hashtag\nwon\n.\n"
    local code, out, err = H.run(BIN .. " tag", input)
    assert.equal(0, code, err)
    assert.same({
      "-DOCSTART- -X- O O", "", "# doc = test/1", "Ana\tB-PERSON", "Ruiz\tI-PERSON", "visited\tO",
      "Lisbon\tB-GPE", ".\tO", "", "#hashtag\tO", "won\tO", ".\tO",
    }, (function()
      local t = {}
      for l in (out):gmatch("([^\n]*)\n") do t[#t + 1] = l end
      return t
    end)())
  end)

  it("reads the first column of multi-column input", function()
    local code, out = H.run(BIN .. " tag", "Lisbon NNP B-LOC\n")
    assert.equal(0, code)
    assert.equal("Lisbon\tB-GPE\n", out)
  end)
end)

describe("newsmark eval", function()
  local TEXTS = {
    "Ana Ruiz met Rui Costa in Lisbon on Tuesday.",
    "The Harbour Trust said Porto would pay.",
  }

  -- A gold .jsonl of TEXTS whose entities are the model's own, changed by
  -- `edit(entities, k)` (k: the text's index) first; the eval's micro row.
  local function micro(edit)
    local rows = {}
    for k, text in ipairs(TEXTS) do
      local ents = {}
      for _, e in ipairs(H.model:analyze(text, { quotes = false }).entities) do
        ents[#ents + 1] = { start = e.start, ["end"] = e.finish, label = e.label }
      end
      edit(ents, k)
      rows[#rows + 1] = json.encode({ text = text, entities = ents })
    end
    local base = os.tmpname()
    local path = base .. ".jsonl"
    H.write_file(path, table.concat(rows, "\n") .. "\n")
    local code, out, err = H.run(BIN .. " eval " .. path)
    os.remove(path)
    os.remove(base)
    assert.equal(0, code, err)
    local tp, fp, fn = out:match("\nmicro%s+%S+%s+%S+%s+%S+%s+(%d+)%s+(%d+)%s+(%d+)")
    return tonumber(tp), tonumber(fp), tonumber(fn), out
  end

  it("scores gold .jsonl against the model: its own entities all match, one left out is a false positive", function()
    local tp, fp, fn, out = micro(function() end)
    assert.is_true(tp > 1, out)
    assert.are.same({ 0, 0 }, { fp, fn })
    assert.truthy(out:find("\nmicro%s+1%.0000%s+1%.0000%s+1%.0000"), out)
    local tp2, fp2, fn2 = micro(function(ents, k)
      if k == 1 then table.remove(ents, 1) end
    end)
    assert.are.same({ tp - 1, 1, 0 }, { tp2, fp2, fn2 })
    local tp3, fp3, fn3 = micro(function(ents, k)
      if k == 2 then ents[#ents + 1] = { start = 0, ["end"] = 3, label = "ORG" } end
    end)
    assert.are.same({ tp, 0, 1 }, { tp3, fp3, fn3 })
  end)

  it("names the line of a gold .jsonl that is not an object with a text", function()
    local base = os.tmpname()
    local path = base .. ".jsonl"
    H.write_file(path, '{"text": "Ana Ruiz spoke.", "entities": []}\n[1, 2]\n')
    local code, out, err = H.run(BIN .. " eval " .. path)
    os.remove(path)
    os.remove(base)
    assert.are_not.equal(0, code)
    assert.equal("", out)
    assert.truthy(err:find(path .. ": line 2: not a", 1, true), err)
  end)
end)

describe("newsmark with a core it cannot use", function()
  -- a copy of the command line beside a core of its own making
  local function copy_with_core(c_source)
    local dir = os.tmpname()
    os.remove(dir)
    assert.equal(0, (H.run(("mkdir -p %s/bin %s/lua/newsmark/cli && cp bin/newsmark %s/bin/ && cp lua/newsmark/*.lua %s/lua/newsmark/ && cp lua/newsmark/cli/*.lua %s/lua/newsmark/cli/"):format(dir, dir, dir, dir, dir))))
    if c_source then
      local f = assert(io.open(dir .. "/core.c", "wb"))
      f:write(c_source)
      f:close()
      local code, _, err = H.run(("cc -shared -fPIC -o %s/lua/newsmark/core.so %s/core.c"):format(dir, dir))
      assert.equal(0, code, err)
    end
    return dir
  end

  local function check(dir, what, fix)
    local code, out, err = H.run("luajit " .. dir .. "/bin/newsmark annotate", "Ana Ruiz spoke.\n")
    H.run("rm -rf " .. dir)
    assert.equal(2, code, err)
    assert.equal("", out)
    local line = err:match("^([^\n]*)\n$")
    assert.truthy(line, "one line on stderr: " .. err)
    assert.truthy(line:find(what, 1, true), line)
    assert.truthy(line:find(fix, 1, true), line)
  end

  it("no core at all: says it is missing and to run make", function()
    check(copy_with_core(nil), "core.so is missing", "run `make` in")
  end)

  it("a core of another ABI (a pull without make): says it is out of date and to rebuild", function()
    check(copy_with_core([[
typedef struct lua_State lua_State;
extern void lua_createtable(lua_State *L, int narr, int nrec);
extern void lua_pushnumber(lua_State *L, double n);
extern void lua_setfield(lua_State *L, int idx, const char *k);
int luaopen_newsmark_core(lua_State *L);
int luaopen_newsmark_core(lua_State *L) {
  lua_createtable(L, 0, 1);
  lua_pushnumber(L, 1);
  lua_setfield(L, -2, "abi");
  return 1;
}
]]), "out of date (ABI 1", "run `make clean all` in")
  end)

  it("a core that gives no module: says it does not load and to rebuild", function()
    check(copy_with_core("int luaopen_newsmark_core(void *L);\nint luaopen_newsmark_core(void *L) { (void)L; return 0; }\n"),
      "returned no module", "run `make clean all` in")
  end)
end)
