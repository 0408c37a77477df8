-- newsmark.commands: the :Newsmark command and its completion.
local M = {}

local function nm()
  return require("newsmark")
end

local function say(msg, level)
  vim.notify(msg, level or vim.log.levels.INFO)
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
      require("newsmark.lists").entities(0, { loclist = args[1] == "loclist", open = true })
    end,
  },
  quotes = {
    desc = "quotes (who said what) into the quickfix list (loclist: location list)",
    args = function()
      return { "loclist" }
    end,
    run = function(args)
      require("newsmark.lists").quotes(0, { loclist = args[1] == "loclist", open = true })
    end,
  },
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
    say(tostring(err), vim.log.levels.ERROR)
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
  return {}
end

return M
