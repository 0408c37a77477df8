-- README.md's Neovim set-up for bin/newsmark lsp, run as written (the
-- server's path put in): the server starts on a markdown buffer, its
-- semantic tokens come, and the colours are set. Neovim 0.9+ (the matrix).
assert(vim.lsp and vim.lsp.start and vim.lsp.semantic_tokens and vim.lsp.semantic_tokens.get_at_pos,
  "tests/nvim-lsp needs Neovim 0.9+ (vim.lsp.start, semantic tokens); make test-matrix runs it")

local api = vim.api
local ROOT = os.getenv("NEWSMARK_ROOT")

-- The Lua block under "Neovim 0.10+ without the plugin" in README.md.
local function snippet()
  local lines, inside, seen = {}, false, false
  for line in io.lines(ROOT .. "/README.md") do
    if line:find("^Neovim 0%.10%+ without the plugin") then
      seen = true
    elseif seen and line:find("^    ") then
      inside = true
      lines[#lines + 1] = line:sub(5)
    elseif inside and line ~= "" then
      break
    end
  end
  assert(#lines > 0, "no Neovim snippet in README.md")
  return table.concat(lines, "\n")
end

describe("README's Neovim set-up for the language server", function()
  it("starts the server on a markdown file and colours its tokens", function()
    local code = snippet():gsub("/path/to/newsmark", ROOT)
    assert(loadstring(code))()
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir, "p")
    vim.fn.writefile({ "Ana Ruiz met union leaders in Lisbon on Tuesday." }, dir .. "/note.md")
    vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/note.md"))
    local buf = api.nvim_get_current_buf()
    vim.bo[buf].filetype = "markdown" -- (-u NONE: no filetype detection)
    assert(vim.wait(10000, function()
      local t = vim.lsp.semantic_tokens.get_at_pos(buf, 0, 1) or {}
      return t[1] and t[1].type == "person"
    end, 10), "no person token from the README's set-up")
    local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = buf, name = "newsmark" })
    assert.are.equal(1, #clients)
    assert.are.same({ spelling = "HINT" }, clients[1].config.init_options.diagnostics)
    assert.are.equal(tonumber("79c0ff", 16), api.nvim_get_hl(0, { name = "@lsp.type.person" }).fg)
    local client = clients[1]
    if vim.fn.has("nvim-0.11") == 1 then client:stop(true) else client.stop(true) end
    vim.fn.delete(dir, "rf")
  end)
end)
