-- newsmark.lsp.actions: the language server's code actions, the decisions
-- of `:Newsmark mark/unmark/relabel/never/always` taken through
-- newsmark.decide (the editor's own decision logic) and written to the same
-- brat sidecar (article.md -> article.ann) or, for "in every document",
-- the same user lexicon (newsmark.lexicon). The text never changes: an
-- action is a command (workspace/executeCommand "newsmark.decide") whose
-- one argument says what to decide:
--   { uri, op = "mark"|"unmark"|"relabel"|"never"|"always", start, finish
--     (byte offsets), text (what was there when the action was offered),
--     label, scope = "document"|"all" (never/always) }
-- or { uri, op = "undo"|"redo" }: the last decision taken through the
-- server in that document taken back (made again), as :Newsmark undo/redo.
-- No `vim` here.
local D = require("newsmark.decide")
local S = require("newsmark.sidecar")

local M = {}

M.COMMAND = "newsmark.decide"
M.KIND = "quickfix"

-- Labels in the order the actions list them.
M.labels = {}
for _, l in ipairs({ "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC", "DATE", "TIME", "MONEY", "PERCENT" }) do
  if S.labels[l] then M.labels[#M.labels + 1] = l end
end

local function short(s)
  s = s:gsub("%s+", " ")
  if #s > 40 then s = s:sub(1, 37):gsub("[\192-\255][\128-\191]*$", "") .. "..." end
  return '"' .. s .. '"'
end

local function entity_covering(r, a, b)
  for _, e in ipairs(r.entities) do
    if e.start <= a and b <= e.finish and (a < e.finish or a == b and a == e.start) then return e end
  end
end

-- The undo history of the document `entry` (newsmark.decide.history), while
-- it is open: the decisions taken through the server, as :Newsmark keeps
-- one a buffer.
local function history(entry)
  entry.history = entry.history or D.history()
  return entry.history
end
M.history = history

-- The decisions for bytes [a, b) of entry.
local function decisions(server, entry, a, b)
  local out = {}
  local text, r = entry.text, server:result(entry)
  -- a selection is trimmed of white space at both ends
  while a < b and text:sub(a + 1, a + 1):find("%s") do a = a + 1 end
  while b > a and text:sub(b, b):find("%s") do b = b - 1 end
  local function act(title, arg)
    arg.uri = entry.uri
    arg.text = text:sub(arg.start + 1, arg.finish)
    out[#out + 1] = {
      title = "newsmark: " .. title, kind = M.KIND,
      command = { title = title, command = M.COMMAND, arguments = { arg } },
    }
  end
  local e = entity_covering(r, a, b)
  if e and (a == b or (a == e.start and b == e.finish)) then
    local name = short(text:sub(e.start + 1, e.finish))
    act(("%s is not an entity (unmark)"):format(name), { op = "unmark", start = e.start, finish = e.finish })
    for _, l in ipairs(M.labels) do
      if l ~= e.label then
        act(("relabel %s as %s (every mention)"):format(name, l),
          { op = "relabel", start = e.start, finish = e.finish, label = l })
      end
    end
    act(("always tag %s as %s in this document"):format(name, e.label),
      { op = "always", start = e.start, finish = e.finish, label = e.label, scope = "document" })
    act(("never tag %s in this document"):format(name), { op = "never", start = e.start, finish = e.finish, scope = "document" })
    if server.lexicon ~= false then
      act(("always tag %s as %s in every document (your lexicon)"):format(name, e.label),
        { op = "always", start = e.start, finish = e.finish, label = e.label, scope = "all" })
      act(("never tag %s in any document (your lexicon)"):format(name), { op = "never", start = e.start, finish = e.finish, scope = "all" })
    end
    return out
  end
  if a == b then
    a, b = D.word_at(text, a) -- (the word :Newsmark never/always takes)
    if not a then return out end
  end
  if text:sub(a + 1, b):find("[\r\n]") then return out end -- (a decision is on one line)
  local name = short(text:sub(a + 1, b))
  for _, l in ipairs(M.labels) do
    act(("mark %s as %s"):format(name, l), { op = "mark", start = a, finish = b, label = l })
  end
  act(("never tag %s in this document"):format(name), { op = "never", start = a, finish = b, scope = "document" })
  if server.lexicon ~= false then
    act(("never tag %s in any document (your lexicon)"):format(name), { op = "never", start = a, finish = b, scope = "all" })
  end
  return out
end

-- The code actions for bytes [a, b) of the document `entry` (a == b: the
-- cursor): the decisions there, then undo (and redo) of the last decision
-- taken through the server in this document, wherever the cursor is.
-- `only`: the kinds the client asked for, or nil.
function M.actions(server, entry, a, b, only)
  if only then
    local ok = false
    for _, k in ipairs(only) do
      if type(k) == "string" and (M.KIND == k or M.KIND:sub(1, #k + 1) == k .. ".") then ok = true end
    end
    if not ok then return {} end
  end
  local out = decisions(server, entry, a, b)
  local h = entry.history
  for _, op in ipairs({ "undo", "redo" }) do
    local stack = h and (op == "undo" and h.done or h.undone)
    local top = stack and stack[#stack]
    if top then
      local title = ("%s the last decision (%s)"):format(op, top.what or top.kind)
      out[#out + 1] = {
        title = "newsmark: " .. title, kind = M.KIND,
        command = { title = title, command = M.COMMAND, arguments = { { uri = entry.uri, op = op } } },
      }
    end
  end
  return out
end

local function fail(message)
  error({ code = -32602, message = message }, 0)
end

local function entity_at_span(r, s, f)
  for _, e in ipairs(r.entities) do
    if e.start == s and e.finish == f then return e end
  end
end

-- The sidecar of the document at `uri` (an error when it has no file).
local function sidecar_of(server, uri)
  local path = server.path_of(uri)
  local scpath = path and S.path_for(path)
  if not path or scpath == path then
    fail("this document has no file: save it first (its decisions go to a sidecar next to it)")
  end
  return scpath
end

-- A decision on the sidecar of document `entry` (at uri): change(sc) makes
-- it (returns the change, or nil and why); the sidecar is then written and
-- the document analysed with it. Returns the change; raises when nothing
-- was done (nothing is written then).
local function on_sidecar(server, entry, uri, change)
  local scpath = sidecar_of(server, uri)
  local sc, err = S.read(scpath)
  if err then fail(scpath .. ": " .. err .. " (nothing written)") end
  sc = sc or D.empty()
  local ch, cerr = change(sc)
  if not ch then fail(tostring(cerr)) end
  local ok, werr = S.write(scpath, sc)
  if not ok then fail(scpath .. ": " .. tostring(werr)) end
  entry.doc:set_decisions(sc)
  server:changed(entry)
  return ch
end

-- Undo (redo) the last decision taken through the server in the document
-- arg.uri, as :Newsmark undo (redo) does in a buffer: the sidecar's (the
-- same sidecar written), or an entry of the user lexicon made "in every
-- document" (the entry as it was before). Returns the one line said.
local function undo_redo(server, arg, redo)
  local entry = server.docs[arg.uri]
  if not entry then fail("the document is not open: " .. arg.uri) end
  local h = history(entry)
  local stack = redo and h.undone or h.done
  if not stack[#stack] then fail(redo and "no undone decision to redo" or "no decision to undo") end
  local inv = h:lexicon_step(redo, function(_, text, label)
    server:set_lexicon(text, label)
  end)
  if inv then
    return inv.message
  end
  return on_sidecar(server, entry, arg.uri, function(sc)
    if redo then
      return h:redo(entry.text, sc)
    end
    return h:undo(entry.text, sc)
  end).message
end

-- Take the decision `arg` (a code action's argument). Returns the one line
-- that says what was done; raises { code, message } when nothing was.
function M.execute(server, arg)
  if type(arg) == "table" and type(arg.uri) == "string" and (arg.op == "undo" or arg.op == "redo") then
    return undo_redo(server, arg, arg.op == "redo")
  end
  if type(arg) ~= "table" or type(arg.uri) ~= "string" or type(arg.op) ~= "string"
    or type(arg.start) ~= "number" or type(arg.finish) ~= "number" or type(arg.text) ~= "string" then
    fail("newsmark.decide needs { uri, op, start, finish, text }")
  end
  local entry = server.docs[arg.uri]
  if not entry then fail("the document is not open: " .. arg.uri) end
  local text = entry.text
  local s, f = arg.start, arg.finish
  if s < 0 or f > #text or s >= f or text:sub(s + 1, f) ~= arg.text then
    fail("the text changed since the action was offered: ask for the actions again")
  end
  local label = arg.label
  if label ~= nil and not S.labels[label] then fail("unknown label " .. tostring(label)) end
  local op = arg.op
  if (op == "never" or op == "always") and arg.scope == "all" then
    local ch = server:lexicon_rule(arg.text, op == "always" and label or "NEVER")
    history(entry):record(ch)
    return ch.message
  end
  local r = server:result(entry)
  local ch = on_sidecar(server, entry, arg.uri, function(sc)
    if op == "mark" then
      return D.mark(text, sc, s, f, label)
    elseif op == "unmark" or op == "relabel" then
      local e = entity_at_span(r, s, f)
      if not e then fail("no entity there any more: ask for the actions again") end
      if op == "unmark" then
        return D.unmark(text, sc, e, entry.doc:machine_result().entities)
      end
      return D.relabel(text, sc, r.entities, e, label, "entity")
    elseif op == "never" or op == "always" then
      if op == "always" and not label then fail("always needs a label") end
      return D.rule(text, sc, s, f, op == "always" and label or nil)
    end
    fail("unknown decision " .. op)
  end)
  history(entry):record(ch)
  return ch.message
end

return M
