-- newsmark.collect: the garbage collector's cycles started and finished on
-- idle turns, in slices, once the heap has grown; every analysis drawn asks
-- for them.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api
local collect = require("newsmark.collect")

-- Finish any cycle in progress, so that the live heap is known.
local function settle()
  local n = 0
  while not collect.slice(50) do
    n = n + 1
    assert(n < 1000, "the collector never finished a cycle")
  end
end

-- Garbage: the heap grown past M.grow times the live heap (and 1 MB).
local function make_garbage()
  local base = collect.state().base
  local junk, i = {}, 0
  while collectgarbage("count") < base * collect.grow + 1024 do
    i = i + 1
    junk[i] = { i, tostring(i) .. " garbage", { i } }
  end
  return i
end

describe("the idle collector", function()
  before_each(function()
    H.setup()
    settle()
  end)

  it("knows the live heap after a cycle and has nothing to do then", function()
    local st = collect.state()
    assert.is_false(st.running)
    assert.is_number(st.base)
    assert.is_false(collect.due())
  end)

  it("finishes a cycle in slices once the heap has grown, and frees the garbage", function()
    local base = collect.state().base
    assert.is_true(make_garbage() > 0)
    assert.is_true(collect.due())
    local before = collectgarbage("count")
    local slices = 0
    repeat
      slices = slices + 1
      assert.is_true(slices < 100000, "no end to the cycle")
    until collect.slice(0.2)
    assert.is_true(slices > 1) -- in slices, not in one block
    assert.is_true(collectgarbage("count") < before)
    assert.is_true(collect.state().base < base * collect.grow)
    assert.is_false(collect.due())
  end)

  it("carries on a cycle it started, whatever the heap", function()
    assert.is_false(collect.slice(0)) -- (one step of a cycle of several MB)
    assert.is_true(collect.state().running)
    assert.is_true(collect.due())
    settle()
    assert.is_false(collect.state().running)
    assert.is_false(collect.due())
  end)

  it("does its work on later turns of the event loop, not in the caller's block", function()
    make_garbage()
    local real, calls = collect.slice, 0
    H.with(collect, "slice", function(...)
      calls = calls + 1
      return real(...)
    end, function()
      collect.soon()
      assert.are.equal(0, calls)
      assert.is_true(collect.due())
      assert.is_true(vim.wait(10000, function()
        return not collect.due()
      end, 1))
      assert.is_true(calls >= 1)
    end)
  end)

  it("is asked for after each analysis drawn", function()
    local calls = 0
    H.with(collect, "soon", function()
      calls = calls + 1
    end, function()
      local buf = H.buf({ "Ana Ruiz spoke in Lisbon." })
      local n = calls
      assert.is_true(n >= 1)
      api.nvim_buf_set_lines(buf, 0, -1, false, { "Carlos Mendes spoke in Porto." })
      assert.is_true(H.wait(buf))
      assert.is_true(calls > n)
      assert.are.equal("PERSON", H.entity(buf, "Carlos Mendes").label)
    end)
  end)
end)
