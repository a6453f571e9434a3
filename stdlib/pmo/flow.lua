--- Flow metrics from work items (Kanban-style): WIP, throughput, cycle time, age.
--
-- A work item is a plain table:
--
--     {
--       id = "PMO-17",
--       created  = "2026-01-05",   -- date: "yyyy-mm-dd" or day number
--       started  = "2026-01-07",   -- date work began; nil if not started
--       resolved = "2026-01-20",   -- date done; nil while open
--       status = "done",           -- informational; dates decide
--       type = "story",            -- used by the `type` filter
--     }
--
-- Dates decide, not `status`: an item is *in progress* on day d when
-- started ≤ d and (resolved is nil or d < resolved). Definitions follow
-- Little's-law flow metrics as used by Vacanti, "Actionable Agile Metrics for
-- Predictability" (2015): cycle time counts from start to resolution.
--
-- Every function takes `opts` with an optional `type` (a string or a set
-- `{ story = true, bug = true }`) to restrict to some item types.
local date = require("pmo.date")
local args = require("pmo.args")

local M = {}

local function type_filter(opts)
  local t = opts and opts.type
  if t == nil then return nil end
  if type(t) == "string" then return { [t] = true } end
  return t
end

--- Work in progress on a date: items started on or before `on` and not
-- resolved on or before it. Items never started are not WIP (count them
-- with `opts.from_created = true`, which uses `created` when `started` is nil).
---@param items table[]
-- @param on date
---@param opts? table `{ type = ..., from_created = false }`
---@return integer count
function M.wip(items, on, opts)
  local d = date.day(on, "on")
  local types = type_filter(opts)
  local from_created = opts and opts.from_created
  local n = 0
  for _, it in ipairs(items) do
    if not types or types[it.type] then
      local s = it.started or (from_created and it.created) or nil
      if s and date.day(s, "started") <= d then
        local r = it.resolved
        if r == nil or date.day(r, "resolved") > d then n = n + 1 end
      end
    end
  end
  return n
end

--- Throughput per period: items resolved in each ISO week or calendar month.
--
-- Periods with no resolved item are included with count 0, from the period
-- holding `from` to the one holding `to` (defaults: first and last
-- resolution), so the series can be charted as it is.
---@param items table[]
---@param period string "week" (ISO 8601, Monday start, keys "2026-W05") or
--   "month" (keys "2026-01")
---@param opts? table `{ from = date, to = date, type = ... }`
---@return table[] `{ { period = key, start = day number, count = n }, ... }` in order
function M.throughput(items, period, opts)
  local key_of
  if period == "week" then key_of = date.week_key
  elseif period == "month" then key_of = date.month_key
  else
    args.error(2, "throughput", "expected \"week\" or \"month\", got " .. tostring(period))
  end
  local types = type_filter(opts)
  local counts, first, last = {}, nil, nil
  for _, it in ipairs(items) do
    if it.resolved and (not types or types[it.type]) then
      local d = date.day(it.resolved, "resolved")
      local key = key_of(d)
      counts[key] = (counts[key] or 0) + 1
      if not first or d < first then first = d end
      if not last or d > last then last = d end
    end
  end
  if opts and opts.from then first = date.day(opts.from, "from") end
  if opts and opts.to then last = date.day(opts.to, "to") end
  local series = {}
  if not first or not last then return series end
  -- Walk period by period: a week is 7 days; a month starts at its day 1.
  local key, start = key_of(first)
  while start <= last do
    series[#series + 1] = { period = key, start = start, count = counts[key] or 0 }
    local next_day
    if period == "week" then
      next_day = start + 7
    else
      local y, m = date.to_civil(start)
      next_day = start + date.days_in_month(y, m)
    end
    key, start = key_of(next_day)
  end
  return series
end

--- Cycle times in days (resolved − started) of the items that have both,
-- in input order. An item started and resolved the same day has cycle time 0.
-- Source: cycle time as defined by Vacanti (2015).
---@param items table[]
---@param opts? table `{ type = ... }`
---@return number[]
function M.cycle_times(items, opts)
  local types = type_filter(opts)
  local times = {}
  for _, it in ipairs(items) do
    if it.started and it.resolved and (not types or types[it.type]) then
      times[#times + 1] = date.day(it.resolved, "resolved") - date.day(it.started, "started")
    end
  end
  return times
end

--- Percentile by the **nearest-rank** method: the smallest value such that at
-- least p % of the values are less than or equal to it. It is always one of
-- the observed values (no interpolation), which is what forecasting
-- statements like "85 % of items finish within 12 days" need.
-- Formula: sort ascending, rank = ceil(p / 100 × n), answer = value[rank]
-- (rank 1 for p = 0). nil for an empty list.
---@param values number[] (not modified)
---@param p number percentile, 0..100
function M.percentile(values, p)
  if p < 0 or p > 100 then
    args.error(2, "percentile", "expected 0..100, got " .. tostring(p))
  end
  local n = #values
  if n == 0 then return nil end
  local sorted = table.move(values, 1, n, 1, {})
  table.sort(sorted)
  local rank = math.ceil(p / 100 * n)
  if rank < 1 then rank = 1 end
  return sorted[rank]
end

--- The fewest values for which the nearest-rank p-th percentile says more
-- than "the largest value": rank = ceil(p / 100 × n) < n holds exactly when
-- n ≥ 100 / (100 − p). So 2 values for the median, 7 for the 85th
-- percentile, 20 for the 95th (and nil for p = 100, the maximum itself).
-- Below it, "85 % of items finish within X days" would be a claim about a
-- sample too small to have an 85th percentile: report n and the values
-- instead. Derived from the nearest-rank definition above (it is arithmetic,
-- not a convention); Vacanti (2015) likewise warns against percentiles of
-- a handful of items.
---@param p number percentile, 0..100
---@return integer|nil the minimum sample size
function M.min_sample(p)
  if type(p) ~= "number" or p < 0 or p > 100 then
    args.error(1, "min_sample", "expected 0..100, got " .. tostring(p))
  end
  if p == 100 then return nil end
  local n = math.ceil(100 / (100 - p) - 1e-9)
  return n < 1 and 1 or n
end

--- Cycle-time percentiles, nearest-rank (see `percentile`).
---@param items table[]
---@param ps? number[] percentiles, default `{ 50, 85, 95 }`
---@param opts? table `{ type = ... }`
---@return table `{ [50] = days, [85] = days, [95] = days }`; values nil
--   when no item has both a start and a resolution
---@return integer number of items measured
function M.cycle_time_percentiles(items, ps, opts)
  local times = M.cycle_times(items, opts)
  table.sort(times)
  local n, result = #times, {}
  for _, p in ipairs(ps or { 50, 85, 95 }) do
    if n > 0 then
      local rank = math.ceil(p / 100 * n)
      result[p] = times[rank < 1 and 1 or rank]
    end
  end
  return result, n
end

--- Age in days of one open item on a date: `on` − started (or − created when
-- it has not started). nil when the item is resolved on or before `on`, or
-- did not exist yet.
-- Source: work item age, Vacanti (2015).
---@param item table
-- @param on date
---@return integer|nil age in days
function M.age(item, on)
  local d = date.day(on, "on")
  if item.resolved and date.day(item.resolved, "resolved") <= d then return nil end
  local s = item.started or item.created
  if s == nil then return nil end
  local age = d - date.day(s, item.started and "started" or "created")
  if age < 0 then return nil end   -- did not exist yet on that date
  return age
end

--- Ages of the open items on a date, oldest first.
---@param items table[]
-- @param on date
---@param opts? table `{ type = ... }`
---@return table[] `{ { id = ..., age = days, started = bool }, ... }`
function M.ages(items, on, opts)
  local types = type_filter(opts)
  local list = {}
  for _, it in ipairs(items) do
    if not types or types[it.type] then
      local a = M.age(it, on)
      if a then list[#list + 1] = { id = it.id, age = a, started = it.started ~= nil } end
    end
  end
  table.sort(list, function(a, b)
    if a.age ~= b.age then return a.age > b.age end
    return tostring(a.id) < tostring(b.id)
  end)
  return list
end

return M
