-- model:analyze_async: the analysis of model:analyze on a worker
-- thread. Its result equals model:analyze's for the same text and options;
-- done() polls; cancel() drops the result; the job keeps its model alive;
-- close() and set_user_lexicon() wait for the model's jobs. No assertion on
-- time.
local H = require("tests.core.helper")
local core, model = H.core, H.model

local function read(path)
  return (assert(H.read_file(path), path))
end

local EXAMPLES = { "examples/article.md", "examples/council.md", "examples/summit.md" }

-- The example articles one after the other until about `words` words.
local function long_text(words)
  local parts, n = {}, 0
  while n < words do
    for _, p in ipairs(EXAMPLES) do
      local s = read(p)
      parts[#parts + 1] = s
      for _ in s:gmatch("%S+") do n = n + 1 end
    end
  end
  return table.concat(parts, "\n\n")
end

-- Park-Miller generator: the same bytes under LuaJIT and lua5.1.
local function random_bytes(n, seed)
  local x, t = seed, {}
  for i = 1, n do
    x = x * 16807 % 2147483647
    t[i] = string.char(x % 256)
  end
  return table.concat(t)
end

local HOSTILE = {
  empty = "",
  ["NUL bytes"] = 'Ana Ruiz\0 said "the\0 deal" in Lisbon.\0\0',
  ["invalid UTF-8"] = '\255\254 Jonas \195 Albrecht said \226\128 "no\192\175 way" in Berlin \240\159\152.',
  ["random bytes"] = random_bytes(20000, 11),
  ["unclosed marks"] = string.rep('"\226\128\156 Ruiz said, ', 500),
  ["one long line"] = string.rep("Ana Ruiz met Jonas Albrecht in Porto ", 800),
}

local OPTS = { {}, { entities = false }, { quotes = false }, { entities = false, quotes = false } }

local function wait_until_done(job)
  local polls = 0
  while not job:done() do
    polls = polls + 1
    if polls % 1000 == 0 then collectgarbage("step") end
  end
  return polls
end

describe("model:analyze_async", function()
  it("gives exactly model:analyze's table on the example articles, for every option", function()
    for _, path in ipairs(EXAMPLES) do
      local text = read(path)
      for _, opts in ipairs(OPTS) do
        local want = model:analyze(text, opts)
        local job = model:analyze_async(text, opts)
        assert.same(want, job:result())
      end
      local r = model:analyze_async(text):result()
      assert.is_true(#r.entities > 10, path)
      assert.is_true(#r.quotes > 3, path)
    end
  end)

  it("gives exactly model:analyze's table on hostile input", function()
    for name, text in pairs(HOSTILE) do
      local job = model:analyze_async(text)
      assert.same(model:analyze(text), job:result(), name)
    end
  end)

  it("done() turns true without result() being called, and result() is the same table each call", function()
    local text = long_text(20000)
    local job = model:analyze_async(text)
    wait_until_done(job)
    assert.is_true(job:done())
    local a = job:result()
    local b = job:result()
    assert.same(a, b)
    assert.are_not.equal(a, b) -- a fresh table: changing one leaves the other
    assert.same(model:analyze(text), a)
    assert.is_true(#a.entities > 1000)
    assert.is_true(job:done())
  end)

  it("copies the text: the job's answer is for the text it was given", function()
    local a, b = read(EXAMPLES[1]), read(EXAMPLES[2])
    local ja = model:analyze_async(a)
    local jb = model:analyze_async(b)
    assert.same(model:analyze(b), jb:result())
    assert.same(model:analyze(a), ja:result())
  end)

  it("runs several jobs on one model at once, beside model:analyze", function()
    local texts = { long_text(20000), read(EXAMPLES[1]), HOSTILE["random bytes"], read(EXAMPLES[2]),
      long_text(5000), HOSTILE["NUL bytes"], read(EXAMPLES[3]), "" }
    local jobs = {}
    for i, t in ipairs(texts) do jobs[i] = model:analyze_async(t, i % 3 == 0 and { quotes = false } or nil) end
    local want = {}
    for i, t in ipairs(texts) do want[i] = model:analyze(t, i % 3 == 0 and { quotes = false } or nil) end
    -- collected in the opposite order from the one they were started in
    for i = #texts, 1, -1 do
      assert.same(want[i], jobs[i]:result(), "job " .. i)
    end
  end)

  it("cancel(): result() gives nil, \"cancelled\"; done() is true; cancelling twice is fine", function()
    local text = long_text(20000)
    local job = model:analyze_async(text)
    job:cancel()
    assert.is_true(job:done())
    local r, msg = job:result()
    assert.is_nil(r)
    assert.equal("cancelled", msg)
    job:cancel()
    r, msg = job:result()
    assert.is_nil(r)
    assert.equal("cancelled", msg)
    assert.truthy(tostring(job):match("cancelled"))
    -- a finished job cancelled after the fact is cancelled too
    local done = model:analyze_async("Ana Ruiz said so.")
    wait_until_done(done)
    done:cancel()
    assert.same({ nil, "cancelled" }, { done:result() })
    -- cancelled jobs still running do not disturb the next ones
    for _ = 1, 6 do model:analyze_async(text):cancel() end
    assert.same(model:analyze(read(EXAMPLES[3])), model:analyze_async(read(EXAMPLES[3])):result())
  end)

  it("takes the same options as analyze and rejects the same wrong arguments", function()
    assert.has_error(function() model:analyze_async(nil) end)
    assert.has_error(function() model:analyze_async("x", "not a table") end)
    assert.has_error(function() model.analyze_async({}, "x") end)
    local job = model:analyze_async("Ana Ruiz", { entities = false, quotes = false })
    assert.same(model:analyze("Ana Ruiz", { entities = false, quotes = false }), job:result())
    assert.same({ entities = {}, quotes = {} }, job:result())
  end)

  it("a job keeps its model alive once nothing else refers to it", function()
    local text = long_text(5000)
    local want = model:analyze(text)
    local job
    do
      local m = assert(core.load("data"))
      job = m:analyze_async(text)
    end
    collectgarbage()
    collectgarbage()
    assert.same(want, job:result())
    -- a model and its running jobs that all become garbage at once
    do
      local m = assert(core.load("data"))
      for _ = 1, 4 do m:analyze_async(text) end
      m:analyze_async(text):cancel()
    end
    collectgarbage()
    collectgarbage()
    assert.same(want, job:result())
  end)

  it("model:close() waits for the model's jobs; their results stay readable; a closed model refuses new jobs", function()
    local text = long_text(20000)
    local m = assert(core.load("data"))
    local jobs = {}
    for i = 1, 3 do jobs[i] = m:analyze_async(text) end
    m:analyze_async(text):cancel()
    m:close()
    for i = 1, 3 do assert.is_true(jobs[i]:done()) end
    local want = model:analyze(text)
    for i = 1, 3 do assert.same(want, jobs[i]:result()) end
    local ok, err = pcall(m.analyze_async, m, text)
    assert.is_false(ok)
    assert.truthy(tostring(err):match("newsmark: the model is closed"), err)
    m:close() -- twice is fine
  end)

  it("set_user_lexicon waits for the model's jobs, which give the analysis from before the change", function()
    local para = "Marta Vieira opened the Quayside Bakery in Porto on Friday. "
      .. "\"It smells of home,\" Vieira said.\n\n"
    local text = long_text(15000) .. "\n\n" .. para:rep(200)
    local m = assert(core.load("data"))
    local before = m:analyze(text)
    local job = m:analyze_async(text)
    local cancelled = m:analyze_async(text)
    cancelled:cancel()
    assert.is_true(m:set_user_lexicon({ { "porto", "NEVER" }, { "quayside bakery", "ORG" } }))
    assert.is_true(job:done()) -- it ended before the lexicon changed
    local after = m:analyze(text)
    assert.are_not.same(before, after) -- (the change does change the analysis)
    assert.same(before, job:result())
    -- and a job started after the change sees it
    assert.same(after, m:analyze_async(text):result())
    assert.is_true(m:set_user_lexicon(nil))
    assert.same(before, m:analyze_async(text):result())
    m:close()
  end)

  it("many jobs left to the garbage collector, running or done, are all freed", function()
    local text = long_text(3000)
    local want = model:analyze(text)
    for i = 1, 40 do
      local job = model:analyze_async(text)
      if i % 4 == 0 then assert.same(want, job:result()) end
      if i % 10 == 0 then collectgarbage() end
    end
    collectgarbage()
    collectgarbage()
    assert.same(want, model:analyze_async(text):result())
  end)
end)
