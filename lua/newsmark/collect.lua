-- newsmark.collect: the garbage collector's work done while the editor is
-- idle, so that a keystroke does not pay for it.
--
-- Lua's collector is incremental: once a cycle has started, every kilobyte
-- allocated does a step of marking or sweeping. A keystroke's analysis
-- allocates a few hundred kilobytes (the text, its masked copy, the records
-- made again), so a keystroke that falls inside a cycle pays a few ms of
-- collection for the whole heap. This module starts and finishes cycles
-- itself, in slices of at most M.budget ms on the event loop after an
-- analysis was drawn (M.soon), once the heap has grown M.grow times over what
-- was live after the last cycle. The collector's own threshold (its "pause",
-- twice the live heap by default) is then rarely reached inside a keystroke,
-- and memory stays bounded: cycles come sooner than the collector's own,
-- never later. The collector's settings, which Neovim shares with every
-- plugin, are left alone.
--
-- Usage:
--   local collect = require("newsmark.collect")
--   collect.soon()          -- after drawing: slices on the next idle turns
--   collect.slice(2)        -- one slice of at most 2 ms; true: cycle done
--   collect.due()           -- whether a cycle should start (or is running)
local M = {}

M.budget = 2 -- ms of one slice
M.grow = 1.5 -- a cycle starts once the heap is this many times the live one
M.delay = 5 -- ms after an analysis before the first slice (a keystroke first)
M.unit = 16 -- KB of allocation each collectgarbage("step") stands for

local base -- KB in use after the last cycle finished here (nil: not known)
local running = false -- a cycle was started here and is not finished
local timer

-- Whether there is collection to do: a cycle started here and not finished,
-- or the heap grown M.grow times over the live heap.
function M.due()
  local now = collectgarbage("count")
  if not base then
    base = now
  end
  return running or now > base * M.grow
end

-- Collect for at most `budget` ms (M.budget when nil). True when a cycle
-- finished (the live heap is then known again).
function M.slice(budget)
  local hr = vim.loop.hrtime
  local stop = hr() + (budget or M.budget) * 1e6
  running = true
  repeat
    if collectgarbage("step", M.unit) then
      running = false
      base = collectgarbage("count")
      return true
    end
  until hr() >= stop
  return false
end

-- Slices on the coming idle turns of the event loop while there is
-- collection to do (each its own short block, after M.delay ms).
function M.soon()
  if not M.due() then
    return
  end
  if not timer then
    timer = vim.loop.new_timer()
  end
  timer:stop()
  local function tick()
    if M.due() and not M.slice() then
      timer:start(M.delay, 0, vim.schedule_wrap(tick))
    end
  end
  timer:start(M.delay, 0, vim.schedule_wrap(tick))
end

-- What the specs read: the live heap after the last cycle, and whether a
-- cycle is running.
function M.state()
  return { base = base, running = running }
end

return M
