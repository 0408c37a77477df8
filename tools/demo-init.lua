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
