#!/usr/bin/env -S pmo run
-- Flow metrics from work items (Jira issues, or the demo's): work in
-- progress, throughput per month, lead-time percentiles and the oldest open
-- items, per project. Definitions follow Vacanti, "Actionable Agile Metrics
-- for Predictability" (2015); formulas in stdlib/pmo/flow.lua.
--
-- A Jira export has no "work started" date, so time is measured from
-- creation: this is lead time (created → resolved), not cycle time.
--
-- Everything is seen as of the as-of date (pmo.asof(), else today): an item
-- created later does not exist yet, one resolved later is still open, and the
-- throughput window is the six calendar months ending with the as-of date's.
-- Only active projects are listed (initiation to closing, as pmo.measures
-- defines them): closed and cancelled projects have no work in progress.
-- Items a Jira import attached to no project are listed as "(no project)".
-- A lead-time percentile is given only for at least flow.min_sample(p)
-- resolved items (2 for the median, 7 for the 85th, 20 for the 95th: fewer,
-- and the "percentile" is just the slowest item); below that, n and the
-- slowest time are shown instead.
--
-- To measure the Jira sample:
--   pmo import ../shared/data/jira/poinz-jira-export.csv --format jira
--   pmo run scripts/flow-metrics.lua              -- every project
--   pmo run scripts/flow-metrics.lua PRJ-002      -- one project
local flow = require("pmo.flow")
local measures = require("pmo.measures")

local only = arg[1]
local on = pmo.asof() or pmo.today()
local PERCENTILES = { 50, 85, 95 }

local function plural(n, one, many) return string.format("%d %s", n, n == 1 and one or (many or one .. "s")) end

-- Work items grouped by project; items a Jira import attached to no project
-- form their own group. Closed and cancelled projects are skipped (counted).
local NONE = "(no project)"
local groups, names, skipped = {}, {}, {}
for _, w in ipairs(pmo.work_items()) do
  local key = w.project_id or NONE
  if (not only or only == key) and (w.created == nil or w.created <= on) then
    local p = key ~= NONE and pmo.project(key) or nil
    if p and not measures.is_active(p) then
      skipped[key] = p.phase
    else
      local items = groups[key]
      if not items then items = {}; groups[key] = items; names[#names + 1] = key end
      -- The shape pmo.flow reads: started is created (see above); a resolution
      -- after the as-of date has not happened yet.
      local resolved = w.resolved
      if resolved and resolved > on then resolved = nil end
      items[#items + 1] = { id = w.id, type = w.type, created = w.created, started = w.created,
        resolved = resolved }
    end
  end
end
table.sort(names)

if #names == 0 then
  if only and skipped[only] then
    print(string.format("%s is %s: flow metrics cover active projects only (initiation to closing).",
      only, skipped[only]))
  else
    print(only and ("No work items for " .. only .. " as of " .. tostring(on) .. ".")
      or "No work items in the store; import a Jira export first: pmo import FILE.csv --format jira")
  end
  return
end

local function days(v) return string.format("%d d", v) end

local total, projects, unassigned = 0, 0, 0
for _, key in ipairs(names) do
  total = total + #groups[key]
  if key == NONE then unassigned = #groups[key] else projects = projects + 1 end
end
local closed = 0
for _ in pairs(skipped) do closed = closed + 1 end
local scope
if unassigned == 0 then
  scope = string.format("%s of %s", plural(total, "work item"), plural(projects, "active project"))
elseif projects == 0 then
  scope = string.format("%s in no project", plural(total, "work item"))
else
  scope = string.format("%s: %d of %s, %d in no project", plural(total, "work item"), total - unassigned,
    plural(projects, "active project"), unassigned)
end
print(string.format("Flow metrics as of %s: %s", on, scope))
if closed > 0 then
  print(string.format("(%s closed or cancelled left out: no work in progress there)",
    plural(closed, "project")))
end

for _, key in ipairs(names) do
  local items = groups[key]
  local resolved = 0
  for _, it in ipairs(items) do
    if it.resolved then resolved = resolved + 1 end
  end
  local p = key ~= NONE and pmo.project(key)
  print()
  print(string.format("%s%s: %s, %d resolved, WIP %d on %s", key, p and (" " .. p.name) or "",
    plural(#items, "item"), resolved, flow.wip(items, on), on))

  -- Percentiles only where the sample has them (flow.min_sample); n always.
  local pct, measured = flow.cycle_time_percentiles(items, PERCENTILES)
  if measured == 0 then
    print("  lead time: no resolved items yet")
  else
    local shown, withheld = {}, {}
    for _, q in ipairs(PERCENTILES) do
      local need = flow.min_sample(q)
      if measured >= need then
        shown[#shown + 1] = string.format("%d%% within %s", q, days(pct[q]))
      else
        withheld[#withheld + 1] = string.format("%dth needs %d", q, need)
      end
    end
    local times = flow.cycle_times(items)
    table.sort(times)
    local line = string.format("  lead time over %s (n = %d): ", plural(measured, "resolved item"), measured)
    if #shown > 0 then
      line = line .. table.concat(shown, ", ")
    else
      line = line .. string.format("%s%s, too few for percentiles", measured == 1 and "" or "slowest ",
        days(times[#times]))
    end
    if #withheld > 0 then line = line .. " (" .. table.concat(withheld, ", ") .. ")" end
    print(line)
  end

  -- Throughput over the six calendar months ending with the as-of date's, zeros included.
  local series = flow.throughput(items, "month", { from = on:add_months(-5), to = on })
  local cells = {}
  for _, s in ipairs(series) do cells[#cells + 1] = s.period .. " " .. s.count end
  print("  throughput per month: " .. table.concat(cells, ", "))

  local ages = flow.ages(items, on)
  if #ages > 0 then
    local oldest = {}
    for i = 1, math.min(3, #ages) do oldest[i] = string.format("%s (%d d)", ages[i].id, ages[i].age) end
    print(string.format("  %d open, oldest: %s", #ages, table.concat(oldest, ", ")))
  end
end
