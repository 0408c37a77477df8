-- Rewrite the option list of doc/newsmark.txt from the schema in
-- lua/newsmark/config.lua: `luajit tools/doc-options.lua` (or lua5.1), from
-- the top of the repository. tests/nvim/config_spec.lua checks they agree.
package.path = "lua/?.lua;" .. package.path
local config = require("newsmark.config")
local BEGIN, END = "Options (generated from the schema in lua/newsmark/config.lua): >", "<"
local f = assert(io.open("doc/newsmark.txt", "rb"))
local doc = f:read("*a")
f:close()
local s = assert(doc:find(BEGIN, 1, true), "doc/newsmark.txt: no option list")
local body_start = s + #BEGIN + 1
local e = assert(doc:find("\n" .. END .. "\n", body_start, true), "doc/newsmark.txt: option list not closed")
local new = doc:sub(1, body_start - 1) .. table.concat(config.doc_lines(), "\n") .. doc:sub(e)
f = assert(io.open("doc/newsmark.txt", "wb"))
f:write(new)
f:close()
