-- The options schema (lua/newsmark/config.lua) drives the defaults, the
-- validation and the option list of doc/newsmark.txt.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")

local function doc_block()
  local f = assert(io.open(H.root .. "/doc/newsmark.txt", "rb"))
  local doc = f:read("*a")
  f:close()
  local head = "Options (generated from the schema in lua/newsmark/config.lua): >\n"
  local s = assert(doc:find(head, 1, true), "no option list in the doc")
  local e = assert(doc:find("\n<\n", s, true), "option list not closed")
  return vim.split(doc:sub(s + #head, e - 1), "\n", true)
end

describe("config schema", function()
  it("the doc's option list is the one the schema gives (luajit tools/doc-options.lua)", function()
    assert.are.same(require("newsmark.config").doc_lines(), doc_block())
  end)

  it("every key of the schema has a default and is in the doc", function()
    local config = require("newsmark.config")
    local text = table.concat(doc_block(), "\n")
    local function walk(schema, defaults, prefix)
      for _, e in ipairs(schema) do
        assert.is_not_nil(defaults[e[1]], prefix .. e[1])
        assert.is_truthy(text:find("\n    " .. prefix .. e[1] .. " = ", 1, true) or text:find("^    " .. e[1] .. " = "), prefix .. e[1])
        if e[2] == "table" then
          walk(e.fields, defaults[e[1]], prefix .. e[1] .. ".")
        end
      end
    end
    walk(config.schema, config.defaults, "")
  end)

  it("accepts every default and rejects a wrong value of every key, naming it", function()
    local config = require("newsmark.config")
    assert.is_true(config.validate(vim.deepcopy(config.defaults)))
    local bad = { boolean = "yes", number = -1, strings = "x", choice = "nope", path = 3, key = 3,
      severity = "LOUD", command = {}, table = 7 }
    local function walk(schema, prefix, wrap)
      for _, e in ipairs(schema) do
        local ok, err = pcall(config.validate, wrap({ [e[1]] = bad[e[2]] }))
        assert.is_false(ok, prefix .. e[1])
        assert.is_truthy(err:find("'" .. prefix .. e[1] .. "'", 1, true), err)
        if e[2] == "table" then
          walk(e.fields, prefix .. e[1] .. ".", function(t)
            return wrap({ [e[1]] = t })
          end)
        end
      end
    end
    walk(config.schema, "", function(t)
      return t
    end)
    local ok, err = pcall(config.validate, { train = { epochs = 2.5 } })
    assert.is_false(ok)
    assert.is_truthy(err:find("whole number", 1, true), err)
  end)

  it("the README, the doc and the code give one debounce", function()
    local config = require("newsmark.config")
    for _, file in ipairs({ "/README.md", "/doc/newsmark.txt" }) do
      local f = assert(io.open(H.root .. file, "rb"))
      local text = f:read("*a")
      f:close()
      local n = 0
      for v in text:gmatch("debounce = (%d+)") do
        n = n + 1
        assert.are.equal(config.defaults.debounce, tonumber(v), file)
      end
      assert.is_true(n > 0, file)
    end
  end)

  it("names the diagnostics namespace the code uses", function()
    local config = require("newsmark.config")
    local ns = require("newsmark.diagnostics").ns
    local name
    for n, id in pairs(vim.api.nvim_get_namespaces()) do
      if id == ns then
        name = n
      end
    end
    local doc
    for _, e in ipairs(config.schema) do
      if e[1] == "diagnostics" then
        doc = e[4]
      end
    end
    assert.is_truthy(doc:find('namespace "' .. name .. '"', 1, true), doc)
    local f = assert(io.open(H.root .. "/lua/newsmark/config.lua", "rb"))
    local src = f:read("*a")
    f:close()
    for other in src:gmatch('namespace "([^"]+)"') do
      assert.are.equal(name, other)
    end
  end)
end)
