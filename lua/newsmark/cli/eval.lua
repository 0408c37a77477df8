-- newsmark eval: precision, recall and F1 per label and micro, exact span
-- and label. .bio gold is scored on its own tokens; .jsonl gold on raw text
-- with byte spans. `--quotes DIR` scores quotes (see eval_quotes.lua).
local main = require("newsmark.cli.main")
local json = require("newsmark.cli.json")

local M = {}

-- Spans of a BIO2 tag sequence: { {s, e, label}, ... } (token indices, e exclusive).
local function bio_spans(tags)
  local spans, cur = {}, nil
  for i = 1, #tags + 1 do
    local t = tags[i] or "O"
    local p, label = t:match("^([BIES])%-(.+)$")
    if cur and (p ~= "I" and p ~= "E" or label ~= cur[3]) then
      cur[2] = i
      spans[#spans + 1] = cur
      cur = nil
    end
    if p and not cur then cur = { i, nil, label } end
  end
  return spans
end
M.bio_spans = bio_spans

local function new_counts() return { tp = {}, fp = {}, fn = {} } end

local function bump(t, k) t[k] = (t[k] or 0) + 1 end

-- Compare gold and predicted span lists (keys "s:e:label").
local function score(counts, gold, pred, map, keep)
  local g = {}
  for _, s in ipairs(gold) do
    if keep[s[3]] then g[s[1] .. ":" .. s[2] .. ":" .. s[3]] = s[3] end
  end
  for _, s in ipairs(pred) do
    local label = map[s[3]] or s[3]
    if keep[label] then
      local k = s[1] .. ":" .. s[2] .. ":" .. label
      if g[k] then
        bump(counts.tp, label)
        g[k] = nil
      else
        bump(counts.fp, label)
      end
    end
  end
  for _, label in pairs(g) do bump(counts.fn, label) end
end

local function prf(tp, fp, fn)
  local p = tp + fp > 0 and tp / (tp + fp) or 0
  local r = tp + fn > 0 and tp / (tp + fn) or 0
  local f = p + r > 0 and 2 * p * r / (p + r) or 0
  return p, r, f
end

local function report(counts, labels, out)
  out:write(string.format("%-9s %9s %9s %9s %7s %7s %7s\n", "label", "precision", "recall", "f1", "tp", "fp", "fn"))
  local T, F, N = 0, 0, 0
  for _, l in ipairs(labels) do
    local tp, fp, fn = counts.tp[l] or 0, counts.fp[l] or 0, counts.fn[l] or 0
    T, F, N = T + tp, F + fp, N + fn
    local p, r, f = prf(tp, fp, fn)
    out:write(string.format("%-9s %9.4f %9.4f %9.4f %7d %7d %7d\n", l, p, r, f, tp, fp, fn))
  end
  local p, r, f = prf(T, F, N)
  out:write(string.format("%-9s %9.4f %9.4f %9.4f %7d %7d %7d\n", "micro", p, r, f, T, F, N))
  return f
end

-- Which labels to score and how predicted labels map onto the gold scheme.
local function scheme(gold_labels, opts)
  local map, keep, labels = {}, {}, {}
  if opts.labels then
    for l in opts.labels:gmatch("[^,]+") do labels[#labels + 1] = l end
  else
    for l in pairs(gold_labels) do labels[#labels + 1] = l end
    table.sort(labels)
  end
  for _, l in ipairs(labels) do keep[l] = true end
  -- the corpora mark every place LOC and (some) nationalities MISC
  if not gold_labels.GPE then map.GPE = "LOC" end
  if not gold_labels.NORP and gold_labels.MISC then map.NORP = "MISC" end
  return map, keep, labels
end

-- Score every { gold, pred } pair of `all` under the label scheme of
-- `gold_labels` and `opts` and report it to `out`.
local function score_all(all, gold_labels, opts, out)
  local map, keep, labels = scheme(gold_labels, opts)
  local counts = new_counts()
  for _, d in ipairs(all) do score(counts, d[1], d[2], map, keep) end
  return report(counts, labels, out)
end

local function eval_bio(model, data, opts, out)
  local docs, err = main.read_bio(data)
  if not docs then return nil, err end
  local gold_labels, all = {}, {}
  for _, doc in ipairs(docs) do
    if #doc.tokens > 0 then
      local gtags = {}
      for i = 1, #doc.tokens do gtags[i] = doc.gold[i] or "O" end
      local gold = bio_spans(gtags)
      for _, s in ipairs(gold) do gold_labels[s[3]] = true end
      local pred = bio_spans(model:tag(doc.tokens, doc.starts))
      all[#all + 1] = { gold, pred }
    end
  end
  return score_all(all, gold_labels, opts, out)
end

local function eval_jsonl(model, data, opts, out)
  local items, err = M.jsonl_items(data)
  if not items then
    return nil, err
  end
  local gold_labels, all = {}, {}
  for _, it in ipairs(items) do
    for _, g in ipairs(it.gold) do
      gold_labels[g[3]] = true
    end
    local pred = {}
    for _, e in ipairs(model:analyze(it.text, { quotes = false }).entities) do
      pred[#pred + 1] = { e.start, e.finish, e.label }
    end
    all[#all + 1] = { it.gold, pred }
  end
  return score_all(all, gold_labels, opts, out)
end

-- A retrained model is used only when its micro F1 is not below the base
-- model's by more than this many points (:Newsmark train, train --check).
M.CHECK_MARGIN = 0.5

-- The articles of a .jsonl gold file as { {text=, gold={ {start, end,
-- label}, ... }}, ... }, or nil and a message (:Newsmark train's check and
-- `newsmark train --check` read data/heldout/own.jsonl with it).
function M.jsonl_items(data)
  local items, lineno = {}, 0
  for line in data:gmatch("[^\n]+") do
    lineno = lineno + 1
    local ok, doc = pcall(json.decode, line)
    if not ok or type(doc) ~= "table" or type(doc.text) ~= "string" then
      return nil, "line " .. lineno .. ": not a {\"text\", \"entities\"} JSON object"
    end
    local gold = {}
    for _, e in ipairs(doc.entities or {}) do
      gold[#gold + 1] = { e.start, e["end"], e.label }
    end
    items[#items + 1] = { text = doc.text, gold = gold }
  end
  return items
end

-- Micro F1 x100 (exact span and label, every label) of `model` on the items
-- (as jsonl_items gives them), and the number of gold entities.
function M.micro_f1(model, items)
  local tp, fp, fn = 0, 0, 0
  for _, it in ipairs(items) do
    local gold = {}
    for _, g in ipairs(it.gold) do
      gold[g[1] .. ":" .. g[2] .. ":" .. g[3]] = true
      fn = fn + 1
    end
    for _, e in ipairs(model:analyze(it.text, { entities = true, quotes = false }).entities) do
      local k = e.start .. ":" .. e.finish .. ":" .. e.label
      if gold[k] then
        gold[k] = nil
        tp, fn = tp + 1, fn - 1
      else
        fp = fp + 1
      end
    end
  end
  local _, _, f = prf(tp, fp, fn)
  return 100 * f, tp + fn
end

function M.run(root, core, args)
  local opts, files = main.parse(args, { model = "value", profile = "value", labels = "value", quotes = "value", docs = "value" })
  if not opts then return main.fail(files) end
  local model, err = core.load(opts.model, opts.profile)
  if not model then return main.fail(err) end
  if opts.quotes then
    local ok, eq = pcall(require, "newsmark.cli.eval_quotes")
    if not ok then return main.fail("quote evaluation is not available: " .. tostring(eq):match("^[^\n]*")) end
    return eq.run(core, model, { dir = opts.quotes, args = files, docs = opts.docs })
  end
  if #files ~= 1 then return main.fail("eval needs one GOLD.bio or GOLD.jsonl file") end
  local data, rerr = main.read_file(files[1])
  if not data then return main.fail(rerr) end
  local f, e
  if files[1]:match("%.jsonl$") then
    f, e = eval_jsonl(model, data, opts, io.stdout)
  else
    f, e = eval_bio(model, data, opts, io.stdout)
  end
  if not f then return main.fail(files[1] .. ": " .. e) end
  return 0
end

return M
