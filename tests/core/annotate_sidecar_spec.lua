-- bin/newsmark annotate with a person's decisions: the brat sidecar next to
-- the file and the person's lexicon, in every output format.
local H = require("tests.core.helper")
local json = require("newsmark.cli.json")
local S = require("newsmark.sidecar")

-- No person's lexicon unless a test puts one there.
local function bin(xdg)
  return "XDG_DATA_HOME=" .. (xdg or "/nonexistent/newsmark-test") .. " luajit bin/newsmark"
end

local TEXT = table.concat({
  "Marta Vieira opened the Quayside Bakery in Porto on Friday.",
  'Tomás Reis said Porto needed more bakers. "We are short of hands," Reis said.',
  "",
  "Vieira thanked the Harbour Trust and the Quayside Bakery staff.",
  "",
}, "\n")

local dir, article

local lines = require("tests.fixture").lines

-- A brat T line for the nth occurrence of `s` in TEXT (character offsets).
local function T(tid, label, s, nth)
  local off = S.offsets(TEXT)
  local from = 1
  local a, b
  for _ = 1, nth or 1 do
    a, b = TEXT:find(s, from, true)
    from = b + 1
  end
  return ("%s\t%s %d %d\t%s"):format(tid, label, off.to_char(a - 1), off.to_char(b), s)
end

local function entities(out)
  local ents = {}
  for _, l in ipairs(lines(out)) do
    local o = json.decode(l)
    if o.kind == "entity" then
      ents[#ents + 1] = o
    end
  end
  return ents
end

local function labels_of(ents, text)
  local out = {}
  for _, e in ipairs(ents) do
    if e.text == text then
      out[#out + 1] = e.label
    end
  end
  return table.concat(out, ",")
end

describe("newsmark annotate with a sidecar", function()
  before_each(function()
    dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p " .. dir)
    article = dir .. "/bakery.md"
    H.write_file(article, TEXT)
    H.write_file(dir .. "/bakery.ann", table.concat({
      T("T1", "LOC", "Quayside Bakery", 1), -- relabel one mention
      T("T2", "Never", "Porto", 1), -- never, for the whole document
      "A1\tScope T2 document",
      T("T3", "EVENT", "bakers"), -- an entity the machine did not see
      T("T4", "ORG", "Harbour Trust"),
      "*\tEquiv T1 T4", -- merged: one id
      "T5\tPERSON 300 311\tNobody Here", -- its text is gone
      "#1\tAnnotatorNotes T3\ta note the tools must keep",
      "",
    }, "\n"))
  end)
  after_each(function()
    os.execute("rm -rf " .. dir)
  end)

  it("merges the person's decisions into the JSON lines (manual wins, marked manual)", function()
    local code, out, err = H.run(bin() .. " annotate " .. article)
    assert.equal(0, code, err)
    local ents = entities(out)
    assert.equal("LOC,ORG", labels_of(ents, "Quayside Bakery"))
    assert.equal("", labels_of(ents, "Porto"))
    assert.equal("EVENT", labels_of(ents, "bakers"))
    local byt = {}
    for _, e in ipairs(ents) do
      byt[e.text .. ":" .. e.label] = e
    end
    assert.is_true(byt["Quayside Bakery:LOC"].manual)
    assert.is_nil(byt["Quayside Bakery:ORG"].manual)
    assert.is_nil(byt["Marta Vieira:PERSON"].manual)
    -- relabel keeps the machine's id; the merge gives the Harbour Trust that id
    assert.equal(byt["Quayside Bakery:ORG"].id, byt["Quayside Bakery:LOC"].id)
    assert.equal(byt["Quayside Bakery:LOC"].id, byt["Harbour Trust:ORG"].id)
    assert.equal(TEXT:find("bakers", 1, true) - 1, byt["bakers:EVENT"].start)
    -- the lost decision is reported, not fatal
    assert.truthy(err:find("bakery.ann: 1 annotation(s) could not be anchored", 1, true), err)
    assert.truthy(err:find('T5 "Nobody Here"', 1, true), err)
    assert.equal(1, #lines(err))
    -- the quotes are those of the machine, speakers with their ids
    local q = json.decode(out:match('[^\n]*"kind":"quote","type":"direct"[^\n]*'))
    assert.equal("Reis", q.speaker.text)
    assert.equal(byt["Tomás Reis:PERSON"].id, q.speaker.id)
  end)

  it("writes brat and CoNLL with the decisions applied", function()
    local code, out = H.run(bin() .. " annotate --format brat " .. article)
    assert.equal(0, code)
    local off = S.offsets(TEXT)
    local a = TEXT:find("Quayside Bakery", 1, true) - 1
    assert.truthy(out:find(("\tLOC %d %d\tQuayside Bakery\n"):format(off.to_char(a), off.to_char(a + 15)), 1, true), out)
    assert.is_nil(out:find("\tGPE %d+ %d+\tPorto"), out)
    assert.truthy(out:find("\tEVENT %d+ %d+\tbakers\n"), out)
    code, out = H.run(bin() .. " annotate --format conll " .. article)
    assert.equal(0, code)
    local tags = {}
    for _, l in ipairs(lines(out)) do
      local w, t = l:match("^(.-)\t(.*)$")
      tags[#tags + 1] = w .. "/" .. t
    end
    local joined = table.concat(tags, " ")
    assert.truthy(joined:find("the/O Quayside/B-LOC Bakery/I-LOC in/O Porto/O on/O Friday/B-DATE", 1, true), joined)
    assert.truthy(joined:find("more/O bakers/B-EVENT", 1, true), joined)
    assert.truthy(joined:find("the/O Quayside/B-ORG Bakery/I-ORG staff/O", 1, true), joined)
  end)

  it("marks the person's entities with * in the text format", function()
    local code, out = H.run(bin() .. " annotate --format text " .. article)
    assert.equal(0, code)
    assert.truthy(out:find("\nLOC%*%s+e%d+%s+Quayside Bakery\n"), out)
    assert.truthy(out:find("\nORG%s+e%d+%s+Quayside Bakery\n"), out)
  end)

  it("ignores the sidecar with --no-sidecar", function()
    local code, out, err = H.run(bin() .. " annotate --no-sidecar " .. article)
    assert.equal(0, code)
    assert.equal("", err)
    local ents = entities(out)
    assert.equal("GPE,GPE", labels_of(ents, "Porto"))
    assert.equal("ORG,ORG", labels_of(ents, "Quayside Bakery"))
  end)

  it("fails before any output on a corrupt sidecar, naming it, and never writes to it", function()
    local bad = "T1\tPERSON 10 x\tVieira\n"
    H.write_file(dir .. "/bakery.ann", bad)
    local other = dir .. "/other.md"
    H.write_file(other, "Ana Ruiz visited Lisbon.\n")
    local code, out, err = H.run(bin() .. " annotate " .. other .. " " .. article)
    assert.equal(2, code)
    assert.equal("", out)
    assert.equal(1, #lines(err))
    assert.truthy(err:find("bakery.ann", 1, true), err)
    assert.truthy(err:find("--no-sidecar", 1, true), err)
    assert.equal(bad, H.read_file(dir .. "/bakery.ann"))
  end)

  it("fails with one line when the sidecar is a folder or binary data", function()
    os.remove(dir .. "/bakery.ann")
    os.execute("mkdir " .. dir .. "/bakery.ann")
    local code, out, err = H.run(bin() .. " annotate " .. article)
    assert.equal(2, code)
    assert.equal("", out)
    assert.equal(1, #lines(err))
    assert.truthy(err:find("bakery.ann", 1, true), err)
    os.execute("rmdir " .. dir .. "/bakery.ann")
    H.write_file(dir .. "/bakery.ann", "T1\tPERSON 0 5\tMarta\n\0\1\2binary")
    code, out, err = H.run(bin() .. " annotate " .. article)
    assert.equal(2, code)
    assert.equal("", out)
    assert.truthy(err:find("NUL byte", 1, true), err)
  end)

  it("does not look for a sidecar of stdin or of --input jsonl documents", function()
    local code, out = H.run(bin() .. " annotate", TEXT)
    assert.equal(0, code)
    assert.equal("GPE,GPE", labels_of(entities(out), "Porto"))
  end)
end)

describe("newsmark annotate with the person's lexicon", function()
  before_each(function()
    dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p " .. dir .. "/nvim/newsmark")
    article = dir .. "/plain.txt"
    H.write_file(article, TEXT)
  end)
  after_each(function()
    os.execute("rm -rf " .. dir)
  end)

  it("applies --lexicon PATH to every document", function()
    H.write_file(dir .. "/mine.tsv", "# mine\nQuayside Bakery\tLOC\nHarbour Trust\tNEVER\n")
    local code, out, err = H.run(bin() .. " annotate --lexicon " .. dir .. "/mine.tsv " .. article)
    assert.equal(0, code, err)
    local ents = entities(out)
    assert.equal("LOC,LOC", labels_of(ents, "Quayside Bakery"))
    assert.equal("", labels_of(ents, "Harbour Trust"))
  end)

  it("uses the editor's lexicon file under XDG_DATA_HOME unless --no-lexicon", function()
    H.write_file(dir .. "/nvim/newsmark/lexicon.tsv", "Harbour Trust\tNEVER\n")
    local _, out = H.run(bin(dir) .. " annotate " .. article)
    assert.equal("", labels_of(entities(out), "Harbour Trust"))
    _, out = H.run(bin(dir) .. " annotate --no-lexicon " .. article)
    assert.equal("ORG", labels_of(entities(out), "Harbour Trust"))
  end)

  it("fails with one line for a missing or unreadable --lexicon", function()
    local code, out, err = H.run(bin() .. " annotate --lexicon " .. dir .. "/none.tsv " .. article)
    assert.equal(2, code)
    assert.equal("", out)
    assert.equal(1, #lines(err))
    assert.truthy(err:find("none.tsv", 1, true), err)
  end)
end)

describe("brat offsets", function()
  it("count an invalid lead byte as one character, in the writer and the sidecar alike", function()
    local text = "\245\128\128 Ana Ruiz visited Lisbon.\n"
    local code, out = H.run(bin() .. " annotate --format brat", text)
    assert.equal(0, code)
    local s, f = out:match("\tPERSON (%d+) (%d+)\tAna Ruiz")
    assert.truthy(s, out)
    local off = S.offsets(text)
    assert.equal(off.to_char(4), tonumber(s))
    assert.equal(4, tonumber(s)) -- three one-byte characters and a space
    assert.equal(off.to_char(12), tonumber(f))
  end)

  it("map every byte and character of a long mixed text as a walk character by character does", function()
    -- ASCII runs longer than a checkpoint step, multi-byte characters and
    -- invalid bytes on either side of the checkpoints, a cut sequence at the end
    local pieces = { string.rep("plain words ", 13), "é", "€", "\240\159\152\128", "\255", "\195(",
      string.rep("x", 63), "ü", string.rep("y", 64), "\226\130", "z", "\128\191" }
    local parts = {}
    for k = 1, 40 do
      parts[#parts + 1] = pieces[(k * 7) % #pieces + 1]
    end
    local text = table.concat(parts) .. "\226\130"
    local to_char, to_byte, c, p = {}, {}, 0, 0 -- (0-based byte offsets)
    while p < #text do
      local len = S.charlen(text, p + 1)
      to_byte[c] = p
      for b = p, p + len - 1 do
        to_char[b] = c -- (a byte inside a character counts as that character)
      end
      p, c = p + len, c + 1
    end
    to_char[#text], to_byte[c] = c, #text
    local off = S.offsets(text)
    assert.equal(c, off.nchars)
    for b = 0, #text do
      assert.equal(to_char[b], off.to_char(b), "byte " .. b)
    end
    for ch = 0, c do
      assert.equal(to_byte[ch], off.to_byte(ch), "character " .. ch)
    end
    assert.equal(#text + 2, off.to_byte(c + 2))
  end)
end)
