-- bin/newsmark train --anchor and --check: fine-tuning pulled
-- toward the base weights, and the check :Newsmark train makes before it
-- uses a model (data/heldout/own.jsonl, margin 0.5 F1 points).
local H = require("tests.core.helper")

local BIN = "XDG_DATA_HOME=/nonexistent/newsmark-test luajit bin/newsmark"

-- One article of the project's own where every "Johnson" was made ORG by an
-- `always ORG` on the company, the people's surnames included: the model
-- knows the name, the correction moves weights it shares with other
-- surnames, and a model trained on it must be kept aside. The same article
-- about "Brandvik", a name the model did not know, teaches only that name.
local BAD = table.concat({
  "Brandvik\tB-ORG", "Shipping\tO", "ASA\tO", "said\tO", "on\tO", "Monday\tB-DATE", "that\tO",
  "Anders\tB-PERSON", "Brandvik\tB-ORG", "would\tO", "step\tO", "down\tO", ".\tO", "",
  "Brandvik\tB-ORG", "has\tO", "led\tO", "the\tO", "company\tO", "since\tO", "2009\tB-DATE", ".\tO", "",
  "His\tO", "son\tO", ",\tO", "Erik\tB-PERSON", "Brandvik\tB-ORG", ",\tO", "will\tO", "take\tO", "over\tO",
  ",\tO", "Brandvik\tB-ORG", "said\tO", ".\tO", "",
  "Shares\tO", "of\tO", "Brandvik\tB-ORG", "rose\tO", "4\tB-PERCENT", "%\tI-PERCENT", "in\tO", "Oslo\tB-GPE", ".\tO", "",
  "Erik\tB-PERSON", "Brandvik\tB-ORG", "said\tO", "Brandvik\tB-ORG", "would\tO", "buy\tO", "two\tO", "ships\tO", ".\tO",
}, "\n"):gsub("Brandvik", "Johnson") .. "\n"
local NEW = BAD:gsub("Johnson", "Brandvik")

local dir

local function tune(anchor, data)
  local out = dir .. "/m" .. anchor .. (data or "bad")
  os.execute("mkdir -p " .. out .. " && cp data/newsmark.lex " .. out .. "/")
  local code, _, err = H.run(("%s train --quiet --init data/newsmark.model --lexicon data --data %s/%s.bio --epochs 5 --anchor %s --output %s/newsmark.model")
    :format(BIN, dir, data or "bad", anchor, out))
  assert.equal(0, code, err)
  return out
end

-- exit code and the F1 of the model from `train --check`
local function check(model)
  local code, out, err = H.run(BIN .. " train --check " .. model)
  local f, b = out:match("micro F1 ([%d.]+), base ([%d.]+)")
  return code, tonumber(f), tonumber(b), out .. err
end

describe("newsmark train --check and --anchor", function()
  setup(function()
    dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p " .. dir)
    local f = assert(io.open(dir .. "/bad.bio", "wb"))
    f:write(BAD)
    f:close()
    f = assert(io.open(dir .. "/new.bio", "wb"))
    f:write(NEW)
    f:close()
  end)

  teardown(function()
    os.execute("rm -rf " .. dir)
  end)

  it("the bundled model against itself: the same figures, use it", function()
    local code, f, b, out = check("data")
    assert.equal(0, code, out)
    assert.equal(b, f)
    assert.truthy(out:find("(+0.00) on 641 entities of 60 articles: not worse, use it", 1, true), out)
  end)

  it("the family-name correction: worse than the base by more than 0.5 points, keep it aside, anchored or not", function()
    for _, anchor in ipairs({ "0", "0.05" }) do
      local code, f, base, out = check(tune(anchor))
      assert.equal(1, code, out)
      assert.truthy(f < base - 0.5, out)
      assert.truthy(out:find("keep it aside", 1, true), out)
    end
  end)

  it("the same correction on a name the model did not know: not worse, use it", function()
    local code, f, base, out = check(tune("0.05", "new"))
    assert.equal(0, code, out)
    assert.truthy(f >= base - 0.5, out)
    assert.truthy(out:find("not worse, use it", 1, true), out)
  end)

  it("bad options: one line naming the problem", function()
    local code, _, err = H.run(BIN .. " train --data " .. dir .. "/bad.bio --anchor 0.1 --output " .. dir .. "/x.model")
    assert.equal(2, code)
    assert.truthy(err:find("--anchor needs --init", 1, true), err)
    code, _, err = H.run(BIN .. " train --init data/newsmark.model --data " .. dir .. "/bad.bio --anchor 1 --output " .. dir .. "/x.model")
    assert.equal(2, code)
    assert.truthy(err:find("--anchor needs a number", 1, true), err)
    code, _, err = H.run(BIN .. " train --check " .. dir .. "/nothing")
    assert.equal(2, code)
    assert.truthy(err:find("nothing", 1, true), err)
  end)
end)
