--- Working time on a calendar: whether a day, or a minute of it, is worked, its working
-- times, working days and minutes over a span, and when n working minutes from a moment end. Built on the stored calendars (an MS
-- Project file's, `pmo import plan.xml`): `p:calendar()`, `t:calendar()`, `r:calendar()`,
-- `pmo.calendars()`; each function here is also a method of a calendar
-- (`cal:is_working(d)` is `worktime.is_working(cal, d)`).
--
-- The rules below are defined once, in Swift (PMOModel's `CalendarRules`), which the critical
-- path engine (`pmo.schedule`) schedules with too: this module checks its arguments and asks
-- the host, which reads the calendar's rows as the session reads the store (`pmo.asof`).
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
-- A period below 1 counts as 1; times are clipped to the day and overlapping ones count once;
-- a base chain is followed through at most 33 calendars, each once.
local date = require("pmo.date")
local args = require("pmo.args")

local M = {}

-- The host's `worktime` function and how to name the store state a calendar is read in
-- (set by pmo's init.lua, `M._bind`).
local host_worktime, state_of

--- Binds the module to the host (called by pmo itself): `worktime` answers from the Swift
-- rules, `state` gives a calendar's store state (key, as-of date, revision).
function M._bind(worktime, state)
  host_worktime, state_of = worktime, state
end

local function day_of(v, n, fname)
  local ok, d = pcall(date.day, v)
  if not ok or math.type(d) ~= "integer" then
    args.error(n, fname, "a Date or 'yyyy-mm-dd' expected, got " .. (type(v) == "string" and string.format("%q", v) or args.typename(v)), 3)
  end
  return d
end

-- The host's answer for calendar `cal`: op and its arguments.
local function ask(cal, fname, op, ...)
  if not host_worktime then error("pmo.worktime." .. fname .. ": no store is open (use pmo run or the REPL)", 3) end
  local key, asof, revision = state_of(cal)
  local a, b, c, d = host_worktime(key, asof, revision, cal.id, op, ...)
  if a == nil and b == "unknown" then
    args.error(1, fname, "no calendar " .. string.format("%q", tostring(cal.id)) .. " in the store as the session reads it", 3)
  end
  return a, b, c, d
end

-- The row of kind "exception" or "week_day" with id `id` of `cal` or a calendar of its
-- base chain (as the host followed it: each calendar once, at most 33).
local function row_of(cal, kind, id)
  local seen, c = {}, cal
  for _ = 1, 33 do
    if c == nil or seen[c.id] then return nil end
    seen[c.id] = true
    for _, r in ipairs(kind == "exception" and c:exceptions() or c:week_days()) do
      if r.id == id then return r end
    end
    c = c:base_calendar()
  end
  return nil
end

-- Whether day n is worked on `cal`, its working times (ranges of minutes), and the row
-- that says so (an exception or a week day; nil when no calendar of the chain lists it).
local function resolve(cal, n, fname)
  local working, times, kind, id = ask(cal, fname, "day", n)
  return working, times, kind and row_of(cal, kind, id) or nil
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
  local working, times = ask(cal, "is_working", "day", n)
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
  local working, times, row = resolve(cal, n, "working_times")
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
  return ask(cal, "working_days", "days", a, b)
end

--- The working minutes from the start of day `from` to the end of day `to` (both included;
--- `to` defaults to `from`): 480 for a standard 08:00-12:00, 13:00-17:00 day.
---@param from Date|string first day
---@param to? Date|string last day, `from` by default
---@return integer
function M.working_minutes(cal, from, to)
  local a, b = span(cal, from, to == nil and from or to, "working_minutes")
  return ask(cal, "working_minutes", "minutes", a, b)
end

--- The moment `n` working minutes after minute `minute` (0-1440 from midnight) of day
--- `d`, counting only the calendar's working time: the day and the minute the work ends.
--- Work that ends with a range ends at that range's end (17:00 on the day, not 08:00 the
--- next); `n` 0 is the start itself. Raises when the calendar has no working time in ten
--- years from the start, or when the work would end more than 100 years after it.
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
  local end_day, end_minute, idle = ask(cal, "add_working_minutes", "add", day, minute, n)
  if end_day then return date.new(end_day), end_minute end
  if end_minute == "idle" then
    args.error(1, "add_working_minutes", "the calendar has no working time in the ten years after " .. date.format(idle))
  end
  args.error(4, "add_working_minutes", n .. " working minutes end more than 100 years after " .. date.format(day))
end

return M
