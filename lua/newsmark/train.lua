-- newsmark.train: :Newsmark train — fine-tune the entity tagger on the
-- person's annotated articles, in the background, and use the new model at
-- once and after restarts.
--
--   :Newsmark train          collect every article with a sidecar (article.ann)
--                            in the `train.folders` option, plus the current
--                            buffer's; write each as CoNLL/BIO with the
--                            person's decisions merged over the machine's
--                            (newsmark.export, as :Newsmark export conll);
--                            run `bin/newsmark train --init <base model> ...`
--                            as a job; on success move the model into
--                            `train.output` and swap it into every buffer
--   :Newsmark train stop     cancel a running training
--   :Newsmark train status   what it is doing / did last
--   :Newsmark train reset    back to the configured (bundled) model
--
-- The model is always fine-tuned from the *base* model (option model_dir,
-- else the bundled one), never from an earlier trained one: each training
-- sees all of the person's articles, so training twice gives the same model
-- instead of drifting further from the base.
--
-- Where the trained model lives: `train.output` (default
-- stdpath("data")/newsmark/model), a model folder as core.load() reads it:
-- newsmark.model (the trained tagger), newsmark.lex (a copy of the base
-- model's lexicon, which the tagger's features were computed with) and
-- info.json. While that folder holds a model, newsmark.core uses it instead
-- of the configured one (core.override()), after restarts too; `reset`
-- removes it.
local M = {}
local api = vim.api
local uv = vim.loop

-- required when first used: core.model() asks active_dir() at startup
local S = setmetatable({}, { __index = function(_, k) return require("newsmark.sidecar")[k] end })
local X = setmetatable({}, { __index = function(_, k) return require("newsmark.export")[k] end })

-- What is going on: phase "idle" | "running" | "done" | "failed" | "stopped".
M.state = { phase = "idle", message = "" }
-- The outcome of the last training: { ok = bool, message = string, dir = path }.
M.last = nil
-- Functions called with M.last when a training ends (tests, statuslines).
M.on_finish = {}

local function notify(msg, level)
  require("newsmark.notify").notify(msg, level or vim.log.levels.INFO)
end

local function options()
  local config = require("newsmark.config")
  return config.options.train or config.defaults.train
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function abs(path)
  if path:find("^~") or path:find("%$") then
    path = vim.fn.expand(path)
  end
  return (vim.fn.fnamemodify(path, ":p"):gsub("[/\\]$", ""))
end

---------------------------------------------------------------- places

-- The folder of the person's trained model.
function M.output_dir()
  local o = options().output
  if type(o) == "string" and o ~= "" then
    return abs(o)
  end
  return vim.fn.stdpath("data") .. "/newsmark/model"
end

-- The folder of the base model (what a training starts from, what `reset`
-- goes back to): option model_dir, else the bundled data folder.
function M.base_dir()
  local md = require("newsmark.config").options.model_dir
  if type(md) == "string" and md ~= "" then
    return abs(md)
  end
  local env = os.getenv("NEWSMARK_DATA")
  if env and env ~= "" then
    return env
  end
  return require("newsmark.core").plugin_root() .. "/data"
end

-- The trained model's folder when there is one (newsmark.model and
-- newsmark.lex in train.output), else nil. newsmark.core asks this once.
function M.active_dir()
  local dir = M.output_dir()
  if exists(dir .. "/newsmark.model") and exists(dir .. "/newsmark.lex") then
    return dir
  end
  return nil
end

---------------------------------------------------------------- status

local function fire()
  local ok, list = pcall(api.nvim_get_autocmds, { event = "User", pattern = "NewsmarkTrain" })
  if ok and #list > 0 then
    pcall(api.nvim_exec_autocmds, "User", { pattern = "NewsmarkTrain", modeline = false })
  end
end

local function set_status(phase, message)
  M.state.phase = phase
  M.state.message = message
  vim.g.newsmark_train = phase == "running" and ("newsmark: " .. message) or ""
  fire()
end

function M.running()
  return M.state.phase == "running"
end

-- A short text for a statusline: "" when idle, else what the trainer does.
function M.status()
  if M.state.phase == "running" then
    return "newsmark: " .. M.state.message
  end
  return ""
end

---------------------------------------------------------------- documents

local PREFERRED = { md = 1, markdown = 2, txt = 3, text = 4 }

-- The article of sidecar `ann` (same folder, same name, another extension).
local function article_of(ann)
  local dir, base = ann:match("^(.*)[/\\]([^/\\]+)%.ann$")
  if not dir then
    return nil
  end
  local best, rank
  for _, name in ipairs(vim.fn.readdir(dir)) do
    local ext = name:sub(#base + 2)
    local ok = (name == base) or (name:sub(1, #base + 1) == base .. "." and ext ~= "ann" and not ext:find("[.]") and ext ~= "")
    if ok and vim.fn.isdirectory(dir .. "/" .. name) == 0 then
      local r = PREFERRED[ext] or 10
      if not rank or r < rank then
        best, rank = dir .. "/" .. name, r
      end
    end
  end
  return best
end

local function plural(n, one, many)
  return ("%d %s"):format(n, n == 1 and one or many)
end

local function real(path)
  return uv.fs_realpath(path) or path
end

-- A whole file, or nil (and a message) when it cannot be read.
local function read_file(path)
  return require("newsmark.cli.main").read_file(path)
end

-- The person's annotated articles: { {path=, text=, sc=, buf=}, ... }
-- (sorted by path) and a list of warnings (unreadable files, corrupt
-- sidecars: left out). An attached buffer editing an article gives its text
-- and decisions as they are in the editor, saved or not.
function M.collect(buf)
  local found, order, warnings = {}, {}, {}
  local function add(path)
    local key = real(path)
    if not found[key] then
      found[key] = { path = path }
      order[#order + 1] = key
    end
  end
  for _, folder in ipairs(options().folders or {}) do
    local dir = abs(folder)
    if vim.fn.isdirectory(dir) == 0 then
      warnings[#warnings + 1] = ("%s: not a folder"):format(folder)
    else
      for _, ann in ipairs(vim.fn.globpath(dir, "**/*.ann", true, true)) do
        local art = article_of(ann)
        if art then
          add(art)
        else
          warnings[#warnings + 1] = ("%s: no article next to it"):format(vim.fn.fnamemodify(ann, ":~:."))
        end
      end
    end
  end
  -- the current buffer's article, when it has decisions (saved or not)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local annotate = package.loaded["newsmark.annotate"]
  local name = api.nvim_buf_get_name(buf)
  if name ~= "" and vim.bo[buf].buftype == "" then
    local dec = annotate and annotate.training_data(buf)
    if (dec and dec.count > 0) or exists(S.path_for(name)) then
      add(name)
    end
  end
  -- attached buffers editing one of them
  local bufs = {}
  if annotate then
    for _, b in ipairs(annotate.buffers()) do
      if api.nvim_buf_is_valid(b) and api.nvim_buf_is_loaded(b) and api.nvim_buf_get_name(b) ~= "" then
        bufs[real(api.nvim_buf_get_name(b))] = b
      end
    end
  end
  table.sort(order)
  local docs = {}
  for _, key in ipairs(order) do
    local d = found[key]
    local b = bufs[key]
    local dec = b and annotate.training_data(b)
    if dec and not dec.corrupt then
      d.buf = b
      d.text = dec.text
      d.sc = dec.sidecar
      docs[#docs + 1] = d
    else
      d.text = read_file(d.path)
      local sc, err = S.read(S.path_for(d.path))
      if not d.text then
        warnings[#warnings + 1] = ("%s: cannot read it"):format(vim.fn.fnamemodify(d.path, ":~:."))
      elseif err then
        warnings[#warnings + 1] = ("%s (left out)"):format(err)
      else
        d.sc = sc or { anns = {}, equivs = {}, extra = {} }
        docs[#docs + 1] = d
      end
    end
  end
  return docs, warnings
end

-- Write each document as CoNLL/BIO (decisions merged over `model`'s
-- entities, as :Newsmark export conll) into folder `dir`. Returns the list of
-- files written and the number of tokens, or nil and a message.
function M.convert(docs, dir, model)
  local files, tokens = {}, 0
  for i, d in ipairs(docs) do
    local r = model:analyze(d.text, { entities = true, quotes = false })
    local out, err = X.document(d.text, { entities = r.entities, quotes = {} }, d.sc, "conll", { model = model })
    if not out then
      return nil, ("%s: %s"):format(d.path, err)
    end
    if out:find("%S") then
      local path = ("%s/doc%03d.bio"):format(dir, i)
      local ok, werr = S.write(path, out)
      if not ok then
        return nil, werr
      end
      files[#files + 1] = path
      local _, n = out:gsub("\t", "")
      tokens = tokens + n
    end
  end
  return files, tokens
end

---------------------------------------------------------------- the check

-- A fine-tuned model is used only when it is not worse than the base model,
-- by more than MARGIN F1 points (micro F1, exact span and label, x100), on
-- (a) the held-out articles that ship with the plugin (data/heldout/own.jsonl,
-- written for the project, every label) and (b) the person's own held-out
-- articles (see M.split). Else it is kept aside in <train.output>.rejected and
-- the model in use stays. The last check is kept in <train.output>.check.json.
M.MARGIN = require("newsmark.cli.eval").CHECK_MARGIN -- 0.5
-- The L2 pull toward the base weights of every fine-tuning (`--anchor`):
-- chosen on the held-out articles (doc/newsmark.txt, train-check).
M.ANCHOR = 0.05

function M.heldout_path()
  return require("newsmark.core").plugin_root() .. "/data/heldout/own.jsonl"
end

-- The shipped held-out articles: { {text=, gold={ {start, finish, label} }} },
-- or nil and a message.
function M.heldout()
  local path = M.heldout_path()
  local data = read_file(path)
  if not data then
    return nil, ("cannot read the held-out articles %s"):format(path)
  end
  local items, err = require("newsmark.cli.eval").jsonl_items(data)
  if not items then
    return nil, ("%s: %s"):format(path, err)
  end
  return items
end

-- Which of the person's documents (sorted by path) the training does not
-- see, to measure on: every third one (the 3rd, 6th, ...), and with two
-- documents the second. With one document, none: only the shipped held-out
-- articles measure the model. Returns the training and held-out lists.
function M.split(docs)
  local train, held = {}, {}
  for i, d in ipairs(docs) do
    if (i % 3 == 0) or (#docs == 2 and i == 2) then
      held[#held + 1] = d
    else
      train[#train + 1] = d
    end
  end
  return train, held
end

-- The person's held-out documents as measuring items: the text and the
-- person's decisions merged over `model`'s entities (what the person wants).
function M.gold_of(docs, model)
  local items = {}
  for _, d in ipairs(docs) do
    local r = model:analyze(d.text, { entities = true, quotes = false })
    local merged = X.apply(d.text, { entities = r.entities, quotes = {} }, d.sc)
    local gold = {}
    for _, e in ipairs(merged.entities or {}) do
      gold[#gold + 1] = { e.start, e.finish, e.label }
    end
    items[#items + 1] = { text = d.text, gold = gold }
  end
  return items
end

-- Micro F1 x100 (exact span and label) of `model` on the items, and the
-- number of gold entities.
function M.score(model, items)
  return require("newsmark.cli.eval").micro_f1(model, items)
end

-- Load the model in folder `dir` with the core module; `what` names it in
-- the message ("the new model cannot be loaded: ..."). Returns the model, or
-- nil and the message.
local function load_model(dir, what, profile)
  local mod, err = require("newsmark.core").get_module()
  if not mod then
    return nil, err
  end
  local ok, m, msg = pcall(mod.load, dir, profile)
  if not ok or not m then
    return nil, ("%s cannot be loaded: %s"):format(what, tostring(ok and msg or m))
  end
  return m
end

-- Measure the new model (a folder) against the base one on the shipped
-- held-out articles and the person's held-out items. Returns
-- { own = {base=, new=, entities=}, person = {...} or nil, ok = bool }, or
-- nil and a message.
function M.check(new_dir, base_dir, person)
  local own, herr = M.heldout()
  if not own then
    return nil, herr
  end
  -- the base folder's tagger of the profile in use (what was fine-tuned)
  local base, berr = load_model(base_dir, "the base model", require("newsmark.core").profile())
  if not base then
    return nil, berr
  end
  local new, nerr = load_model(new_dir, "the new model")
  if not new then
    pcall(function()
      base:close()
    end)
    return nil, nerr
  end
  local res = { margin = M.MARGIN, ok = true }
  local function measure(items)
    local b, n = M.score(base, items)
    local f = M.score(new, items)
    -- two decimals: what is shown and saved (and read back the same)
    b, f = math.floor(b * 100 + 0.5) / 100, math.floor(f * 100 + 0.5) / 100
    local m = { base = b, new = f, entities = n, documents = #items }
    if f < b - M.MARGIN then
      res.ok = false
    end
    return m
  end
  local sok, serr = pcall(function()
    res.own = measure(own)
    if person and #person > 0 then
      res.person = measure(person)
    end
  end)
  pcall(function()
    base:close()
  end)
  pcall(function()
    new:close()
  end)
  if not sok then
    return nil, tostring(serr)
  end
  return res
end

-- "held-out articles F1 84.1 (bundled 84.1); your held-out articles ..."
function M.figures(res)
  local function one(name, m)
    return ("%s F1 %.1f (base %.1f, %+.1f)"):format(name, m.new, m.base, m.new - m.base)
  end
  local parts = { one("shipped held-out articles", res.own) }
  if res.person then
    parts[#parts + 1] = one(("your %s held out"):format(plural(res.person.documents, "article", "articles")), res.person)
  else
    parts[#parts + 1] = "none of your articles held out (one article: all of it trained)"
  end
  return table.concat(parts, "; ")
end

function M.check_path()
  return M.output_dir() .. ".check.json"
end

-- The last check, as saved: a table or nil.
function M.last_check()
  local ok, t = pcall(vim.json.decode, read_file(M.check_path()) or "")
  return ok and type(t) == "table" and t or nil
end

---------------------------------------------------------------- the job

local job -- the running job's id

local function trainer_command()
  local cmd = options().command
  if cmd == false or cmd == nil then
    return { require("newsmark.core").plugin_root() .. "/bin/newsmark" }
  elseif type(cmd) == "string" then
    return { (cmd:find("^~") or cmd:find("%$")) and vim.fn.expand(cmd) or cmd }
  end
  return vim.deepcopy(cmd)
end

local function finish(ok, message, dir)
  job = nil
  M.last = { ok = ok, message = message, dir = ok and dir or nil }
  set_status(ok and "done" or (M.state.stopping and "stopped" or "failed"), message)
  M.state.stopping = nil
  for _, fn in ipairs(M.on_finish) do
    pcall(fn, M.last)
  end
end

local function refresh_buffers()
  local buffer = package.loaded["newsmark.buffer"]
  if not buffer then
    return
  end
  for b in pairs(buffer.states) do
    pcall(buffer.refresh, b)
  end
end

-- Put the model trained into `staging` in place and load it everywhere.
-- Returns true, or nil and a message (the old model stays in use).
local function install(staging, out)
  local core = require("newsmark.core")
  if not exists(staging .. "/newsmark.model") then
    return nil, "the trainer finished but wrote no model"
  end
  -- check it loads before anything on disk or in memory changes
  local m, lmsg = load_model(staging, "the new model")
  if not m then
    return nil, lmsg
  end
  if type(m) == "userdata" or type(m) == "table" then
    pcall(function()
      m:close()
    end)
  end
  -- swap the folders: out -> out.old, staging -> out
  local old = out .. ".old"
  local had = exists(out)
  if had and not M.is_model_dir(out) then
    -- never replace (and later delete) a folder that is not a trained model
    return nil, ("%s exists and is not a newsmark model folder: choose another train.output"):format(out)
  end
  vim.fn.delete(old, "rf")
  if had then
    local ok, err = os.rename(out, old)
    if not ok then
      return nil, ("cannot replace %s: %s"):format(out, tostring(err))
    end
  end
  local ok, err = os.rename(staging, out)
  if not ok then
    if had then
      os.rename(old, out)
    end
    return nil, ("cannot move the model into %s: %s"):format(out, tostring(err))
  end
  local model, serr = core.swap(out)
  if not model then
    vim.fn.delete(out, "rf")
    if had then
      os.rename(old, out)
    end
    return nil, serr
  end
  vim.fn.delete(old, "rf")
  local lexicon = package.loaded["newsmark.lexicon"] or require("newsmark.lexicon")
  pcall(lexicon.ensure_applied, model) -- the person's lexicon, before re-analysing
  refresh_buffers()
  return true
end

-- A folder this module made: it holds a newsmark.model (and nothing else of
-- the person's is expected there).
function M.is_model_dir(dir)
  return vim.fn.filereadable(dir .. "/newsmark.model") == 1
end

-- Parse one line of the trainer's output into the status.
local function progress(line, ctx)
  line = line:gsub("\r$", "")
  if line == "" then
    return
  end
  ctx.lines[#ctx.lines + 1] = line
  if #ctx.lines > 50 then
    table.remove(ctx.lines, 1)
  end
  local body = line:gsub("^newsmark train: ", "")
  local run, epoch = body:match("^run (%d+) epoch (%d+)")
  local msg
  if epoch then
    msg = ("training: epoch %s/%d"):format(epoch, ctx.epochs)
    if tonumber(run) > 1 then
      msg = ("training: run %s, epoch %s/%d"):format(run, epoch, ctx.epochs)
    end
    local rest = body:match("^run %d+ epoch %d+: (.*)$")
    if rest then
      msg = msg .. " (" .. rest .. ")"
    end
  elseif body:find("^read ") then
    msg = "training: reading your articles"
  elseif body:find("^wrote ") then
    msg = "training: writing the model"
  elseif body:find("^newsmark: ") then
    ctx.error = body:gsub("^newsmark: ", "")
  end
  if msg and M.state.phase == "running" then
    set_status("running", msg)
    if #api.nvim_list_uis() > 0 then
      pcall(api.nvim_echo, { { "newsmark: " .. msg } }, false, {})
    end
  end
end

local function line_reader(ctx)
  local partial = ""
  return function(_, data)
    if not data then
      return
    end
    data[1] = partial .. data[1]
    partial = table.remove(data)
    for _, l in ipairs(data) do
      progress(l, ctx)
    end
  end, function()
    if partial ~= "" then
      progress(partial, ctx)
      partial = ""
    end
  end
end

-- Start a training. Returns the job id, or nil and a message (also shown).
function M.start(buf)
  local function fail(msg)
    notify(msg, vim.log.levels.ERROR)
    return nil, msg
  end
  if job then
    local msg = ("a training is already running (%s); :Newsmark train stop cancels it"):format(M.state.message)
    notify(msg, vim.log.levels.WARN)
    return nil, msg
  end
  local core = require("newsmark.core")
  local model, merr = core.model(require("newsmark.config").options.model_dir)
  if not model then
    return fail(merr)
  end
  local base = M.base_dir()
  local base_model = core.model_file(base)
  if not exists(base_model) then
    return fail(("the base model folder %s has no %s to fine-tune (option profile)"):format(base, base_model:match("[^/]*$")))
  end
  local docs, warnings = M.collect(buf)
  for _, w in ipairs(warnings) do
    notify(w, vim.log.levels.WARN)
  end
  if #docs == 0 then
    local folders = options().folders or {}
    return fail(
      ("no annotated articles (an article.ann next to the article) in %s; set the train.folders option or correct this article first"):format(
        #folders > 0 and table.concat(folders, ", ") or "the current buffer (train.folders is empty)"
      )
    )
  end
  local held
  docs, held = M.split(docs)
  local person = M.gold_of(held, model)
  local tmp = vim.fn.tempname()
  vim.fn.mkdir(tmp, "p")
  local files, tokens = M.convert(docs, tmp, model)
  if not files then
    vim.fn.delete(tmp, "rf")
    return fail("cannot write the training data: " .. tostring(tokens))
  end
  if #files == 0 then
    vim.fn.delete(tmp, "rf")
    return fail("the annotated articles hold no text")
  end
  -- the new model folder, next to where it will live (same file system, so
  -- moving it in is a rename): a copy of the base lexicon now, the model later
  local out = M.output_dir()
  local staging = out .. ".new"
  vim.fn.delete(staging, "rf")
  local mk = pcall(vim.fn.mkdir, staging, "p")
  local cok, cerr
  if mk and vim.fn.isdirectory(staging) == 1 then
    cok, cerr = uv.fs_copyfile(base .. "/newsmark.lex", staging .. "/newsmark.lex")
  else
    cerr = "cannot create the folder"
  end
  if not cok then
    vim.fn.delete(tmp, "rf")
    vim.fn.delete(staging, "rf")
    return fail(("cannot write the trained model to %s: %s (option train.output)"):format(staging, tostring(cerr)))
  end
  local epochs = options().epochs or 5
  local info = vim.json.encode({
    base = base,
    profile = core.profile() or "news",
    documents = #docs,
    held_out = vim.tbl_map(function(d)
      return d.path
    end, held),
    anchor = M.ANCHOR,
    tokens = tokens,
    epochs = epochs,
    trained = os.date("!%Y-%m-%dT%H:%M:%SZ"),
    files = vim.tbl_map(function(d)
      return d.path
    end, docs),
  })
  S.write(staging .. "/info.json", info .. "\n")
  local cmd = trainer_command()
  vim.list_extend(cmd, {
    "train",
    "--init", base_model,
    "--lexicon", base,
    "--data", table.concat(files, ","),
    "--epochs", tostring(epochs),
    "--anchor", tostring(M.ANCHOR),
    "--output", staging .. "/newsmark.model",
  })
  local ctx = { lines = {}, epochs = epochs }
  local on_out, flush_out = line_reader(ctx)
  local on_err, flush_err = line_reader(ctx)
  local function cleanup()
    vim.fn.delete(tmp, "rf")
  end
  local ok, id = pcall(vim.fn.jobstart, cmd, {
    on_stdout = on_out,
    on_stderr = on_err,
    on_exit = function(_, code)
      flush_out()
      flush_err()
      cleanup()
      if M.state.stopping then
        vim.fn.delete(staging, "rf")
        finish(false, "training stopped; the model in use is unchanged")
        notify(M.last.message, vim.log.levels.WARN)
        return
      end
      if code ~= 0 then
        vim.fn.delete(staging, "rf")
        local why = ctx.error or ctx.lines[#ctx.lines] or ("exit status " .. code)
        finish(false, ("training failed: %s; the model in use is unchanged"):format(why))
        notify(M.last.message, vim.log.levels.ERROR)
        return
      end
      -- the check: not worse than the base model on held-out articles
      local res, cerr = M.check(staging, base, person)
      if not res then
        vim.fn.delete(staging, "rf")
        finish(false, ("training failed: %s; the model in use is unchanged"):format(cerr))
        notify(M.last.message, vim.log.levels.ERROR)
        return
      end
      res.time = os.date("!%Y-%m-%dT%H:%M:%SZ")
      res.trained_on = #docs
      local aside = out .. ".rejected"
      if not res.ok then
        vim.fn.delete(aside, "rf")
        local moved = os.rename(staging, aside)
        if not moved then
          vim.fn.delete(staging, "rf")
        end
        res.kept_aside = moved and aside or nil
        S.write(M.check_path(), vim.json.encode(res) .. "\n")
        finish(false, ("new model not used, worse than the base by more than %.1f F1 points: %s; kept aside in %s, the model in use is unchanged"):format(
          M.MARGIN, M.figures(res), moved and vim.fn.fnamemodify(aside, ":~") or "(nowhere: it could not be moved)"))
        M.last.rejected = true
        M.last.check = res
        notify(M.last.message, vim.log.levels.WARN)
        return
      end
      local iok, ierr = install(staging, out)
      if not iok then
        vim.fn.delete(staging, "rf")
        finish(false, ("training failed: %s; the model in use is unchanged"):format(ierr))
        notify(M.last.message, vim.log.levels.ERROR)
        return
      end
      vim.fn.delete(aside, "rf")
      res.used = true
      S.write(M.check_path(), vim.json.encode(res) .. "\n")
      finish(true, ("trained on %s (%s); %s; now in use, also after a restart (%s)"):format(
        plural(#docs, "article", "articles"),
        plural(tokens, "token", "tokens"),
        M.figures(res),
        vim.fn.fnamemodify(out, ":~")
      ), out)
      M.last.check = res
      notify(M.last.message)
    end,
  })
  if not ok or type(id) ~= "number" or id <= 0 then
    cleanup()
    vim.fn.delete(staging, "rf")
    local why = not ok and tostring(id) or (id == -1 and "not executable" or "invalid arguments")
    local msg = ("cannot start the trainer %s: %s (option train.command)"):format(cmd[1], why)
    M.last = { ok = false, message = msg }
    set_status("failed", msg)
    return fail(msg)
  end
  job = id
  M.state.stopping = nil
  M.state.job = id
  M.state.documents = #docs
  M.state.files = files
  M.state.command = cmd
  set_status("running", "training: starting")
  notify(("training on %s (%s), in the background%s"):format(plural(#docs, "article", "articles"), plural(tokens, "token", "tokens"),
    #held > 0 and (", %s held out to check the new model"):format(plural(#held, "article", "articles")) or ""))
  return id
end

-- Cancel a running training (the model in use stays).
function M.stop()
  if not job then
    notify("no training is running")
    return false
  end
  M.state.stopping = true
  vim.fn.jobstop(job)
  return true
end

-- Go back to the base model (model_dir or the bundled one) and remove the
-- trained one. Returns true, or nil and a message (also shown).
function M.reset()
  if job then
    local msg = "a training is running; :Newsmark train stop first"
    notify(msg, vim.log.levels.WARN)
    return nil, msg
  end
  local core = require("newsmark.core")
  local out = M.output_dir()
  local md = require("newsmark.config").options.model_dir
  local model, err = core.swap(false, md or nil)
  if not model then
    notify(err .. " (your trained model stays in use)", vim.log.levels.ERROR)
    return nil, err
  end
  local had = exists(out) and M.is_model_dir(out) -- never delete a folder we did not make
  if had and vim.fn.delete(out, "rf") ~= 0 then
    local msg = ("cannot remove %s: it will be used again after a restart"):format(out)
    notify(msg, vim.log.levels.ERROR)
    refresh_buffers()
    return nil, msg
  end
  vim.fn.delete(out .. ".new", "rf")
  vim.fn.delete(out .. ".old", "rf")
  vim.fn.delete(out .. ".rejected", "rf")
  vim.fn.delete(M.check_path())
  local lexicon = package.loaded["newsmark.lexicon"] or require("newsmark.lexicon")
  pcall(lexicon.ensure_applied, model)
  refresh_buffers()
  M.last = nil
  set_status("idle", "")
  notify(had and ("back to the %s model (removed %s)"):format(md and "configured" or "bundled", vim.fn.fnamemodify(out, ":~"))
    or ("no trained model; using the %s one"):format(md and "configured" or "bundled"))
  return true
end

-- One paragraph about the model in use and the last training.
function M.describe()
  local parts = {}
  if M.running() then
    parts[#parts + 1] = M.state.message
  end
  local active = require("newsmark.core").override()
  if active then
    local info = read_file(active .. "/info.json")
    local ok, t = pcall(vim.json.decode, info or "")
    if ok and type(t) == "table" then
      parts[#parts + 1] = ("model in use: yours (%s), trained %s on %s articles"):format(
        vim.fn.fnamemodify(active, ":~"), tostring(t.trained), tostring(t.documents))
    else
      parts[#parts + 1] = ("model in use: yours (%s)"):format(vim.fn.fnamemodify(active, ":~"))
    end
  else
    parts[#parts + 1] = ("model in use: %s"):format(M.base_dir())
  end
  if M.last and not M.running() then
    parts[#parts + 1] = "last training: " .. M.last.message
  else
    local c = M.last_check()
    if c and type(c.own) == "table" then
      parts[#parts + 1] = ("last check (%s): %s, %s"):format(tostring(c.time), M.figures(c),
        c.used and "used" or (c.kept_aside and ("not used, kept aside in " .. vim.fn.fnamemodify(c.kept_aside, ":~"))
          or "not used"))
    end
  end
  return table.concat(parts, "; ")
end

-- :Newsmark train [reset|stop|status]
function M.command(arg)
  if arg == nil or arg == "" then
    return M.start(0)
  elseif arg == "reset" then
    return M.reset()
  elseif arg == "stop" then
    return M.stop()
  elseif arg == "status" then
    notify(M.describe())
    return true
  end
  error(("newsmark: train takes nothing, 'reset', 'stop' or 'status' (got '%s')"):format(arg), 0)
end

M.subcommands = { "reset", "status", "stop" }

return M
