-- newsmark.config: the options schema, the defaults and validation drawn from it.
--
-- The plugin works without setup(); setup(opts) merges opts over the defaults
-- after validating them. Validation errors name the offending key, e.g.
--   newsmark: option 'debounce' must be a number >= 0 (got string)
local M = {}

-- The options as a schema: one entry per key, in the order of the docs:
--   { key, kind, default, doc, ...constraints }
-- kinds: "boolean"; "number" (min, integer); "strings" (a list of strings);
-- "choice" (choices, a list whose values may include false); "path" (a
-- non-empty string or false); "severity" (true, false or a severity name);
-- "command" (false, a program, or a list { program, args... }); "table"
-- (fields: a schema of its own; or_false: the whole table may be false).
-- M.defaults, M.validate and the option list of doc/newsmark.txt
-- (M.doc_lines, checked by tests/nvim/config_spec.lua) all come from it.
local SEVERITY_NAMES = { "ERROR", "WARN", "INFO", "HINT" }

local function bools(keys, doc)
  local fields = {}
  for _, k in ipairs(keys) do
    fields[#fields + 1] = { k, "boolean", true, doc[k] }
  end
  return fields
end

-- stylua: ignore start
M.schema = {
  { "filetypes", "strings", { "markdown", "text" }, "filetypes newsmark attaches to automatically (FileType)" },
  { "debounce", "number", 120, "milliseconds to wait after the last change before analysing again", min = 0 },
  { "sync_bytes", "number", 16384, "buffers of up to this many bytes are analysed at once; longer ones on the core's worker thread", min = 0 },
  { "max_size", "number", 8 * 1024 * 1024, "buffers larger than this many bytes are not attached (0: no limit)", min = 0 },
  { "model_dir", "path", false, "folder holding the model (newsmark.lex, newsmark.model); false: the bundled one" },
  { "profile", "choice", "news", "the entity tagger for the kind of text (|newsmark-profiles|): edited news, web (blogs, reviews, forums), mixed (wiki, interviews, essays), social (posts)",
    choices = { "news", "web", "mixed", "social" } },
  { "treesitter", "boolean", true, "find the prose of markdown buffers with tree-sitter; false: the plain-text scanner" },
  { "labels", "table", nil, "entity labels to find; false: neither drawn nor returned by get() (:Newsmark labels)",
    fields = bools({ "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC", "DATE", "TIME", "MONEY", "PERCENT" }, {}) },
  { "highlight", "table", nil, "what is drawn (get() returns entities and quotes regardless)",
    fields = bools({ "entities", "quotes", "speakers", "cues" }, {
      entities = "a highlight per label (NewsmarkPerson, ...)", quotes = "NewsmarkQuote over the quote",
      speakers = "NewsmarkSpeaker over the speaker", cues = "NewsmarkCue over the cue (\"said\")" }) },
  { "speaker_virtual_text", "boolean", false, "show the speaker at the end of the line where a quote ends" },
  { "wrap", "boolean", true, "jump() and :Newsmark next/prev wrap around the ends of the buffer" },
  { "keymaps", "table", nil, "buffer-local normal-mode keymaps (|newsmark-mappings|); false: none; an entry false: not mapped",
    or_false = true, fields = {
      { "next_entity", "key", "]e", "next entity" },
      { "prev_entity", "key", "[e", "previous entity" },
      { "next_quote", "key", ']"', "next quote" },
      { "prev_quote", "key", '["', "previous quote" },
      { "next_mention", "key", "]r", "next mention of the entity under the cursor" },
      { "prev_mention", "key", "[r", "previous mention of the entity under the cursor" },
      { "next_unattributed", "key", "]u", "next quote with no speaker" },
      { "prev_unattributed", "key", "[u", "previous quote with no speaker" },
      { "info", "key", "gK", "what is under the cursor (floating window)" },
    } },
  { "diagnostics", "table", nil, "editorial checks through vim.diagnostic, namespace \"newsmark_diagnostics\" (|newsmark-diagnostics|)",
    fields = {
      { "enabled", "boolean", true, "run the checks at all" },
      { "no_speaker", "severity", true, "a direct or mixed quote with no speaker" },
      { "unclosed", "severity", true, "a quotation mark that is never closed" },
      { "surname_first", "severity", true, "a person first named by one name, later in full" },
      { "spelling", "severity", true, "a rarer spelling of a name one or two letters away (misspelt?)" },
      { "long_quote", "severity", true, "a long direct quote with no attribution in its paragraph" },
      { "long_quote_words", "number", 40, "what \"long\" means, in words", min = 1 },
      { "severity", "choice", "WARN", "severity of the checks set to true", choices = SEVERITY_NAMES },
    } },
  { "picker", "choice", false, ":Newsmark entities/quotes in a picker; false: the quickfix list (|newsmark-pickers|)",
    choices = { false, "telescope", "fzf-lua", "auto" } },
  { "annotations", "table", nil, "your corrections (|newsmark-annotations|)",
    fields = {
      { "enabled", "boolean", true, "restore and apply the decisions of article.ann" },
      { "sidecar", "boolean", true, "write article.ann next to the article on every :write" },
      { "scope", "choice", "document", "where never/always apply by default", choices = { "document", "all" } },
      { "lexicon", "path", false, "your lexicon file for \"all\"; false: stdpath(\"data\")/newsmark/lexicon.tsv" },
    } },
  { "train", "table", nil, ":Newsmark train (|newsmark-retraining|)",
    fields = {
      { "folders", "strings", {}, "folders searched (with subfolders) for annotated articles" },
      { "epochs", "number", 5, "passes over your articles", min = 1, integer = true },
      { "output", "path", false, "folder of your trained model; false: stdpath(\"data\")/newsmark/model" },
      { "command", "command", false, "the trainer: false = <plugin>/bin/newsmark, a program, or { program, args... }" },
    } },
}
-- stylua: ignore end

local function deepcopy(t)
  if type(t) ~= "table" then
    return t
  end
  local r = {}
  for k, v in pairs(t) do
    r[k] = deepcopy(v)
  end
  return r
end

local function defaults_of(schema)
  local out = {}
  for _, e in ipairs(schema) do
    if e[2] == "table" then
      out[e[1]] = defaults_of(e.fields)
    else
      out[e[1]] = deepcopy(e[3])
    end
  end
  return out
end

M.defaults = defaults_of(M.schema)
M.options = deepcopy(M.defaults)

local function fail(key, msg, got)
  error(("newsmark: option '%s' %s (got %s)"):format(key, msg, got == nil and "nil" or type(got) == "string" and ("%q"):format(got) or type(got)), 0)
end

local function is_list_of_strings(v)
  if type(v) ~= "table" then
    return false
  end
  for k, x in pairs(v) do
    if type(k) ~= "number" or type(x) ~= "string" then
      return false
    end
  end
  return true
end

local function show_choice(c)
  return type(c) == "string" and ('"%s"'):format(c) or tostring(c)
end

-- The one-line rule of entry e, as error messages and the docs say it.
local function rule(e)
  local k = e[2]
  if k == "boolean" then
    return "must be a boolean"
  elseif k == "number" then
    return ("must be a %s >= %d"):format(e.integer and "whole number" or "number", e.min or 0)
  elseif k == "strings" then
    return "must be a list of names"
  elseif k == "choice" then
    if e.choices == SEVERITY_NAMES then
      return "must be one of " .. table.concat(SEVERITY_NAMES, ", ")
    end
    local names = {}
    for i, c in ipairs(e.choices) do
      names[i] = show_choice(c)
    end
    return "must be " .. table.concat(names, ", ", 1, #names - 1) .. " or " .. names[#names]
  elseif k == "path" then
    return "must be a file or folder name, or false"
  elseif k == "key" then
    return "must be a key sequence or false"
  elseif k == "severity" then
    return "must be a boolean or one of " .. table.concat(SEVERITY_NAMES, ", ")
  elseif k == "command" then
    return "must be false, a program or a list { program, args... }"
  end
  return "must be a table" .. (e.or_false and " or false" or "")
end

local function valid(e, v)
  local k = e[2]
  if k == "boolean" then
    return type(v) == "boolean"
  elseif k == "number" then
    return type(v) == "number" and v >= (e.min or 0) and (not e.integer or v == math.floor(v))
  elseif k == "strings" then
    return is_list_of_strings(v)
  elseif k == "choice" then
    return vim.tbl_contains(e.choices, v)
  elseif k == "path" or k == "key" then
    return v == false or (type(v) == "string" and v ~= "")
  elseif k == "severity" then
    return type(v) == "boolean" or vim.tbl_contains(SEVERITY_NAMES, v)
  elseif k == "command" then
    return v == false or (type(v) == "string" and v ~= "") or (is_list_of_strings(v) and #v > 0)
  end
  return type(v) == "table" or (e.or_false and v == false)
end

local function check(schema, prefix, opts)
  local by_key = {}
  for _, e in ipairs(schema) do
    by_key[e[1]] = e
  end
  for k, v in pairs(opts) do
    local e = by_key[k]
    local name = prefix .. tostring(k)
    if not e then
      fail(name, "is not a known " .. (prefix == "" and "option" or "key"), v)
    end
    if not valid(e, v) then
      fail(name, rule(e), v)
    end
    if e[2] == "table" and v ~= false then
      check(e.fields, name .. ".", v)
    end
  end
end

-- Validate a user options table; raises an error naming the first bad key.
function M.validate(opts)
  if opts == nil then
    return true
  end
  if type(opts) ~= "table" then
    error("newsmark: setup() expects a table of options, got " .. type(opts), 0)
  end
  check(M.schema, "", opts)
  return true
end

local function lua_value(v)
  if type(v) == "string" then
    return ("%q"):format(v)
  elseif type(v) == "table" then
    local parts = {}
    for _, x in ipairs(v) do
      parts[#parts + 1] = lua_value(x)
    end
    return #parts == 0 and "{}" or "{ " .. table.concat(parts, ", ") .. " }"
  elseif v == 8 * 1024 * 1024 then
    return "8 * 1024 * 1024"
  end
  return tostring(v)
end

-- Words of `text` in lines of at most `width` columns, each after `indent`.
local function wrap(text, indent, width, out)
  local line = ""
  for w in text:gmatch("%S+") do
    if line ~= "" and #indent + #line + 1 + #w > width then
      out[#out + 1] = indent .. line
      line = w
    else
      line = line == "" and w or line .. " " .. w
    end
  end
  if line ~= "" then
    out[#out + 1] = indent .. line
  end
end

-- The option list of doc/newsmark.txt (section CONFIGURATION): per key a
-- line "key = default" and its description with its rule, indented below;
-- a table's keys follow it, as table.key.
function M.doc_lines()
  local out = {}
  local function walk(schema, prefix)
    for _, e in ipairs(schema) do
      if e[2] == "table" then
        out[#out + 1] = ("    %s%s = {...}%s"):format(prefix, e[1], e.or_false and " or false" or "")
        wrap(e[4] .. ".", "        ", 78, out)
        walk(e.fields, prefix .. e[1] .. ".")
      else
        out[#out + 1] = ("    %s%s = %s"):format(prefix, e[1], lua_value(e[3]))
        if e[4] then
          wrap(("%s; %s."):format(e[4], (rule(e):gsub("^must be ", ""))), "        ", 78, out)
        end
      end
    end
  end
  walk(M.schema, "")
  return out
end

local function merge(dst, src)
  for k, v in pairs(src) do
    if type(v) == "table" and type(dst[k]) == "table" and dst[k][1] == nil and v[1] == nil then
      merge(dst[k], v)
    else
      dst[k] = deepcopy(v)
    end
  end
  return dst
end

-- Validate opts and make them the current options (defaults + opts).
function M.set(opts)
  M.validate(opts)
  M.options = merge(deepcopy(M.defaults), opts or {})
  local core = package.loaded["newsmark.core"]
  if type(core) == "table" and rawget(core, "set_override") then
    core.set_override(nil) -- train.output may have changed: look it up again
  end
  return M.options
end

function M.get()
  return M.options
end

-- True when `ft` is one of the configured filetypes.
function M.wants_filetype(ft)
  for _, x in ipairs(M.options.filetypes) do
    if x == ft then
      return true
    end
  end
  return false
end

M.deepcopy = deepcopy
return M
