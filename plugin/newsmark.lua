-- newsmark: entities and quotes in news articles, highlighted as you type.
-- This file only defines the command, the autocommands and the <Plug>
-- mappings; everything else is required when first used.
if vim.g.loaded_newsmark then
  return
end
vim.g.loaded_newsmark = true

if vim.fn.has("nvim-0.7") ~= 1 then
  vim.notify("newsmark needs Neovim 0.7 or later", vim.log.levels.ERROR)
  return
end

local api = vim.api

api.nvim_create_user_command("Newsmark", function(o)
  require("newsmark.commands").run(o)
end, {
  nargs = "*",
  range = true, -- :'<,'>Newsmark mark {LABEL}
  bar = true,
  desc = "newsmark: enable|disable|toggle|info|next|prev|entities|quotes|...",
  complete = function(arglead, cmdline, pos)
    return require("newsmark.commands").complete(arglead, cmdline, pos)
  end,
})

local group = api.nvim_create_augroup("newsmark", { clear = true })

api.nvim_create_autocmd("FileType", {
  group = group,
  desc = "newsmark: attach to prose buffers",
  callback = function(a)
    if vim.g.newsmark_disable then
      return
    end
    local config = require("newsmark.config") -- small: the defaults table
    if config.wants_filetype(a.match) or package.loaded["newsmark.buffer"] then
      require("newsmark").on_filetype(a.buf)
    end
  end,
})

api.nvim_create_autocmd("ColorScheme", {
  group = group,
  desc = "newsmark: re-apply default highlight links",
  callback = function()
    if package.loaded["newsmark.render"] then
      require("newsmark.render").define_highlights()
    end
  end,
})

-- <Plug> mappings (normal, visual, operator-pending); counts are honoured.
local plugs = {
  { "next-entity", "entity", 1 },
  { "prev-entity", "entity", -1 },
  { "next-quote", "quote", 1 },
  { "prev-quote", "quote", -1 },
  { "next-mention", "mention", 1 },
  { "prev-mention", "mention", -1 },
  { "next-unattributed", "unattributed", 1 },
  { "prev-unattributed", "unattributed", -1 },
}
for _, p in ipairs(plugs) do
  vim.keymap.set({ "n", "x", "o" }, "<Plug>(newsmark-" .. p[1] .. ")", function()
    require("newsmark").jump(p[2], p[3] * vim.v.count1)
  end, { silent = true, desc = "newsmark: " .. p[1]:gsub("-", " ") })
end
vim.keymap.set("n", "<Plug>(newsmark-info)", function()
  require("newsmark.info").open()
end, { silent = true, desc = "newsmark: info at the cursor" })

-- Operators with dot-repeat (lua/newsmark/operators.lua): mark, unmark, relabel.
for _, k in ipairs({ "mark", "unmark", "relabel" }) do
  vim.keymap.set({ "n", "x" }, "<Plug>(newsmark-" .. k .. ")", function()
    return require("newsmark.operators").expr(k)
  end, { expr = true, silent = true, desc = "newsmark: " .. k .. " (operator)" })
end

-- Loaded late (lazy loading): attach buffers that are already open.
if vim.v.vim_did_enter == 1 then
  vim.schedule(function()
    if not vim.g.newsmark_disable then
      require("newsmark").attach_matching()
    end
  end)
end
