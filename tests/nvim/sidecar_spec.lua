-- The sidecar in the editor: save/reopen round trip, external edits and
-- re-anchoring, a corrupt sidecar, writes that fail half-way.
local H = require("tests.nvim.helpers")
local api = vim.api

local dir

local write_file = H.write_file

local read_file = H.read_file

local function open(path)
  vim.cmd("edit! " .. vim.fn.fnameescape(path))
  vim.bo.filetype = "markdown"
  assert(H.wait())
  return api.nvim_get_current_buf()
end

local function close(buf)
  vim.cmd("silent! bwipeout! " .. buf)
end

local entity = H.entity

local span = H.range_of

local function files()
  local out = vim.fn.readdir(dir)
  table.sort(out)
  return out
end

local TEXT = "Rui Costa met Leonor Brás at the Ferry Guild in Faro.\n\nThe Ferry Guild said Faro would pay.\n"

describe("sidecar", function()
  local ann, md
  H.temp_dir(function(d)
    dir = d
    md, ann = dir .. "/ferry.md", dir .. "/ferry.ann"
    write_file(md, TEXT)
  end)

  it("is not created while there is nothing to keep", function()
    open(md)
    vim.cmd("silent write")
    assert.same({ "ferry.md" }, files())
  end)

  it("round trip: decisions saved on :write are restored when the article is opened again", function()
    local buf = open(md)
    local A = require("newsmark.annotate")
    A.mark(buf, span(buf, "Ferry Guild"), "ORG")
    A.mark(buf, span(buf, "Leonor Brás"), "PERSON")
    H.set_cursor(0, 0)
    vim.cmd("Newsmark unmark") -- Rui Costa
    vim.cmd("silent write")
    local saved = read_file(ann)
    assert.equal(
      "T3\tNever 0 9\tRui Costa\nT2\tPERSON 14 25\tLeonor Brás\nT1\tORG 33 44\tFerry Guild\n",
      saved
    )
    close(buf)
    buf = open(md)
    assert.is_nil(entity(buf, "Rui Costa"))
    assert.equal("ORG", entity(buf, "Ferry Guild").label)
    assert.is_true(entity(buf, "Ferry Guild").manual)
    assert.equal("PERSON", entity(buf, "Leonor Brás").label)
    -- saving again without changes writes the same bytes
    vim.cmd("silent write")
    assert.equal(saved, read_file(ann))
    assert.same({ "ferry.ann", "ferry.md" }, files())
  end)

  it("keeps lines it does not manage (relations, notes, other types) when it rewrites the file", function()
    write_file(ann, "T1\tORG 33 44\tFerry Guild\nT2\tVessel 0 3\tRui\nR1\tOwns Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tchecked\n")
    local buf = open(md)
    require("newsmark.annotate").mark(buf, span(buf, "Faro"), "GPE")
    vim.cmd("silent write")
    assert.equal(
      "T1\tORG 33 44\tFerry Guild\nT3\tGPE 48 52\tFaro\nT2\tVessel 0 3\tRui\nR1\tOwns Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tchecked\n",
      read_file(ann)
    )
  end)

  it("re-anchors decisions by their text after the article changed outside the editor", function()
    write_file(ann, "T1\tORG 33 44\tFerry Guild\nT2\tNever 48 52\tFaro\nT3\tPERSON 14 25\tLeonor Brás\n")
    -- an external edit: a new paragraph first, and Leonor's name gone
    write_file(md, "A storm closed the harbour.\n\nRui Costa met the captain at the Ferry Guild in Faro.\n\nThe Ferry Guild said Faro would pay.\n")
    local buf
    local msgs = H.notifications(function()
      buf = open(md)
    end)
    assert.equal(1, #msgs, vim.inspect(msgs))
    assert.equal(vim.log.levels.WARN, msgs[1].level)
    assert.truthy(msgs[1].msg:find('T3 PERSON "Leonor Brás"', 1, true), msgs[1].msg)
    assert.truthy(msgs[1].msg:find("stay in the file", 1, true), msgs[1].msg)
    local st = require("newsmark.annotate").state(buf)
    assert.equal(2, st.moved)
    local g = entity(buf, "Ferry Guild")
    assert.equal("ORG", g.label)
    assert.same({ 2, 33 }, { g.row, g.col }) -- the occurrence nearest the old place
    -- the Never moved with its text: the first Faro is not tagged, the second is the machine's
    vim.cmd("silent write")
    assert.equal(
      "T3\tPERSON 14 25\tLeonor Brás\nT1\tORG 62 73\tFerry Guild\nT2\tNever 77 81\tFaro\n",
      read_file(ann),
      "the lost annotation is kept as it was"
    )
  end)

  it("reports a corrupt sidecar with its line and never overwrites it", function()
    local bad = "T1\tORG 33 44\tFerry Guild\nthis is not brat\n"
    write_file(ann, bad)
    local buf
    local msgs = H.notifications(function()
      buf = open(md)
    end)
    assert.equal(1, #msgs)
    assert.equal(vim.log.levels.ERROR, msgs[1].level)
    assert.truthy(msgs[1].msg:find("ferry.ann: line 2: not a brat standoff line", 1, true), msgs[1].msg)
    local m2 = H.notifications(function()
      H.set_cursor(0, 0)
      vim.cmd("Newsmark unmark")
      api.nvim_buf_set_lines(buf, 0, 0, false, { "New line." })
      vim.cmd("silent write")
    end)
    assert.truthy(m2[1].msg:find("fix or remove the sidecar", 1, true), m2[1].msg)
    assert.truthy(m2[2].msg:find("annotations not saved", 1, true), m2[2].msg)
    assert.equal(bad, read_file(ann))
    -- the person fixes it and reloads: it is used again
    write_file(ann, "T1\tORG 33 44\tFerry Guild\n")
    vim.cmd("silent write")
    vim.cmd("edit")
    -- (:edit of an unchanged buffer fires no on_lines: analyse explicitly)
    require("newsmark.buffer").refresh(buf)
    assert(H.wait(buf))
    assert.is_nil(require("newsmark.annotate").state(buf).corrupt)
    assert.is_true(entity(buf, "Ferry Guild").manual)
  end)

  for _, case in ipairs({
    { "the rename fails", "rename" },
    { "writing the temporary file fails half-way", "write" },
    { "the temporary file cannot be created", "open" },
  }) do
    it("leaves the previous sidecar intact when " .. case[1], function()
      local before = "T1\tORG 33 44\tFerry Guild\n"
      write_file(ann, before)
      local buf = open(md)
      local S = require("newsmark.sidecar")
      local saved = S.fs
      S.fs = setmetatable({}, { __index = saved })
      if case[2] == "rename" then
        S.fs.rename = function()
          return nil, "simulated: device busy"
        end
      elseif case[2] == "open" then
        S.fs.open = function(path, mode)
          if mode == "wb" then
            return nil, "simulated: permission denied"
          end
          return saved.open(path, mode)
        end
      else
        S.fs.open = function(path, mode)
          local f, err = saved.open(path, mode)
          if not f or mode ~= "wb" then
            return f, err
          end
          return {
            write = function(_, s)
              f:write(s:sub(1, math.floor(#s / 2)))
              return nil, "simulated: no space left on device"
            end,
            flush = function()
              return f:flush()
            end,
            close = function()
              return f:close()
            end,
          }
        end
      end
      local msgs = H.notifications(function()
        require("newsmark.annotate").mark(buf, span(buf, "Faro"), "GPE")
        vim.cmd("silent write")
      end)
      S.fs = saved
      assert.truthy(#msgs >= 1)
      assert.equal(vim.log.levels.ERROR, msgs[#msgs].level)
      assert.truthy(msgs[#msgs].msg:find("simulated", 1, true), msgs[#msgs].msg)
      assert.truthy(msgs[#msgs].msg:find("previous sidecar is unchanged", 1, true))
      assert.equal(before, read_file(ann))
      assert.same({ "ferry.ann", "ferry.md" }, files(), "no temporary file is left behind")
      -- the next write succeeds and keeps the decision
      vim.cmd("silent write")
      assert.equal("T1\tORG 33 44\tFerry Guild\nT2\tGPE 48 52\tFaro\n", read_file(ann))
    end)
  end

  it("writes the sidecar next to the copy on :write {other}", function()
    local buf = open(md)
    require("newsmark.annotate").mark(buf, span(buf, "Ferry Guild"), "ORG")
    vim.cmd("silent write " .. vim.fn.fnameescape(dir .. "/copy.md"))
    assert.equal("T1\tORG 33 44\tFerry Guild\n", read_file(dir .. "/copy.ann"))
  end)

  it("saves at once after a command when the buffer has no unsaved changes", function()
    local buf = open(md)
    require("newsmark.annotate").mark(buf, span(buf, "Ferry Guild"), "ORG")
    assert.equal("T1\tORG 33 44\tFerry Guild\n", read_file(ann))
    api.nvim_buf_set_lines(buf, 0, 0, false, { "Unsaved." })
    assert(H.wait(buf))
    require("newsmark.annotate").mark(buf, span(buf, "Faro"), "GPE")
    assert.equal("T1\tORG 33 44\tFerry Guild\n", read_file(ann), "offsets would not match the file on disk")
  end)
end)
