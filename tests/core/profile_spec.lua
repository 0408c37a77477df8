-- Profiles of the entity tagger (data/MODEL.md): train --domain / --profile
-- learn every feature shared and per corpus and write one model per corpus
-- (newsmark.model, newsmark-NAME.model); --profile NAME loads one on the
-- command line. Every sentence here is the project's own.
local H = require("tests.core.helper")

local BIN = "XDG_DATA_HOME=/nonexistent/newsmark-test luajit bin/newsmark"

local PROBE = "Fans cheered for Kestrel all night.\n"

-- Two corpora that disagree on the same sentences: a club in the first, a
-- town in the second.
local function bio(label)
  return table.concat({
    "# doc = d/1",
    "Kestrel\tB-" .. label, "won\tO", "again\tO", "on\tO", "Sunday\tO", ".\tO", "",
    "Fans\tO", "cheered\tO", "for\tO", "Kestrel\tB-" .. label, "all\tO", "night\tO", ".\tO", "",
    "Ana\tB-PERSON", "Ruiz\tI-PERSON", "watched\tO", "Kestrel\tB-" .. label, "play\tO", ".\tO", "",
  }, "\n")
end

describe("profiles", function()
  local dir, m

  local function annotate(args, text)
    return H.run(BIN .. " annotate --format text --model " .. m .. " " .. args, text)
  end

  setup(function()
    dir = os.tmpname()
    os.remove(dir)
    m = dir .. "/m"
    os.execute("mkdir -p " .. m)
    for name, label in pairs({ club = "ORG", town = "LOC" }) do
      local f = assert(io.open(dir .. "/" .. name .. ".bio", "wb"))
      f:write(bio(label))
      f:close()
    end
    os.execute("cp data/newsmark.lex " .. m .. "/")
    local code, _, err = H.run(("%s train --quiet --data %s/club.bio,%s/town.bio --domain 1 --profile town=2 --epochs 5 --output %s/newsmark.model")
      :format(BIN, dir, dir, m))
    assert(code == 0, err)
  end)

  teardown(function()
    os.execute("rm -rf " .. dir)
  end)

  it("train --domain writes the model of one corpus and --profile those of others", function()
    local c1, club, e1 = annotate("", PROBE)
    local c2, town, e2 = annotate("--profile town", PROBE)
    local c3, news = annotate("--profile news", PROBE)
    assert.equal(0, c1, e1)
    assert.equal(0, c2, e2)
    assert.equal(0, c3)
    assert.truthy(club:find("ORG%s+e%d+%s+Kestrel"), club)
    assert.truthy(town:find("LOC%s+e%d+%s+Kestrel"), town)
    assert.equal(club, news) -- news names newsmark.model, the default
  end)

  it("every command that loads the model takes --profile", function()
    local code, out, err = H.run(BIN .. " tag --model " .. m .. " --profile town", "Fans\ncheered\nfor\nKestrel\n.\n")
    assert.equal(0, code, err)
    assert.truthy(out:find("Kestrel\tB%-LOC"), out)
    local f = assert(io.open(dir .. "/gold.bio", "wb"))
    f:write("Fans\tO\ncheered\tO\nfor\tO\nKestrel\tB-LOC\n.\tO\n")
    f:close()
    code, out, err = H.run(BIN .. " eval --model " .. m .. " --profile town " .. dir .. "/gold.bio")
    assert.equal(0, code, err)
    assert.truthy(out:find("micro%s+1%.0000%s+1%.0000%s+1%.0000"), out)
    code, out, err = H.run(BIN .. " bench --runs 1 --size 2000 --model " .. m .. " --profile town")
    assert.equal(0, code, err)
  end)

  it("a profile the folder does not hold, or a name that is a path: one line, exit 2", function()
    local code, out, err = annotate("--profile sports", PROBE)
    assert.equal(2, code)
    assert.equal("", out)
    assert.truthy(err:find("newsmark-sports.model", 1, true), err)
    assert.equal(1, select(2, err:gsub("\n", "")))
    code, _, err = annotate("--profile ../m/newsmark", PROBE)
    assert.equal(2, code)
    assert.truthy(err:find("bad profile name", 1, true), err)
    -- the bundled folder has no profile files
    code, _, err = H.run(BIN .. " annotate --profile town", PROBE)
    assert.equal(2, code)
    assert.truthy(err:find("newsmark-town.model", 1, true), err)
  end)

  it("train: bad --domain and --profile options are one line naming the problem", function()
    local data = ("--data %s/club.bio,%s/town.bio --output %s/x.model"):format(dir, dir, dir)
    local code, _, err = H.run(BIN .. " train " .. data .. " --profile town=2")
    assert.equal(2, code)
    assert.truthy(err:find("--profile needs --domain", 1, true), err)
    code, _, err = H.run(BIN .. " train " .. data .. " --domain 3")
    assert.equal(2, code)
    assert.truthy(err:find("--domain needs the number of one of the 2 data files", 1, true), err)
    code, _, err = H.run(BIN .. " train " .. data .. " --domain 1 --profile town=9")
    assert.equal(2, code)
    assert.truthy(err:find("--profile town=9", 1, true), err)
    code, _, err = H.run(BIN .. " train --init data/newsmark.model " .. data .. " --domain 1")
    assert.equal(2, code)
    assert.truthy(err:find("--domain trains from the corpora", 1, true), err)
  end)
end)
