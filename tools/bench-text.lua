-- bench-text.lua - the benchmarks' long article: the example articles'
-- words repeated to `words` words, a paragraph break every 60 words.
--   local text = dofile("tools/bench-text.lua")(20000)
-- Run from the project root (it reads examples/*.md).
return function(words)
  local parts, n = {}, 0
  while n < words do
    for _, p in ipairs({ "examples/article.md", "examples/council.md", "examples/summit.md" }) do
      local f = assert(io.open(p, "rb"))
      local s = f:read("*a")
      f:close()
      for w in s:gmatch("%S+") do
        n = n + 1
        if n > words then break end
        parts[#parts + 1] = w
        parts[#parts + 1] = (n % 60 == 0) and "\n\n" or " "
      end
      if n >= words then break end
    end
  end
  return table.concat(parts)
end
