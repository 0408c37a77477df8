-- newsmark.pickers: entities and quotes in Telescope or fzf-lua.
--
-- Neither plugin is required. entities(o) / quotes(o) build the same items
-- as the quickfix lists (newsmark.lists), then show them in the picker named
-- by o.picker or the `picker` option ("telescope", "fzf-lua", "auto"); when
-- it is not installed they say so and fill the quickfix list instead.
-- Each returns the name of what it used: "telescope", "fzf-lua" or "quickfix".
local M = {}
local api = vim.api

local function installed(name)
  local mod = name == "telescope" and "telescope.pickers" or "fzf-lua"
  if package.loaded[mod] then
    return true
  end
  local ok = pcall(require, mod)
  return ok
end

-- Which picker to use for `want` (false/nil: none).
function M.resolve(want)
  if not want then
    return nil
  end
  if want == "auto" then
    for _, name in ipairs({ "telescope", "fzf-lua" }) do
      if installed(name) then
        return name
      end
    end
    return nil
  end
  if installed(want) then
    return want
  end
  return nil, ("newsmark: %s is not installed; the quickfix list is used instead"):format(want)
end

-- Move to a quickfix-style item.
function M.jump(item)
  if item.bufnr and api.nvim_buf_is_valid(item.bufnr) then
    if api.nvim_get_current_buf() ~= item.bufnr then
      api.nvim_set_current_buf(item.bufnr)
    end
    vim.cmd("normal! m'")
    api.nvim_win_set_cursor(0, { item.lnum, math.max(0, item.col - 1) })
  end
end

local function telescope(items, title)
  local pickers = require("telescope.pickers")
  local finders = require("telescope.finders")
  local conf = require("telescope.config").values
  local actions = require("telescope.actions")
  local state = require("telescope.actions.state")
  pickers
    .new({}, {
      prompt_title = title,
      finder = finders.new_table({
        results = items,
        entry_maker = function(it)
          return {
            value = it,
            display = ("%d:%d  %s"):format(it.lnum, it.col, it.text),
            ordinal = it.text,
            bufnr = it.bufnr,
            lnum = it.lnum,
            col = it.col,
          }
        end,
      }),
      sorter = conf.generic_sorter({}),
      previewer = conf.grep_previewer and conf.grep_previewer({}) or nil,
      attach_mappings = function(prompt_bufnr)
        actions.select_default:replace(function()
          local entry = state.get_selected_entry()
          actions.close(prompt_bufnr)
          if entry then
            M.jump(entry.value)
          end
        end)
        return true
      end,
    })
    :find()
end

local function fzf(items, title)
  local lines, by_line = {}, {}
  for i, it in ipairs(items) do
    local line = ("%d\t%d:%d  %s"):format(i, it.lnum, it.col, it.text)
    lines[i] = line
    by_line[line] = it
  end
  require("fzf-lua").fzf_exec(lines, {
    prompt = title .. "> ",
    fzf_opts = { ["--delimiter"] = "\t", ["--with-nth"] = "2.." },
    actions = {
      ["default"] = function(selected)
        local it = selected and by_line[selected[1]]
        if it then
          M.jump(it)
        end
      end,
    },
  })
end

local function show(kind, o)
  o = o or {}
  local lists = require("newsmark.lists")
  local want = o.picker
  if want == nil then
    want = require("newsmark.config").options.picker
  end
  local name, err = M.resolve(want)
  if not name then
    if err then
      require("newsmark.notify").warn(err, { once = true })
    end
    lists[kind](o.buf or 0, { open = o.open ~= false })
    return "quickfix"
  end
  -- the items, without touching the quickfix list
  local items = lists[kind](o.buf or 0, { items_only = true })
  if not items then
    return nil
  end
  local title = ("newsmark %s"):format(kind)
  if name == "telescope" then
    telescope(items, title)
  else
    fzf(items, title)
  end
  return name
end

function M.entities(o)
  return show("entities", o)
end

function M.quotes(o)
  return show("quotes", o)
end

return M
