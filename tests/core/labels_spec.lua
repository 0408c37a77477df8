-- The conventions of LABELS.md (the product's definition of each label),
-- one block per row, with sentences written for this spec. Each case names
-- an entity the sentence must have ("LABEL:text") or must not.
local H = require("tests.core.helper")
local model = H.model

local function has(text, want)
  local got = H.entities(text, model:analyze(text))
  for _, e in ipairs(got) do
    if e == want then return true end
  end
  return false, table.concat(got, ", ")
end

-- The entities of text written as name, in order, and every entity as
-- "LABEL:text" (for a failure's message).
local function mentions(text, name)
  local r = model:analyze(text)
  local found = {}
  for _, e in ipairs(r.entities) do
    if H.text_of(text, e) == name then found[#found + 1] = e end
  end
  return found, table.concat(H.entities(text, r), ", ")
end

-- text writes name n times, each an organization of one id.
local function orgs(text, name, n)
  local found, all = mentions(text, name)
  assert.equal(n, #found, all)
  for _, e in ipairs(found) do
    assert.equal("ORG", e.label, all)
    assert.equal(found[1].id, e.id)
  end
end

local function check(text, want)
  local ok, got = has(text, want)
  assert(ok, ("%q: expected %s, got {%s}"):format(text, want, got or ""))
end

describe("LABELS.md", function()
  describe("spans", function()
    it("leaves titles, roles and the possessive outside", function()
      check("Prime Minister Ana Ruiz met Mr. Costa in Lisbon.", "PERSON:Ana Ruiz")
      check("Prime Minister Ana Ruiz met Mr. Costa in Lisbon.", "PERSON:Costa")
      check("Lisbon's mayor opened the fair.", "GPE:Lisbon")
      local plain = "Mr Okonkwo, a lawyer, disagreed. Okonkwo will appeal, Dr Abebe said."
      check(plain, "PERSON:Okonkwo")
      assert(not has(plain, "PERSON:Mr Okonkwo"))
      assert(not has(plain, "PERSON:Dr Abebe"))
    end)
    it("keeps the longest name whole", function()
      check("She works at the Bank of Lisbon.", "ORG:Bank of Lisbon")
    end)
  end)

  it("PERSON: full names, surname-only mentions, initials, family names in the plural", function()
    local text = "Ana Ruiz arrived on Monday. Ruiz said the trip was long."
    check(text, "PERSON:Ana Ruiz")
    check(text, "PERSON:Ruiz")
    check("The Costas sold the farm to J.R. Mendes.", "PERSON:Costas")
    check("The Costas sold the farm to J.R. Mendes.", "PERSON:J.R. Mendes")
  end)

  it("NORP: nationalities, religious groups, party adjectives and members", function()
    local text = "Portuguese voters and Muslims marched with Labour voters."
    check(text, "NORP:Portuguese")
    check(text, "NORP:Muslims")
    check(text, "NORP:Labour")
    check("The Republican senator said Democrats would object.", "NORP:Republican")
    check("The Republican senator said Democrats would object.", "NORP:Democrats")
    check("GOP lawmakers argued on Monday.", "NORP:GOP")
    local alone = "Every Republican voted against the bill, and a Democrat abstained."
    check(alone, "NORP:Republican")
    check(alone, "NORP:Democrat")
    check("The Republican Party lost two seats.", "ORG:Republican Party")
    assert(not has("The Republican Party lost two seats.", "NORP:Republican"))
  end)

  it("ORG: ministries, banks, and parties named as organizations", function()
    check("The Ministry of Finance in Portugal raised taxes.", "ORG:Ministry of Finance")
    check("The GOP said it would win.", "ORG:GOP")
    local acr = "He left, and the WHO is worried. Diplomats said the UN is reluctant."
    check(acr, "ORG:WHO")
    check(acr, "ORG:UN")
  end)

  it("ORG: a body named for two fields is one name over 'and'", function()
    check("The complaint went to the Porto Department of Housing and Urban Renewal last week.",
      "ORG:Porto Department of Housing and Urban Renewal")
    check("The Ministry of Fisheries and Ocean Affairs said catches fell.", "ORG:Ministry of Fisheries and Ocean Affairs")
    -- a name after "and" that is not a field stays a name of its own
    local two = "The Department of Justice and Microsoft settled the case."
    check(two, "ORG:Department of Justice")
    check(two, "ORG:Microsoft")
  end)

  it("ORG: an acronym of an organization named earlier in the text is that organization", function()
    local text = "Carrow Maritime Holdings reported a loss on Monday. Analysts expect CMH to cut jobs, "
      .. "and CMH said nothing."
    local r = model:analyze(text)
    local long = H.must_find(text, r, "ORG", "Carrow Maritime Holdings")
    local n = 0
    for _, e in ipairs(r.entities) do
      if H.text_of(text, e) == "CMH" then
        assert.equal("ORG", e.label)
        assert.equal(long.id, e.id)
        n = n + 1
      end
    end
    assert.equal(2, n)
    -- only after the long form, and never a word of the other capitals
    local before = "Analysts expect CMH to cut jobs. Carrow Maritime Holdings reported a loss."
    assert(not has(before, "ORG:CMH"))
    local hl = "Iberian Newspapers cut jobs. WORKERS WALK OUT IN PROTEST, its own paper said."
    assert(has(hl, "ORG:Iberian Newspapers"))
    assert(not has(hl, "ORG:IN"))
  end)

  it("ORG: one-word bodies of the lists in title case, in the middle of a sentence", function()
    local text = "Traders said the Fed would wait, and the senators asked Congress for a vote."
    check(text, "ORG:Fed")
    check(text, "ORG:Congress")
    check("The Fed said on Monday that rates would hold.", "ORG:Fed")
    -- the common word and the question word stay what they are
    assert(not has("The cattle were fed twice a day.", "ORG:fed"))
    assert(not has("Nobody knew who had called.", "ORG:who"))
  end)

  it("ORG: a short form the gazetteer lists for a body named earlier is that body", function()
    -- the tagger's pieces of a name the gazetteer knows whole become one name
    local text = "The Advisory, Conciliation and Arbitration Service offered to host talks on Monday. "
      .. "Acas said both sides had agreed."
    local r = model:analyze(text)
    local long = H.must_find(text, r, "ORG", "Advisory, Conciliation and Arbitration Service")
    local acas = H.must_find(text, r, "ORG", "Acas")
    assert.equal(long.id, acas.id)
    -- a short form whose letters are not the initials, after its long form
    local lab = "Engineers from the Defence Science and Technology Laboratory tested the boat on Friday. "
      .. "Dstl said the results were good."
    local r2 = model:analyze(lab)
    local l2 = H.must_find(lab, r2, "ORG", "Defence Science and Technology Laboratory")
    local d = H.must_find(lab, r2, "ORG", "Dstl")
    assert.equal(l2.id, d.id)
  end)

  it("ORG: a company named after a family, told apart by its context", function()
    local text = "Vessmer said on Monday it would raise prices. The family sold 40 percent of Vessmer "
      .. "last year, and Vessmer's shares rose.\n\nAna Vessmer, a teacher, said the weather was fine."
    local r = model:analyze(text)
    local n, org = 0, nil
    for _, e in ipairs(r.entities) do
      if H.text_of(text, e) == "Vessmer" then
        assert.equal("ORG", e.label)
        org = org or e.id
        assert.equal(org, e.id)
        n = n + 1
      end
    end
    assert.equal(3, n)
    local ana = H.must_find(text, r, "PERSON", "Ana Vessmer")
    assert.are_not.equal(org, ana.id)
    -- a word the tagger left, in a company's context, and its repeats
    local sub = "The plant is now a subsidiary of Meridane, and the workers like Meridane."
    orgs(sub, "Meridane", 2)
    assert(not has("Nearly 40 percent of Americans agreed with him.", "ORG:Americans"))
    -- a media outlet, by "daily"/"newspaper" after its name, and its repeats
    local paper = "Marta Velikova daily said on Monday that the talks had ended. "
      .. "Marta Velikova said more would follow."
    orgs(paper, "Marta Velikova", 2)
    check("I met Ana Kolar daily at the gym, and Ana Kolar said hello.", "PERSON:Ana Kolar")
    check("A Lisbon newspaper said on Monday that the talks had ended.", "GPE:Lisbon")
    -- the names listed after a plural company noun
    local list = "The deal drew companies like Marta Velikova and Ruiz Holm, and the unions objected."
    check(list, "ORG:Marta Velikova")
    check(list, "ORG:Ruiz Holm")
    local mod = "Several firms including London-based Tollivar bid for the port."
    check(mod, "ORG:Tollivar")
    assert(not has(mod, "ORG:London-based Tollivar"))
    check("Several firms including Lisbon, Brenvik and Caldera bid for the port.", "GPE:Lisbon")
    -- a name in apposition to a company noun, before or after it, and its repeats
    local appo = "The company that won the contract, Atlantic Ferries, called the ruling unfair. "
      .. "Atlantic Ferries said it would appeal."
    orgs(appo, "Atlantic Ferries", 2)
    check("Calder Marine, a Lisbon ferry operator, said it would bid.", "ORG:Calder Marine")
    -- (a role of the company before the name: the person speaks)
    check("The company's founder, Ana Kolar, said it would bid.", "PERSON:Ana Kolar")
    check("The bank hired a new lawyer, Ana Kolar, last year.", "PERSON:Ana Kolar")
    -- a person's name in no company context stays a person
    check("Vessmer said on Monday he would run again, and Vessmer's wife agreed.", "PERSON:Vessmer")
  end)

  it("PERSON: a surname after the full name or a title is the same person", function()
    local text = "Judge Amelia Brankovic ruled on Tuesday. Brankovic said the case was closed, "
      .. "and Mr Tavernier, her clerk, agreed. Tavernier left early."
    local r = model:analyze(text)
    local full = H.must_find(text, r, "PERSON", "Amelia Brankovic")
    local sur = H.must_find(text, r, "PERSON", "Brankovic")
    assert.equal(full.id, sur.id)
    local mr, t2 = nil, nil
    for _, e in ipairs(r.entities) do
      if H.text_of(text, e) == "Tavernier" then
        assert.equal("PERSON", e.label)
        if mr then t2 = e else mr = e end
      end
    end
    assert(mr and t2, table.concat(H.entities(text, r), ", "))
    assert.equal(mr.id, t2.id)
  end)

  it("GPE: countries and cities, also standing for their government", function()
    check("The Ministry of Finance in Portugal raised taxes.", "GPE:Portugal")
    check("Madrid said on Monday that it would appeal.", "GPE:Madrid")
    local states = "The company moved from Bavaria to Saxony, then opened in Catalonia."
    check(states, "GPE:Bavaria")
    check(states, "GPE:Saxony")
    check(states, "GPE:Catalonia")
  end)

  it("LOC: seas, regions and facilities such as airports", function()
    check("The ship sank in the Black Sea near the Middle East.", "LOC:Black Sea")
    check("The ship sank in the Black Sea near the Middle East.", "LOC:Middle East")
    check("The senator flew into Heathrow Airport on Tuesday.", "LOC:Heathrow Airport")
  end)

  it("EVENT: named wars", function()
    check("Her grandfather fought in the Second World War.", "EVENT:Second World War")
  end)

  it("MISC: awards, laws, treaties and agreements", function()
    check("She won the Nobel Prize for a novel.", "MISC:Nobel Prize")
    local text = "Lawmakers argued over the Paris Agreement and the First Amendment."
    check(text, "MISC:Paris Agreement")
    check(text, "MISC:First Amendment")
    check("Congress passed the Clean Air Act in 1970.", "MISC:Clean Air Act")
    local pacts = "Mexico left NAFTA and joined the USMCA, while Iran broke the JCPOA."
    check(pacts, "MISC:NAFTA")
    check(pacts, "MISC:USMCA")
    check(pacts, "MISC:JCPOA")
    local plain = "Officials said the treaty would hold."
    assert.same({}, H.entities(plain, model:analyze(plain)))
  end)

  describe("DATE", function()
    it("covers days and relative dates with their modifiers", function()
      check("The senator flew into Heathrow Airport on Tuesday.", "DATE:Tuesday")
      check("Profit rose in the third quarter, the company said.", "DATE:the third quarter")
      check("The plant closed a year ago.", "DATE:a year ago")
      check("Prices have doubled over the past three decades.", "DATE:the past three decades")
      check("Rents rose over the past decade.", "DATE:the past decade")
    end)
    it("takes May and March as months after a preposition, not alone", function()
      check("The election is due in May, officials said.", "DATE:May")
      check("Prices have risen since March at a steady pace.", "DATE:March")
      assert(not has("Ministers may meet, May said.", "DATE:May"))
      assert(not has("The union will march in protest.", "DATE:march"))
    end)
    it("covers durations of a day or longer", function()
      check("The strike lasted two weeks before the union gave up.", "DATE:two weeks")
      check("The vote is held every two years.", "DATE:every two years")
    end)
    it("takes an era after a year as part of the date, never as a name", function()
      local text = "The town was settled by 3000 BC and walled around 1230 BC. BC Hydro raised its rates."
      check(text, "DATE:3000 BC")
      check(text, "DATE:1230 BC")
      assert(not has(text, "ORG:BC"))
      check(text, "ORG:BC Hydro")
      assert(not has("By the 7th century BC, the town had walls.", "ORG:BC"))
      assert(not has("Pottery from the 3rd millennium BC was found near the river.", "ORG:BC"))
    end)

    it("keeps a day part attached to a date", function()
      check("Ana Ruiz arrived on Sunday night.", "DATE:Sunday night")
    end)

    it("takes a day or period relative to the story's ('the next day')", function()
      check("The next day, the ferry sailed again.", "DATE:The next day")
      check("Ana Ruiz left the following morning.", "DATE:the following morning")
      check("The pier had closed the previous week.", "DATE:the previous week")
    end)
  end)

  it("TIME: times of day and periods shorter than a day", function()
    check("The meeting ended at 3 p.m. after less than an hour.", "TIME:3 p.m.")
    check("The meeting ended at 3 p.m. after less than an hour.", "TIME:less than an hour")
    check("The talks went on for 36 hours.", "TIME:36 hours")
    check("The court opens at 9:30 and closes at 17:45.", "TIME:9:30")
    check("The court opens at 9:30 and closes at 17:45.", "TIME:17:45")
    check("The shop opens at 9 p.m. on weekdays.", "TIME:9 p.m.")
    assert(not has("John 3:16 was read, and the score was 25:40 in the end.", "TIME:25:40"))
  end)

  it("MONEY: amounts with their unit or currency", function()
    check("Sales fell to $1.2 billion.", "MONEY:$1.2 billion")
    check("The firm lost tens of millions of dollars.", "MONEY:tens of millions of dollars")
  end)

  it("PERCENT: percentages and percentage points", function()
    check("Sales fell 14 percent, or three percentage points.", "PERCENT:14 percent")
    check("Sales fell 14 percent, or three percentage points.", "PERCENT:three percentage points")
  end)

  it("labels no bare cardinals, ordinals or common nouns", function()
    local text = "Three people were hurt and the second car burned near the ministry."
    assert.same({}, H.entities(text, model:analyze(text)))
  end)
end)
