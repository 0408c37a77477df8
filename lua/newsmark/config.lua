-- newsmark.config: the defaults table and its validation.
--
-- The plugin works without setup(); setup(opts) merges opts over the defaults
-- after validating them. Validation errors name the offending key, e.g.
--   newsmark: option 'debounce' must be a number >= 0 (got string)
local M = {}

-- stylua: ignore start
M.defaults = {
  -- Filetypes newsmark attaches to automatically (FileType autocommand).
  filetypes = { "markdown", "text" },
  -- Milliseconds to wait after the last change before analysing again.
  debounce = 120,
  -- Buffers larger than this many bytes are not attached (0: no limit).
  max_size = 8 * 1024 * 1024,
  -- Directory holding the model (newsmark.lex, newsmark.model);
  -- false: the model bundled in <plugin>/data.
  model_dir = false,
  -- Find the prose of markdown buffers with tree-sitter (queries/markdown/
  -- newsmark_prose.scm); false, or no parser: the plain-text scanner.
  treesitter = true,
  -- Entity labels to find. A label set to false is neither drawn nor
  -- returned by get().
  labels = {
    PERSON = true, ORG = true, GPE = true, LOC = true, NORP = true, EVENT = true,
    MISC = true, DATE = true, TIME = true, MONEY = true, PERCENT = true,
  },
  -- What is drawn (get() returns entities and quotes regardless).
  highlight = {
    entities = true,  -- a highlight per label (NewsmarkPerson, ...)
    quotes = true,    -- NewsmarkQuote over the quote
    speakers = true,  -- NewsmarkSpeaker over the speaker of a quote
    cues = true,      -- NewsmarkCue over the cue verb ("said", "told")
  },
  -- Show the speaker at the end of the line where a quote ends.
  speaker_virtual_text = false,
  -- jump() and :Newsmark next/prev wrap around the ends of the buffer.
  wrap = true,
  -- Buffer-local normal-mode keymaps set on attach. false: none at all;
  -- a single entry set to false: that one is not mapped.
  keymaps = {
    next_entity = "]e",
    prev_entity = "[e",
    next_quote = "]q",
    prev_quote = "[q",
    next_mention = "]m",
    prev_mention = "[m",
    next_unattributed = "]u",
    prev_unattributed = "[u",
    info = "gK",
  },
  -- Editorial checks reported through vim.diagnostic (namespace "newsmark").
  diagnostics = {
    enabled = true,
    no_speaker = true,   -- a direct or mixed quote with no speaker
    unclosed = true,     -- a quotation mark that is never closed
    surname_first = true, -- a person first named by one name, later in full
    spelling = true,     -- one-letter-or-two variants of a name ("Mishustin",
                         -- "Mishustn"): probably one person misspelt
    long_quote = true,   -- a long direct quote with no attribution in its paragraph
    long_quote_words = 40, -- what "long" means, in words
    severity = "WARN",   -- ERROR, WARN, INFO or HINT; each check above may
                         -- also be set to a severity of its own instead of true
  },
  -- :Newsmark entities / quotes: false (the quickfix list), "telescope",
  -- "fzf-lua" or "auto" (whichever is installed). Without the plugin, the
  -- quickfix list.
  picker = false,
  -- Buffers of more than `lines` lines: the rows the windows show (plus
  -- `margin`) are analysed first, the rest in chunks of about `chunk` lines
  -- every `delay` ms while the editor is idle (0: no limit).
  large_buffer = { lines = 1000, margin = 100, chunk = 300, delay = 1 },
  -- The person's corrections (:Newsmark mark, unmark, relabel, merge, never,
  -- always; :help newsmark-annotations).
  annotations = {
    enabled = true,      -- restore and apply the decisions of article.ann
    sidecar = true,      -- write article.ann next to the article on every :write
    scope = "document",  -- where never/always apply by default: "document" or "all"
    lexicon = false,     -- the person's lexicon file for "all";
                         -- false: stdpath("data")/newsmark/lexicon.tsv
  },
  -- :Newsmark train (:help newsmark-retraining): fine-tune the model on your
  -- annotated articles (those with an article.ann sidecar).
  train = {
    folders = {},        -- folders searched (with subfolders) for annotated
                         -- articles; the current buffer's article counts too
    epochs = 5,          -- passes over your articles
    output = false,      -- folder of your trained model, used instead of the
                         -- bundled one while it exists;
                         -- false: stdpath("data")/newsmark/model
    command = false,     -- the trainer: false = <plugin>/bin/newsmark, or a
                         -- program name, or a list { program, args... }
  },
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

M.options = deepcopy(M.defaults)

local SEVERITIES = { ERROR = true, WARN = true, INFO = true, HINT = true }

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

local function check_booleans(prefix, user, defaults)
  if type(user) ~= "table" then
    fail(prefix, "must be a table", user)
  end
  for k, v in pairs(user) do
    if defaults[k] == nil then
      fail(prefix .. "." .. tostring(k), "is not a known key", v)
    end
    if type(v) ~= "boolean" then
      fail(prefix .. "." .. k, "must be a boolean", v)
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
  for k, v in pairs(opts) do
    if M.defaults[k] == nil and k ~= "model_dir" then
      fail(tostring(k), "is not a known option", v)
    end
    if k == "filetypes" then
      if not is_list_of_strings(v) then
        fail(k, "must be a list of filetype names", v)
      end
    elseif k == "debounce" or k == "max_size" then
      if type(v) ~= "number" or v < 0 then
        fail(k, "must be a number >= 0", v)
      end
    elseif k == "model_dir" then
      if v ~= false and type(v) ~= "string" then
        fail(k, "must be a directory name or false", v)
      end
    elseif k == "treesitter" or k == "speaker_virtual_text" or k == "wrap" then
      if type(v) ~= "boolean" then
        fail(k, "must be a boolean", v)
      end
    elseif k == "labels" or k == "highlight" then
      check_booleans(k, v, M.defaults[k])
    elseif k == "keymaps" then
      if v ~= false then
        if type(v) ~= "table" then
          fail(k, "must be a table or false", v)
        end
        for name, lhs in pairs(v) do
          if M.defaults.keymaps[name] == nil then
            fail("keymaps." .. tostring(name), "is not a known mapping", lhs)
          end
          if lhs ~= false and (type(lhs) ~= "string" or lhs == "") then
            fail("keymaps." .. name, "must be a key sequence or false", lhs)
          end
        end
      end
    elseif k == "diagnostics" then
      if type(v) ~= "table" then
        fail(k, "must be a table", v)
      end
      for name, x in pairs(v) do
        if M.defaults.diagnostics[name] == nil then
          fail("diagnostics." .. tostring(name), "is not a known key", x)
        end
        if name == "severity" then
          if type(x) ~= "string" or not SEVERITIES[x] then
            fail("diagnostics.severity", "must be one of ERROR, WARN, INFO, HINT", x)
          end
        elseif name == "long_quote_words" then
          if type(x) ~= "number" or x < 1 then
            fail("diagnostics.long_quote_words", "must be a number >= 1", x)
          end
        elseif name ~= "enabled" and type(x) == "string" then
          if not SEVERITIES[x] then
            fail("diagnostics." .. name, "must be a boolean or one of ERROR, WARN, INFO, HINT", x)
          end
        elseif type(x) ~= "boolean" then
          fail("diagnostics." .. name, "must be a boolean", x)
        end
      end
    elseif k == "picker" then
      if v ~= false and v ~= "telescope" and v ~= "fzf-lua" and v ~= "auto" then
        fail(k, 'must be false, "telescope", "fzf-lua" or "auto"', v)
      end
    elseif k == "large_buffer" then
      if type(v) ~= "table" then
        fail(k, "must be a table", v)
      end
      for name, x in pairs(v) do
        if M.defaults.large_buffer[name] == nil then
          fail("large_buffer." .. tostring(name), "is not a known key", x)
        end
        if type(x) ~= "number" or x < 0 then
          fail("large_buffer." .. name, "must be a number >= 0", x)
        end
      end
    elseif k == "annotations" then
      if type(v) ~= "table" then
        fail(k, "must be a table", v)
      end
      for name, x in pairs(v) do
        if M.defaults.annotations[name] == nil then
          fail("annotations." .. tostring(name), "is not a known key", x)
        end
        if name == "scope" then
          if x ~= "document" and x ~= "all" then
            fail("annotations.scope", "must be \"document\" or \"all\"", x)
          end
        elseif name == "lexicon" then
          if x ~= false and (type(x) ~= "string" or x == "") then
            fail("annotations.lexicon", "must be a file name or false", x)
          end
        elseif type(x) ~= "boolean" then
          fail("annotations." .. name, "must be a boolean", x)
        end
      end
    elseif k == "train" then
      if type(v) ~= "table" then
        fail(k, "must be a table", v)
      end
      for name, x in pairs(v) do
        if M.defaults.train[name] == nil then
          fail("train." .. tostring(name), "is not a known key", x)
        end
        if name == "folders" then
          if not is_list_of_strings(x) then
            fail("train.folders", "must be a list of folder names", x)
          end
        elseif name == "epochs" then
          if type(x) ~= "number" or x < 1 or x ~= math.floor(x) then
            fail("train.epochs", "must be a whole number >= 1", x)
          end
        elseif name == "output" then
          if x ~= false and (type(x) ~= "string" or x == "") then
            fail("train.output", "must be a folder name or false", x)
          end
        elseif name == "command" then
          local okc = x == false or (type(x) == "string" and x ~= "")
            or (is_list_of_strings(x) and #x > 0)
          if not okc then
            fail("train.command", "must be false, a program or a list { program, args... }", x)
          end
        end
      end
    end
  end
  return true
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
