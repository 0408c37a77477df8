-- Turn own.txt (articles of the project's own, one "## " block each,
-- entities in [LABEL words] brackets, tokens separated by spaces) into
-- own.jsonl: one article a line, {"text": ..., "entities": [{"start",
-- "end", "label"}]} with byte offsets into the text as written (no space
-- before , . ; : ? ! % 's and a closing quote), the format
-- `bin/newsmark eval` and :Newsmark train's check read.
--   luajit data/heldout/make.lua data/heldout/own.txt > data/heldout/own.jsonl
local src = assert(io.open(arg[1] or "data/heldout/own.txt", "rb")):read("*a")

local function jstr(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == "\n" then return "\\n" end
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return ("\\u%04x"):format(c:byte())
  end) .. '"'
end

local articles, cur = {}, nil
for line in src:gmatch("[^\n]*") do
  if line:find("^## ") then
    cur = { text = {}, ents = {}, len = 0 }
    articles[#articles + 1] = cur
  elseif cur and line:find("%S") and not line:find("^#") then
    local parts, label, quote_open = {}, nil, false
    if cur.len > 0 then
      cur.text[#cur.text + 1] = " "
      cur.len = cur.len + 1
    end
    local glue = true -- no space before the next token
    for word in line:gmatch("%S+") do
      local open = word:match("^%[(%u+)$")
      if open then
        label = { name = open }
      else
        local tok, close = word:match("^(.-)(%]?)$")
        if tok ~= "" then
          local attach = tok:find("^[,.;:?!%%]$") or tok == "'s" or tok == "'" or (tok == '"' and quote_open)
          if not glue and not attach then
            cur.text[#cur.text + 1] = " "
            cur.len = cur.len + 1
          end
          if label and not label.start then label.start = cur.len end
          cur.text[#cur.text + 1] = tok
          cur.len = cur.len + #tok
          glue = false
          if tok == '"' then
            quote_open = not quote_open
            glue = quote_open
          end
          if label then label.finish = cur.len end
        end
        if close ~= "" then
          assert(label and label.start, "a ] with no [ in: " .. line)
          cur.ents[#cur.ents + 1] = label
          label = nil
        end
      end
    end
    assert(not label, "an unclosed [ in: " .. line)
    parts = nil
  end
end
for _, a in ipairs(articles) do
  local ents = {}
  for _, e in ipairs(a.ents) do
    ents[#ents + 1] = ('{"start":%d,"end":%d,"label":%s}'):format(e.start, e.finish, jstr(e.name))
  end
  io.write('{"text":', jstr(table.concat(a.text)), ',"entities":[', table.concat(ents, ","), "]}\n")
end
