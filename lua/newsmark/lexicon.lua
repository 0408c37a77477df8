-- newsmark.lexicon: the person's own lexicon, one file for all documents.
--
-- A UTF-8 text file, one entry a line: `text<TAB>LABEL` (always tag `text`
-- with LABEL) or `text<TAB>NEVER` (never tag it); `#` starts a comment line.
-- The core loads it (model:set_user_lexicon) and matches entries as it matches
-- its own lexicon: by tokens, ignoring case. Default place:
-- $XDG_DATA_HOME/nvim/newsmark/lexicon.tsv (stdpath("data")); option
-- annotations.lexicon sets another.
--
-- read/parse/add/remove need no editor; path()/apply() use the editor's
-- options and the shared model.
local M = {}

local S = require("newsmark.sidecar")

local LABELS = {}
for k in pairs(S.labels) do
  LABELS[k] = true
end
LABELS.NEVER = true
M.labels = LABELS

local function key(text)
  return (text:lower():gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end
M.key = key

-- The lexicon file's path.
function M.path()
  local o = vim and vim.fn and require("newsmark.config").options.annotations
  if o and type(o.lexicon) == "string" then
    return vim.fn.expand(o.lexicon)
  end
  if vim and vim.fn then
    return vim.fn.stdpath("data") .. "/newsmark/lexicon.tsv"
  end
  local base = os.getenv("XDG_DATA_HOME")
  if not base or base == "" then
    base = (os.getenv("HOME") or ".") .. "/.local/share"
  end
  return base .. "/nvim/newsmark/lexicon.tsv"
end

-- Parse lexicon text: entries { {text=, label=, line=}, ... } and the kept
-- lines, or nil and "line N: reason".
function M.parse(content)
  local entries, lineno = {}, 0
  for line in (content:sub(-1) == "\n" and content or content .. "\n"):gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    if not (line:find("^%s*$") or line:find("^#")) then
      local text, label = line:match("^([^\t]+)\t([^\t]+)$")
      if not text or text:find("^%s*$") then
        return nil, ("line %d: expected 'text<TAB>LABEL'"):format(lineno)
      end
      label = label:gsub("%s+$", "")
      if not LABELS[label] then
        return nil, ("line %d: unknown label '%s' (a label or NEVER)"):format(lineno, label)
      end
      entries[#entries + 1] = { text = text, label = label, line = lineno }
    end
  end
  return entries
end

-- Entries of the file at `path` ({} when there is none), or nil and a message.
function M.read(path)
  local f = S.fs.open(path, "rb")
  if not f then
    return {}
  end
  local content = f:read("*a") or ""
  f:close()
  local entries, err = M.parse(content)
  if not entries then
    return nil, path .. ": " .. err
  end
  return entries, nil, content
end

-- The label of the entry for `text` (any case) in the file at `path`, nil
-- when it has none (or cannot be read).
function M.label_of(path, text)
  local found, k = nil, key(text)
  for _, e in ipairs(M.read(path) or {}) do
    if key(e.text) == k then
      found = e.label
    end
  end
  return found
end

local function mkdir_for(path)
  local dir = path:match("^(.*)[/\\][^/\\]*$")
  if dir and dir ~= "" then
    if vim and vim.fn then
      vim.fn.mkdir(dir, "p")
    else
      os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'")
    end
  end
end

-- Rewrite the file: comment lines kept, entries for `text` (any case)
-- replaced by `label` (nil: removed). Atomic.
local function update(path, text, label)
  if text:find("[\t\n\r]") then
    return nil, "an entry cannot hold tabs or line breaks"
  end
  if label and not LABELS[label] then
    return nil, ("unknown label '%s'"):format(label)
  end
  local entries, err, content = M.read(path)
  if not entries then
    return nil, err
  end
  local out, k = {}, key(text)
  for line in ((content or "") .. ""):gmatch("([^\n]*)\n?") do
    local t = line:match("^([^\t#][^\t]*)\t")
    if line ~= "" and not (t and key(t) == k) then
      out[#out + 1] = line
    end
  end
  if label then
    out[#out + 1] = text .. "\t" .. label
  end
  mkdir_for(path)
  return S.write(path, #out > 0 and table.concat(out, "\n") .. "\n" or "")
end

-- Add (or change) the entry for `text`: label is a label name or "NEVER".
function M.add(path, text, label)
  return update(path, text, label)
end

function M.remove(path, text)
  return update(path, text, nil)
end

-- Set the entry for `text` to `label` (a label name or "NEVER"; nil: no
-- entry): M.add or M.remove.
M.set = update

-- Load the lexicon file into `model` (the shared one when nil). Returns true,
-- or nil and a message (the model then keeps its previous user lexicon).
function M.apply(model, path)
  path = path or M.path()
  if not model then
    local err
    model, err = require("newsmark.core").model(require("newsmark.config").options.model_dir)
    if not model then
      return nil, err
    end
  end
  if not model.set_user_lexicon then
    return nil, "this build of the core cannot load a user lexicon (run make)"
  end
  local f = io.open(path, "rb")
  if not f then
    return model:set_user_lexicon(nil)
  end
  f:close()
  return model:set_user_lexicon(path)
end

-- Apply the lexicon to the shared model once; true when that changed the
-- model (buffers analysed before should be analysed again).
local applied = setmetatable({}, { __mode = "k" })
M._applied = applied -- tests clear it
function M.ensure_applied(model)
  if not model or applied[model] then
    return false
  end
  applied[model] = true
  local path = M.path()
  local f = io.open(path, "rb")
  if not f then
    return false
  end
  f:close()
  local ok, err = M.apply(model, path)
  if not ok then
    require("newsmark.notify").warn(tostring(err))
    return false
  end
  return true
end

return M
