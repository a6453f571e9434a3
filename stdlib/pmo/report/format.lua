--- Cell formats for reports: how a number, date or RAG rating reads.
--
-- Every renderer (terminal, Markdown, HTML) formats values through here, so a
-- money column reads the same everywhere; CSV and JSON keep raw values. The
-- output depends only on the value, never on the locale or the clock, so the
-- same data always gives the same bytes.
--
--     local fmt = require("pmo.report.format")
--     fmt.value(1234567.8, "money", { currency = "€" })   --> "€1,234,568"
--     fmt.value(0.934, "percent")                           --> "93.4%"
local date = require("pmo.date")

local M = {}

--- The formats a table column or tile may name.
M.FORMATS = { money = true, percent = true, ratio = true, date = true, rag = true,
  integer = true, number = true, days = true, text = true }

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

-- "1234567" -> "1,234,567" (the sign, if any, stays in front).
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
local function fixed(v, decimals)
  local s = string.format("%." .. decimals .. "f", v)
  if s:match("^%-0%.?0*$") then s = s:sub(2) end
  return s
end
M.fixed = fixed

local function finite(v) return type(v) == "number" and v == v and v ~= math.huge and v ~= -math.huge end

--- A number with `decimals` places and thousands separators: `grouped(1234.5, 1)` is "1,234.5".
function M.grouped(v, decimals)
  local s = fixed(v, decimals or 0)
  local int, frac = s:match("^(%-?%d+)(.*)$")
  return group(int) .. frac
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

--- The text of `v` in format `f` (nil: guessed from the value). `opts.currency`
-- prefixes money; `opts.compact` shortens money and integers (tiles, axes).
-- nil reads as "—"; a number that is not finite (NaN, ±inf) as "n/a".
function M.value(v, f, opts)
  opts = opts or {}
  if v == nil then return opts.missing or "—" end
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
  if f == "money" then
    local s = opts.compact and M.compact(math.abs(v)) or M.grouped(math.abs(v), 0)
    if s == "0" then return (opts.currency or "") .. "0" end
    return (v < 0 and "-" or "") .. (opts.currency or "") .. s
  end
  if f == "percent" then return fixed(v * 100, 1) .. "%" end
  if f == "ratio" then return fixed(v, 2) end
  if f == "integer" then return opts.compact and M.compact(math.floor(v + 0.5)) or M.grouped(v, 0) end
  if f == "days" then return M.grouped(v, 0) .. " d" end
  if math.type(v) == "integer" then return M.grouped(v, 0) end
  return M.grouped(v, 2)
end

--- Whether a column of this format is right-aligned (numbers are).
function M.numeric(f)
  return f == "money" or f == "percent" or f == "ratio" or f == "integer" or f == "number" or f == "days"
end

--- The format a KPI unit reads in ("ratio", "days", "money", ...).
function M.of_unit(unit)
  if unit == "ratio" or unit == "money" or unit == "percent" or unit == "days" or unit == "integer" then
    return unit
  end
  if unit == "count" then return "integer" end
  return "number"
end

-- Formats of the model's own fields, so `doc:table(pmo.projects(), {"id", "bac"})`
-- shows BAC as money without being told.
local FIELD_FORMATS = {
  bac = "money", pv = "money", ev = "money", ac = "money", eac = "money", etc = "money",
  vac = "money", sv = "money", cv = "money", impact_cost = "money", cost = "money",
  cpi = "ratio", spi = "ratio", spi_t = "ratio", tcpi = "ratio", tcpi_bac = "ratio",
  tcpi_eac = "ratio", probability = "percent", percent_spent = "percent",
  rag = "rag", overall = "rag", schedule = "rag", scope = "rag", quality = "rag",
}

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
