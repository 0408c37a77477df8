-- Minimal Neovim configuration for `make demo`: newsmark from this checkout,
-- the tree-sitter markdown parser built by tools/build-parser.sh, nothing else.
local root = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h")
vim.opt.runtimepath:prepend(root)
vim.opt.runtimepath:append(root .. "/parser")
vim.opt.termguicolors = true
vim.opt.number = true
vim.opt.wrap = true
vim.opt.linebreak = true
vim.cmd("filetype plugin indent on")
vim.cmd("syntax on")
vim.cmd("runtime plugin/newsmark.lua")
require("newsmark").setup({})

-- NEWSMARK_DEMO_STATUS=FILE (tools/test-fresh.sh): once the article's
-- highlights are drawn, write one line to FILE saying what is on screen, then
-- quit. The demo runs in a real terminal (under `script`), so the line also
-- records that a UI was attached.
local status = os.getenv("NEWSMARK_DEMO_STATUS")
if status and status ~= "" then
  vim.api.nvim_create_autocmd("VimEnter", {
    once = true,
    callback = function()
      local api = vim.api
      local buf = api.nvim_get_current_buf()
      local groups, n = {}, 0
      vim.wait(30000, function()
        local ns = api.nvim_get_namespaces()["newsmark"]
        if not ns then
          return false
        end
        groups, n = {}, 0
        for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
          local g = m[4].hl_group
          if g and g:match("^Newsmark") then
            groups[g] = (groups[g] or 0) + 1
            n = n + 1
          end
        end
        return n > 0
      end, 50)
      local names = vim.tbl_keys(groups)
      table.sort(names)
      for i, g in ipairs(names) do
        names[i] = g .. "=" .. groups[g]
      end
      local v = vim.version()
      local ok, method = pcall(function()
        return require("newsmark.prose").method(buf)
      end)
      local line = ("demo: %d highlights drawn in %s; uis=%d; prose=%s; nvim=%d.%d.%d; %s\n"):format(
        n,
        vim.fn.fnamemodify(api.nvim_buf_get_name(buf), ":."),
        #api.nvim_list_uis(),
        ok and tostring(method) or "error",
        v.major,
        v.minor,
        v.patch,
        table.concat(names, " ")
      )
      local f = io.open(status, "w")
      if f then
        f:write(line)
        f:close()
      end
      vim.cmd("qall!")
    end,
  })
end
