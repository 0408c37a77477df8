-- :Newsmark export {brat|conll|jsonl} [path]: the buffer's annotations with
-- the person's decisions merged in, checked line by line.
local H = require("tests.nvim.helpers")
local api = vim.api

local dir

local function read_lines(path)
  local out = {}
  for l in io.lines(path) do
    out[#out + 1] = l
  end
  return out
end

local TEXT = "Rui Costa met Leonor Brás at the Ferry Guild in Faro.\n\n\"We sail at dawn,\" Costa said.\n"

local function open()
  local path = dir .. "/ferry.md"
  local f = assert(io.open(path, "wb"))
  f:write(TEXT)
  f:close()
  vim.cmd("edit! " .. vim.fn.fnameescape(path))
  vim.bo.filetype = "markdown"
  assert(H.wait())
  return api.nvim_get_current_buf()
end

local function span_of(buf, s)
  for r, l in ipairs(api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local a, b = l:find(s, 1, true)
    if a then
      return { r - 1, a - 1, r - 1, b }
    end
  end
end

-- brat character offset of (row, col) in TEXT
local function char_at(row, col)
  local lines = vim.split(TEXT, "\n", true)
  local before = table.concat(vim.list_slice(lines, 1, row), "\n") .. (row > 0 and "\n" or "") .. lines[row + 1]:sub(1, col)
  return vim.fn.strchars(before)
end

describe("export", function()
  H.temp_dir(function(d)
    dir = d
  end)

  it("brat to a file: every entity of get() (decisions applied) and the quote, in character offsets", function()
    local buf = open()
    local A = require("newsmark.annotate")
    A.mark(buf, span_of(buf, "Ferry Guild"), "EVENT")
    H.set_cursor(0, 0)
    vim.cmd("Newsmark unmark") -- Rui Costa
    local out = dir .. "/out.ann"
    H.notifications(function()
      vim.cmd("Newsmark export brat " .. vim.fn.fnameescape(out))
    end)
    local got = read_lines(out)
    local ents = require("newsmark").get(buf).entities
    local want, t = {}, 0
    for _, e in ipairs(ents) do
      t = t + 1
      want[#want + 1] = ("T%d\t%s %d %d\t%s"):format(t, e.label, char_at(e.row, e.col), char_at(e.end_row, e.end_col), e.text)
    end
    assert.same(want, vim.list_slice(got, 1, #ents))
    assert.equal(1, #vim.tbl_filter(function(l)
      return l:find("^T%d+\tEVENT 33 44\tFerry Guild$") ~= nil
    end, got))
    for _, l in ipairs(got) do
      assert.is_nil(l:find("Rui Costa", 1, true), l)
    end
    local quote = got[#ents + 1]
    assert.equal(('T%d\tQuote 55 73\t"We sail at dawn,"'):format(#ents + 1), quote)
    assert.equal(("A1\tQuoteType T%d direct"):format(#ents + 1), got[#ents + 2])
  end)

  it("conll into a scratch window: BIO tags follow the decisions", function()
    local buf = open()
    require("newsmark.annotate").mark(buf, span_of(buf, "Ferry Guild"), "ORG")
    require("newsmark.annotate").mark(buf, span_of(buf, "Faro"), "LOC")
    vim.cmd("Newsmark export conll")
    local out = api.nvim_buf_get_lines(0, 0, -1, false)
    assert.are_not.equal(buf, api.nvim_get_current_buf())
    assert.equal("nofile", vim.bo.buftype)
    local tags = {}
    for _, l in ipairs(out) do
      local w, tag = l:match("^(.-)\t(.*)$")
      if w then
        tags[w] = tags[w] or tag
      end
    end
    assert.equal("B-ORG", tags.Ferry)
    assert.equal("I-ORG", tags.Guild)
    assert.equal("B-LOC", tags.Faro)
    assert.equal("O", tags.met)
    assert.equal("", out[#out])
  end)

  it("jsonl: one object a line with the manual label and the file name", function()
    local buf = open()
    require("newsmark.annotate").mark(buf, span_of(buf, "Ferry Guild"), "ORG")
    local text
    H.notifications(function()
      text = require("newsmark.annotate").export(buf, "jsonl", dir .. "/out.jsonl")
    end)
    local n = 0
    for _, l in ipairs(read_lines(dir .. "/out.jsonl")) do
      local o = vim.json.decode(l)
      n = n + 1
      assert.truthy(o.file:find("ferry.md", 1, true))
      if o.kind == "entity" and o.text == "Ferry Guild" then
        assert.equal("ORG", o.label)
        assert.equal(TEXT:find("Ferry Guild", 1, true) - 1, o.start)
      end
    end
    assert.equal(select(2, text:gsub("\n", "")), n)
  end)

  it("jsonl equals bin/newsmark annotate of the same file and sidecar, for every example article", function()
    local examples = vim.fn.glob(H.root .. "/examples/*.md", false, true)
    assert.truthy(#examples >= 3)
    for _, src in ipairs(examples) do
      local path = dir .. "/" .. vim.fn.fnamemodify(src, ":t")
      H.write_file(path, H.read_file(src))
      vim.cmd("edit! " .. vim.fn.fnameescape(path))
      vim.bo.filetype = "markdown"
      assert(H.wait())
      local buf = api.nvim_get_current_buf()
      -- a decision of the person: the first entity becomes an EVENT
      local e = require("newsmark").get(buf).entities[1]
      require("newsmark.annotate").mark(buf, { e.row, e.col, e.end_row, e.end_col }, "EVENT")
      vim.cmd("silent write")
      local sidecar = H.read_file(path:gsub("%.md$", ".ann"))
      assert.truthy(sidecar and sidecar:find("EVENT", 1, true), path)
      local got
      H.notifications(function()
        got = require("newsmark.annotate").export(buf, "jsonl", dir .. "/out.jsonl")
      end)
      local cli = vim.fn.system({ "luajit", H.root .. "/bin/newsmark", "annotate", "--no-lexicon", "--format", "jsonl", path })
      assert.equal(0, vim.v.shell_error, cli)
      local function objects(s)
        local out = {}
        for l in s:gmatch("[^\n]+") do
          local o = vim.json.decode(l)
          o.file = nil -- the editor names the file; one file on the command line does not
          out[#out + 1] = o
        end
        return out
      end
      local want = objects(cli)
      assert.truthy(#want > 10, path)
      assert.same(want, objects(got))
    end
  end)

  it("refuses an unknown format", function()
    open()
    local msgs = H.notifications(function()
      vim.cmd("Newsmark export xml")
    end)
    assert.truthy(msgs[1].msg:find("export format must be one of brat, conll, jsonl", 1, true), msgs[1].msg)
  end)
end)
