--- Working time on a calendar: whether a day, or a minute of it, is worked, its working
-- times, working days and minutes over a span, and when n working minutes from a moment end. Built on the stored calendars (an MS
-- Project file's, `pmo import plan.xml`): `p:calendar()`, `t:calendar()`, `r:calendar()`,
-- `pmo.calendars()`; each function here is also a method of a calendar
-- (`cal:is_working(d)` is `worktime.is_working(cal, d)`).
--
-- A day is resolved as MS Project resolves it (Microsoft, "Change working days for the
-- project calendar"; MPXJ's ProjectCalendar reads MSPDI the same way):
--   1. an exception that applies on the day, the calendar's own first, else its base
--      calendar's (a holiday of `Standard` is a holiday of every calendar based on it,
--      unless that calendar has its own exception on the day);
--   2. else the week: the calendar's work week whose dates hold the day, else its default
--      week, at the day's type (1 Sunday ... 7 Saturday); a day type the calendar does not
--      list is its base calendar's, found the same way;
--   3. a day no calendar of the chain lists is not worked.
-- A worked day's times are its working times (minutes from midnight, `to` excluded); a day
-- marked working with no times listed is worked with no minutes counted.
--
-- Recurring exceptions apply between their two dates (MSPDI `TimePeriod`, which MS Project
-- writes as the first and last occurrence, so `Occurrences` is not needed) on the days
-- their `recurrence_type` selects (MSPDI `Exception/Type`, Microsoft's Project XML schema
-- reference): none, every day; 1 daily and 7 daily by count, every `period` days from the
-- first; 8 weekdays by count, Monday to Friday; 6 weekly, the days in `days_of_week` (1
-- Sunday, 2 Monday ... 64 Saturday) of every `period`th week (weeks from Sunday) from the
-- first's; 4 monthly, day `month_day` of every `period`th month; 5 monthly by position, the
-- `month_position`th (0 first ... 3 fourth, 4 last) `month_item` (0 day, 1 weekday, 2
-- weekend day, 3 Sunday ... 9 Saturday) of every `period`th month; 2 yearly, day
-- `month_day` of `month` (0 January ... 11 December); 3 yearly by position, as 5 in `month`.
local date = require("pmo.date")
local args = require("pmo.args")

local M = {}

-- The MSPDI day type (1 Sunday ... 7 Saturday) of day number n.
local function day_type(n) return date.weekday(n) % 7 + 1 end

local function day_of(v, n, fname)
  local ok, d = pcall(date.day, v)
  if not ok or math.type(d) ~= "integer" then
    args.error(n, fname, "a Date or 'yyyy-mm-dd' expected, got " .. (type(v) == "string" and string.format("%q", v) or args.typename(v)), 3)
  end
  return d
end

-- Months from (y1, m1) to (y2, m2).
local function months_between(y1, m1, y2, m2) return (y2 - y1) * 12 + (m2 - m1) end

-- Whether day number n is the `position`th (0-3, 4 last) `item` of its month.
local function positional(n, item, position)
  local y, m = date.to_civil(n)
  local function matches(k)
    local t = day_type(k)
    if item == 0 then return true
    elseif item == 1 then return t >= 2 and t <= 6
    elseif item == 2 then return t == 1 or t == 7
    else return t == item - 2 end
  end
  if not matches(n) then return false end
  local first = date.from_civil(y, m, 1)
  local last = first + date.days_in_month(y, m) - 1
  if position == 4 then
    for k = n + 1, last do if matches(k) then return false end end
    return true
  end
  local count = 0
  for k = first, n do if matches(k) then count = count + 1 end end
  return count == position + 1
end

-- Whether a compiled exception `e` applies on day number n.
local function applies(e, n)
  if n < e.from or n > e.to then return false end
  local kind, period = e.type, e.period or 1
  if kind == nil then return true end
  if kind == 1 or kind == 7 then return (n - e.from) % period == 0 end
  if kind == 8 then local t = day_type(n); return t >= 2 and t <= 6 end
  if kind == 6 then
    local bit = 1 << (day_type(n) - 1)
    if (e.days_of_week or 0) & bit == 0 then return false end
    local week = (n - (day_type(n) - 1)) // 7
    local first_week = (e.from - (day_type(e.from) - 1)) // 7
    return (week - first_week) % period == 0
  end
  local y, m, d = date.to_civil(n)
  if kind == 4 or kind == 5 then
    local fy, fm = date.to_civil(e.from)
    if months_between(fy, fm, y, m) % period ~= 0 then return false end
    if kind == 4 then return d == e.month_day end
    return positional(n, e.month_item or 0, e.month_position or 0)
  end
  if kind == 2 or kind == 3 then
    if e.month == nil or m ~= e.month + 1 then return false end
    if kind == 2 then return d == e.month_day end
    return positional(n, e.month_item or 0, e.month_position or 0)
  end
  return false
end

local function times_of(rec)
  local out = {}
  for _, t in ipairs(rec:times()) do out[#out + 1] = { from = t.from_minute, to = t.to_minute } end
  table.sort(out, function(a, b) return a.from < b.from end)
  return out
end

-- A calendar's rows, read once a record (records are the session's, and new ones are made
-- when the store or the as-of date changes): exceptions, work weeks, default week, base.
local compiled = setmetatable({}, { __mode = "k" })

local function compile(cal)
  local c = compiled[cal]
  if c then return c end
  c = { exceptions = {}, weeks = {}, days = {} }
  compiled[cal] = c
  for _, e in ipairs(cal:exceptions()) do
    c.exceptions[#c.exceptions + 1] = {
      from = e.from_date.n, to = e.to_date.n, working = e.working, times = times_of(e), record = e,
      type = e.recurrence_type, period = e.period, days_of_week = e.days_of_week, month_day = e.month_day,
      month_item = e.month_item, month_position = e.month_position, month = e.month,
    }
  end
  for _, w in ipairs(cal:work_weeks()) do
    c.weeks[#c.weeks + 1] = { from = w.from_date.n, to = w.to_date.n, days = {} }
  end
  local week_of = {}
  for i, w in ipairs(cal:work_weeks()) do week_of[w.id] = c.weeks[i] end
  for _, wd in ipairs(cal:week_days()) do
    local entry = { working = wd.working, times = times_of(wd), record = wd }
    local into = wd.work_week_id and week_of[wd.work_week_id] or c
    into.days[wd.day_type] = entry
  end
  local base = cal:base_calendar()
  if base and base.id ~= cal.id then c.base = base end
  return c
end

-- The exception that decides day n on `cal` or its bases, or nil.
local function exception_on(cal, n, depth)
  local c = compile(cal)
  for _, e in ipairs(c.exceptions) do
    if applies(e, n) then return e end
  end
  if c.base and depth < 32 then return exception_on(c.base, n, depth + 1) end
  return nil
end

-- The week entry that decides day n on `cal` or its bases, or nil.
local function week_entry(cal, n, depth)
  local c = compile(cal)
  local t = day_type(n)
  for _, w in ipairs(c.weeks) do
    if n >= w.from and n <= w.to and w.days[t] then return w.days[t] end
  end
  if c.days[t] then return c.days[t] end
  if c.base and depth < 32 then return week_entry(c.base, n, depth + 1) end
  return nil
end

-- Whether day n is worked on `cal`, and its working times (ranges of minutes), and the row
-- that says so (an exception or a week day; nil when no calendar of the chain lists it).
local function resolve(cal, n)
  local entry = exception_on(cal, n, 0) or week_entry(cal, n, 0)
  if entry == nil or not entry.working then return false, {}, entry and entry.record end
  return true, entry.times, entry.record
end

local function check_calendar(cal, fname)
  if type(cal) ~= "table" or type(cal.exceptions) ~= "function" or type(cal.week_days) ~= "function" then
    args.type_error(1, fname, "Calendar", cal, 3)
  end
end

--- Whether day `d` (a Date or "yyyy-mm-dd") is a working day on the calendar, or, given
--- `minute` (0-1439 from midnight: 600 is 10:00), whether that minute of it is working time.
--- Exceptions, work weeks and base calendars count as the module says.
---@param d Date|string the day
---@param minute? integer a minute of the day, 0-1439
---@return boolean
function M.is_working(cal, d, minute)
  check_calendar(cal, "is_working")
  local n = day_of(d, 2, "is_working")
  if minute ~= nil and (math.type(minute) ~= "integer" or minute < 0 or minute > 1439) then
    args.error(3, "is_working", "a minute of the day 0-1439 expected, got " .. tostring(minute))
  end
  local working, times = resolve(cal, n)
  if minute == nil or not working then return working end
  for _, t in ipairs(times) do
    if minute >= t.from and minute < t.to then return true end
  end
  return false
end

--- The working times of day `d` on the calendar, in order: a list of `{ from = minute,
--- to = minute }` (minutes from midnight, `to` excluded: 08:00-12:00 is 480-720), empty on
--- a day off; and the row that decides the day (a CalendarException or CalendarWeekDay,
--- nil when no calendar of the chain lists it).
---@param d Date|string the day
---@return table[] times, table|nil row
function M.working_times(cal, d)
  check_calendar(cal, "working_times")
  local n = day_of(d, 2, "working_times")
  local working, times, row = resolve(cal, n)
  local out = {}
  if working then
    for i, t in ipairs(times) do out[i] = { from = t.from, to = t.to } end
  end
  return out, row
end

local function span(cal, from, to, fname)
  check_calendar(cal, fname)
  local a, b = day_of(from, 2, fname), day_of(to, 3, fname)
  if b < a then args.error(3, fname, "the last day " .. date.format(b) .. " is before the first " .. date.format(a)) end
  if b - a > 366 * 200 then args.error(3, fname, "a span of more than 200 years") end
  return a, b
end

--- The number of working days from `from` to `to`, both included (Dates or "yyyy-mm-dd").
---@param from Date|string first day
---@param to Date|string last day, not before `from`
---@return integer
function M.working_days(cal, from, to)
  local a, b = span(cal, from, to, "working_days")
  local count = 0
  for n = a, b do
    if (resolve(cal, n)) then count = count + 1 end
  end
  return count
end

--- The working minutes from the start of day `from` to the end of day `to` (both included;
--- `to` defaults to `from`): 480 for a standard 08:00-12:00, 13:00-17:00 day.
---@param from Date|string first day
---@param to? Date|string last day, `from` by default
---@return integer
function M.working_minutes(cal, from, to)
  local a, b = span(cal, from, to == nil and from or to, "working_minutes")
  local total = 0
  for n = a, b do
    local working, times = resolve(cal, n)
    if working then
      for _, t in ipairs(times) do total = total + (t.to - t.from) end
    end
  end
  return total
end

--- The moment `n` working minutes after minute `minute` (0-1440 from midnight) of day
--- `d`, counting only the calendar's working time: the day and the minute the work ends.
--- Work that ends with a range ends at that range's end (17:00 on the day, not 08:00 the
--- next); `n` 0 is the start itself. Raises when the calendar has no working time in ten
--- years from the start.
---@param d Date|string the day work starts
---@param minute integer the minute it starts, 0-1440 (480 is 08:00)
---@param n integer working minutes, 0 or more
---@return Date day, integer minute
function M.add_working_minutes(cal, d, minute, n)
  check_calendar(cal, "add_working_minutes")
  local day = day_of(d, 2, "add_working_minutes")
  if math.type(minute) ~= "integer" or minute < 0 or minute > 1440 then
    args.error(3, "add_working_minutes", "a minute of the day 0-1440 expected, got " .. tostring(minute))
  end
  if math.type(n) ~= "integer" or n < 0 then
    args.error(4, "add_working_minutes", "a whole number of minutes, 0 or more, expected, got " .. tostring(n))
  end
  if n == 0 then return date.new(day), minute end
  local at, left, idle = minute, n, 0
  while true do
    local working, times = resolve(cal, day)
    local worked = false
    if working then
      for _, t in ipairs(times) do
        local from = math.max(t.from, at)
        if from < t.to then
          worked = true
          if left <= t.to - from then return date.new(day), from + left end
          left = left - (t.to - from)
        end
      end
    end
    idle = worked and 0 or idle + 1
    if idle > 3660 then
      args.error(1, "add_working_minutes", "the calendar has no working time in the ten years after " .. date.format(day - idle + 1))
    end
    day, at = day + 1, 0
  end
end

return M
