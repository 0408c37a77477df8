-- newsmark.document: one document's analysis, with no editor inside (no
-- `vim` here), so that every view of a document reads the same result.
--
--   local D = require("newsmark.document")
--   local doc = D.new(model, { markdown = true })  -- model: core.load()
--   doc:set_text(text)                 -- the whole text (UTF-8 bytes)
--   doc:set_decisions(sc)              -- a person's decisions (newsmark.sidecar), or nil
--   local r, lost = doc:result()       -- { entities = , quotes = } in byte offsets
--   local r = D.analyze(model, text, { markdown = true })   -- one call, no object
--
-- The result has the core's shape (DESIGN.md: entities {start, finish,
-- label, id}, quotes {start, finish, type, speaker, cue, flags, parts});
-- with decisions it is newsmark.export.apply's merge (manual entities carry
-- `manual = true`); `lost` lists the decisions that could not be anchored.
-- What a quote carries (a split quotation's `parts`, its flags) passes
-- through untouched: a quote is one item.
--
-- The analysis is the core's over the whole text, read as markdown by
-- newsmark.markdown (what is not prose blanked with spaces, so offsets are
-- offsets into the text): the document-level context (name evidence and
-- label consistency, mention ids, quotes running over paragraphs, pronoun
-- speakers, headlines) is the core's. The machine's analysis is cached
-- until the text changes; a change of decisions only merges them again.
--
-- Who uses it: bin/newsmark annotate (lua/newsmark/cli/annotate.lua) and the
-- editor (newsmark.buffer: one document per buffer, fed the buffer's text as
-- it would be written), so both say the same about the same bytes (see "How
-- it fits together" in README.md).
--
-- Asynchronously (a core with model:analyze_async; else it is synchronous):
--   doc:start(text)                    -- the analysis starts on a worker thread
--   doc:start(text, lines, eol)        -- the same, the text given as its lines too
--   doc:ready()                        -- true once it is done (never blocks)
--   doc:result()                       -- waits if needed
--   doc:cancel()                       -- drop the running analysis
--   doc:finish()                       -- waits; the finished job (nil: synchronous)
local M = {}

-- Mask (markdown) and analyse `text` in one call. opts.markdown: read it as
-- markdown; opts.state / opts.at_start: a piece of a longer file
-- (newsmark.markdown.mask); opts.quotes = false: entities only.
local function input_of(text, opts)
  if opts.markdown then
    return require("newsmark.markdown").mask(text, opts.state or {}, opts.at_start ~= false, opts.memo)
  end
  return text
end

function M.analyze(model, text, opts)
  opts = opts or {}
  return model:analyze(input_of(text, opts), { entities = true, quotes = opts.quotes ~= false })
end

-- True when `model` can analyse on a worker thread (model:analyze_async).
function M.can_async(model)
  local ok, fn = pcall(function() return model.analyze_async end)
  return ok and fn ~= nil
end

---@class newsmark.Document
---@field model userdata          the loaded core model (shared, read-only)
---@field markdown boolean        read the text as markdown
---@field quotes boolean          find quotes (false: entities only)
---@field text string             the whole text
---@field decisions table|nil     a person's decisions (newsmark.sidecar), nil: none
---@field machine table|nil       cached: the core's analysis of `text`
---@field merged table|nil        cached: `machine` with the decisions applied
---@field lost table|nil          cached: decisions that could not be anchored
---@field analyses integer        how many times the core analysed the text
---@field job userdata|nil        the running asynchronous analysis of `text`
---@field input string|nil        what the core read: `text` with what is not prose blanked
---@field finished userdata|nil   the finished asynchronous analysis of `text` (Doc:finish)
---@field mask_cache table|nil    the lines read last time (newsmark.markdown.mask_lines)
local Doc = {}
Doc.__index = Doc

-- A new document. opts.markdown (default false), opts.quotes (default true).
function M.new(model, opts)
  assert(model, "newsmark.document.new: a model is required")
  opts = opts or {}
  return setmetatable({
    model = model,
    markdown = opts.markdown == true,
    quotes = opts.quotes ~= false,
    text = "",
    analyses = 0,
  }, Doc)
end

-- Replace the text. An unchanged text keeps its analysis.
function Doc:set_text(text)
  assert(type(text) == "string", "newsmark.document: text must be a string")
  if text ~= self.text then
    self:cancel()
    self.text = text
    self.machine, self.merged, self.lost, self.input, self.finished = nil, nil, nil, nil, nil
  end
  return self
end

-- Masked lines kept between analyses (newsmark.markdown.mask's memo),
-- dropped when they outgrow the text.
function Doc:memo()
  local m = self.mask_memo
  if not m or (self.memo_n or 0) > 2 * (#self.text / 40 + 256) then
    m = {}
    self.mask_memo, self.memo_n = m, 0
  end
  self.memo_n = (self.memo_n or 0) + 1 -- (calls, an upper bound of growth)
  return m
end

-- The lines read last time (newsmark.markdown.mask_lines's cache): an edit
-- reads again only the lines it changed.
function Doc:lines_cache()
  local c = self.mask_cache
  if not c then
    c = {}
    self.mask_cache = c
  end
  return c
end

-- Replace the text and start its analysis on a worker thread (synchronously
-- when the model cannot: then it is done at once). A running analysis of an
-- older text is cancelled: never more than one per document.
-- `lines` (optional): the text as lines joined by "\n" (and one more after
-- the last when `eol`), which spares cutting it into lines again.
function Doc:start(text, lines, eol)
  self:set_text(text)
  if self.machine or self.job or self.finished then
    return self
  end
  if not M.can_async(self.model) then
    self:machine_result()
    return self
  end
  if not (self.markdown and lines) then
    self.mask_cache = nil
  end
  self.input = self.markdown and lines and require("newsmark.markdown").mask_lines(lines, eol, self:memo(), self:lines_cache())
    or input_of(self.text, { markdown = self.markdown, memo = self:memo() })
  local job, err = self.model:analyze_async(self.input, { entities = true, quotes = self.quotes })
  if not job then
    error("newsmark.document: " .. tostring(err), 0)
  end
  self.job = job
  return self
end

-- True when the analysis of the text is done (never blocks).
function Doc:ready()
  return self.machine ~= nil or self.finished ~= nil or (self.job ~= nil and self.job:done())
end

-- Drop the running asynchronous analysis (its text is analysed again when a
-- result is asked for).
function Doc:cancel()
  if self.job then
    self.job:cancel()
    self.job = nil
  end
end

-- Set a person's decisions (a newsmark.sidecar table; nil: none). The
-- machine's analysis is kept: only the merge is done again.
function Doc:set_decisions(sc)
  self.decisions = sc
  self.merged, self.lost = nil, nil
  return self
end

-- Wait for the asynchronous analysis of the text and keep it as a job
-- (its result not yet read into Lua tables): the editor reads it piece by
-- piece (job:diff, job:entity, ...; see src/lua_newsmark.c). Returns that
-- job, or nil when the text was analysed synchronously.
function Doc:finish()
  local job = self.job
  if job then
    self.job = nil
    if not job:count() then
      local _, err = job:result()
      error("newsmark.document: " .. tostring(err), 0)
    end
    self.finished = job
    self.analyses = self.analyses + 1
  end
  return self.finished
end

-- The core's analysis of the text, without decisions.
function Doc:machine_result()
  if not self.machine then
    if self.job then
      self:finish()
    end
    local job = self.finished
    if job then
      local r, err = job:result()
      if not r then
        error("newsmark.document: " .. tostring(err), 0)
      end
      self.machine = r
    else
      self.input = input_of(self.text, { markdown = self.markdown, memo = self:memo() })
      self.machine = self.model:analyze(self.input, { entities = true, quotes = self.quotes })
      self.analyses = self.analyses + 1
    end
  end
  return self.machine
end

-- Merge the decisions into the finished job `job` (doc:finish()'s), in the
-- core (job:merge): its readers (the editor's incremental records, job:diff)
-- then read the one result, equal to what doc:result() merges in Lua
-- (tests/core/merge_spec.lua). Without decisions the job is the machine's.
-- Returns the job and the decisions that could not be anchored; nil and a
-- message when the core cannot merge them (then read doc:result()).
function Doc:merge_into(job)
  local sc = self.decisions
  if not sc then
    job:merge(nil)
    return job, {}
  end
  local X = require("newsmark.export")
  local ds, lost = X.decisions(self.text, sc)
  local eff = X.effective(self.text, ds, function(s, f)
    return job:longer(s, f)
  end)
  local tids, num, decs = {}, {}, {}
  for i, d in ipairs(eff) do
    if type(d.tid) ~= "string" then
      job:merge(nil)
      return nil, "a decision without a name"
    end
    local k = num[d.tid]
    if not k then
      k = #tids + 1
      tids[k], num[d.tid] = d.tid, k
    end
    decs[i] = { start = d.start, finish = d.finish, label = d.label, never = d.never, tid = k }
  end
  local groups = {}
  for i, g in ipairs(sc.equivs or {}) do
    local x = {}
    for _, tid in ipairs(g) do
      x[#x + 1] = num[tid] -- (a name with no entity here joins nothing)
    end
    groups[i] = x
  end
  local ok, err = job:merge(decs, groups, tids, self.text)
  if not ok then
    job:merge(nil)
    return nil, err
  end
  return job, lost
end

-- The one result: the machine's analysis with the decisions applied.
-- Returns result, lost (decisions not anchored; empty without decisions).
-- The tables are shared until the next change: treat them as read-only.
function Doc:result()
  if not self.merged then
    local r = self:machine_result()
    if self.decisions then
      self.merged, self.lost = require("newsmark.export").apply(self.text, r, self.decisions)
    else
      self.merged, self.lost = r, {}
    end
  end
  return self.merged, self.lost
end

return M
