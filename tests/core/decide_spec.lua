-- newsmark.decide: decisions taken and taken back on sidecar data, with no
-- editor (the editor's commands and the language server both use it).
package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path
local D = require("newsmark.decide")
local S = require("newsmark.sidecar")
local X = require("newsmark.export")

local TEXT = table.concat({
  "Ana Lindqvist joined Brevik Shipping ASA in Tromsø.",
  "Lindqvist said Brevik would grow. Erik Brevik disagreed.",
  "",
}, "\n")

local function span(s, nth)
  return require("tests.fixture").span(TEXT, s, nth)
end

local function ent(s, label, id, nth)
  return require("tests.fixture").entity(TEXT, s, label, id, nth)
end

-- what the tagger found (invented for these tests)
local MACHINE = {
  ent("Ana Lindqvist", "PERSON", 1),
  ent("Brevik Shipping ASA", "ORG", 2),
  ent("Tromsø", "GPE", 3),
  ent("Lindqvist", "PERSON", 1, 2),
  ent("Brevik", "PERSON", 4, 2),
  ent("Erik Brevik", "PERSON", 5),
}

local function result(sc)
  return X.apply(TEXT, { entities = MACHINE, quotes = {} }, sc)
end

local function labels(r)
  local out = {}
  for _, e in ipairs(r.entities) do
    out[#out + 1] = e.label .. ":" .. TEXT:sub(e.start + 1, e.finish)
  end
  return table.concat(out, " ")
end

local function roundtrip(sc)
  local sc2 = assert(S.parse(S.serialize(sc)))
  return S.serialize(sc2)
end

describe("newsmark.decide", function()
  it("marks a span, and the mark survives the brat round trip", function()
    local sc = D.empty()
    local s, f = span("Tromsø")
    local ch = assert(D.mark(TEXT, sc, s - 1, f, "LOC")) -- white space trimmed
    assert.are.equal("mark", ch.kind)
    assert.matches('marked "Tromsø" as LOC', ch.message, 1, true)
    assert.are.equal(1, #sc.anns)
    assert.matches("T1\tLOC 44 50\tTromsø\n", roundtrip(sc), 1, true)
    assert.matches("LOC:Tromsø", labels(result(sc)), 1, true)
  end)

  it("rejects a bad label, an empty span and a span over a paragraph break", function()
    local sc = D.empty()
    local ch, err = D.mark(TEXT, sc, 0, 3, "PERSN")
    assert.is_nil(ch)
    assert.matches("unknown label 'PERSN'", err, 1, true)
    ch, err = D.mark(TEXT, sc, 3, 4, "PERSON")
    assert.is_nil(ch)
    assert.matches("nothing selected", err, 1, true)
    assert.is_nil((D.mark("a b\n\nc d", sc, 0, 8, "ORG")))
    assert.are.equal(0, #sc.anns)
  end)

  it("unmark on the person's own mark deletes it and writes no Never", function()
    local sc = D.empty()
    local s, f = span("Ana")
    assert(D.mark(TEXT, sc, s, f, "PERSON")) -- a mistaken, too short mark
    local r = result(sc)
    local e
    for _, x in ipairs(r.entities) do
      if x.start == s then
        e = x
      end
    end
    local ch = assert(D.unmark(TEXT, sc, e, MACHINE))
    assert.are.equal(0, #sc.anns)
    assert.matches('removed your mark "Ana" PERSON', ch.message, 1, true)
    assert.matches('the tagger\'s PERSON "Ana Lindqvist" shows again', ch.message, 1, true)
    -- the right name is back, untouched
    assert.matches("^PERSON:Ana Lindqvist ", labels(result(sc)))
  end)

  it("unmark on the tagger's entity writes a Never on exactly its span", function()
    local sc = D.empty()
    local e = MACHINE[3]
    local ch = assert(D.unmark(TEXT, sc, e, MACHINE))
    assert.are.equal(1, #sc.anns)
    assert.is_true(sc.anns[1].never)
    assert.are.equal("Tromsø", sc.anns[1].text)
    assert.matches('"Tromsø" is not an entity here', ch.message, 1, true)
    assert.is_nil(labels(result(sc)):find("Tromsø", 1, true))
  end)

  it("relabel changes every mention with the entity's id by default, or one mention", function()
    local sc = D.empty()
    local ch = assert(D.relabel(TEXT, sc, MACHINE, MACHINE[4], "ORG"))
    assert.matches("2 mentions of the entity", ch.message, 1, true)
    local l = labels(result(sc))
    assert.matches("ORG:Ana Lindqvist", l, 1, true)
    assert.matches("ORG:Lindqvist", l, 1, true)
    local sc2 = D.empty()
    assert(D.relabel(TEXT, sc2, MACHINE, MACHINE[4], "ORG", "mention"))
    l = labels(result(sc2))
    assert.matches("PERSON:Ana Lindqvist", l, 1, true)
    assert.matches("ORG:Lindqvist", l, 1, true)
    local none, err = D.relabel(TEXT, sc2, MACHINE, MACHINE[3], "GPE")
    assert.is_nil(none)
    assert.matches("already GPE", err, 1, true)
    assert.is_nil((D.relabel(TEXT, sc2, MACHINE, MACHINE[3], "LOC", "everything")))
  end)

  it("merges two entities into one id", function()
    local sc = D.empty()
    local ch = assert(D.merge(TEXT, sc, MACHINE[1], MACHINE[6]))
    assert.matches('merged "Ana Lindqvist" with "Erik Brevik"', ch.message, 1, true)
    local r = result(sc)
    local ids = {}
    for _, e in ipairs(r.entities) do
      ids[TEXT:sub(e.start + 1, e.finish)] = e.id
    end
    assert.are.equal(ids["Ana Lindqvist"], ids["Erik Brevik"])
    assert.matches("\\*\tEquiv T1 T2", roundtrip(sc))
  end)

  it("undo takes back the last decision, redo makes it again", function()
    local sc, h = D.empty(), D.history()
    local s, f = span("Tromsø")
    h:record(assert(D.mark(TEXT, sc, s, f, "LOC")))
    h:record(assert(D.relabel(TEXT, sc, MACHINE, MACHINE[4], "ORG")))
    assert.are.equal(3, #sc.anns)
    local u = assert(h:undo(TEXT, sc))
    assert.matches("^undid: relabelled", u.message)
    assert.are.equal(1, #sc.anns)
    assert.are.equal("LOC", sc.anns[1].label)
    local r = assert(h:redo(TEXT, sc))
    assert.matches("^redid: relabelled", r.message)
    assert.are.equal(3, #sc.anns)
    assert(h:undo(TEXT, sc))
    assert(h:undo(TEXT, sc))
    assert.are.equal(0, #sc.anns)
    local none, err = h:undo(TEXT, sc)
    assert.is_nil(none)
    assert.matches("no decision to undo", err, 1, true)
  end)

  it("undo of an unmark brings the person's own mark back", function()
    local sc, h = D.empty(), D.history()
    local s, f = span("Brevik", 2)
    h:record(assert(D.mark(TEXT, sc, s, f, "ORG")))
    h:record(assert(D.unmark(TEXT, sc, { start = s, finish = f, label = "ORG" }, MACHINE)))
    assert.are.equal(0, #sc.anns)
    assert(h:undo(TEXT, sc))
    assert.are.equal(1, #sc.anns)
    assert.are.equal("ORG", sc.anns[1].label)
  end)

  it("unmark of a merged mention drops it from the merge; a later decision does not join it", function()
    local sc = D.empty()
    assert(D.merge(TEXT, sc, MACHINE[1], MACHINE[6]))
    assert(D.unmark(TEXT, sc, MACHINE[6], MACHINE))
    assert.are.same({}, sc.equivs)
    local s, f = span("Tromsø")
    assert(D.mark(TEXT, sc, s, f, "LOC"))
    assert.are.same({}, sc.equivs)
  end)

  it("undo of a merge restores the merges as they were", function()
    local sc, h = D.empty(), D.history()
    h:record(assert(D.merge(TEXT, sc, MACHINE[1], MACHINE[6])))
    h:record(assert(D.merge(TEXT, sc, MACHINE[1], MACHINE[3])))
    assert.are.same({ { "T1", "T2", "T3" } }, sc.equivs)
    assert(h:undo(TEXT, sc))
    assert.are.same({ { "T1", "T2" } }, sc.equivs)
    assert.are.equal(2, #sc.anns)
  end)

  it("lists the decisions in text order, and one can be deleted", function()
    local sc = D.empty()
    local s, f = span("Tromsø")
    assert(D.unmark(TEXT, sc, MACHINE[3], MACHINE))
    assert(D.relabel(TEXT, sc, MACHINE, MACHINE[2], "MISC", "mention"))
    s, f = span("Brevik", 2)
    assert(D.rule(TEXT, sc, s, f, "ORG"))
    assert(D.merge(TEXT, sc, MACHINE[1], MACHINE[6]))
    local items = D.list(TEXT, sc, MACHINE)
    local kinds = {}
    for _, it in ipairs(items) do
      kinds[#kinds + 1] = it.kind .. ":" .. it.text
    end
    assert.are.same({
      "mark:Ana Lindqvist", "merge:Ana Lindqvist = Erik Brevik", "relabel:Brevik Shipping ASA",
      "unmark:Tromsø", "always:Brevik", "mark:Erik Brevik",
    }, kinds)
    local ch = assert(D.remove(TEXT, sc, items[2]))
    assert.matches("deleted the merge", ch.message, 1, true)
    assert.are.equal(0, #sc.equivs)
    ch = assert(D.remove(TEXT, sc, items[4]))
    assert.matches('deleted the decision unmark on "Tromsø"', ch.message, 1, true)
    assert.matches("GPE:Tromsø", labels(result(sc)), 1, true)
    assert.is_nil((D.remove(TEXT, sc, items[4])))
  end)

  it("always and never hold for every occurrence; a later rule on the same text replaces one", function()
    local sc = D.empty()
    local s, f = span("Tromsø")
    assert(D.rule(TEXT, sc, s, f, "LOC"))
    local ch = assert(D.rule(TEXT, sc, s, f, nil))
    assert.matches('"Tromsø": never tagged in this document', ch.message, 1, true)
    assert.are.equal(1, #sc.anns)
    assert.matches("A1\tScope T1 document", roundtrip(sc), 1, true)
  end)

  it("finds decisions at their new places after the text changed", function()
    local sc = D.empty()
    local s, f = span("Tromsø")
    assert(D.mark(TEXT, sc, s, f, "LOC"))
    local text2 = "A new first line.\n" .. TEXT
    local items = D.list(text2, sc)
    assert.are.equal("Tromsø", text2:sub(items[1].start + 1, items[1].finish))
  end)

  it("always (this document) never cuts a longer name the tagger found", function()
    local sc = D.empty()
    local s, f = span("Brevik", 2)
    assert(D.rule(TEXT, sc, s, f, "ORG"))
    local l = labels(result(sc))
    assert.matches("ORG:Brevik Shipping ASA", l, 1, true)
    assert.matches("PERSON:Erik Brevik", l, 1, true)
    assert.matches("ORG:Brevik ", l .. " ", 1, true) -- the lone mention
    assert.is_nil(l:find("PERSON:Erik ORG", 1, true))
    -- the company keeps one id
    local r = result(sc)
    for _, e in ipairs(r.entities) do
      if TEXT:sub(e.start + 1, e.finish) == "Brevik Shipping ASA" then
        assert.are.equal(2, e.id)
      end
    end
  end)

  it("never (this document) leaves a longer name whole", function()
    local sc = D.empty()
    local s, f = span("Brevik", 2)
    assert(D.rule(TEXT, sc, s, f, nil))
    local l = labels(result(sc))
    assert.matches("ORG:Brevik Shipping ASA", l, 1, true)
    assert.matches("PERSON:Erik Brevik", l, 1, true)
    assert.is_nil(l:find("PERSON:Brevik", 1, true))
  end)

  it("a span the person marks inside a longer name wins over the tagger's name", function()
    local sc = D.empty()
    local s, f = span("Brevik", 3) -- in "Erik Brevik"
    assert(D.mark(TEXT, sc, s, f, "ORG"))
    local l = labels(result(sc))
    assert.is_nil(l:find("PERSON:Erik Brevik", 1, true))
    assert.matches("ORG:Brevik", l, 1, true)
  end)
end)

describe("newsmark.decide.word_at", function()
  -- the word at the first byte of `at` in `text` (nth occurrence when given)
  local function word(text, at, shift)
    local off = assert(text:find(at, 1, true)) - 1 + (shift or 0)
    local s, f = D.word_at(text, off)
    return s and text:sub(s + 1, f)
  end

  it("takes the word under the offset, apostrophes and hyphens inside it", function()
    local text = "Mayor O'Neill met Jean-Luc Brevik in Tromsø on Monday."
    assert.equal("O'Neill", word(text, "O'Neill", 3))
    assert.equal("Jean-Luc", word(text, "Luc"))
    assert.equal("Tromsø", word(text, "Tromsø", 5)) -- on the ø's first byte
    assert.equal("Monday", word(text, "day"))
  end)

  it("leaves quotation marks and hyphens at the ends out", function()
    assert.equal("Ruiz", word("The 'Ruiz' file", "Ruiz"))
    assert.equal("Ruiz", word("The \226\128\152Ruiz\226\128\153 file", "Ruiz", 1))
    assert.equal("Lisbon", word("from -Lisbon- on", "Lisbon"))
    assert.equal("boats", word("the boats' engines", "boats"))
  end)

  it("finds nothing off a word, and stays on its line", function()
    local text = "Ana Ruiz.\nBerg said"
    assert.is_nil(D.word_at(text, 3)) -- a space
    assert.is_nil(D.word_at(text, 8)) -- the full stop
    assert.is_nil(D.word_at(text, #text)) -- the end
    assert.is_nil(D.word_at(text, -1))
    assert.is_nil(D.word_at("a \226\128\153 b", 2)) -- a lone quotation mark
    assert.equal("Berg", word(text, "Berg"))
    assert.equal("Ruiz", word(text, "Ruiz", 3))
  end)
end)

describe("newsmark.decide: a decision in every document", function()
  it("says what it did, the lexicon's path with the home folder as ~", function()
    local home = assert(os.getenv("HOME"))
    local ch = D.lexicon_rule("Ana Ruiz", "PERSON", home .. "/.local/share/nvim/newsmark/lexicon.tsv", nil)
    assert.equal('"Ana Ruiz": always PERSON in every document (~/.local/share/nvim/newsmark/lexicon.tsv)', ch.message)
    assert.same({ path = home .. "/.local/share/nvim/newsmark/lexicon.tsv", text = "Ana Ruiz", after = "PERSON" }, ch.lexicon)
    ch = D.lexicon_rule("Tuesday", "NEVER", "/srv/lex.tsv", "DATE")
    assert.equal('"Tuesday": never tagged in every document (/srv/lex.tsv)', ch.message)
    assert.equal("never", ch.kind)
    assert.equal(home .. "x/lex.tsv", D.display_path(home .. "x/lex.tsv")) -- not inside the home folder
  end)

  it("is undone and redone through the history: the entry as it was written back", function()
    local h = D.history()
    h:record(D.lexicon_rule("Tuesday", "NEVER", "/srv/lex.tsv", "DATE"))
    local wrote = {}
    local function write(path, text, label)
      wrote[#wrote + 1] = table.concat({ path, text, tostring(label) }, " ")
    end
    local inv = h:lexicon_step(false, write)
    assert.equal('undid: "Tuesday": never tagged in every document (/srv/lex.tsv)', inv.message)
    assert.is_nil(h:lexicon_step(false, write)) -- nothing left to undo
    inv = h:lexicon_step(true, write)
    assert.equal('redid: "Tuesday": never tagged in every document (/srv/lex.tsv)', inv.message)
    assert.same({ "/srv/lex.tsv Tuesday DATE", "/srv/lex.tsv Tuesday NEVER" }, wrote)
    -- a write that fails leaves the history as it was
    assert.has_error(function() h:lexicon_step(false, function() error("disk full", 0) end) end, "disk full")
    assert.equal(1, #h.done)
  end)
end)
