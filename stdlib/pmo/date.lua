--- Calendar days as plain numbers, for day arithmetic in the other modules.
--
-- A *day number* counts whole days since 1970-01-01 (day 0), in the proleptic
-- Gregorian calendar, with no time of day and no time zone: the difference of
-- two day numbers is the number of days between the dates. Every function in
-- the stdlib that takes a date accepts either a `"yyyy-mm-dd"` string or a day
-- number, and converts with `date.day`.
--
--     local date = require("pmo.date")
--     date.day("2026-03-01") - date.day("2026-02-01")  --> 28
--
-- Algorithm: Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
-- (days_from_civil / civil_from_days), exact for every Gregorian date.
local M = {}

local floor = math.floor

--- Day number of a civil date.
---@param y integer year
---@param m integer month 1..12
---@param d integer day of month 1..31
---@return integer days since 1970-01-01
function M.from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400                                   -- [0, 399]
  local mp = (m + 9) % 12                                     -- March = 0
  local doy = floor((153 * mp + 2) / 5) + d - 1               -- [0, 365]
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

--- Civil date of a day number.
---@param n integer days since 1970-01-01
---@return integer year, integer month, integer day
function M.to_civil(n)
  n = n + 719468
  local era = floor(n / 146097)
  local doe = n - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local d = doy - floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end

--- Day number of a date given as `"yyyy-mm-dd"` or as a day number.
-- Also takes a Date value (see `date.new`). Raises on anything else, naming the bad value, so that a typo in a data
-- file is caught where it is read rather than as a silent wrong answer.
-- @param v `"yyyy-mm-dd"` string or integer day number
---@param what? string name of the field, used in the error message
---@return integer day number
function M.day(v, what)
  local t = type(v)
  if t == "number" then return v end
  if t == "table" and getmetatable(v) == M.Date then return v.n end
  if t == "string" then
    local y, m, d = v:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
    if y then
      y, m, d = tonumber(y), tonumber(m), tonumber(d)
      if m >= 1 and m <= 12 and d >= 1 and d <= M.days_in_month(y, m) then
        return M.from_civil(y, m, d)
      end
    end
  end
  error(string.format("bad date%s (expected 'yyyy-mm-dd' or a day number, got %s)",
    what and (" in field '" .. what .. "'") or "",
    t == "string" and string.format("%q", v) or t), 2)
end

--- Day number, or nil when the value is nil (for optional date fields).
function M.optional_day(v, what)
  if v == nil then return nil end
  return M.day(v, what)
end

--- `"yyyy-mm-dd"` text of a day number.
function M.format(n)
  return string.format("%04d-%02d-%02d", M.to_civil(n))
end

--- Whether year `y` is a leap year (Gregorian).
---@param y integer
---@return boolean
function M.is_leap_year(y)
  return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
end

local DAYS_IN_MONTH = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

--- The number of days in month `m` (1-12) of year `y`.
---@param y integer
---@param m integer
---@return integer
function M.days_in_month(y, m)
  if m == 2 and M.is_leap_year(y) then return 29 end
  return DAYS_IN_MONTH[m]
end

--- Days from `a` to `b` (b - a): positive when b is later.
function M.diff(a, b)
  return M.day(b) - M.day(a)
end

--- ISO 8601 weekday: 1 = Monday .. 7 = Sunday. (1970-01-01 was a Thursday.)
function M.weekday(n)
  return (n + 3) % 7 + 1
end

--- ISO 8601 week of a day: the week's Monday, the ISO week-year and week number.
-- The week belongs to the year that holds its Thursday.
---@return integer day number of the Monday
---@return integer ISO week-year
---@return integer ISO week number 1..53
function M.iso_week(n)
  local monday = n - (M.weekday(n) - 1)
  local thursday = monday + 3
  local year = M.to_civil(thursday)
  local week = floor((thursday - M.from_civil(year, 1, 1)) / 7) + 1
  return monday, year, week
end

--- Key of the ISO week holding day `n`, e.g. `"2026-W05"`, and its Monday.
function M.week_key(n)
  local monday, year, week = M.iso_week(n)
  return string.format("%04d-W%02d", year, week), monday
end

--- Key of the calendar month holding day `n`, e.g. `"2026-01"`, and its first day.
function M.month_key(n)
  local y, m = M.to_civil(n)
  return string.format("%04d-%02d", y, m), M.from_civil(y, m, 1)
end

-- ---------------------------------------------------------------------------
-- Date values: what every date of the model is in Lua.
--
-- A Date is a small table `{n = day number}` sharing the metatable `date.Date`.
-- Dates compare with `<`, `<=`, `==`; `d + 7` is a week later, `d - 7` a week
-- earlier, `b - a` the days between; `tostring(d)` is ISO `yyyy-mm-dd`.
--
--     local date = require("pmo.date")
--     local d = date.parse("2026-06-30")
--     print(d + 1, d:month(), d:quarter(), d - date.parse("2026-01-01"))
--     --> 2026-07-01  6  2  180
--
-- A Date is a value, like a number: every operation makes a new one and none
-- changes one. The model's rows share them (all the projects of one query
-- whose status date is 2026-09-30 hold the same Date), so never assign to a
-- Date's field `n`.

local Date = {}
M.Date = Date
local methods = {}
Date.__name = "Date"
Date.__index = methods

--- The Date of a day number.
function M.new(n)
  return setmetatable({ n = n }, Date)
end

--- The Date of `"yyyy-mm-dd"` text (or a day number, or a Date); raises on
-- anything else, naming the value.
function M.parse(v, what)
  if getmetatable(v) == Date then return v end
  return setmetatable({ n = M.day(v, what) }, Date)
end

--- Whether `v` is a Date value.
function M.is_date(v)
  return getmetatable(v) == Date
end

--- The Date of a calendar date.
function M.of(y, m, d)
  return setmetatable({ n = M.from_civil(y, m, d) }, Date)
end

Date.__tostring = function(d) return M.format(d.n) end
Date.__eq = function(a, b) return a.n == b.n end
Date.__lt = function(a, b) return M.day(a) < M.day(b) end
Date.__le = function(a, b) return M.day(a) <= M.day(b) end
Date.__concat = function(a, b) return tostring(a) .. tostring(b) end
Date.__add = function(a, b)
  if type(a) == "number" then a, b = b, a end
  if math.type(b) ~= "integer" then
    error("attempt to add a non-integer to a Date (days expected, got " .. tostring(b) .. ")", 2)
  end
  return setmetatable({ n = a.n + b }, Date)
end
--- `b - a` between two Dates is the number of days; `d - n` is a Date n days earlier.
Date.__sub = function(a, b)
  if type(b) == "number" then return setmetatable({ n = a.n - b }, Date) end
  return M.day(a) - M.day(b)
end

--- ISO `yyyy-mm-dd` text.
function methods.iso(d) return M.format(d.n) end
--- Year, month (1-12), day of month.
function methods.ymd(d) return M.to_civil(d.n) end
--- The year.
---@return integer
function methods.year(d) return (M.to_civil(d.n)) end
--- The month, 1-12.
---@return integer
function methods.month(d) local _, m = M.to_civil(d.n) return m end
--- The day of the month, 1-31.
---@return integer
function methods.day(d) local _, _, dd = M.to_civil(d.n) return dd end
--- Calendar quarter 1-4.
function methods.quarter(d) local _, m = M.to_civil(d.n) return (m - 1) // 3 + 1 end
--- ISO weekday: 1 = Monday .. 7 = Sunday.
function methods.weekday(d) return M.weekday(d.n) end
--- ISO week number (1-53) and its ISO year.
function methods.week(d) local _, y, w = M.iso_week(d.n) return w, y end
--- The ISO week as a key for grouping: "2026-W05".
---@return string
function methods.week_key(d) return (M.week_key(d.n)) end
--- The month as a key for grouping: "2026-01".
---@return string
function methods.month_key(d) return (M.month_key(d.n)) end
--- The quarter as a key for grouping: "2026-Q1".
---@return string
function methods.quarter_key(d) return string.format("%04d-Q%d", methods.year(d), methods.quarter(d)) end
--- Whether the day is Monday to Friday.
function methods.is_working_day(d) return M.weekday(d.n) <= 5 end
--- The date `n` days later (earlier when negative).
function methods.add_days(d, n) return setmetatable({ n = d.n + n }, Date) end
--- The same day `n` months later, clamped to the month's end (Jan 31 + 1 = Feb 28).
function methods.add_months(d, n)
  local y, m, dd = M.to_civil(d.n)
  local months = y * 12 + (m - 1) + n
  y, m = months // 12, months % 12 + 1
  return M.of(y, m, math.min(dd, M.days_in_month(y, m)))
end
--- The last day of the date's month.
function methods.month_end(d)
  local y, m = M.to_civil(d.n)
  return M.of(y, m, M.days_in_month(y, m))
end
--- Days from this date to `other` (positive when `other` is later).
function methods.days_to(d, other) return M.day(other) - d.n end
--- Working days (Monday-Friday) from this date to `other`, counting `other` but not
-- this date: the working days you still have. Negative when `other` is earlier.
-- Holidays are not known to the model; subtract them yourself.
function methods.working_days_to(d, other)
  local a, b = d.n, M.day(other)
  local sign = 1
  if b < a then a, b, sign = b, a, -1 end
  local count = 0
  local weeks = (b - a) // 7
  count = weeks * 5
  for n = a + weeks * 7 + 1, b do
    if M.weekday(n) <= 5 then count = count + 1 end
  end
  return sign * count
end

return M
