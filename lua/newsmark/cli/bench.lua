-- newsmark bench: model load time, throughput of the full pipeline, and
-- latency of a single paragraph, on a FILE (or the bundled example article)
-- repeated to at least 1 MB. CPU time via os.clock; medians of several runs.
local main = require("newsmark.cli.main")

local M = {}

local function median(t)
  table.sort(t)
  local n = #t
  if n % 2 == 1 then return t[(n + 1) / 2] end
  return (t[n / 2] + t[n / 2 + 1]) / 2
end

local function words(s)
  local n = 0
  for _ in s:gmatch("%S+") do n = n + 1 end
  return n
end

-- Peak resident memory of this process in MB (Linux), or nil.
local function peak_mb()
  local f = io.open("/proc/self/status", "r")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  local kb = s:match("VmHWM:%s+(%d+) kB")
  return kb and tonumber(kb) / 1024
end

-- One line for tools/bench.sh: "newsmark <words/s> <peak MB> <entities> <quotes>",
-- the text analysed paragraph by paragraph as the peers are; best of `runs`.
function M.machine(core, opts, big, nwords, runs)
  local model, err = core.load(opts.model, opts.profile)
  if not model then return main.fail(err) end
  local paras = {}
  local pos = 1
  while pos <= #big do
    local s, e = big:find("\n%s*\n", pos)
    paras[#paras + 1] = big:sub(pos, (s or #big + 1) - 1)
    pos = (e or #big) + 1
  end
  local best, ne, nq = math.huge, 0, 0
  for _ = 1, runs do
    local t0 = os.clock()
    local e, q = 0, 0
    for _, p in ipairs(paras) do
      local r = model:analyze(p)
      e, q = e + #r.entities, q + #r.quotes
    end
    local dt = os.clock() - t0
    if dt < best then best = dt end
    ne, nq = e, q
  end
  io.stdout:write(string.format("newsmark %.0f %.1f %d %d\n", nwords / best, peak_mb() or 0, ne, nq))
  return 0
end

function M.run(root, core, args)
  local opts, files = main.parse(args, { runs = "value", model = "value", profile = "value", size = "value", machine = "flag" })
  if not opts then return main.fail(files) end
  local runs = tonumber(opts.runs or "5")
  if not runs or runs < 1 then return main.fail("--runs needs a positive number") end
  local path = files[1] or (root .. "/examples/article.md")
  local text, err = main.read_file(path)
  if not text then return main.fail(err) end
  if #text == 0 then return main.fail(path .. ": empty file") end
  local want = tonumber(opts.size or "1048576")
  if not want then return main.fail("--size needs a number of bytes") end
  local parts, size = { text }, #text
  while size < want do
    parts[#parts + 1] = text
    size = size + #text + 2
  end
  local big = table.concat(parts, "\n\n")
  local nwords = words(big)
  if opts.machine then return M.machine(core, opts, big, nwords, runs) end

  local loads = {}
  for _ = 1, runs do
    local t0 = os.clock()
    local m, lerr = core.load(opts.model, opts.profile)
    if not m then return main.fail(lerr) end
    loads[#loads + 1] = os.clock() - t0
    m:close()
  end
  local model = core.load(opts.model, opts.profile)
  model:analyze(big) -- warm up

  local full, ents = {}, {}
  local nent, nquote
  for _ = 1, runs do
    local t0 = os.clock()
    local r = model:analyze(big)
    full[#full + 1] = os.clock() - t0
    nent, nquote = #r.entities, #r.quotes
    t0 = os.clock()
    model:analyze(big, { quotes = false })
    ents[#ents + 1] = os.clock() - t0
  end
  -- one paragraph, as the editor re-analyses after a keystroke
  local para = text:match("[^\n]+[^\n]+") or text
  for p in text:gmatch("[^\n]+") do
    if #p > #para then para = p end
  end
  local lat = {}
  for _ = 1, 200 do
    local t0 = os.clock()
    model:analyze(para)
    lat[#lat + 1] = os.clock() - t0
  end
  local tf, te = median(full), median(ents)
  local out = io.stdout
  out:write(string.format("input           %s x%d = %.2f MB, %d words\n", path, #parts, #big / 1048576, nwords))
  out:write(string.format("found           %d entities, %d quotes\n", nent, nquote))
  out:write(string.format("model load      %.2f ms (median of %d)\n", median(loads) * 1000, runs))
  out:write(string.format("full pipeline   %.1f ms, %.0f words/s, %.1f MB/s (median of %d)\n",
    tf * 1000, nwords / tf, #big / 1048576 / tf, runs))
  out:write(string.format("entities only   %.1f ms, %.0f words/s\n", te * 1000, nwords / te))
  table.sort(lat)
  local pk = peak_mb()
  if pk then out:write(string.format("peak memory     %.1f MB resident\n", pk)) end
  out:write(string.format("one paragraph   %d bytes: median %.3f ms, max %.3f ms (200 runs)\n",
    #para, median(lat) * 1000, lat[#lat] * 1000))
  return 0
end

return M
