-- :Newsmark train: the person's annotated articles become CoNLL/BIO (their
-- decisions merged over the machine's), a background job fine-tunes the
-- model, the new model replaces the old one in every buffer (and after a
-- restart); failures keep the old model; reset goes back to the bundled one.
-- Most cases use tests/nvim/fake/train.sh (copies the --init model); the
-- last one runs the real trainer when `bin/newsmark train` knows --init.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local api = vim.api

local FAKE = H.root .. "/tests/nvim/fake/train.sh"

-- "Halvorsen Brandt" is a company of the project's own invention; the
-- shipped model tags it PERSON in all of these sentences.
local NAME = "Halvorsen Brandt"
local ARTICLES = {
  ["prices.md"] = "Halvorsen Brandt raised its prices again.\n\nShares of Halvorsen Brandt fell on Monday, and Halvorsen Brandt blamed fuel costs.\n",
  ["docks/strike.md"] = "Dock workers went on strike at Halvorsen Brandt in Faro.\n\nThe union said Halvorsen Brandt had cut wages twice.\n",
  ["ferry.txt"] = "Halvorsen Brandt bought two ferries from a yard in Porto.\n\nAnalysts said Halvorsen Brandt paid too much.\n",
}

local dir, articles, out

local function write(path, s)
  vim.fn.mkdir(vim.fn.fnamemodify(path, ":h"), "p")
  H.write_file(path, s)
end

local read = H.read_file

-- A brat sidecar giving every occurrence of NAME in `text` the label ORG
-- (ASCII text: characters = bytes).
local function sidecar(text)
  local lines = {}
  for t, o in ipairs(H.occurrences(text, NAME)) do
    lines[#lines + 1] = ("T%d\tORG %d %d\t%s"):format(t, o[1] - 1, o[2], NAME)
  end
  return table.concat(lines, "\n") .. "\n"
end

local function corpus(n)
  local names = vim.tbl_keys(ARTICLES)
  table.sort(names)
  for k, name in ipairs(names) do
    if not n or k <= n then
      local path = articles .. "/" .. name
      write(path, ARTICLES[name])
      write(require("newsmark.sidecar").path_for(path), sidecar(ARTICLES[name]))
    end
  end
end

local function T()
  return require("newsmark.train")
end

local function core()
  return require("newsmark.core")
end

local function setup(train)
  H.setup({ train = vim.tbl_extend("force", { folders = { articles }, output = out, command = { FAKE } }, train or {}) })
end

-- Run :Newsmark train (args) and wait for it to end; returns the messages.
local function train(args)
  local msgs = H.notifications(function()
    vim.cmd("Newsmark train" .. (args and (" " .. args) or ""))
    assert.is_true(vim.wait(120000, function()
      return not T().running()
    end, 20))
  end)
  return msgs
end

local function joined(msgs)
  return table.concat(vim.tbl_map(function(m)
    return m.msg
  end, msgs), "\n")
end

local label_of = H.label_of

describe(":Newsmark train", function()
  before_each(function()
    dir = vim.fn.tempname()
    articles = dir .. "/articles"
    out = dir .. "/data/model"
    vim.fn.mkdir(articles, "p")
    setup()
  end)

  after_each(function()
    if T().running() then
      T().stop()
      vim.wait(5000, function()
        return not T().running()
      end, 20)
    end
    H.notifications(function()
      T().reset()
    end)
    T().on_finish = {}
    H.reset()
    vim.fn.delete(dir, "rf")
  end)

  it("options are validated and errors name the key", function()
    local config = require("newsmark.config")
    for key, opts in pairs({
      ["train.epochs"] = { train = { epochs = 0 } },
      ["train.folders"] = { train = { folders = "notes" } },
      ["train.output"] = { train = { output = 3 } },
      ["train.command"] = { train = { command = {} } },
      ["train.bogus"] = { train = { bogus = true } },
      ["'train'"] = { train = "yes" },
    }) do
      local ok, err = pcall(config.validate, opts)
      assert.is_false(ok, key)
      assert.is_truthy(tostring(err):find(key, 1, true), tostring(err))
    end
    assert.is_true(config.validate({ train = { folders = { "a", "b" }, epochs = 3, output = "x", command = "y" } }))
  end)

  it("collects every annotated article and writes it as CoNLL with the decisions merged, as :Newsmark export conll", function()
    corpus()
    write(articles .. "/notes.md", "An article nobody annotated: Halvorsen Brandt.\n") -- no sidecar: left out
    local docs = T().collect(0)
    local paths = vim.tbl_map(function(d)
      return d.path:sub(#articles + 2)
    end, docs)
    assert.same({ "docks/strike.md", "ferry.txt", "prices.md" }, paths)
    local tmp = dir .. "/bio"
    vim.fn.mkdir(tmp, "p")
    local model = core().model(false)
    local files, tokens = T().convert(docs, tmp, model)
    assert.equal(3, #files)
    assert.is_true(tokens > 20)
    local bio = read(files[3]) -- prices.md
    assert.is_truthy(bio:find("Halvorsen\tB%-ORG\nBrandt\tI%-ORG\n"))
    assert.is_nil(bio:find("PERSON", 1, true))
    -- the same text as :Newsmark export conll of that article
    vim.cmd("edit! " .. vim.fn.fnameescape(articles .. "/prices.md"))
    vim.bo.filetype = "markdown"
    assert(H.wait())
    local exported = dir .. "/export.conll"
    H.notifications(function()
      vim.cmd("Newsmark export conll " .. vim.fn.fnameescape(exported))
    end)
    assert.equal(read(exported), bio)
  end)

  it("uses the open buffer's unsaved decisions (relabel) and the current article", function()
    local path = dir .. "/elsewhere/story.md" -- not in train.folders
    write(path, "Halvorsen Brandt opened an office in Faro.\n")
    vim.cmd("edit! " .. vim.fn.fnameescape(path))
    vim.bo.filetype = "markdown"
    assert(H.wait())
    local buf = api.nvim_get_current_buf()
    assert.equal("PERSON", label_of(buf, NAME))
    H.set_cursor(0, 2)
    api.nvim_buf_set_lines(buf, 1, 1, false, { "", "More later." }) -- unsaved
    vim.cmd("Newsmark relabel ORG")
    assert.equal("ORG", label_of(buf, NAME))
    local docs = T().collect(buf)
    assert.equal(1, #docs)
    assert.equal(buf, docs[1].buf)
    assert.is_truthy(docs[1].text:find("More later.", 1, true))
    local files = T().convert(docs, dir, core().model(false))
    assert.is_truthy(read(files[1]):find("Halvorsen\tB%-ORG\nBrandt\tI%-ORG\n"))
  end)

  it("with no annotated article: a clear message, no job", function()
    local msgs = H.notifications(function()
      vim.cmd("Newsmark train")
    end)
    assert.is_false(T().running())
    assert.is_truthy(joined(msgs):find("no annotated articles", 1, true), joined(msgs))
  end)

  it("runs the trainer in the background with --init, shows progress, swaps the model into every buffer", function()
    corpus()
    local argsfile = dir .. "/args"
    setup({ command = { FAKE, "--args", argsfile }, epochs = 3 })
    vim.cmd("enew")
    local buf = H.buf({ "Halvorsen Brandt hired three lawyers." })
    assert(H.wait())
    local before = core().model(false)
    local st = require("newsmark.buffer").state(buf)
    local analyses = st.analyses
    local seen, done = {}, nil
    table.insert(T().on_finish, function(r)
      done = r
    end)
    local au = api.nvim_create_autocmd("User", {
      pattern = "NewsmarkTrain",
      callback = function()
        seen[#seen + 1] = T().status()
      end,
    })
    local msgs = train()
    api.nvim_del_autocmd(au)
    assert.is_truthy(done and done.ok, joined(msgs))
    assert.equal(out, done.dir)
    -- three articles: the third is held out to check the new model
    assert.is_truthy(joined(msgs):find("training on 2 articles", 1, true), joined(msgs))
    assert.is_truthy(joined(msgs):find("1 article held out to check the new model", 1, true), joined(msgs))
    assert.is_truthy(joined(msgs):find("trained on 2 articles", 1, true), joined(msgs))
    -- the fake trainer copies the base model: the same figures, so it is used
    assert.is_truthy(joined(msgs):find("shipped held%-out articles F1 %d+%.%d %(base %d+%.%d, %+0%.0%)"), joined(msgs))
    assert.is_truthy(vim.tbl_contains(seen, "newsmark: training: epoch 3/3 (0 token errors (0.00%))"), vim.inspect(seen))
    assert.equal("", T().status())
    assert.equal("", vim.g.newsmark_train)
    -- the arguments of the contract
    local args = vim.split(read(argsfile), "\n", true)
    local function arg(name)
      for i, a in ipairs(args) do
        if a == name then
          return args[i + 1]
        end
      end
    end
    assert.equal(T().base_dir() .. "/newsmark.model", arg("--init"))
    assert.equal(out .. ".new/newsmark.model", arg("--output"))
    assert.equal("3", arg("--epochs"))
    assert.equal(tostring(T().ANCHOR), arg("--anchor"))
    assert.equal(2, #vim.split(arg("--data"), ",", true))
    -- in place: a model folder core.load() accepts, nothing left behind
    assert.equal(1, vim.fn.filereadable(out .. "/newsmark.model"))
    assert.equal(1, vim.fn.filereadable(out .. "/newsmark.lex"))
    assert.equal(0, vim.fn.isdirectory(out .. ".new"))
    assert.equal(0, vim.fn.isdirectory(out .. ".old"))
    assert.equal(out, core().override())
    assert.equal(out, core().loaded_dir())
    local after = core().model(false)
    assert.are_not.equal(before, after)
    assert.is_true(st.analyses > analyses) -- analysed again with the new model
    -- after a restart (the lookup is done again): still the trained model
    core().set_override(nil)
    assert.equal(out, core().override())
    assert.equal(after, core().model(false))
    -- status names it
    local s = joined(H.notifications(function()
      vim.cmd("Newsmark train status")
    end))
    assert.is_truthy(s:find("model in use: yours", 1, true), s)
  end)

  it("a second :Newsmark train while one runs says so; stop cancels and keeps the model", function()
    corpus(1)
    local gate = dir .. "/gate"
    setup({ command = { FAKE, "--wait", gate } })
    local before = core().model(false)
    local msgs = H.notifications(function()
      vim.cmd("Newsmark train")
    end)
    assert.is_true(T().running())
    assert.is_truthy(vim.g.newsmark_train:find("^newsmark: training"), vim.g.newsmark_train)
    msgs = H.notifications(function()
      vim.cmd("Newsmark train")
    end)
    assert.is_truthy(joined(msgs):find("already running", 1, true), joined(msgs))
    msgs = H.notifications(function()
      vim.cmd("Newsmark train reset")
    end)
    assert.is_truthy(joined(msgs):find("train stop first", 1, true), joined(msgs))
    msgs = train("stop")
    assert.is_truthy(joined(msgs):find("stopped", 1, true), joined(msgs))
    assert.is_false(T().last.ok)
    assert.equal("stopped", T().state.phase)
    assert.equal(before, core().model(false))
    assert.is_false(core().override())
    assert.equal(0, vim.fn.isdirectory(out))
    assert.equal(0, vim.fn.isdirectory(out .. ".new"))
    -- and a new one runs to its end once the gate opens
    write(gate, "")
    msgs = train()
    assert.is_true(T().last.ok, joined(msgs))
  end)

  it("a failing trainer: its message is reported, the old model stays", function()
    corpus(1)
    setup({ command = { FAKE, "--fail" } })
    local before = core().model(false)
    local msgs = train()
    assert.is_false(T().last.ok)
    local m = joined(msgs)
    assert.is_truthy(m:find("training failed: fake failure: the data is not what was expected", 1, true), m)
    assert.is_truthy(m:find("unchanged", 1, true), m)
    assert.equal(before, core().model(false))
    assert.is_false(core().override())
    assert.equal(0, vim.fn.isdirectory(out))
    assert.equal(0, vim.fn.isdirectory(out .. ".new"))
  end)

  it("a trainer that writes a broken model: reported, the old model stays", function()
    corpus(1)
    setup({ command = { FAKE, "--garbage" } })
    local before = core().model(false)
    local m = joined(train())
    assert.is_false(T().last.ok)
    assert.is_truthy(m:find("cannot be loaded", 1, true), m)
    assert.equal(before, core().model(false))
    assert.equal(0, vim.fn.isdirectory(out))
  end)

  it("a trainer that cannot be started, or an unwritable output: reported, the old model stays", function()
    corpus(1)
    setup({ command = { dir .. "/no/such/newsmark" } })
    local before = core().model(false)
    local m = joined(train())
    assert.is_truthy(m:find("cannot start the trainer", 1, true), m)
    assert.is_truthy(m:find("train.command", 1, true), m)
    assert.is_false(T().running())
    write(dir .. "/afile", "x")
    setup({ output = dir .. "/afile/model" }) -- a folder inside a file
    m = joined(train())
    assert.is_truthy(m:find("cannot write the trained model", 1, true), m)
    assert.is_truthy(m:find("train.output", 1, true), m)
    assert.equal(before, core().model(false))
    assert.is_false(core().override())
  end)

  it("an output folder that is not a model folder is never replaced", function()
    corpus(1)
    local mine = dir .. "/my-notes"
    write(mine .. "/keep.txt", "the person's own file")
    setup({ command = { FAKE }, output = mine })
    local before = core().model(false)
    local m = joined(train())
    assert.is_false(T().last.ok)
    assert.is_truthy(m:find("not a newsmark model folder", 1, true), m)
    assert.equal("the person's own file", H.read_file(mine .. "/keep.txt"))
    assert.equal(before, core().model(false))
  end)

  it("a trained model that no longer loads: the configured one is used, with a warning", function()
    corpus(1)
    assert.is_true(train() and T().last.ok)
    write(out .. "/newsmark.model", "damaged")
    core().set_override(nil) -- as after a restart
    core()._set_impl(core().get_module()) -- forget the loaded model
    local model
    local msgs = H.notifications(function()
      model = core().model(false)
    end)
    assert.is_truthy(model)
    assert.is_false(core().override())
    assert.is_truthy(joined(msgs):find(":Newsmark train reset", 1, true), joined(msgs))
  end)

  it("reset goes back to the bundled model and removes the trained one", function()
    corpus(1)
    vim.cmd("enew")
    local buf = H.buf({ "Halvorsen Brandt hired three lawyers." })
    assert(H.wait())
    local bundled = core().model(false)
    train()
    assert.is_true(T().last.ok)
    local trained = core().model(false)
    assert.are_not.equal(bundled, trained)
    local st = require("newsmark.buffer").state(buf)
    local analyses = st.analyses
    local m = joined(H.notifications(function()
      vim.cmd("Newsmark train reset")
    end))
    assert.is_truthy(m:find("back to the bundled model", 1, true), m)
    assert.equal(0, vim.fn.isdirectory(out))
    assert.is_false(core().override())
    assert.is_false(core().loaded_dir())
    assert.is_true(st.analyses > analyses)
    core().set_override(nil) -- after a restart
    assert.is_false(core().override())
    m = joined(H.notifications(function()
      vim.cmd("Newsmark train reset")
    end))
    assert.is_truthy(m:find("no trained model", 1, true), m)
  end)

  it("completion offers reset, status and stop", function()
    assert.same({ "reset", "status", "stop" }, require("newsmark.commands").complete("", "Newsmark train ", 15))
  end)

  -- The real trainer: fine-tuning the shipped model on the corrected
  -- articles makes it tag the name ORG in a sentence it has not seen.
  -- Runs when `bin/newsmark train --init` really fine-tunes: a one-sentence
  -- fine-tune must keep what the shipped model knew (a trainer that accepts
  -- --init but trains from scratch tags "Ana Ruiz" ORG). Else pending, named.
  local function init_works()
    local tmp = vim.fn.tempname()
    vim.fn.mkdir(tmp .. "/m", "p")
    write(tmp .. "/a.bio", "Halvorsen\tB-ORG\nBrandt\tI-ORG\nraised\tO\nprices\tO\n.\tO\n\n")
    local data = H.root .. "/data"
    vim.fn.system({ H.root .. "/bin/newsmark", "train", "--quiet", "--init", data .. "/newsmark.model", "--lexicon", data,
      "--data", tmp .. "/a.bio", "--epochs", "2", "--output", tmp .. "/m/newsmark.model" })
    local works = false
    if vim.v.shell_error == 0 and vim.loop.fs_copyfile(data .. "/newsmark.lex", tmp .. "/m/newsmark.lex") then
      local ok, m = pcall(require("newsmark.core").get_module().load, tmp .. "/m")
      if ok and m then
        local text = "Prime Minister Ana Ruiz told reporters in Lisbon."
        for _, e in ipairs(m:analyze(text, { quotes = false }).entities) do
          if text:sub(e.start + 1, e.finish) == "Ana Ruiz" and e.label == "PERSON" then
            works = true
          end
        end
      end
    end
    vim.fn.delete(tmp, "rf")
    return works
  end
  local real = init_works() and it or pending
  real("with bin/newsmark train --init (pending until it fine-tunes): the corrected tag appears for the name in a new sentence", function()
    corpus()
    setup({ command = false, epochs = 5 })
    vim.cmd("enew")
    local buf = H.buf({ "Halvorsen Brandt hired three lawyers." })
    assert(H.wait())
    assert.equal("PERSON", label_of(buf, NAME))
    local m = joined(train())
    assert.is_true(T().last.ok, m)
    assert(H.wait(buf))
    assert.equal("ORG", label_of(buf, NAME))
    -- a buffer opened afterwards too, and the rest of what the model knew
    -- is still there (a fine-tuned model, not one trained on three articles)
    local buf2 = H.buf({ "Halvorsen Brandt said its profits doubled, Prime Minister Ana Ruiz told reporters in Lisbon." })
    assert(H.wait(buf2))
    assert.equal("ORG", label_of(buf2, NAME))
    assert.equal("PERSON", label_of(buf2, "Ana Ruiz"))
    assert.equal("GPE", label_of(buf2, "Lisbon"))
    -- the check accepted it: better on the held-out article (the third, which
    -- the training did not see), not worse than the margin on the shipped ones
    local c = T().last.check
    assert.is_true(c.used)
    assert.equal(1, c.person.documents)
    assert.is_true(c.person.new > c.person.base, vim.inspect(c))
    assert.is_true(c.own.new >= c.own.base - T().MARGIN, vim.inspect(c))
    assert.is_truthy(m:find("your 1 article held out F1", 1, true), m)
    assert.same(c, T().last_check()) -- saved next to the model
    assert.equal(0, vim.fn.isdirectory(out .. ".rejected"))
  end)

  -- Issue 16: one `always ORG`-style correction on a company named after a
  -- family, in one article (every "Johnson" ORG, the people's surnames too),
  -- taught the model that lone surnames are companies. The model knows the
  -- name, so the correction moves weights it shares with other names; the
  -- check keeps the bundled model and says both figures.
  real("one correction that would teach surnames are companies: the new model is kept aside, the bundled one stays", function()
    local text = "Johnson Shipping ASA said on Monday that Anders Johnson would step down. "
      .. "Johnson has led the company since 2009.\n\nHis son, Erik Johnson, will take over, Johnson said. "
      .. "Shares of Johnson rose 4% in Oslo. Erik Johnson said Johnson would buy two ships.\n"
    local path = articles .. "/johnson.md"
    write(path, text)
    local lines, i, t = {}, 1, 0
    while true do
      local a, b = text:find("Johnson", i, true)
      if not a then
        break
      end
      t = t + 1
      lines[#lines + 1] = ("T%d\tORG %d %d\tJohnson"):format(t, a - 1, b)
      i = b + 1
    end
    write(require("newsmark.sidecar").path_for(path), table.concat(lines, "\n") .. "\n")
    setup({ command = false, epochs = 5 })
    local before = core().model(false)
    local m = joined(train())
    assert.is_false(T().last.ok, m)
    assert.is_true(T().last.rejected, m)
    local c = T().last.check
    assert.is_false(c.ok)
    assert.is_nil(c.person) -- one article: measured on the shipped ones only
    assert.is_true(c.own.new < c.own.base - T().MARGIN, vim.inspect(c))
    -- one line with both figures, and where the model is
    assert.is_nil(T().last.message:find("\n", 1, true))
    assert.is_truthy(m:find(T().last.message, 1, true), m)
    assert.is_truthy(m:find(("shipped held-out articles F1 %.1f (base %.1f"):format(c.own.new, c.own.base), 1, true), m)
    assert.is_truthy(m:find("kept aside in", 1, true), m)
    assert.is_truthy(m:find("model in use is unchanged", 1, true), m)
    -- the bundled model stays in use, now and after a restart
    assert.equal(before, core().model(false))
    assert.is_false(core().override())
    assert.equal(0, vim.fn.isdirectory(out))
    assert.equal(1, vim.fn.filereadable(out .. ".rejected/newsmark.model"))
    core().set_override(nil)
    assert.is_false(core().override())
    -- train status shows the last check, also once the session forgot it
    T().last = nil
    local st = joined(H.notifications(function()
      vim.cmd("Newsmark train status")
    end))
    assert.is_truthy(st:find("last check", 1, true), st)
    assert.is_truthy(st:find(("F1 %.1f (base %.1f"):format(c.own.new, c.own.base), 1, true), st)
    assert.is_truthy(st:find("not used, kept aside", 1, true), st)
  end)

  -- The same correction on a family name the model did not know: its
  -- features are the name's own (no base weights to move), so fine-tuning
  -- learns the name without teaching that surnames are companies; the check
  -- accepts it and a new sentence gets the corrected tag.
  real("the same correction on a name the model did not know is learned as that name's, and used", function()
    local text = "Brandvik Shipping ASA said on Monday that Anders Brandvik would step down. "
      .. "Brandvik has led the company since 2009.\n\nHis son, Erik Brandvik, will take over, Brandvik said. "
      .. "Shares of Brandvik rose 4% in Oslo. Erik Brandvik said Brandvik would buy two ships.\n"
    local path = articles .. "/brandvik.md"
    write(path, text)
    local lines, i, t = {}, 1, 0
    while true do
      local a, b = text:find("Brandvik", i, true)
      if not a then
        break
      end
      t = t + 1
      lines[#lines + 1] = ("T%d\tORG %d %d\tBrandvik"):format(t, a - 1, b)
      i = b + 1
    end
    write(require("newsmark.sidecar").path_for(path), table.concat(lines, "\n") .. "\n")
    setup({ command = false, epochs = 5 })
    vim.cmd("enew")
    local buf = H.buf({ "Brandvik said the ships were sold." })
    assert(H.wait(buf))
    assert.equal("PERSON", label_of(buf, "Brandvik"))
    local m = joined(train())
    assert.is_true(T().last.ok, m)
    local c = T().last.check
    assert.is_true(c.used)
    assert.is_true(c.own.new >= c.own.base - T().MARGIN, vim.inspect(c))
    assert(H.wait(buf))
    assert.equal("ORG", label_of(buf, "Brandvik"))
    core().set_override(nil)
  end)

  it("holds out every third article (the second of two, none of one)", function()
    local function paths(list)
      return vim.tbl_map(function(d)
        return d.path
      end, list)
    end
    local docs = {}
    for k = 1, 7 do
      docs[k] = { path = "a" .. k }
    end
    local tr, held = T().split(docs)
    assert.same({ "a1", "a2", "a4", "a5", "a7" }, paths(tr))
    assert.same({ "a3", "a6" }, paths(held))
    tr, held = T().split({ { path = "a" }, { path = "b" } })
    assert.same({ "a" }, paths(tr))
    assert.same({ "b" }, paths(held))
    tr, held = T().split({ { path = "a" } })
    assert.same({ "a" }, paths(tr))
    assert.same({}, held)
  end)

  it("scores exact spans and labels on the shipped held-out articles", function()
    local items = assert(T().heldout())
    assert.is_true(#items >= 40)
    local labels = {}
    for _, it in ipairs(items) do
      for _, g in ipairs(it.gold) do
        labels[g[3]] = (labels[g[3]] or 0) + 1
      end
    end
    for _, l in ipairs({ "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC", "DATE", "TIME", "MONEY", "PERCENT" }) do
      assert.is_true((labels[l] or 0) >= 5, l)
    end
    -- a model that finds exactly the gold scores 100, one that finds nothing 0
    local perfect = { analyze = function(_, text)
      for _, it in ipairs(items) do
        if it.text == text then
          return { entities = vim.tbl_map(function(g)
            return { start = g[1], finish = g[2], label = g[3] }
          end, it.gold) }
        end
      end
    end }
    assert.equal(100, (T().score(perfect, items)))
    assert.equal(0, (T().score({ analyze = function() return { entities = {} } end }, items)))
  end)
end)
