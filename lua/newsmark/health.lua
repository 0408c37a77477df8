-- newsmark.health: :checkhealth newsmark
local M = {}

-- vim.health (0.8+: start/ok/...; 0.8-0.9 also report_*) or 0.7's "health".
local function reporter()
  local h = vim.health
  if not h or not (h.start or h.report_start) then
    h = require("health")
  end
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
    info = h.info or h.report_info,
  }
end

-- The known-answer test: a fixed sentence and the spans it must give.
M.sentence = 'Ana Ruiz arrived in Lisbon on Tuesday. "We will stay," Ruiz said.'
M.expected_entities = { "PERSON:Ana Ruiz", "GPE:Lisbon", "DATE:Tuesday", "PERSON:Ruiz" }
M.expected_quote = { type = "direct", text = '"We will stay,"', speaker = "Ruiz", cue = "said" }

-- Run the known-answer test on `model`: true, or false and what differed.
function M.known_answer(model)
  local text = M.sentence
  local ok, r = pcall(model.analyze, model, text, { entities = true, quotes = true })
  if not ok then
    return false, "analyze() raised: " .. tostring(r)
  end
  local function sub(s)
    return text:sub(s.start + 1, s.finish)
  end
  local got = {}
  for _, e in ipairs(r.entities or {}) do
    got[#got + 1] = e.label .. ":" .. sub(e)
  end
  local missing = {}
  for _, want in ipairs(M.expected_entities) do
    if not vim.tbl_contains(got, want) then
      missing[#missing + 1] = want
    end
  end
  if #missing > 0 then
    return false, ("entities %s missing (got %s)"):format(table.concat(missing, ", "), table.concat(got, ", "))
  end
  local want = M.expected_quote
  for _, q in ipairs(r.quotes or {}) do
    if q.type == want.type and sub(q) == want.text then
      if not q.speaker or sub(q.speaker) ~= want.speaker then
        return false, "the quote's speaker is not " .. want.speaker
      end
      if not q.cue or sub(q.cue) ~= want.cue then
        return false, "the quote's cue is not " .. want.cue
      end
      return true
    end
  end
  return false, "the direct quote " .. want.text .. " was not found"
end

-- Which markdown parser Neovim uses: its own (0.10+ ships one), newsmark's
-- build in <root>/parser (tools/build-parser.sh, for 0.7-0.9), or another
-- plugin's (nvim-treesitter). The first parser/markdown.* on 'runtimepath' is
-- the one Neovim loads; with none there newsmark loaded its own by path.
function M.parser_source()
  local root = require("newsmark.core").plugin_root()
  local ours = root .. "/parser/parser/"
  local found
  for _, ext in ipairs({ "so", "dll", "dylib" }) do
    found = found or vim.api.nvim_get_runtime_file("parser/markdown." .. ext, false)[1]
  end
  if not found or found:sub(1, #ours) == ours then
    return "newsmark's own build (" .. ours .. "markdown.so, from `make parser`)"
  end
  -- Neovim's bundled parsers: $VIMRUNTIME/parser or <prefix>/lib/nvim/parser
  local prefix = vim.fn.fnamemodify(vim.v.progpath, ":p:h:h")
  for _, dir in ipairs({ vim.env.VIMRUNTIME or "", prefix .. "/lib" }) do
    if dir ~= "" and found:sub(1, #dir + 1) == dir .. "/" then
      return "Neovim's own (" .. found .. ")"
    end
  end
  return "from the runtimepath (" .. found .. ")"
end

-- The newsmark group with the lowest contrast against Normal's background
-- (on a terminal colorscheme with none: black or white by 'background'):
-- name, ratio, the background colour.
function M.lowest_contrast()
  local palette = require("newsmark.palette")
  palette.apply()
  local function attr(name, what)
    return vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID(name)), what, "gui")
  end
  local normal = palette.hex(attr("Normal", "bg#")) or (vim.o.background == "light" and "#ffffff" or "#000000")
  local text = palette.hex(attr("Normal", "fg#")) or (vim.o.background == "light" and "#000000" or "#ffffff")
  local low, ratio = nil, math.huge
  for _, g in ipairs(palette.groups) do
    local r = palette.contrast(palette.hex(attr(g.name, "fg#")) or text, normal)
    if r < ratio then
      low, ratio = g.name, r
    end
  end
  return low, ratio, normal
end

local function keys(lhs)
  return vim.api.nvim_replace_termcodes(lhs, true, true, true)
end

-- Does a mapping of `a` hide one of `b` (in the same mode)? The same keys,
-- or one a prefix of the other (then Neovim waits for more keys). Both are
-- left-hand sides as written ("<Leader>x", "]q"). Used by the check below
-- and by tests/nvim/mappings_spec.lua.
function M.keys_clash(a, b)
  a, b = keys(a), keys(b)
  return a == b or a:sub(1, #b) == b or b:sub(1, #a) == a
end

-- Global normal-mode mappings a configured newsmark keymap would hide:
-- { "]e (nnoremap ]e ...)", ... }.
function M.hidden_mappings()
  local km = require("newsmark.config").options.keymaps
  local out = {}
  if not km then
    return out
  end
  local global = {}
  for _, m in ipairs(vim.api.nvim_get_keymap("n")) do
    global[#global + 1] = m
  end
  local names = vim.tbl_keys(km)
  table.sort(names)
  for _, name in ipairs(names) do
    local lhs = km[name]
    if lhs then
      for _, m in ipairs(global) do
        if M.keys_clash(lhs, m.lhs) then
          out[#out + 1] = ("%s (keymaps.%s hides the global mapping %s)"):format(lhs, name, m.lhs)
        end
      end
    end
  end
  return out
end

function M.check()
  local h = reporter()
  local core = require("newsmark.core")
  local root = core.plugin_root()

  h.start("newsmark: Neovim")
  local v = vim.version()
  local vs = ("%d.%d.%d"):format(v.major, v.minor, v.patch)
  if vim.fn.has("nvim-0.7") == 1 then
    h.ok("Neovim " .. vs)
  else
    h.error("Neovim " .. vs .. " is too old", { "newsmark needs Neovim 0.7 or later" })
  end

  h.start("newsmark: core")
  local mod, err = core.get_module()
  if not mod then
    h.error(err, { "`make` needs a C compiler and make, nothing else (Debian: apt-get install gcc libc6-dev make)" })
    return
  end
  h.ok("core loaded (" .. tostring(core.loaded_path or "lua/newsmark/core.so") .. ")")
  local vok, verr = core.check_version()
  if vok then
    h.ok(("core version %s (ABI %s) matches the Lua side"):format(tostring(mod.version), tostring(mod.abi)))
  else
    h.error(verr)
  end
  local stale = core.stale_message()
  if stale then
    h.warn(stale)
  end
  local opts = require("newsmark.config").options
  local model, merr = core.model(opts.model_dir)
  if not model then
    h.error(merr)
    return
  end
  local what = core.override() and "your trained model, :Newsmark train"
    or ("entity tagger of the %s profile"):format(core.profile() or "news")
  h.ok(("model loaded from %s (%s)"):format(core.loaded_dir() or (root .. "/data"), what))
  local kok, kerr = M.known_answer(model)
  if kok then
    h.ok("known-answer analysis: " .. M.sentence)
  else
    h.error("known-answer analysis failed: " .. kerr, {
      "the core and its model do not agree: run `make clean all` in " .. root,
    })
  end

  h.start("newsmark: prose detection")
  if not opts.treesitter then
    h.info("tree-sitter disabled in setup() (treesitter = false): the plain-text scanner is used")
  elseif require("newsmark.prose").ensure_parser("markdown") then
    h.ok("tree-sitter markdown parser found: " .. M.parser_source())
  else
    h.warn("no tree-sitter markdown parser: the plain-text scanner is used for markdown", {
      "Neovim 0.10 and later ship one; on 0.7-0.9 run `make parser` in " .. root .. " (needs npm)",
      "or install a markdown parser (nvim-treesitter: :TSInstall markdown)",
    })
  end

  h.start("newsmark: colours and keys")
  local low, ratio, normal = M.lowest_contrast()
  if ratio >= require("newsmark.palette").min_contrast then
    h.ok(("colours: the lowest contrast against Normal (%s) is %.1f:1 (%s)"):format(normal, ratio, low))
  else
    h.warn(("colours: %s has a contrast of %.1f:1 against Normal (%s), below %.1f:1"):format(
      low, ratio, normal, require("newsmark.palette").min_contrast), {
      "your colorscheme (or a :highlight) sets it; :Newsmark legend shows the colours",
      "unset it (:highlight clear " .. low .. ") to get newsmark's own",
    })
  end
  local hidden = M.hidden_mappings()
  if #hidden == 0 then
    h.ok("keys: newsmark's buffer keymaps hide no global mapping")
  else
    h.warn("keys: newsmark's buffer keymaps hide " .. table.concat(hidden, ", "), {
      "choose other keys with the `keymaps` option (:help newsmark-config)",
    })
  end

  h.start("newsmark: buffers")
  local buffer = package.loaded["newsmark.buffer"]
  local n = 0
  if buffer then
    for buf, st in pairs(buffer.states) do
      n = n + 1
      if st.error then
        h.error(("buffer %d: %s"):format(buf, st.error))
      end
    end
  end
  if vim.g.newsmark_disable then
    h.warn("g:newsmark_disable is set: newsmark is off", { "unlet g:newsmark_disable" })
  end
  h.info(("%d buffer%s attached; filetypes: %s"):format(n, n == 1 and "" or "s", table.concat(opts.filetypes, ", ")))
end

return M
