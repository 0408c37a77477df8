-- newsmark annotate: entities and quotes of files or stdin, as JSON lines,
-- plain text, brat standoff or CoNLL. Input is read in pieces cut at
-- paragraph breaks, so memory stays bounded however large the input (ids are
-- unique across pieces; mentions in different pieces of a very large input
-- are not linked). `--input jsonl` reads one {"id","text"} document per line.
local json = require("newsmark.cli.json")
-- What a document's analysis is (markdown reading, decisions): newsmark.document.
local document = require("newsmark.document")

local M = {}

M.PIECE = 4 * 1024 * 1024


-- Where to cut a buffer of at least `size` bytes: after a paragraph break in
-- its second half, else after a line break, else after a space, else on a
-- UTF-8 character boundary.
local function find_cut(buf, size)
  local from = math.floor(size / 2)
  local _, e = buf:find("\n[ \t\r]*\n", from)
  if e and e <= size then return e end
  e = buf:find("\n", from, true)
  if e and e <= size then return e end
  e = buf:find("[ \t]", from)
  if e and e <= size then return e end
  local cut = size
  while cut > 1 do
    local b = buf:byte(cut + 1)
    if not b or b < 0x80 or b > 0xBF then break end
    cut = cut - 1
  end
  return cut
end
M.find_cut = find_cut

-- Iterate over the pieces of an open file: returns piece, byte offset.
function M.pieces(fh, size)
  size = size or M.PIECE
  local buf, base, eof = "", 0, false
  return function()
    while true do
      if #buf > size or (eof and #buf > 0) then
        local cut = #buf > size and find_cut(buf, size) or #buf
        local piece, b = buf:sub(1, cut), base
        buf = buf:sub(cut + 1)
        base = base + #piece
        return piece, b
      end
      if eof then return nil end
      local chunk, rerr = fh:read(size)
      if not chunk and rerr then error({ read_error = rerr }) end
      if chunk then
        buf = buf .. chunk
      else
        eof = true
      end
    end
  end
end

local function span_obj(text, s, f, base)
  return { __order = { "start", "end", "text" }, start = base + s, ["end"] = base + f, text = text:sub(s + 1, f) }
end

local function entity_obj(ctx, text, e, base, idbase)
  return {
    __order = { "kind", "label", "start", "end", "text", "id", "doc", "file" },
    kind = "entity", label = e.label, start = base + e.start, ["end"] = base + e.finish,
    text = text:sub(e.start + 1, e.finish), id = "e" .. (e.id + idbase), doc = ctx.doc, file = ctx.file,
  }
end

local function quote_obj(ctx, text, q, base, idbase)
  local o = {
    __order = { "kind", "type", "start", "end", "text", "speaker", "cue", "parts", "flags", "rule", "doc", "file" },
    kind = "quote", type = q.type, start = base + q.start, ["end"] = base + q.finish,
    text = text:sub(q.start + 1, q.finish), speaker = json.null, cue = json.null,
    doc = ctx.doc, file = ctx.file,
  }
  if q.speaker then
    o.speaker = span_obj(text, q.speaker.start, q.speaker.finish, base)
    o.speaker.__order = { "start", "end", "text", "id" }
    o.speaker.id = (q.speaker.id or 0) > 0 and ("e" .. (q.speaker.id + idbase)) or json.null
  end
  if q.cue then o.cue = span_obj(text, q.cue.start, q.cue.finish, base) end
  if q.parts and #q.parts >= 2 then
    local ps = {}
    for i, p in ipairs(q.parts) do ps[i] = span_obj(text, p.start, p.finish, base) end
    o.parts = setmetatable(ps, json.array_mt)
  end
  local fl = {}
  for k in pairs(q.flags or {}) do fl[#fl + 1] = k end
  table.sort(fl)
  if #fl > 0 then o.flags = setmetatable(fl, json.array_mt) end
  if ctx.explain then o.rule = q.rule or json.null end
  return o
end

-- Entities and quotes of one analysis, in text order (both lists come
-- sorted by start: merge them; an entity sorts before a quote at its start).
local function ordered(r)
  local items, ents, quotes = {}, r.entities, r.quotes
  local i, j, n = 1, 1, 0
  while i <= #ents or j <= #quotes do
    local e, q = ents[i], quotes[j]
    n = n + 1
    if e and (not q or e.start <= q.start) then
      items[n] = { e.start, 0, e }
      i = i + 1
    else
      items[n] = { q.start, 1, q }
      j = j + 1
    end
  end
  return items
end

-- A JSON string; plain ASCII text takes the fast path.
local function jstr(s)
  if s:find('[%c"\\\128-\255]') then return json.string(s) end
  return '"' .. s .. '"'
end

local function one_line(s)
  return (json.clean_utf8(s):gsub("[\r\n\t]+", " "))
end

-- Writers: write(ctx, piece, base, r) for each analysed piece.
local writers = {}

function writers.jsonl(ctx, text, base, r)
  -- written directly (not through json.encode): this is the hot path of batch work
  local out, idbase, fmt = ctx.out, ctx.idbase, string.format
  local tail = ctx.tail
  if not tail then
    tail = ""
    if ctx.doc ~= nil then tail = tail .. ',"doc":' .. json.encode(ctx.doc) end
    if ctx.file then tail = tail .. ',"file":' .. jstr(ctx.file) end
    tail = tail .. "}\n"
    ctx.tail = tail
  end
  local buf, nb = {}, 0
  for _, it in ipairs(ordered(r)) do
    local x = it[3]
    local s, f = x.start, x.finish
    if it[2] == 0 then
      nb = nb + 1
      buf[nb] = fmt('{"kind":"entity","label":"%s","start":%d,"end":%d,"text":%s,"id":"e%d"%s%s',
        x.label, base + s, base + f, jstr(text:sub(s + 1, f)), x.id + idbase, x.manual and ',"manual":true' or "", tail)
    else
      local sp, cue = "null", "null"
      if x.speaker then
        local a, b = x.speaker.start, x.speaker.finish
        local id = (x.speaker.id or 0) > 0 and ('"e' .. (x.speaker.id + idbase) .. '"') or "null"
        sp = fmt('{"start":%d,"end":%d,"text":%s,"id":%s}', base + a, base + b, jstr(text:sub(a + 1, b)), id)
      end
      if x.cue then
        local a, b = x.cue.start, x.cue.finish
        cue = fmt('{"start":%d,"end":%d,"text":%s}', base + a, base + b, jstr(text:sub(a + 1, b)))
      end
      local fl = ""
      if x.parts and #x.parts >= 2 then
        local ps = {}
        for i, p in ipairs(x.parts) do
          ps[i] = fmt('{"start":%d,"end":%d,"text":%s}', base + p.start, base + p.finish, jstr(text:sub(p.start + 1, p.finish)))
        end
        fl = ',"parts":[' .. table.concat(ps, ",") .. "]"
      end
      if x.flags and next(x.flags) then
        local names = {}
        for k in pairs(x.flags) do names[#names + 1] = '"' .. k .. '"' end
        table.sort(names)
        fl = fl .. ',"flags":[' .. table.concat(names, ",") .. "]"
      end
      if ctx.explain then fl = fl .. ',"rule":' .. (x.rule and jstr(x.rule) or "null") end
      nb = nb + 1
      buf[nb] = fmt('{"kind":"quote","type":"%s","start":%d,"end":%d,"text":%s,"speaker":%s,"cue":%s%s%s',
        x.type, base + s, base + f, jstr(text:sub(s + 1, f)), sp, cue, fl, tail)
    end
    if nb >= 512 then
      out:write(table.concat(buf, "", 1, nb))
      nb = 0
    end
  end
  if nb > 0 then out:write(table.concat(buf, "", 1, nb)) end
end

function writers.text(ctx, text, base, r)
  for _, it in ipairs(ordered(r)) do
    if it[2] == 0 then
      local o = entity_obj(ctx, text, it[3], base, ctx.idbase)
      -- a person's decision (from the sidecar) is marked with a *
      ctx.out:write(string.format("%-8s %-5s %s\n", o.label .. (it[3].manual and "*" or ""), o.id, one_line(o.text)))
    else
      local o = quote_obj(ctx, text, it[3], base, ctx.idbase)
      local who = "?"
      if o.speaker ~= json.null then
        who = one_line(o.speaker.text) .. (o.speaker.id ~= json.null and (" " .. o.speaker.id) or "")
      end
      local cue = o.cue ~= json.null and one_line(o.cue.text) or "-"
      local rule = ctx.explain and (" {" .. (it[3].rule or "?") .. "}") or ""
      ctx.out:write(string.format("QUOTE    %-8s %s [%s]%s %s\n", o.type, who, cue, rule, one_line(o.text)))
    end
  end
end

function writers.brat(ctx, text, base, r)
  -- character offsets as brat counts them (the sidecar and the exports alike)
  local off = require("newsmark.sidecar").offsets(text)
  local nchars, to_char = off.nchars, off.to_char
  local cb = ctx.charbase
  local function T(label, s, f)
    ctx.t = ctx.t + 1
    ctx.out:write(string.format("T%d\t%s %d %d\t%s\n", ctx.t, label, cb + to_char(s), cb + to_char(f), one_line(text:sub(s + 1, f))))
    return ctx.t
  end
  local function rel(kind, a1, a2)
    ctx.r = ctx.r + 1
    ctx.out:write(string.format("R%d\t%s Arg1:T%d Arg2:T%d\n", ctx.r, kind, a1, a2))
  end
  local ent_t = {}
  for _, e in ipairs(r.entities) do
    local t = T(e.label, e.start, e.finish)
    ent_t[e.start .. ":" .. e.finish] = t
  end
  for _, q in ipairs(r.quotes) do
    local qt
    if q.parts and #q.parts >= 2 then
      -- one discontinuous span: `T1<TAB>Quote 0 14;30 62<TAB>text of the parts`
      local offs, texts = {}, {}
      for i, p in ipairs(q.parts) do
        offs[i] = (cb + to_char(p.start)) .. " " .. (cb + to_char(p.finish))
        texts[i] = one_line(text:sub(p.start + 1, p.finish))
      end
      ctx.t = ctx.t + 1
      qt = ctx.t
      ctx.out:write(string.format("T%d\tQuote %s\t%s\n", qt, table.concat(offs, ";"), table.concat(texts, " ")))
    else
      qt = T("Quote", q.start, q.finish)
    end
    ctx.a = ctx.a + 1
    ctx.out:write(string.format("A%d\tQuoteType T%d %s\n", ctx.a, qt, q.type))
    if ctx.explain and q.rule then
      ctx.n = (ctx.n or 0) + 1
      ctx.out:write(string.format("#%d\tAnnotatorNotes T%d\trule %s\n", ctx.n, qt, q.rule))
    end
    if q.speaker then
      local st = ent_t[q.speaker.start .. ":" .. q.speaker.finish] or T("Speaker", q.speaker.start, q.speaker.finish)
      rel("SpokenBy", qt, st)
    end
    if q.cue then rel("CuedBy", qt, T("Cue", q.cue.start, q.cue.finish)) end
  end
  ctx.charbase = cb + nchars
end

function writers.conll(ctx, text, base, r)
  local toks = ctx.model:tokens(text)
  local k = 1
  for i, tk in ipairs(toks) do
    if tk.sentence and i > 1 then ctx.out:write("\n") end
    while r.entities[k] and r.entities[k].finish <= tk.start do k = k + 1 end
    local e, tag = r.entities[k], "O"
    if e and tk.start >= e.start and tk.finish <= e.finish then
      tag = (tk.start == e.start and "B-" or "I-") .. e.label
    end
    local word = json.clean_utf8(text:sub(tk.start + 1, tk.finish)):gsub("%s", "_")
    ctx.out:write(word, "\t", tag, "\n")
  end
  if #toks > 0 then ctx.out:write("\n") end
end

M.writers = writers

-- Markdown: blank out (with spaces, so offsets stay) what is not prose, as
-- the editor does (newsmark.markdown: the one reader). `state` carries an
-- open fence from one piece to the next.
M.mask_markdown = require("newsmark.markdown").mask

local function max_id(r)
  local m = 0
  for _, e in ipairs(r.entities) do
    if e.id > m then m = e.id end
  end
  return m
end

-- Annotate one open file handle with writer w.
function M.stream(ctx, fh, w, size)
  local state = {}
  for piece, base in M.pieces(fh, size) do
    local r = document.analyze(ctx.model, piece, {
      markdown = ctx.markdown, state = state, at_start = base == 0, quotes = ctx.format ~= "conll",
    })
    w(ctx, piece, base, r)
    ctx.idbase = ctx.idbase + max_id(r)
  end
end

-- Annotate one open file handle whose sidecar `sc` (newsmark.sidecar) holds
-- a person's decisions: the whole text at once (decisions are anchored by
-- their text), merged with the machine's (newsmark.export.apply). Returns
-- the annotations that could not be anchored.
function M.with_sidecar(ctx, fh, w, sc)
  local text, rerr = fh:read("*a")
  if not text then error({ read_error = rerr }) end
  local doc = document.new(ctx.model, { markdown = ctx.markdown, quotes = ctx.format ~= "conll" })
  doc:set_text(text):set_decisions(sc)
  local merged, lost = doc:result()
  w(ctx, text, 0, merged)
  return lost
end

-- `--input jsonl`: one {"id": ..., "text": ...} document per line.
function M.documents(ctx, fh, w)
  local lineno = 0
  for line in fh:lines() do
    lineno = lineno + 1
    if line:find("%S") then
      local ok, doc = pcall(json.decode, line)
      if not ok or type(doc) ~= "table" or type(doc.text) ~= "string" then
        return nil, string.format("%s:%d: expected a JSON object with a \"text\" string", ctx.name, lineno)
      end
      local id = doc.id
      if id == nil or id == json.null then id = lineno end
      ctx.doc, ctx.idbase, ctx.charbase, ctx.tail = id, 0, 0, nil
      w(ctx, doc.text, 0, document.analyze(ctx.model, doc.text, { markdown = ctx.markdown, quotes = ctx.format ~= "conll" }))
    end
  end
  return true
end

return M
