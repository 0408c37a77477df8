-- newsmark.prose: the markdown parser of the editor (tree-sitter), for
-- :checkhealth and the demo: ensure_parser(lang) loads it, method(bufnr)
-- says whether it is there for a buffer ("treesitter" or "fallback").
--
-- What is prose in a buffer is no longer decided here: the editor reads the
-- buffer's text with newsmark.markdown, the one reader of the editor and the
-- command line (through newsmark.document), so both see the same prose.
local M = {}

-- No JIT for this module: its work is Neovim API calls and string patterns,
-- which LuaJIT cannot compile, so traces abort and the recording attempts
-- cost more than they save, at random moments (see buffer.lua).
if jit and jit.off then
  jit.off(true, true)
end

local ts_state = {} -- lang -> true (available) | false (not available)

local function has_language(lang)
  local ts = vim.treesitter
  local inspect = (ts.language and ts.language.inspect) or ts.inspect_language
  return inspect ~= nil and (pcall(inspect, lang))
end

local function add_language(lang, path)
  local ts = vim.treesitter
  if ts.language and ts.language.add then -- 0.9+
    local ok = pcall(ts.language.add, lang, path and { path = path } or nil)
    return ok and has_language(lang)
  end
  local ok, res = pcall(ts.require_language, lang, path, true) -- 0.7, 0.8
  return ok and res ~= false and has_language(lang)
end

-- True when a markdown parser is available, loading the one built by
-- tools/build-parser.sh (into <plugin>/parser/parser/) when Neovim has none.
function M.ensure_parser(lang)
  lang = lang or "markdown"
  if ts_state[lang] ~= nil then
    return ts_state[lang]
  end
  local ok = false
  if vim.treesitter then
    ok = has_language(lang) or add_language(lang)
    if not ok then
      local root = require("newsmark.core").plugin_root()
      for _, ext in ipairs({ "so", "dll", "dylib" }) do
        local path = ("%s/parser/parser/%s.%s"):format(root, lang, ext)
        if vim.loop.fs_stat(path) and add_language(lang, path) then
          ok = true
          break
        end
      end
    end
  end
  ts_state[lang] = ok
  return ok
end

-- Forget what was found (tests switch parsers on and off).
function M.reset()
  ts_state = {}
  M._query = nil
end

local function get_query()
  if M._query ~= nil then
    return M._query or nil
  end
  local tsq = vim.treesitter.query
  local get = tsq.get or tsq.get_query
  local ok, q = pcall(get, "markdown", "newsmark_prose")
  if not ok or not q then
    -- not on the runtimepath: read the query next to this plugin
    local path = require("newsmark.core").plugin_root() .. "/queries/markdown/newsmark_prose.scm"
    local f = io.open(path, "r")
    if f then
      local src = f:read("*a")
      f:close()
      local parse = tsq.parse or tsq.parse_query
      ok, q = pcall(parse, "markdown", src)
    end
  end
  M._query = (ok and q) or false
  return M._query or nil
end

-- Which method finds the prose of `bufnr`: "treesitter" or "fallback".
function M.method(bufnr)
  local opts = require("newsmark.config").options
  if not opts.treesitter or vim.bo[bufnr].filetype ~= "markdown" then
    return "fallback"
  end
  if not M.ensure_parser("markdown") or not get_query() then
    return "fallback"
  end
  return "treesitter"
end

return M
