-- newsmark train: train the entity tagger in C from .bio files.
--
--   newsmark train --data FILE[:WEIGHT][,FILE[:WEIGHT]...] [--epochs N] [--seed S]
--                  [--output PATH] [--min-count N] [--labels L1,L2,...]
--                  [--clusters PATH] [--runs N] [--lexicon DIR] [--quiet]
--        --runs N: N perceptrons (seeds S..S+N-1), the model is their mean
--        --prune X: leave out features whose weights are all below X
--        --domain N: learn every feature twice, shared and per data file; the
--        model is the shared weights plus those of the Nth data file
--        --profile NAME=N[,NAME=N...] (with --domain): also write
--        newsmark-NAME.model beside the output, with the Nth file's weights
--   newsmark train --init MODEL --data FILE.bio[,FILE...] [--epochs N] --output PATH
--        fine-tuning: continue from MODEL's weights (its labels, clusters and
--        feature table are kept) on a few annotated documents; seconds, no
--        original corpora needed; --anchor A (0 <= A < 1): after each
--        sentence every weight MODEL has moves the fraction A back toward
--        MODEL's (an L2 penalty toward the base weights; 0, the default, is
--        plain fine-tuning); a word MODEL did not know is learned until its
--        corrected tag wins by a margin
--   newsmark train --check DIR [--base DIR] [--gold FILE.jsonl]
--        the check :Newsmark train makes: micro F1 of the model folder DIR and
--        of the base (default: the bundled data folder) on the held-out
--        articles data/heldout/own.jsonl; exit 0 when DIR is not worse by
--        more than 0.5 points, 1 when it is
--   newsmark train --make-clusters OUT --text FILE[,FILE...] [--classes N] [--min-count N]
--        word clusters (exchange algorithm, in C) from text and .bio files
--
-- Same data, options and seed give the same model bytes. The model is written
-- atomically (temporary file, then rename). Errors: one line on stderr.
local main = require("newsmark.cli.main")

local M = {}

local USAGE = [[
usage: newsmark train --data FILE[:WEIGHT][,FILE[:WEIGHT]...] [--epochs N] [--seed S]
                      [--runs N] [--prune X] [--min-count N] [--labels L1,L2,...]
                      [--clusters PATH] [--lexicon DIR] [--output PATH] [--quiet]
                      [--domain N] [--profile NAME=N,NAME=N...]
       newsmark train --init MODEL --data FILE.bio[,FILE...] [--epochs N] [--anchor A] --output PATH
       newsmark train --check DIR [--base DIR] [--gold FILE.jsonl]
       newsmark train --make-clusters OUT --text FILE[,FILE...] [--classes N] [--min-count N]

  --data       .bio files (token<TAB>BIO tag), each with an update weight (default 1)
  --runs N     N perceptrons (seeds S..S+N-1); the model is their mean
  --prune X    leave out features whose weights are all below X
  --domain N   learn every feature twice: once shared by all data files and
               once for the file it was seen in; the model written is the
               shared weights plus those of the Nth data file (its
               conventions), the other files' own weights are dropped
  --profile NAME=N[,...]  with --domain: also write newsmark-NAME.model
               beside --output, the shared weights plus the Nth file's (a
               profile the core loads with --profile NAME)
  --init MODEL fine-tune: continue from MODEL's weights on a few annotated
               documents (its labels, clusters and features are kept; new
               words of the data are added); takes seconds, the original
               corpora are not needed. Same data, options and model give the
               same bytes.
  --anchor A   with --init: an L2 penalty toward MODEL's weights; after each
               sentence every weight MODEL has moves the fraction A
               (0 <= A < 1) back toward MODEL's, so the update stays close
               to it (default 0). The features of words MODEL did not know
               are not pulled: they are learned until the corrected tag wins
               by a margin, so a new name carries to new sentences
  --check DIR  the check :Newsmark train makes before using a model: micro F1
               of the model folder DIR and of --base (default: the bundled
               data folder) on --gold (default: data/heldout/own.jsonl, held-out
               articles written for newsmark); exit 0 when DIR is not worse by
               more than 0.5 points, 1 when it is
  --make-clusters  word clusters (exchange algorithm, in C) from text and .bio files
]]

local function int_opt(opts, name, default)
  local v = opts[name]
  if v == nil then return default end
  local n = tonumber(v)
  if not n or n ~= math.floor(n) then return nil, "--" .. name .. " needs a whole number" end
  return n
end

-- newsmark train --check DIR: the new model against the base on held-out
-- articles; prints both figures, returns 0 (use it) or 1 (keep it aside).
function M.check(root, core, opts)
  local eval = require("newsmark.cli.eval")
  local gold = opts.gold or (root .. "/data/heldout/own.jsonl")
  local data, rerr = main.read_file(gold)
  if not data then return main.fail(rerr) end
  local items, ierr = eval.jsonl_items(data)
  if not items then return main.fail(gold .. ": " .. ierr) end
  local base, berr = core.load(opts.base or (root .. "/data"))
  if not base then return main.fail(berr) end
  local new, nerr = core.load(opts.check)
  if not new then return main.fail(nerr) end
  local b, n = eval.micro_f1(base, items)
  local f = eval.micro_f1(new, items)
  local worse = f < b - eval.CHECK_MARGIN
  io.stdout:write(("%s: micro F1 %.2f, base %.2f (%+.2f) on %d entities of %d articles: %s\n"):format(
    opts.check, f, b, f - b, n, #items,
    worse and ("worse by more than %.1f points, keep it aside"):format(eval.CHECK_MARGIN) or "not worse, use it"))
  return worse and 1 or 0
end

function M.run(root, core, args)
  if args[1] == "--help" or args[1] == "-h" or args[1] == "help" then
    io.stdout:write(USAGE)
    return 0
  end
  local opts, rest = main.parse(args, {
    data = "value", epochs = "value", seed = "value", output = "value", ["min-count"] = "value",
    labels = "value", clusters = "value", lexicon = "value", quiet = "flag",
    ["make-clusters"] = "value", text = "value", classes = "value", runs = "value", prune = "value",
    init = "value", anchor = "value", check = "value", base = "value", gold = "value",
    domain = "value", profile = "value",
  })
  if not opts then return main.fail(rest) end
  if opts.check then return M.check(root, core, opts) end
  if not core.train then return main.fail("this core module has no trainer (run `make`)") end
  if opts["make-clusters"] then
    if not opts.text then return main.fail("--make-clusters needs --text FILE[,FILE...]") end
    local files = {}
    for p in opts.text:gmatch("[^,]+") do files[#files + 1] = p end
    local classes, ec = int_opt(opts, "classes", 512)
    if not classes then return main.fail(ec) end
    local mc, em = int_opt(opts, "min-count", 3)
    if not mc then return main.fail(em) end
    local ok, res, err = pcall(core.build_clusters, {
      files = files, output = opts["make-clusters"], clusters = classes, min_count = mc,
    })
    if not ok then return main.fail(tostring(res):gsub("^newsmark: ", ""):match("^[^\n]*")) end
    if not res then return main.fail(tostring(err):gsub("^newsmark: ", ""):match("^[^\n]*")) end
    return 0
  end
  local spec = opts.data
  if not spec and #rest > 0 then spec = table.concat(rest, ",") end
  if not spec or spec == "" then
    return main.fail("train needs --data FILE[:WEIGHT][,FILE[:WEIGHT]...]")
  end
  local files, weights = {}, {}
  for item in spec:gmatch("[^,]+") do
    local path, w = item:match("^(.*):([%d.]+)$")
    if not path then path, w = item, "1" end
    local f = io.open(path, "rb")
    if not f then return main.fail(path .. ": cannot open the data file") end
    f:close()
    files[#files + 1] = path
    weights[#weights + 1] = tonumber(w)
  end
  local epochs, e1 = int_opt(opts, "epochs", 10)
  if not epochs then return main.fail(e1) end
  if epochs < 1 then return main.fail("--epochs must be at least 1") end
  local seed, e2 = int_opt(opts, "seed", 1)
  if not seed then return main.fail(e2) end
  local minc, e3 = int_opt(opts, "min-count", 1)
  if not minc then return main.fail(e3) end
  local runs, e4 = int_opt(opts, "runs", 1)
  if not runs then return main.fail(e4) end
  if runs < 1 then return main.fail("--runs must be at least 1") end
  local prune = tonumber(opts.prune or "0")
  if not prune or prune < 0 then return main.fail("--prune needs a number >= 0") end
  if opts.init then
    if opts.labels or opts.clusters then
      return main.fail("--init keeps the model's labels and clusters: drop --labels and --clusters")
    end
    if not opts.output then return main.fail("--init needs --output PATH (the shipped model stays as it is)") end
  end
  local anchor = tonumber(opts.anchor or "0")
  if not anchor or anchor < 0 or anchor >= 1 then return main.fail("--anchor needs a number from 0 up to (not including) 1") end
  if anchor > 0 and not opts.init then return main.fail("--anchor needs --init MODEL (the weights it pulls toward)") end
  if opts.init then
    local f = io.open(opts.init, "rb")
    if not f then return main.fail(opts.init .. ": cannot open the model file") end
    f:close()
  end
  local output = opts.output or (root .. "/data/newsmark.model")
  local domain, ed = int_opt(opts, "domain", 0)
  if not domain then return main.fail(ed) end
  if domain < 0 or domain > #files then
    return main.fail(("--domain needs the number of one of the %d data files"):format(#files))
  end
  if domain > 0 and opts.init then return main.fail("--domain trains from the corpora: it does not go with --init") end
  local profiles = {}
  if opts.profile then
    if domain == 0 then return main.fail("--profile needs --domain N (the profiles are the per-file weights)") end
    local dir = output:match("^(.*)[/\\][^/\\]*$") or "."
    for item in opts.profile:gmatch("[^,]+") do
      local name, n = item:match("^([%w_-]+)=(%d+)$")
      n = tonumber(n)
      if not name or n < 1 or n > #files then
        return main.fail(("--profile %s: write NAME=N, N the number of one of the %d data files"):format(item, #files))
      end
      profiles[#profiles + 1] = { domain = n, output = dir .. "/newsmark-" .. name .. ".model" }
    end
  end
  local ok, res, err = pcall(core.train, {
    files = files, weights = weights, epochs = epochs, seed = seed, output = output,
    min_count = minc, labels = opts.labels, clusters = opts.clusters, runs = runs, prune = prune,
    data = opts.lexicon, verbose = not opts.quiet, init = opts.init, anchor = anchor,
    domain = domain, profiles = profiles,
  })
  if not ok then return main.fail(tostring(res):gsub("^newsmark: ", ""):match("^[^\n]*")) end
  if not res then return main.fail(tostring(err):gsub("^newsmark: ", ""):match("^[^\n]*")) end
  return 0
end

return M
