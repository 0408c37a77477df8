-- newsmark.order: comparators for table.sort from a list of keys.
require("tests.core.helper") -- (package.path)
local order = require("newsmark.order")

local function sorted(list, cmp)
  local copy = {}
  for i, x in ipairs(list) do
    copy[i] = x
  end
  table.sort(copy, cmp)
  return copy
end

local function names(list)
  local out = {}
  for i, x in ipairs(list) do
    out[i] = x.name
  end
  return table.concat(out, " ")
end

describe("order.by", function()
  local rows = {
    { name = "d", start = 4, code = "b" },
    { name = "a", start = 1, code = "z" },
    { name = "c", start = 4, code = "a" },
    { name = "b", start = 2, code = "m" },
  }

  it("compares on the first key, then on the next", function()
    assert.equal("a b c d", names(sorted(rows, order.by("start", "code"))))
    assert.equal("c d b a", names(sorted(rows, order.by("code"))))
  end)

  it("reverses a key given through desc", function()
    assert.equal("c d b a", names(sorted(rows, order.by(order.desc("start"), "code"))))
    assert.equal("d c b a", names(sorted(rows, order.by(order.desc("start"), order.desc("code")))))
  end)

  it("takes indexes and functions of the item", function()
    local triples = { { 1, "x", 3 }, { 2, "y", 1 }, { 2, "x", 9 }, { 1, "x", 2 } }
    local got = sorted(triples, order.by(order.desc(1), 2, 3))
    assert.same({ { 2, "x", 9 }, { 2, "y", 1 }, { 1, "x", 2 }, { 1, "x", 3 } }, got)
    local tids = { { tid = "T10" }, { tid = "T9" }, { tid = "T100" } }
    local by_num = order.by(function(a)
      return tonumber(a.tid:sub(2))
    end)
    local out = sorted(tids, by_num)
    assert.same({ "T9", "T10", "T100" }, { out[1].tid, out[2].tid, out[3].tid })
  end)

  it("says two items equal on every key are not in order", function()
    local cmp = order.by("start", "code")
    local x, y = { start = 1, code = "a" }, { start = 1, code = "a" }
    assert.is_false(cmp(x, y))
    assert.is_false(cmp(y, x))
    assert.is_true(cmp({ start = 1, code = "a" }, { start = 1, code = "b" }))
  end)

  it("refuses no key or a key of another type, naming it", function()
    assert.has_error(function()
      order.by()
    end, "newsmark.order.by: no key given")
    local ok, err = pcall(order.by, "start", true)
    assert.is_false(ok)
    assert.truthy(err:find("key 2 is a boolean", 1, true), err)
  end)
end)
