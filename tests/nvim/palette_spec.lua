-- The default colours of newsmark's highlight groups read on Neovim's own
-- default colorscheme, dark and light.
--
-- Measured: the WCAG 2 contrast ratio of each group's effective foreground
-- (after links, as Neovim draws it) against the Normal background. The bar is
-- palette.min_contrast = 4.5:1 (WCAG AA for body text): entity highlights
-- colour ordinary words of an article, which must stay as readable as the
-- text around them. Normal's background: Neovim 0.10+ gives it a colour
-- (NvimDarkGrey2 / NvimLightGrey2); Neovim 0.7 gives it none, and the
-- terminal's default is then assumed: black for background=dark, white for
-- light. cterm colours are measured against black and white likewise.
local H = dofile(os.getenv("NEWSMARK_ROOT") .. "/tests/nvim/helpers.lua")
local palette = require("newsmark.palette")

local ASSUMED = { dark = "#000000", light = "#ffffff" }

local function attr(name, what, mode)
  return vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID(name)), what, mode)
end

local function with_default_scheme(bg, fn)
  local saved = vim.o.background
  -- 0.7's default.vim resets 'background' (set bg&): set it afterwards, as
  -- a person does; OptionSet does not fire while Neovim starts (the specs
  -- run then), so it is fired by hand.
  vim.cmd("highlight clear")
  vim.cmd("colorscheme default")
  vim.o.background = bg
  vim.cmd("doautocmd OptionSet background")
  local ok, err = pcall(fn)
  vim.cmd("colorscheme default")
  vim.o.background = saved
  vim.cmd("doautocmd OptionSet background")
  assert(ok, err)
end

describe("palette", function()
  before_each(function()
    H.setup()
  end)

  for _, bg in ipairs({ "dark", "light" }) do
    it(("every group reads on the default colorscheme, background=%s (>= %.1f:1)"):format(bg, palette.min_contrast), function()
      H.buf({ "Ana Ruiz spoke." })
      with_default_scheme(bg, function()
        -- 0.10+ gives colour names ("NvimDarkGrey2"): palette.hex resolves them
        local normal = palette.hex(attr("Normal", "bg#", "gui")) or ASSUMED[bg]
        local low = {}
        for _, g in ipairs(palette.groups) do
          local fg = palette.hex(attr(g.name, "fg#", "gui"))
          assert.is_not_nil(fg, g.name .. " has no foreground")
          local r = palette.contrast(fg, normal)
          if r < palette.min_contrast then
            low[#low + 1] = ("%s %s on %s: %.2f"):format(g.name, fg, normal, r)
          end
          local cfg = tonumber(attr(g.name, "fg", "cterm"))
          assert.is_truthy(cfg and cfg >= 16, g.name .. " has no 256-colour foreground")
          local cr = palette.contrast(palette.xterm(cfg), ASSUMED[bg])
          if cr < palette.min_contrast then
            low[#low + 1] = ("%s cterm %d on %s: %.2f"):format(g.name, cfg, ASSUMED[bg], cr)
          end
        end
        assert.are.same({}, low)
      end)
    end)

    it("gives each label family a colour of its own, background=" .. bg, function()
      local seen = {}
      for fam, f in pairs(palette.families) do
        local c = f[bg]
        assert.is_nil(seen[c[1]], fam .. " shares " .. c[1] .. " with " .. tostring(seen[c[1]]))
        assert.is_nil(seen[c[2]], fam .. " shares cterm " .. c[2] .. " with " .. tostring(seen[c[2]]))
        seen[c[1]], seen[c[2]] = fam, fam
      end
    end)
  end

  it("measures contrast as WCAG 2 does", function()
    assert.are.equal(21, math.floor(palette.contrast("#000000", "#ffffff") + 0.5))
    assert.are.equal(1, palette.contrast("#777777", "#777777"))
    assert.are.equal("#87d7ff", palette.xterm(117))
    assert.are.equal("#080808", palette.xterm(232))
    assert.are.equal("#ff0000", palette.hex("Red"))
    assert.are.equal("#0000ff", palette.hex(255))
    assert.is_nil(palette.hex(""))
  end)
end)
