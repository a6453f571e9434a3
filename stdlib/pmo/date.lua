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
-- @tparam integer y year
-- @tparam integer m month 1..12
-- @tparam integer d day of month 1..31
-- @treturn integer days since 1970-01-01
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
-- @tparam integer n days since 1970-01-01
-- @treturn integer year, integer month, integer day
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
-- Raises on anything else, naming the bad value, so that a typo in a data
-- file is caught where it is read rather than as a silent wrong answer.
-- @param v `"yyyy-mm-dd"` string or integer day number
-- @tparam[opt] string what name of the field, used in the error message
-- @treturn integer day number
function M.day(v, what)
  local t = type(v)
  if t == "number" then return v end
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

function M.is_leap_year(y)
  return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
end

local DAYS_IN_MONTH = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

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
-- @treturn integer day number of the Monday
-- @treturn integer ISO week-year
-- @treturn integer ISO week number 1..53
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

return M
