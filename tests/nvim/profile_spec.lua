-- The profile option (|newsmark-profiles|): the editor shows what
-- `bin/newsmark annotate --profile P` says, for every profile; the profiles
-- differ, so the option is really used; a folder without the profile's
-- file is a message naming it; switching profile with setup() analyses again
-- with the new tagger; :Newsmark train starts from the profile's tagger.
local H = require("tests.nvim.helpers")
local api = vim.api
local buffer = require("newsmark.buffer")
local core = require("newsmark.core")

local root = H.root
local PROFILES = { "news", "web", "mixed", "social" }
-- a post the four taggers read differently ("Porto": a club, nothing, a
-- city, part of "Porto crew")
local POST = "Great night with Ana at Harbour Grill, thanks @ruizana and the Porto crew!\n"

-- "start end label" of every entity, sorted
local function cli_entities(text, profile)
  local out = vim.fn.system({ root .. "/bin/newsmark", "annotate", "--plain", "--profile", profile }, text)
  assert(vim.v.shell_error == 0, out)
  local json = require("newsmark.cli.json")
  local got = {}
  for line in out:gmatch("[^\n]+") do
    local o = json.decode(line)
    if o.kind == "entity" then
      got[#got + 1] = ("%d %d %s"):format(o.start, o["end"], o.label)
    end
  end
  table.sort(got)
  return got
end

local function editor_entities(buf)
  assert(buffer.settle(buf, 10000), "the analysis did not settle")
  buffer.sync(buf, false)
  local _, tp = buffer.text_of(buf)
  local got = {}
  for _, e in ipairs(buffer.get(buf).entities) do
    got[#got + 1] = ("%d %d %s"):format(tp.off(e.row, e.col), tp.off(e.end_row, e.end_col), e.label)
  end
  table.sort(got)
  return got
end

local function open_text(text)
  vim.cmd("enew")
  local buf = api.nvim_get_current_buf()
  api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text:gsub("\n$", ""), "\n", { plain = true }))
  vim.bo[buf].filetype = "text"
  return buf
end

describe("profile option", function()
  local tmp
  before_each(function()
    tmp = vim.fn.tempname()
    vim.fn.mkdir(tmp, "p")
  end)
  after_each(function()
    H.reset()
    vim.fn.delete(tmp, "rf")
  end)

  for _, p in ipairs(PROFILES) do
    it("editor = annotate --profile " .. p .. " (a post and an example article)", function()
      H.setup({ profile = p })
      local article = H.read_file(root .. "/examples/article.md")
      for _, text in ipairs({ POST, article }) do
        local buf = open_text(text)
        local want = cli_entities(text, p)
        assert.is_true(#want > 0)
        assert.are.same(want, editor_entities(buf))
      end
    end)
  end

  it("the profiles read the same post differently (the option is used)", function()
    local seen, distinct = {}, 0
    for _, p in ipairs(PROFILES) do
      local key = table.concat(cli_entities(POST, p), ";")
      if not seen[key] then
        seen[key], distinct = true, distinct + 1
      end
    end
    assert.equal(#PROFILES, distinct)
  end)

  it("setup() with another profile analyses the buffer again with that tagger", function()
    H.setup({ profile = "news" })
    local buf = open_text(POST)
    assert.are.same(cli_entities(POST, "news"), editor_entities(buf))
    require("newsmark").setup({ profile = "mixed" })
    assert.are.same(cli_entities(POST, "mixed"), editor_entities(buf))
  end)

  it("a model folder without the profile's file: one message naming the file", function()
    for _, f in ipairs({ "newsmark.lex", "newsmark.model" }) do
      vim.fn.writefile(vim.fn.readfile(root .. "/data/" .. f, "b"), tmp .. "/" .. f, "b")
    end
    H.setup({ model_dir = tmp, profile = "social" })
    local model, err = core.model(tmp)
    assert.is_nil(model)
    assert.is_truthy(err:find("newsmark-social.model", 1, true), err)
    assert.is_nil(err:find("\n", 1, true), err)
    -- news, the folder's newsmark.model, loads
    H.setup({ model_dir = tmp, profile = "news" })
    assert.is_truthy(core.model(tmp))
  end)

  it("fine-tuning starts from the profile's tagger", function()
    H.setup({ profile = "web" })
    assert.equal(root .. "/data/newsmark-web.model", core.model_file(root .. "/data"))
    H.setup({ profile = "news" })
    assert.equal(root .. "/data/newsmark.model", core.model_file(root .. "/data"))
  end)
end)
