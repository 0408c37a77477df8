-- bench-lsp.lua - what `bin/newsmark lsp` costs per edit on a long article
-- (issue 14: median server time per didChange < 5 ms, semantic tokens for
-- the whole document < 50 ms, memory bounded). LuaJIT only (ffi clocks and
-- sleeps). From the project root (tools/bench-lsp.sh runs it):
--
--   luajit tools/bench-lsp.lua [WORDS [EDITS [PAUSE_MS [ROOT]]]]
--     (default 20000 words, 200 edits, 40 ms between edits, ROOT=.)
--
-- The server runs as a client starts it: ROOT/bin/newsmark lsp, over pipes
-- (stdin from this script, stdout to /dev/null), with NEWSMARK_LSP_STATS=1:
-- it logs on stderr what each message and each piece of work between
-- messages cost it (wall time on its own thread: the analysis on the worker
-- thread is not in these figures; the waiting for it is, when a request
-- needs the result). The text is the example articles repeated to WORDS
-- words. Edits, one every PAUSE_MS (a person typing): a word inserted at
-- the start of a line, then taken out again, lines all over the article.
-- Printed, median and worst over the edits, in wall time and in CPU time of
-- the server's thread (the machine's other work is in the first, not the
-- second):
--   didChange   handling the notification (the edit applied to the text)
--   start       starting the analysis on the worker thread (mask, copy)
--   publish     the result fetched, the checks run, the diagnostics sent
--   per edit    the three together: the server's own time for one edit
-- then semanticTokens/full for the whole document (after the last edit,
-- analysis done), and the Lua heap after a full collection at shutdown, for
-- a session with no edits and one with EDITS edits.
-- Nothing is asserted.
package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } nm_bench_timespec;
int nanosleep(const nm_bench_timespec *req, nm_bench_timespec *rem);
]])
local json = require("newsmark.cli.json")

local words = tonumber(arg[1]) or 20000
local edits = tonumber(arg[2]) or 200
local pause = tonumber(arg[3]) or 40
local root = arg[4] or "."

local function sleep_ms(ms)
  local t = ffi.new("nm_bench_timespec", math.floor(ms / 1000), (ms % 1000) * 1e6)
  ffi.C.nanosleep(t, nil)
end

local text = dofile("tools/bench-text.lua")(words)
local lines = select(2, text:gsub("\n", "\n")) + 1

local function session(n_edits)
  local errf = os.tmpname()
  local cmd = ("cd '%s' && NEWSMARK_LSP_STATS=1 XDG_DATA_HOME=/nonexistent/newsmark-bench bin/newsmark lsp >/dev/null 2>'%s'")
    :format(root, errf)
  local p = assert(io.popen(cmd, "w"))
  local id = 0
  local function send(method, params, is_request)
    local m = { jsonrpc = "2.0", method = method, params = params }
    if is_request then
      id = id + 1
      m.id = id
    end
    local b = json.encode(m)
    p:write("Content-Length: ", #b, "\r\n\r\n", b)
    p:flush()
  end
  local uri = "file:///nonexistent/newsmark-bench/long.md"
  send("initialize", { processId = json.null, capabilities = {} }, true)
  send("initialized", {})
  send("textDocument/didOpen", { textDocument = { uri = uri, languageId = "markdown", version = 1, text = text } })
  sleep_ms(500)
  local version = 1
  for k = 1, n_edits do
    local line = ((k * 7919) % lines)
    line = line - line % 2 -- the text lines (a blank line follows each)
    version = version + 1
    local change
    if k % 2 == 1 then
      change = { range = { start = { line = line, character = 0 }, ["end"] = { line = line, character = 0 } }, text = "Meanwhile " }
    else
      local prev = (((k - 1) * 7919) % lines)
      prev = prev - prev % 2
      change = { range = { start = { line = prev, character = 0 }, ["end"] = { line = prev, character = 10 } }, text = "" }
    end
    send("textDocument/didChange", { textDocument = { uri = uri, version = version }, contentChanges = { change } })
    sleep_ms(pause)
  end
  sleep_ms(300)
  send("textDocument/semanticTokens/full", { textDocument = { uri = uri } }, true)
  send("shutdown", json.null, true)
  send("exit", json.null)
  p:close()
  local f = assert(io.open(errf, "rb"))
  local log = f:read("*a")
  f:close()
  os.remove(errf)
  return log
end

local function median(t)
  if #t == 0 then return 0 end
  local s = {}
  for i, v in ipairs(t) do s[i] = v end
  table.sort(s)
  return s[math.floor((#s + 1) / 2)]
end

local function worst(t)
  local m = 0
  for _, v in ipairs(t) do m = math.max(m, v) end
  return m
end

local function figures(log)
  local order = {}
  for what, ms, cpu in log:gmatch("stats (%S+) ([%d.]+) ms ([%d.]+) cpu") do
    order[#order + 1] = { what, tonumber(ms), tonumber(cpu) }
  end
  return order
end

io.write(("bench-lsp: %d words (%d bytes, %d lines), %d edits, one every %d ms, server %s/bin/newsmark lsp\n")
  :format(words, #text, lines, edits, pause, root))

local log0 = session(0)
local log = session(edits)
local order = figures(log)

-- k = 2: wall time, k = 3: CPU time of the server's thread
local function series(k)
  local by = {}
  -- per edit: the didChange and the work after it up to the next message
  local per, cur = {}, nil
  for _, x in ipairs(order) do
    by[x[1]] = by[x[1]] or {}
    table.insert(by[x[1]], x[k])
    if x[1] == "textDocument/didChange" then
      if cur then per[#per + 1] = cur end
      cur = x[k]
    elseif cur and (x[1] == "start" or x[1] == "publish") then
      cur = cur + x[k]
    elseif cur then
      per[#per + 1] = cur
      cur = nil
    end
  end
  if cur then per[#per + 1] = cur end
  by.per = per
  return by
end
local wall, cpu = series(2), series(3)

local function line(name, key)
  local w, c = wall[key] or {}, cpu[key] or {}
  io.write(("  %-22s wall median %7.3f worst %7.3f ms | cpu median %7.3f worst %7.3f ms  (%d)\n")
    :format(name, median(w), worst(w), median(c), worst(c), #w))
end
line("didChange", "textDocument/didChange")
line("start", "start")
line("publish", "publish")
line("per edit (all three)", "per")
line("semanticTokens/full", "textDocument/semanticTokens/full")
local function heap(l)
  return tonumber(l:match("stats heap ([%d.]+) kB")) or -1
end
io.write(("  Lua heap after a full collection at shutdown: %d kB with no edits, %d kB after %d edits\n")
  :format(heap(log0), heap(log), edits))
