-- newsmark.lsp.input: the server's input as a byte stream that can say
-- whether a message waits, so that the server works between messages
-- (publishes what the worker thread finished, reads a $/cancelRequest that
-- came after a request) and blocks only when there is nothing to do.
--
--   local I = require("newsmark.lsp.input")
--   local inp = I.wrap(io.stdin)   -- an fd reader under LuaJIT (ffi), else io.stdin itself
--   inp:read("*l"), inp:read(n)    -- as a Lua file (what newsmark.lsp.rpc reads)
--   inp:ready(ms)                  -- true when input (or its end) waits; waits up to
--                                  -- ms milliseconds (0: never blocks)
--
-- Without LuaJIT's ffi (lua5.1) the server gets io.stdin back, with no
-- `ready`: it cannot tell, so it finishes each analysis before it reads on.
local M = {}

M.CHUNK = 256 * 1024

local ok_ffi, ffi = pcall(require, "ffi")
local C, clock
if ok_ffi then
  if pcall(ffi.cdef, [[
typedef struct { int fd; short events; short revents; } newsmark_pollfd;
int poll(newsmark_pollfd *fds, unsigned long nfds, int timeout);
long read(int fd, void *buf, unsigned long count);
]]) then
    C = ffi.C
  end
  if pcall(ffi.cdef, [[
typedef struct { long tv_sec; long tv_nsec; } newsmark_timespec;
int clock_gettime(int clk, newsmark_timespec *ts);
]]) then
    local ok, fn = pcall(function() return ffi.C.clock_gettime end)
    clock = ok and fn or nil
  end
end

-- A clock in milliseconds for the server's figures (NEWSMARK_LSP_STATS):
-- wall time (CLOCK_MONOTONIC) under LuaJIT, else os.clock's CPU time.
local ts = clock and ffi.new("newsmark_timespec")
function M.now()
  if ts then
    clock(1, ts)
    return tonumber(ts.tv_sec) * 1e3 + tonumber(ts.tv_nsec) / 1e6
  end
  return os.clock() * 1e3
end

-- The CPU time of the calling thread in milliseconds (nil without ffi):
-- what the server's own thread spent, whatever else the machine runs.
function M.cpu()
  if ts then
    clock(3, ts) -- CLOCK_THREAD_CPUTIME_ID
    return tonumber(ts.tv_sec) * 1e3 + tonumber(ts.tv_nsec) / 1e6
  end
end

local Reader = {}
Reader.__index = Reader

-- A reader of file descriptor `fd` (nil when ffi is not there).
function M.fd_reader(fd)
  if not C then
    return nil
  end
  return setmetatable({
    fd = fd, data = "", pos = 1, eof = false,
    buf = ffi.new("char[?]", M.CHUNK), pfd = ffi.new("newsmark_pollfd[1]"),
  }, Reader)
end

-- io.stdin as a reader that can say whether input waits, or io.stdin.
function M.wrap(fh)
  if fh == io.stdin then
    return M.fd_reader(0) or fh
  end
  return fh
end

-- One more chunk of bytes (blocks); false at the end of input.
function Reader:chunk()
  if self.eof then
    return false
  end
  while true do
    local n = tonumber(C.read(self.fd, self.buf, M.CHUNK))
    if n > 0 then
      return ffi.string(self.buf, n)
    end
    if n == 0 or ffi.errno() ~= 4 then -- (4: EINTR, read again)
      self.eof = true
      return false
    end
  end
end

function Reader:ready(ms)
  if self.pos <= #self.data or self.eof then
    return true
  end
  local p = self.pfd
  p[0].fd, p[0].events, p[0].revents = self.fd, 1, 0 -- POLLIN
  return C.poll(p, 1, ms or 0) > 0
end

function Reader:read(what)
  if what == "*l" then
    while true do
      local nl = self.data:find("\n", self.pos, true)
      if nl then
        local line = self.data:sub(self.pos, nl - 1)
        self.pos = nl + 1
        return line
      end
      local more = self:chunk()
      if not more then
        if self.pos > #self.data then
          return nil
        end
        local line = self.data:sub(self.pos)
        self.data, self.pos = "", 1
        return line
      end
      self.data, self.pos = self.data:sub(self.pos) .. more, 1
    end
  end
  local n = what
  local have = #self.data - self.pos + 1
  if have >= n then
    local s = self.data:sub(self.pos, self.pos + n - 1)
    self.pos = self.pos + n
    return s
  end
  local parts, got = { self.data:sub(self.pos) }, have
  self.data, self.pos = "", 1
  while got < n do
    local more = self:chunk()
    if not more then
      break
    end
    parts[#parts + 1] = more
    got = got + #more
  end
  local all = table.concat(parts)
  if all == "" and n > 0 then
    return nil
  end
  self.data = all:sub(n + 1)
  return all:sub(1, n)
end

return M
