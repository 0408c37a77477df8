-- bench-async.lua - what model:analyze_async costs the caller's thread on a
-- long article (the editor analyses the whole buffer on a worker
-- thread). LuaJIT only (ffi clocks). From the project root:
--
--   luajit tools/bench-async.lua [WORDS [RUNS]]     (default 20000 words, 21 runs)
--
-- The text is the example articles repeated to WORDS words. Per run:
--   start      analyze_async(): the caller's thread CPU time (text copy, thread start)
--   thread     wall time from the start until done() is true (polled every 0.1 ms)
--   result     result() once done: the caller's thread CPU time (C -> Lua tables)
--   sync       model:analyze() of the same text: wall time (analysis + tables)
-- Medians and maxima of RUNS runs; nothing is asserted.
package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path
package.cpath = "./lua/?.so;" .. package.cpath
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } nm_timespec;
int clock_gettime(int clk, nm_timespec *ts);
int nanosleep(const nm_timespec *req, nm_timespec *rem);
]])
local CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID = 1, 3
local ts = ffi.new("nm_timespec")
local function ms(clk)
  ffi.C.clock_gettime(clk, ts)
  return tonumber(ts.tv_sec) * 1e3 + tonumber(ts.tv_nsec) / 1e6
end
local nap = ffi.new("nm_timespec", 0, 100000)

local words = tonumber(arg[1]) or 20000
local runs = tonumber(arg[2]) or 21
local core = require("newsmark.core")
local model = assert(core.load("data"))

local text = dofile("tools/bench-text.lua")(words)

local function stats(t)
  table.sort(t)
  return t[math.floor((#t + 1) / 2)], t[#t]
end

local start, thread, result, sync = {}, {}, {}, {}
local r
for i = 1, runs + 1 do -- the first run warms up and is not counted
  collectgarbage()
  local c0, w0 = ms(CLOCK_THREAD_CPUTIME_ID), ms(CLOCK_MONOTONIC)
  local job = model:analyze_async(text)
  local c1 = ms(CLOCK_THREAD_CPUTIME_ID)
  while not job:done() do
    ffi.C.nanosleep(nap, nil)
  end
  local w2 = ms(CLOCK_MONOTONIC)
  local c2 = ms(CLOCK_THREAD_CPUTIME_ID)
  r = job:result()
  local c3 = ms(CLOCK_THREAD_CPUTIME_ID)
  collectgarbage()
  local w4 = ms(CLOCK_MONOTONIC)
  local s = model:analyze(text)
  local w5 = ms(CLOCK_MONOTONIC)
  assert(#s.entities == #r.entities and #s.quotes == #r.quotes)
  if i > 1 then
    start[#start + 1] = c1 - c0
    thread[#thread + 1] = w2 - w0
    result[#result + 1] = c3 - c2
    sync[#sync + 1] = w5 - w4
  end
end

print(("text      %d words, %d bytes, %d entities, %d quotes; %d runs"):format(words, #text, #r.entities, #r.quotes, runs))
for _, row in ipairs({
  { "start", start, "analyze_async(), caller's thread CPU" },
  { "thread", thread, "start to done(), wall (polled every 0.1 ms)" },
  { "result", result, "result() after done(), caller's thread CPU" },
  { "sync", sync, "model:analyze(), wall" },
}) do
  local med, max = stats(row[2])
  print(("%-9s median %8.3f ms  max %8.3f ms   (%s)"):format(row[1], med, max, row[3]))
end
