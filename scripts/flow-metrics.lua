#!/usr/bin/env -S pmo run
-- Flow metrics from work items (Jira issues, or the demo's): work in
-- progress, throughput per month, lead-time percentiles and the oldest open
-- items, per project. Definitions follow Vacanti, "Actionable Agile Metrics
-- for Predictability" (2015); formulas in stdlib/pmo/flow.lua.
--
-- A Jira export has no "work started" date, so time is measured from
-- creation: this is lead time (created → resolved), not cycle time.
--
-- To measure the Jira sample:
--   pmo import ../shared/data/jira/poinz-jira-export.csv --format jira
--   pmo run scripts/flow-metrics.lua              -- every project
--   pmo run scripts/flow-metrics.lua PRJ-002      -- one project
local flow = require("pmo.flow")

local only = arg[1]
local on = pmo.asof() or pmo.today()

-- Work items grouped by project; items a Jira import attached to no project
-- form their own group.
local NONE = "(no project)"
local groups, names = {}, {}
for _, w in ipairs(pmo.work_items()) do
  local key = w.project_id or NONE
  if not only or only == key then
    local items = groups[key]
    if not items then items = {}; groups[key] = items; names[#names + 1] = key end
    -- The shape pmo.flow reads: started is created (see above).
    items[#items + 1] = { id = w.id, type = w.type, created = w.created, started = w.created,
      resolved = w.resolved }
  end
end
table.sort(names)

if #names == 0 then
  print(only and ("No work items for " .. only .. ".")
    or "No work items in the store; import a Jira export first: pmo import FILE.csv --format jira")
  return
end

local function days(v) return v and string.format("%d d", v) or "-" end

print(string.format("Flow metrics as of %s, %d work items in %d groups", on,
  (function() local n = 0 for _, g in pairs(groups) do n = n + #g end return n end)(), #names))
for _, key in ipairs(names) do
  local items = groups[key]
  local resolved = 0
  local last
  for _, it in ipairs(items) do
    if it.resolved then
      resolved = resolved + 1
      if not last or it.resolved > last then last = it.resolved end
    end
  end
  local p = key ~= NONE and pmo.project(key)
  print()
  print(string.format("%s%s: %d items, %d resolved, WIP %d on %s", key, p and (" " .. p.name) or "",
    #items, resolved, flow.wip(items, on), on))

  local pct, measured = flow.cycle_time_percentiles(items, { 50, 85, 95 })
  if measured == 0 then
    print("  lead time: no resolved items yet")
  else
    print(string.format("  lead time over %d resolved items: 50%% within %s, 85%% within %s, 95%% within %s",
      measured, days(pct[50]), days(pct[85]), days(pct[95])))
  end

  -- Throughput over the six months up to the last resolution, zeros included.
  if last then
    local series = flow.throughput(items, "month", { from = last:add_months(-5), to = last })
    local cells = {}
    for _, s in ipairs(series) do cells[#cells + 1] = s.period .. " " .. s.count end
    print("  throughput per month: " .. table.concat(cells, ", "))
  end

  local ages = flow.ages(items, on)
  if #ages > 0 then
    local oldest = {}
    for i = 1, math.min(3, #ages) do oldest[i] = string.format("%s (%d d)", ages[i].id, ages[i].age) end
    print(string.format("  %d open, oldest: %s", #ages, table.concat(oldest, ", ")))
  end
end
