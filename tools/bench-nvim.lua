-- The editor benchmark (tools/bench-nvim.sh runs it in headless Neovim with
-- -u NONE and the project on the runtimepath; `make bench` runs that).
--
-- 1. Generates a ~20,000-word article from examples/*.md into
--    build/long-article.md: the prose paragraphs repeated with names, places
--    and numbers varied, so that paragraphs differ and nothing is answered
--    from the cache of identical texts.
-- 2. Measures the initial analysis and drawing: setting the filetype, which
--    attaches the buffer, analyses it and draws every extmark.
-- 3. Makes 200 edits (typing in a paragraph, pasting a paragraph, deleting
--    lines, undo), each followed by a synchronous flush of the debounced
--    analysis; per edit it measures the edit call (with newsmark's on_lines
--    handler) plus the analysis, drawing, linking and diagnostics.
-- Prints the figures, and the budget verdict; exits non-zero over budget
-- when NEWSMARK_BENCH_STRICT=1.
local root = os.getenv("NEWSMARK_ROOT") or vim.fn.getcwd()
local WORDS = tonumber(os.getenv("NEWSMARK_BENCH_WORDS") or "20000")
local EDITS = tonumber(os.getenv("NEWSMARK_BENCH_EDITS") or "200")
local api = vim.api
local hr = vim.loop.hrtime

local function out(s)
  io.stdout:write(s .. "\n")
end

---------------------------------------------------------------- the article

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- Prose paragraphs of the examples (no front matter, headings or code).
local function paragraphs()
  local paras = {}
  local files = vim.fn.glob(root .. "/examples/*.md", false, true)
  table.sort(files)
  for _, path in ipairs(files) do
    local text = read(path):gsub("^%-%-%-\n.-\n%-%-%-\n", "")
    text = text:gsub("\n```.-\n```", "")
    for p in (text .. "\n\n"):gmatch("(.-)\n\n+") do
      if p:find("%S") and not p:find("^#") then
        paras[#paras + 1] = p
      end
    end
  end
  return paras
end

-- Names swapped in, copy by copy (the project's own invented names).
local SWAPS = {
  { "Ruiz", { "Ruiz", "Moreno", "Duarte", "Salgado", "Navarro", "Pires", "Lobo" } },
  { "Ana", { "Ana", "Rita", "Clara", "Sofia", "Lara", "Joana", "Marta" } },
  { "Lisbon", { "Lisbon", "Porto", "Braga", "Coimbra", "Faro", "Evora", "Setubal" } },
  { "Ortega", { "Ortega", "Vidal", "Herrera", "Campos", "Rojas", "Pardo", "Marin" } },
  { "Costa", { "Costa", "Lopes", "Rocha", "Teixeira", "Cardoso", "Matos", "Neves" } },
  { "Madrid", { "Madrid", "Seville", "Valencia", "Bilbao", "Granada", "Murcia", "Zaragoza" } },
  { "Tuesday", { "Tuesday", "Monday", "Friday", "Thursday", "Wednesday", "Sunday", "Saturday" } },
}

function _G.newsmark_bench_article(words)
  local paras = paragraphs()
  local outp, n, copy = {}, 0, 0
  outp[#outp + 1] = "---\ntitle: A long generated article\n---\n\n# A long generated article\n"
  while n < words do
    copy = copy + 1
    outp[#outp + 1] = ("## Part %d\n"):format(copy)
    for i, p in ipairs(paras) do
      local k = (copy + i) % 7 + 1
      for _, s in ipairs(SWAPS) do
        p = p:gsub(s[1], s[2][k])
      end
      -- vary the numbers so that paragraphs differ between copies
      p = p:gsub("(%d+)", function(d)
        return tostring(tonumber(d) + copy)
      end)
      outp[#outp + 1] = p .. "\n"
      local _, c = p:gsub("%S+", "")
      n = n + c
      if n >= words then
        break
      end
    end
    if copy % 5 == 0 then
      outp[#outp + 1] = "```\nlocal code = 'not prose'\n```\n"
    end
  end
  return table.concat(outp, "\n"), n
end

---------------------------------------------------------------- measuring

local function median(t)
  local s = vim.deepcopy(t)
  table.sort(s)
  local n = #s
  if n == 0 then
    return 0
  end
  if n % 2 == 1 then
    return s[(n + 1) / 2]
  end
  return (s[n / 2] + s[n / 2 + 1]) / 2
end

local function ms(ns)
  return ns / 1e6
end

local function main()
  vim.fn.mkdir(root .. "/build", "p")
  local text, nwords = newsmark_bench_article(WORDS)
  local path = root .. "/build/long-article.md"
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()

  vim.cmd("runtime plugin/newsmark.lua")
  require("newsmark").setup({ debounce = 50 })
  local buffer = require("newsmark.buffer")
  -- load the model and the parser outside the measurement (once per session)
  assert(require("newsmark.core").model(false))
  require("newsmark.prose").ensure_parser("markdown")

  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = api.nvim_get_current_buf()
  local nlines = api.nvim_buf_line_count(buf)
  vim.o.lines, vim.o.columns = 50, 100

  local t0 = hr()
  vim.bo[buf].filetype = "markdown" -- attaches: analysis + drawing
  local t_attach = hr() - t0
  t0 = hr()
  buffer.sync(buf) -- anything left (chunks of a large buffer)
  while buffer.state(buf) and buffer.state(buf).pending do
    buffer.sync(buf)
  end
  local t_rest = hr() - t0
  local st = assert(buffer.state(buf), "newsmark did not attach")
  local res = buffer.get(buf)
  local nmarks = #api.nvim_buf_get_extmarks(buf, require("newsmark.render").ns, 0, -1, {})

  -- rows of prose lines (long lines inside paragraphs) to type into
  local prose_rows = {}
  for _, rec in ipairs(st.paras) do
    prose_rows[#prose_rows + 1] = rec.srow
  end
  local para_text = "A new paragraph written by Carla Mendes, who said the port of Vigo would reopen on Friday."

  math.randomseed(42)
  local times, kinds = {}, {}
  local per_kind = {}
  local function edit(kind, fn)
    local t = hr()
    fn()
    buffer.sync(buf)
    local dt = hr() - t
    times[#times + 1] = dt
    per_kind[kind] = per_kind[kind] or {}
    table.insert(per_kind[kind], dt)
    kinds[#kinds + 1] = kind
    vim.cmd("let &undolevels = &undolevels") -- close the undo block
  end
  local function a_row()
    local rows = buffer.state(buf).paras
    local rec = rows[math.random(#rows)]
    return rec.srow
  end
  for i = 1, EDITS do
    local r = math.random()
    if i % 10 == 0 then
      edit("undo", function()
        vim.cmd("silent undo")
      end)
    elseif r < 0.7 then
      -- typing: a burst of characters is flushed per keystroke
      local row = a_row()
      local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
      local col = math.random(0, #line)
      -- stay on a character boundary
      while col > 0 and col < #line and line:byte(col + 1) >= 0x80 and line:byte(col + 1) < 0xC0 do
        col = col - 1
      end
      local ch = ({ "a", "e", " ", "s", "t", "R", ".", '"' })[math.random(8)]
      edit("type", function()
        api.nvim_buf_set_text(buf, row, col, row, col, { ch })
      end)
    elseif r < 0.85 then
      local row = a_row()
      edit("paste", function()
        api.nvim_buf_set_lines(buf, row, row, false, { para_text, "" })
      end)
    else
      local row = a_row()
      edit("delete", function()
        api.nvim_buf_set_lines(buf, row, row + 2, false, {})
      end)
    end
  end
  local worst = 0
  for _, t in ipairs(times) do
    worst = math.max(worst, t)
  end

  local v = vim.version()
  out(("== newsmark editor bench (Neovim %d.%d.%d, %s)"):format(v.major, v.minor, v.patch, (path:gsub("^" .. vim.pesc(root) .. "/", ""))))
  out(("article: %d words, %d lines, %d paragraphs, %d entities, %d quotes, %d extmarks"):format(nwords, nlines, #st.paras, #res.entities, #res.quotes, nmarks))
  out(("initial analysis + drawing: visible part first %.1f ms; whole article %.1f ms (the rest in idle chunks: %.1f ms)"):format(ms(t_attach), ms(t_attach + t_rest), ms(t_rest)))
  local names = vim.tbl_keys(per_kind)
  table.sort(names)
  for _, k in ipairs(names) do
    local t = per_kind[k]
    local w = 0
    for _, x in ipairs(t) do
      w = math.max(w, x)
    end
    out(("  %-7s %3d edits: median %.2f ms, worst %.2f ms"):format(k, #t, ms(median(t)), ms(w)))
  end
  out(("per edit (%d edits, edit + on_lines + analysis + drawing + diagnostics): median %.2f ms, worst %.2f ms"):format(#times, ms(median(times)), ms(worst)))
  local ok = ms(t_attach) < 100 and ms(median(times)) < 2 and ms(worst) < 8
  out(("budget (initial (visible part) < 100 ms, median < 2 ms, worst < 8 ms): %s"):format(ok and "within" or "OVER"))
  return ok
end

local ok, res = xpcall(main, debug.traceback)
io.stdout:flush()
if not ok then
  io.stderr:write(tostring(res) .. "\n")
  vim.cmd("cquit 2")
elseif not res and os.getenv("NEWSMARK_BENCH_STRICT") == "1" then
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
