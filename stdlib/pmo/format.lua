--- Figures as a manager reads them, and as a machine reads them back.
--
-- The one place that says how a number reads: the report renderers (terminal,
-- Markdown, HTML), the REPL's printer, `pmo eval`, KPI explanations and the
-- CSV and JSON writers all format through here, so a figure reads the same
-- wherever it is shown.
--
--     local fmt = require("pmo.format")
--     fmt.value(1234567.8, "money", { currency = "EUR" })   --> "€1,234,568"
--     fmt.value(0.934, "share")                             --> "93.4%"
--     fmt.value(0.78290316170423, "ratio")                  --> "0.78"
--     fmt.shortest(338664.29600000003)                      --> "338664.296"
--
-- Units (a KPI's `unit`, a report column's `format`):
--
-- | unit | reads as | example |
-- | --- | --- | --- |
-- | money | thousands separators, the organisation's currency, whole units from 1,000 up | €1,112,000 |
-- | ratio | two decimals | 0.78 |
-- | percent, share | a fraction shown as a percentage, one decimal | 16.5% |
-- | days | whole days | 123 d |
-- | hours | whole hours from 10 up | 1,234 h |
-- | count, integer | whole, grouped | 1,234 |
-- | number | grouped, at most three decimals | 338,664.296 |
--
-- nil reads as "—" and a number that is not finite (NaN, ±inf) as "n/a".
-- Machine formats (CSV, JSON) keep full precision through `shortest`: the
-- shortest decimal text that reads back as the same double, without the
-- last-bit noise of arithmetic (`338664.29600000003` is `338664.296`).
--
-- RAG rule: a KPI is rated on its exact value, and a rated value is shown
-- with as many decimals as it takes for the shown figure to fall on the same
-- side of every threshold as the exact one (`value(0.9496, "ratio", {bands =
-- {green = 0.95, amber = 0.85}})` is "0.9496", not "0.95" next to an amber).
-- The output depends only on the value, never on the locale or the clock.
local date = require("pmo.date")

local M = {}

--- The formats a table column or tile may name, and the units a KPI may declare.
M.FORMATS = { money = true, percent = true, share = true, ratio = true, date = true, rag = true,
  integer = true, count = true, number = true, days = true, hours = true, text = true }

--- RAG ratings, worst last, with the glyph and label each renderer shows.
-- The glyphs differ in shape (circle, triangle, square) so that a reader who
-- cannot tell red from green, or prints in grey, still can tell them apart.
M.RAG = {
  green = { glyph = "●", label = "Green", rank = 1 },
  amber = { glyph = "▲", label = "Amber", rank = 2 },
  red = { glyph = "■", label = "Red", rank = 3 },
}

--- The RAG key ("green", "amber", "red") of a value, or nil: accepts any case
-- and the initials G, A, R that status reports often use.
function M.rag_key(v)
  if type(v) ~= "string" then return nil end
  local s = v:lower()
  if s == "g" then s = "green" elseif s == "a" then s = "amber" elseif s == "r" then s = "red" end
  if M.RAG[s] then return s end
  return nil
end

--- Whether `v` is a finite number (not NaN, not ±inf, not a non-number).
---@param v any
---@return boolean
local function finite(v) return type(v) == "number" and v == v and v ~= math.huge and v ~= -math.huge end
M.finite = finite

-- Whether doubles `a` and `b` are neighbours (one unit in the last place apart).
local function neighbours(a, b)
  if (a < 0) ~= (b < 0) then return false end
  local ia = string.unpack("<i8", string.pack("<d", a))
  local ib = string.unpack("<i8", string.pack("<d", b))
  return ia - ib == 1 or ib - ia == 1
end

--- The decimal text of `v` for CSV and JSON: full precision without float
-- noise. The shortest of 15, 16 and 17 significant digits that reads back as
-- exactly `v` (17 always does, IEEE 754), except that 15 digits landing on
-- the neighbouring double are taken as they are: that last bit is the noise
-- of decimal arithmetic (a sum of 338664.296's parts is 338664.29600000003,
-- one unit in the last place off), and 15 digits are what a double holds of
-- a decimal (DBL_DIG) and what a spreadsheet keeps. Integers as they are;
-- whole floats below 2^53 without a point; nil for NaN and infinities, which
-- neither format can hold.
function M.shortest(v)
  if math.type(v) == "integer" then return tostring(v) end
  if not finite(v) then return nil end
  if v == math.floor(v) and math.abs(v) < 2 ^ 53 then return string.format("%d", v) end
  local s = string.format("%.15g", v)
  local back = tonumber(s)
  if back == v or neighbours(back, v) then return s end
  s = string.format("%.16g", v)
  if tonumber(s) == v then return s end
  return string.format("%.17g", v)
end

--- Digits grouped by thousands: "1234567" -> "1,234,567" (the sign, if any, stays in front).
---@param digits string
---@return string
local function group(digits)
  local sign, body = digits:match("^(%-?)(%d+)$")
  if not body then return digits end
  local out = body:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  if out:sub(1, 1) == "," then out = out:sub(2) end
  return sign .. out
end
M.group = group

-- string.format that never prints "-0" or "-0.0": a rounded-away sign would
-- make equal figures differ between two reports.
local FIXED = setmetatable({}, { __index = function(t, d)
  local f = "%." .. d .. "f"
  t[d] = f
  return f
end })

--- `v` with `decimals` decimals, never "-0" or "-0.0" (a rounded-away sign would make
--- equal figures differ between two reports).
---@param v number
---@param decimals integer
---@return string
local function fixed(v, decimals)
  local s = string.format(FIXED[decimals], v)
  if s:byte(1) == 45 and s:match("^%-0%.?0*$") then s = s:sub(2) end
  return s
end
M.fixed = fixed

-- The digits of a whole number `n` >= 0 grouped by thousands, in one string.format.
local function thousands(n)
  if n < 1000 then return tostring(n) end
  if n < 1000000 then return string.format("%d,%03d", n // 1000, n % 1000) end
  if n < 1000000000 then return string.format("%d,%03d,%03d", n // 1000000, n // 1000 % 1000, n % 1000) end
  if n < 1000000000000 then
    return string.format("%d,%03d,%03d,%03d", n // 1000000000, n // 1000000 % 1000, n // 1000 % 1000, n % 1000)
  end
  return thousands(n // 1000000000000) .. string.format(",%03d,%03d,%03d,%03d", n // 1000000000 % 1000,
    n // 1000000 % 1000, n // 1000 % 1000, n % 1000)
end

--- A number with `decimals` places and thousands separators: `grouped(1234.5, 1)` is "1,234.5".
-- (With arithmetic rather than patterns: explanations and `pmo check` format
-- every result's figures.)
function M.grouped(v, decimals)
  if (decimals or 0) == 0 then
    -- Whole units (money, counts, days): rounded half away from zero, grouped in one step.
    local a = math.abs(v)
    if a < 2 ^ 53 then
      local n = math.tointeger(math.floor(a + 0.5))
      if n == 0 then return "0" end
      return (v < 0 and "-" or "") .. thousands(n)
    end
  end
  local s = fixed(v, decimals or 0)
  local dot = s:find(".", 1, true)
  local negative = s:byte(1) == 45
  local int = s:sub(negative and 2 or 1, dot and dot - 1 or nil)
  if #int <= 3 then return s end
  local n = math.tointeger(tonumber(int))
  local body = n and thousands(n) or group(int)
  return (negative and "-" or "") .. body .. (dot and s:sub(dot) or "")
end

--- A short form for tiles and axes: 1234567 -> "1.2M", 45300 -> "45.3k", 12 -> "12".
function M.compact(v)
  if not finite(v) then return tostring(v) end
  local a = math.abs(v)
  local function trim(s) return (s:gsub("%.0$", "")) end
  if a >= 1e9 then return trim(fixed(v / 1e9, 1)) .. "B" end
  if a >= 1e6 then return trim(fixed(v / 1e6, 1)) .. "M" end
  if a >= 1e4 then return trim(fixed(v / 1e3, 1)) .. "k" end
  if a >= 100 or math.type(v) == "integer" or v == math.floor(v) then return M.grouped(v, 0) end
  if a >= 1 then return trim(fixed(v, 1)) end
  return fixed(v, 2)
end

-- ISO 4217 codes with a symbol everyone reads; other codes are written out ("SEK 1,234").
local SYMBOLS = { EUR = "€", USD = "$", GBP = "£", JPY = "¥", CNY = "¥", INR = "₹" }

local prefixes = {}
--- The prefix money is written with: a code of the organisation's (ISO 4217,
--- "EUR") as its symbol or as the code and a space; any other text as it is.
---@param currency string
---@return string
function M.currency_prefix(currency)
  if type(currency) ~= "string" or currency == "" then return "" end
  local p = prefixes[currency]
  if p then return p end
  p = currency:match("^%u%u%u$") and (SYMBOLS[currency] or (currency .. " ")) or currency
  prefixes[currency] = p
  return p
end

local function global_pmo() return pmo end

--- The organisation's currency code (docs/schema.md: `organisation.currency`),
-- or nil when there is no store or no organisation.
function M.currency()
  -- The global `pmo` of the environment this module runs in (a sandbox has its own).
  local found, p = pcall(global_pmo)
  if not found or type(p) ~= "table" or type(p.organisation) ~= "function" then return nil end
  local ok, o = pcall(p.organisation)
  if ok and type(o) == "table" and type(o.currency) == "string" then return o.currency end
  return nil
end

-- The format names a unit goes by.
local ALIASES = { share = "percent", count = "integer" }

--- The format a KPI unit reads in ("ratio", "days", "money", ...).
function M.of_unit(unit)
  unit = ALIASES[unit] or unit
  if unit == "ratio" or unit == "money" or unit == "percent" or unit == "days" or unit == "integer"
    or unit == "hours" then
    return unit
  end
  return "number"
end

-- The default number of decimals of a finite `v` in format `f`.
local function decimals(v, f)
  local a = math.abs(v)
  if f == "money" then return (a >= 1000 or v == math.floor(v)) and 0 or 2 end
  if f == "percent" then return 1 end
  if f == "ratio" then return 2 end
  if f == "integer" or f == "days" then return 0 end
  if f == "hours" then return (a >= 10 or v == math.floor(v)) and 0 or 1 end
  return 3   -- number: trailing zeros are trimmed
end

-- Which band `x` falls in against `bands` ({green =, amber =, direction =}),
-- compared as pmo.kpi rates: >= for higher_is_better, <= for lower_is_better.
local function band(x, bands)
  if bands.direction == "lower_is_better" then
    return x <= bands.green and 1 or x <= bands.amber and 2 or 3
  end
  return x >= bands.green and 1 or x >= bands.amber and 2 or 3
end

--- The decimals `v` is shown with in format `f`: the unit's default, or more
-- when `bands` are given and rounding would move the figure across one of
-- them (the RAG rule above). nil when no decimal count is enough (the
-- figure is then shown in full, `shortest`).
function M.decimals(v, f, bands)
  local d = decimals(v, f)
  if not bands or type(bands.green) ~= "number" or type(bands.amber) ~= "number" then return d end
  local scale = f == "percent" and 100 or 1
  local want = band(v, bands)
  for extra = 0, 6 do
    local shown = tonumber(fixed(v * scale, d + extra)) / scale
    if band(shown, bands) == want then return d + extra end
  end
  return nil
end

local function trim_zeros(s)
  if not s:find(".", 1, true) then return s end
  local last = #s
  while s:byte(last) == 48 do last = last - 1 end   -- "0"
  if s:byte(last) == 46 then last = last - 1 end     -- "."
  return s:sub(1, last)
end

local NO_OPTIONS = {}

--- The text of `v` in format `f` (nil: guessed from the value). `opts`:
--- `currency` (an ISO code or a prefix; default the organisation's),
--- `compact` (shorter money and integers, for tiles and axes), `missing`
--- (the text for nil, "—" by default), `bands` (`{green =, amber =,
--- direction =}`: the thresholds the value is rated against, see the RAG rule).
---@param v any
---@param f? string a format name: "money", "percent", "ratio", "days", "integer"...
---@param opts? table
---@return string
function M.value(v, f, opts)
  opts = opts or NO_OPTIONS
  if v == nil then return opts.missing or "—" end
  f = ALIASES[f] or f
  if f == "rag" then
    local k = M.rag_key(v)
    return k and M.RAG[k].label or tostring(v)
  end
  if f == "date" then
    if type(v) == "number" then return date.format(v) end
    return tostring(v)
  end
  if type(v) ~= "number" then
    if type(v) == "boolean" then return v and "yes" or "no" end
    return tostring(v)
  end
  if not finite(v) then return "n/a" end
  local d = M.decimals(v, f, opts.bands)
  if d == nil then
    -- No rounding keeps the figure on its side of a threshold: show it whole.
    local s = M.shortest(f == "percent" and v * 100 or v)
    return f == "percent" and (s .. "%") or s
  end
  if f == "money" then
    local prefix = M.currency_prefix(opts.currency or M.currency())
    local s = opts.compact and M.compact(math.abs(v)) or M.grouped(math.abs(v), d)
    if v >= 0 or s == "0" or s == "0.00" then return prefix .. s end   -- no "-€0"
    return "-" .. prefix .. s
  end
  if f == "percent" then return fixed(v * 100, d) .. "%" end
  if f == "ratio" then return fixed(v, d) end
  if f == "integer" then return opts.compact and M.compact(math.floor(v + 0.5)) or M.grouped(v, d) end
  if f == "days" then return M.grouped(v, d) .. " d" end
  if f == "hours" then return M.grouped(v, d) .. " h" end
  if math.type(v) == "integer" then return M.grouped(v, 0) end
  -- number: up to three decimals, trailing zeros trimmed; tiny values in
  -- scientific form rather than as "0".
  local a = math.abs(v)
  if a ~= 0 and a < 0.001 and not opts.bands then return string.format("%.3g", v) end
  if a >= 1e15 then return string.format("%.6g", v) end
  return trim_zeros(M.grouped(v, d))
end

--- Whether a column of this format is right-aligned (numbers are).
function M.numeric(f)
  f = ALIASES[f] or f
  return f == "money" or f == "percent" or f == "ratio" or f == "integer" or f == "number" or f == "days"
    or f == "hours"
end

-- Formats of the model's own fields and of the EVM figures, so that
-- `doc:table(pmo.projects(), {"id", "bac"})`, the REPL and explanations show
-- BAC as money without being told.
local FIELD_FORMATS = {
  bac = "money", pv = "money", ev = "money", ac = "money", eac = "money", etc = "money",
  vac = "money", sv = "money", cv = "money", impact_cost = "money", cost = "money",
  cost_impact = "money", cost_rate = "money", exposure = "money", eac_cpi = "money", eac_plan = "money",
  eac_composite = "money", eac_bottom_up = "money", etc_bottom_up = "money",
  cpi = "ratio", spi = "ratio", spi_t = "ratio", tcpi = "ratio", tcpi_bac = "ratio",
  tcpi_eac = "ratio", tspi = "ratio", probability = "percent", percent_spent = "percent",
  work_hours = "hours", capacity_hours_per_week = "hours", planned_hours = "hours", hours = "hours",
  rag = "rag", overall = "rag", schedule = "rag", scope = "rag", quality = "rag",
}
M.FIELD_FORMATS = FIELD_FORMATS

--- The format of a model field or EVM figure by its name, or nil.
function M.field_format(key) return FIELD_FORMATS[key] end

--- The format of a column: its key's known format, else guessed from the values.
function M.guess(key, values)
  if FIELD_FORMATS[key] then return FIELD_FORMATS[key] end
  for i = 1, values.n or #values do
    local v = values[i]
    if v ~= nil then
      if date.is_date(v) then return "date" end
      if math.type(v) == "integer" then return "integer" end
      if type(v) == "number" then return "number" end
      return "text"
    end
  end
  return "text"
end

return M
