-- newsmark.commands: the :Newsmark command and its completion.
local M = {}

local function nm()
  return require("newsmark")
end

local notify = require("newsmark.notify")

local function say(msg, level)
  notify.notify(msg, level)
end

-- Raise "<sub> needs <what>: :Newsmark <usage> (<choices>)" when arg is nil.
local function need(arg, sub, what, usage, choices)
  if arg == nil or arg == "" then
    notify.fail(("%s needs %s: :Newsmark %s%s"):format(sub, what, usage,
      choices and (" (one of " .. table.concat(choices, ", ") .. ")") or ""))
  end
  return arg
end

local function kind_and_count(args)
  local kind, count = args[1] or "entity", tonumber(args[2] or "1")
  if not vim.tbl_contains(require("newsmark.nav").kinds, kind) then
    error(("newsmark: unknown kind '%s' (entity, quote, mention, unattributed)"):format(kind), 0)
  end
  if not count or count < 1 then
    error("newsmark: the count must be a positive number", 0)
  end
  return kind, math.floor(count)
end

-- name -> { desc, run(args, opts), complete(arglead) | list }
M.subcommands = {
  enable = {
    desc = "turn newsmark on and attach matching buffers",
    run = function()
      nm().enable()
    end,
  },
  disable = {
    desc = "turn newsmark off in every buffer",
    run = function()
      nm().disable()
    end,
  },
  toggle = {
    desc = "enable or disable",
    run = function()
      nm().toggle()
    end,
  },
  attach = {
    desc = "attach to the current buffer",
    run = function()
      nm().attach(0)
    end,
  },
  detach = {
    desc = "detach from the current buffer",
    run = function()
      nm().detach(0)
    end,
  },
  refresh = {
    desc = "analyse the current buffer again from scratch",
    run = function()
      require("newsmark.buffer").refresh(0)
    end,
  },
  info = {
    desc = "what is under the cursor (floating window)",
    run = function()
      require("newsmark.info").open()
    end,
  },
  next = {
    desc = "next {entity|quote|mention|unattributed} [count]",
    args = function()
      return require("newsmark.nav").kinds
    end,
    run = function(args)
      local kind, count = kind_and_count(args)
      nm().jump(kind, count)
    end,
  },
  prev = {
    desc = "previous {entity|quote|mention|unattributed} [count]",
    args = function()
      return require("newsmark.nav").kinds
    end,
    run = function(args)
      local kind, count = kind_and_count(args)
      nm().jump(kind, -count)
    end,
  },
  entities = {
    desc = "entities grouped by id into the quickfix list (loclist: location list)",
    args = function()
      return { "loclist" }
    end,
    run = function(args)
      if args[1] == "loclist" then
        require("newsmark.lists").entities(0, { loclist = true, open = true })
      else
        require("newsmark.pickers").entities({ buf = 0 })
      end
    end,
  },
  quotes = {
    desc = "quotes (who said what) into the quickfix list (loclist: location list)",
    args = function()
      return { "loclist" }
    end,
    run = function(args)
      if args[1] == "loclist" then
        require("newsmark.lists").quotes(0, { loclist = true, open = true })
      else
        require("newsmark.pickers").quotes({ buf = 0 })
      end
    end,
  },
  sources = {
    desc = "the article's sources: speakers, quotes, words quoted, share of voice",
    run = function()
      require("newsmark.sources").open(0)
    end,
  },
}

---------------------------------------------------------------- annotations (a person's decisions)

local function labels()
  local out = {}
  for label, on in pairs(require("newsmark.config").options.labels) do
    if on then
      out[#out + 1] = label
    end
  end
  table.sort(out)
  return out
end
M.labels = labels

-- The range of a command as (row, col, end_row, end_col), 0-based, end
-- exclusive: the visual selection when the range is the one of '< and '>,
-- else whole lines; nil without a range.
function M.range(o)
  if not o or (o.range or 0) == 0 then
    return nil
  end
  local s, e = vim.fn.getpos("'<"), vim.fn.getpos("'>")
  local api = vim.api
  if s[2] == o.line1 and e[2] == o.line2 and vim.fn.visualmode() == "v" then
    local last = api.nvim_buf_get_lines(0, e[2] - 1, e[2], false)[1] or ""
    local ecol = math.min(e[3], #last) -- '> is the first byte of the last character
    local b = last:byte(ecol + 1)
    while b and b >= 0x80 and b < 0xC0 do
      ecol = ecol + 1
      b = last:byte(ecol + 1)
    end
    return { s[2] - 1, s[3] - 1, e[2] - 1, ecol }
  end
  local last = api.nvim_buf_get_lines(0, o.line2 - 1, o.line2, false)[1] or ""
  return { o.line1 - 1, 0, o.line2 - 1, #last }
end

local function annotate()
  return require("newsmark.annotate")
end

local function scopes()
  return { "document", "all" }
end

M.subcommands.mark = {
  desc = "mark the selection as an entity: :'<,'>Newsmark mark {LABEL}",
  args = labels,
  run = function(args, o)
    local range = M.range(o)
    if not range then
      local ok, e = pcall(function()
        local c = vim.api.nvim_win_get_cursor(0)
        return require("newsmark.nav").entity_at(require("newsmark.buffer").get(0), c[1] - 1, c[2])
      end)
      if not ok or not e then
        error("newsmark: select the text to mark (visual mode), then :Newsmark mark {LABEL}", 0)
      end
      range = { e.row, e.col, e.end_row, e.end_col }
    end
    need(args[1], "mark", "a label", "mark {LABEL}", M.labels())
    annotate().mark(0, range, args[1])
  end,
}
M.subcommands.unmark = {
  desc = "the entity under the cursor is not one",
  run = function()
    annotate().unmark(0)
  end,
}
M.subcommands.relabel = {
  desc = "give the entity under the cursor another label: relabel {LABEL} [entity|mention]",
  args = labels,
  args_at = {
    [2] = function()
      return { "entity", "mention" }
    end,
  },
  run = function(args)
    need(args[1], "relabel", "a label", "relabel {LABEL} [entity|mention]", M.labels())
    annotate().relabel(0, args[1], args[2])
  end,
}
M.subcommands.undo = {
  desc = "take back the last decision (mark, unmark, relabel, merge, never, always)",
  run = function()
    annotate().undo(0)
  end,
}
M.subcommands.redo = {
  desc = "make the last undone decision again",
  run = function()
    annotate().redo(0)
  end,
}
M.subcommands.decisions = {
  desc = "your decisions in this buffer, in a list window (<CR> jump, dd delete)",
  run = function()
    require("newsmark.lists").decisions(0)
  end,
}
M.subcommands.merge = {
  desc = "the entity under the cursor and another are one: merge [next|prev]",
  args = function()
    return { "next", "prev" }
  end,
  run = function(args)
    if args[1] == nil then
      return M.merge_nearby(0)
    end
    annotate().merge(0, args[1])
  end,
}
M.subcommands.never = {
  desc = "never tag this text: never [document|all]",
  args = scopes,
  run = function(args, o)
    annotate().never(0, args[1], M.range(o))
  end,
}
M.subcommands.always = {
  desc = "always tag this text: always {LABEL} [document|all]",
  args = labels,
  args_at = { [2] = scopes },
  run = function(args, o)
    need(args[1], "always", "a label", "always {LABEL} [document|all]", M.labels())
    annotate().always(0, args[1], args[2], M.range(o))
  end,
}
M.subcommands.export = {
  desc = "export with your corrections: export {brat|conll|jsonl} [path]",
  args = function()
    return require("newsmark.export").formats
  end,
  args_at = {
    [2] = function(lead)
      return vim.fn.getcompletion(lead, "file")
    end,
  },
  run = function(args)
    local formats = require("newsmark.export").formats
    need(args[1], "export", "a format", "export {format} [path]", formats)
    if args[2] and args[2] ~= "" then
      local dir = vim.fn.fnamemodify(vim.fn.expand(args[2]), ":p:h")
      if vim.fn.isdirectory(dir) == 0 then
        notify.fail(("cannot export to %s: the folder %s does not exist (create it, or give another path)")
          :format(args[2], vim.fn.fnamemodify(dir, ":~:.")))
      end
    end
    annotate().export(0, args[1], args[2])
  end,
}

M.subcommands.train = {
  desc = "fine-tune the model on your annotated articles: train [reset|stop|status]",
  args = function()
    return require("newsmark.train").subcommands
  end,
  run = function(args)
    require("newsmark.train").command(args[1])
  end,
}

-- How many entities :Newsmark merge (no argument) offers: the nearest ones.
M.merge_choices = 9

-- :Newsmark merge with no argument: offer the entities of the same label as
-- the one under the cursor, nearest first, one per id, through vim.ui.select.
function M.merge_nearby(buf)
  local api = vim.api
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local buffer = require("newsmark.buffer")
  if not buffer.is_attached(buf) then
    notify.fail(notify.not_attached(buf))
  end
  local res = buffer.get(buf)
  local c = api.nvim_win_get_cursor(0)
  local e = require("newsmark.nav").entity_at(res, c[1] - 1, c[2])
  if not e then
    notify.fail("merge: put the cursor on an entity first, then :Newsmark merge [next|prev]")
  end
  local best = {}
  for _, x in ipairs(res.entities) do
    if x.id ~= e.id and x.label == e.label then
      local d = math.abs(x.row - e.row)
      if not best[x.id] or d < best[x.id].d then
        best[x.id] = { x = x, d = d }
      end
    end
  end
  local choices = vim.tbl_values(best)
  if #choices == 0 then
    notify.fail(("merge: no other %s in this buffer to merge %q with"):format(e.label, e.text))
  end
  table.sort(choices, function(a, b)
    if a.d ~= b.d then
      return a.d < b.d
    end
    return a.x.row < b.x.row or (a.x.row == b.x.row and a.x.col < b.x.col)
  end)
  local items = {}
  for i = 1, math.min(#choices, M.merge_choices) do
    items[i] = choices[i].x
  end
  vim.ui.select(items, {
    prompt = ("Merge %q (%s) with:"):format(e.text, e.label),
    format_item = function(x)
      return ("%s (%s, line %d)"):format(x.text, x.label, x.row + 1)
    end,
  }, function(choice)
    if choice then
      local ok, err = pcall(annotate().merge_with, buf, choice)
      if not ok then
        notify.error(err)
      end
    end
  end)
  return items
end

---------------------------------------------------------------- colours and labels

local function all_labels()
  local out = vim.tbl_keys(require("newsmark.config").defaults.labels)
  table.sort(out)
  return out
end

M.subcommands.legend = {
  desc = "each label in its colour, and which labels are off",
  run = function()
    local chunks = { { "newsmark:" } }
    for _, l in ipairs(require("newsmark.palette").legend_lines()) do
      chunks[#chunks + 1] = { "  " }
      chunks[#chunks + 1] = { l[1], l[4] and "Comment" or l[2] }
      if l[4] then
        chunks[#chunks + 1] = { " (off)", "Comment" }
      end
    end
    require("newsmark.palette").apply()
    vim.api.nvim_echo(chunks, false, {})
  end,
}

-- Apply "+LABEL" / "-LABEL" / "LABEL" (on) words to config.options.labels.
function M.set_labels(words)
  local labels = require("newsmark.config").options.labels
  local known = require("newsmark.config").defaults.labels
  for _, w in ipairs(words) do
    local sign, name = w:match("^([+-]?)(.*)$")
    name = name:upper()
    if known[name] == nil then
      notify.fail(("labels: unknown label '%s' (one of %s)"):format(name, table.concat(all_labels(), ", ")))
    end
    labels[name] = sign ~= "-"
  end
  local buffer = require("newsmark.buffer")
  for b in pairs(buffer.states) do
    buffer.refresh(b)
  end
  local off = {}
  for _, l in ipairs(all_labels()) do
    if labels[l] == false then
      off[#off + 1] = l
    end
  end
  return off
end

M.subcommands.labels = {
  desc = "switch labels on and off: labels [+LABEL|-LABEL ...]",
  repeat_args = true,
  args = function()
    local out = {}
    for _, l in ipairs(all_labels()) do
      out[#out + 1] = "-" .. l
      out[#out + 1] = "+" .. l
    end
    return out
  end,
  run = function(args)
    local off = M.set_labels(args)
    say(#off == 0 and "newsmark: every label is shown" or ("newsmark: labels off: " .. table.concat(off, ", ")))
  end,
}

function M.names()
  local names = vim.tbl_keys(M.subcommands)
  table.sort(names)
  return names
end

function M.run(o)
  local args = vim.deepcopy(o.fargs or {})
  local name = table.remove(args, 1)
  if not name then
    say("newsmark: subcommands: " .. table.concat(M.names(), ", "))
    return
  end
  local sub = M.subcommands[name]
  if not sub then
    say(("newsmark: unknown subcommand '%s' (one of %s)"):format(name, table.concat(M.names(), ", ")), vim.log.levels.ERROR)
    return
  end
  local ok, err = pcall(sub.run, args, o)
  if not ok then
    notify.error(err)
  end
end

local function starting(list, lead)
  local out = {}
  for _, x in ipairs(list) do
    if x:sub(1, #lead) == lead then
      out[#out + 1] = x
    end
  end
  return out
end

-- Completion for :Newsmark: subcommands, then their arguments.
function M.complete(arglead, cmdline, _)
  local words = {}
  for w in cmdline:gmatch("%S+") do
    words[#words + 1] = w
  end
  -- words[1] is the command itself; a trailing space starts a new word
  local n = #words
  if cmdline:match("%s$") then
    n = n + 1
  end
  if n <= 2 then
    return starting(M.names(), arglead)
  end
  local sub = M.subcommands[words[2]]
  if n == 3 and sub and sub.args then
    return starting(sub.args(), arglead)
  end
  if sub and sub.args and sub.repeat_args then
    return starting(sub.args(), arglead)
  end
  if sub and sub.args_at and sub.args_at[n - 2] then -- later arguments
    return starting(sub.args_at[n - 2](arglead), arglead)
  end
  return {}
end

return M
