-- Shared by the core specs: find the module (the ASan build when the test
-- runner points NEWSMARK_CPATH at it) and small span helpers.
local H = {}

package.cpath = (os.getenv("NEWSMARK_CPATH") or "./lua/?.so") .. ";" .. package.cpath
package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path

H.core = require("newsmark.core")
local model, err = H.core.load("data")
assert(model, err)
H.model = model

function H.text_of(text, span)
  return text:sub(span.start + 1, span.finish)
end

-- Entities as "LABEL:text" strings, in order.
function H.entities(text, r)
  local out = {}
  for _, e in ipairs(r.entities) do
    out[#out + 1] = e.label .. ":" .. H.text_of(text, e)
  end
  return out
end

function H.find(text, r, label, s)
  for _, e in ipairs(r.entities) do
    if e.label == label and H.text_of(text, e) == s then return e end
  end
end

-- H.find, or an error that lists what was found instead.
function H.must_find(text, r, label, s)
  local e = H.find(text, r, label, s)
  if not e then
    error(("%s:%s not among: %s"):format(label, s, table.concat(H.entities(text, r), ", ")), 2)
  end
  return e
end

-- Run a shell command; returns exit code, stdout, stderr.
function H.run(cmd, input)
  local tmp = os.tmpname()
  local errf = os.tmpname()
  local full = cmd .. " 2>" .. errf
  if input then
    local inf = os.tmpname()
    local f = assert(io.open(inf, "wb"))
    f:write(input)
    f:close()
    full = full .. " <" .. inf
  else
    full = full .. " </dev/null"
  end
  local p = io.popen(full .. " >" .. tmp .. "; echo $?")
  local code = tonumber(p:read("*a"):match("%d+"))
  p:close()
  local f = io.open(tmp, "rb")
  local out = f:read("*a")
  f:close()
  f = io.open(errf, "rb")
  local errs = f:read("*a")
  f:close()
  os.remove(tmp)
  os.remove(errf)
  return code, out, errs
end

-- Whole-file read (nil when missing) and write, for fixtures (shared with
-- the Neovim specs).
local io_helpers = dofile("tests/fileio.lua")
H.read_file, H.write_file = io_helpers.read_file, io_helpers.write_file

return H
