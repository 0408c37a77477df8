-- bin/newsmark eval --quotes: the scorer behind every quote figure, on brat
-- attribution files written here (the PolNeAR layout: DIR/text/NAME.txt,
-- DIR/attributions/NAME_*.ann, brat offsets in characters).
local H = require("tests.core.helper")

local BIN = "XDG_DATA_HOME=/nonexistent/newsmark-test luajit bin/newsmark"

-- One brat attribution: content, source and cue as {start, end} character
-- offsets (nil: none), numbered from n.
local function attribution(text, n, content, source, cue)
  local out, roles = {}, {}
  local t = n
  local function span(kind, s)
    t = t + 1
    out[#out + 1] = ("T%d\t%s %d %d\t%s"):format(t, kind, s[1], s[2], text:sub(s[1] + 1, s[2]))
    roles[#roles + 1] = kind .. ":T" .. t
  end
  span("Content", content)
  if source then span("Source", source) end
  if cue then span("Cue", cue) end
  out[#out + 1] = ("E%d\tAttribution:T%d %s"):format(n, n, table.concat(roles, " "))
  return table.concat(out, "\n"), t
end

local function write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

-- The table rows of the output: rows["direct >30%"] = {gold, pred, P, R, F1, ...}
-- for the first table, parts["direct >30%"] for the table of parts.
local function tables(out)
  local rows, parts, cur = {}, {}, nil
  for line in out:gmatch("[^\n]+") do
    if line:find("^subset%s+cover") then
      cur = cur == nil and rows or parts
    elseif cur then
      local s, cover, rest = line:match("^(%a+)%s+(>%s*%d+%%)%s+(.*)$")
      if s then
        local v = {}
        for x in rest:gmatch("%S+") do v[#v + 1] = tonumber(x) or x end
        cur[s .. " " .. cover:gsub("%s", "")] = v
      end
    end
  end
  return rows, parts
end

describe("newsmark eval --quotes", function()
  local dir

  before_each(function()
    dir = os.tmpname()
    os.remove(dir)
    assert.equal(0, (H.run(("mkdir -p %s/text %s/attributions"):format(dir, dir))))
    -- a quotation in two parts that the gold writes as two attributions,
    -- and a reported one
    local a = '"The pier will open in May," Ana Ruiz said. "The boats are ready."\n\n' ..
      "Tomas Berg said the ferry would run on Sundays.\n"
    write(dir .. "/text/a.txt", a)
    local e1, t1 = attribution(a, 1, { 0, 28 }, { 29, 37 }, { 38, 42 })
    local e2, t2 = attribution(a, t1 + 1, { 44, 66 }, { 29, 37 }, { 38, 42 })
    local e3 = attribution(a, t2 + 1, { 84, 114 }, { 68, 78 }, { 79, 83 })
    write(dir .. "/attributions/a_0001.ann", e1 .. "\n" .. e2 .. "\n" .. e3 .. "\n")
    -- characters before the spans that take two bytes each: brat offsets
    -- count characters
    local b = "Zoé Martin visited Évora.\n\nZoé Martin said the café would close in June.\n"
    write(dir .. "/text/b.txt", b)
    -- characters: "Zoé Martin" 27..37, "said" 38..42, content 43..71
    write(dir .. "/attributions/b_0001.ann", (attribution(b, 1, { 43, 71 }, { 27, 37 }, { 38, 42 })) .. "\n")
  end)

  after_each(function()
    H.run("rm -rf " .. dir)
  end)

  it("matches a quote once in its table, and its parts one attribution each in the second", function()
    local code, out, err = H.run(BIN .. " eval --quotes " .. dir)
    assert.equal(0, code, err)
    assert.truthy(out:find("quotes: 2 documents", 1, true), out)
    local rows, parts = tables(out)
    -- direct: two gold attributions, one predicted quote (two parts)
    local d = rows["direct >30%"]
    assert.same({ 2, 1, 1.0, 0.5 }, { d[1], d[2], d[3], d[4] })
    assert.equal("100.0", ("%.1f"):format(d[6])) -- speaker: "Ana Ruiz" is the gold source
    local dp = parts["direct >30%"]
    assert.same({ 2, 1, 1.0, 1.0, 1.0, 1 }, dp)
    -- speech: the two direct ones, Berg's and Martin's reported speech
    local s = rows["speech >30%"]
    assert.same({ 4, 3, 1.0, 0.75 }, { s[1], s[2], s[3], s[4] })
    assert.same({ 4, 3, 1.0, 1.0, 1.0, 1 }, parts["speech >30%"])
  end)

  it("reads brat character offsets as characters (two-byte letters before the spans)", function()
    write(dir .. "/docs.txt", "# only b\nb\n")
    local code, out, err = H.run(BIN .. " eval --quotes " .. dir .. " --docs " .. dir .. "/docs.txt")
    assert.equal(0, code, err)
    assert.truthy(out:find("quotes: 1 documents", 1, true), out)
    local rows = tables(out)
    local s = rows["speech >80%"]
    -- found above 80% coverage, the speaker overlapping, the cue exact
    assert.same({ 1, 1, 1.0, 1.0, 1.0 }, { s[1], s[2], s[3], s[4], s[5] })
    assert.same({ 100.0, 100.0, 100.0 }, { s[6], s[7], s[8] })
  end)

  it("says so when the documents listed are not there", function()
    write(dir .. "/docs.txt", "nothing_here\n")
    local code, _, err = H.run(BIN .. " eval --quotes " .. dir .. " --docs " .. dir .. "/docs.txt")
    assert.equal(2, code)
    assert.truthy(err:find("no text of", 1, true), err)
  end)
end)
