#!/usr/bin/env -S pmo run
-- Capacity against demand, by role and month, for the next months: what the
-- resource pool can give (capacity per week × working weeks) against what
-- the active projects' assignments ask of it, and the people booked above
-- 100 %. Formulas and their sources: stdlib/pmo/resources.lua and
-- stdlib/pmo/measures.lua (capacity and demand).
--
--   pmo run scripts/capacity-vs-demand.lua        -- six months from the as-of date
--   pmo run scripts/capacity-vs-demand.lua 3      -- three months
local resources = require("pmo.resources")
local measures = require("pmo.measures")
local date = require("pmo.date")

local months = tonumber(arg[1] or "6")
if not months or months < 1 then
  io.stderr:write("usage: capacity-vs-demand.lua [MONTHS] (got '", arg[1], "')\n")
  os.exit(2)
end
local on = pmo.asof() or pmo.today()

-- The months to report: { key = "2026-10", first = Date, last = Date }.
local periods = {}
local first = date.of(on:year(), on:month(), 1):add_months(1)
for i = 1, months do
  local start = first:add_months(i - 1)
  periods[i] = { key = start:month_key(), first = start, last = start:month_end() }
end

-- Capacity and demand as pmo.measures defines them (the report's capacity
-- chart and the utilisation KPI use the same): capacity is each person's
-- weekly hours over the working days they are available; demand is the
-- planned hours of active projects' assignments, spread over their working
-- days. Cancelled and closed projects ask for no one.
local capacity, demand, load, by_person = {}, {}, {}, {}
for _, r in ipairs(pmo.resources(measures.has_hours)) do
  by_person[r.id] = {}
  for _, period in ipairs(periods) do
    local hours = measures.capacity_hours_within(r, period.first, period.last)
    capacity[#capacity + 1] = { role = r.role, period = period.key, hours = hours }
    by_person[r.id][period.key] = hours
  end
  for _, a in ipairs(r:assignments()) do
    if measures.is_demand(a) then   -- an assignment of an active project
      for _, period in ipairs(periods) do
        local hours = measures.assignment_hours_within(a, period.first, period.last)
        if hours > 0 then
          demand[#demand + 1] = { role = r.role, period = period.key, hours = hours }
          load[#load + 1] = { person = a.resource_id, period = period.key, project = a.project_id, hours = hours }
        end
      end
    end
  end
end

local rows, deficits = resources.capacity_vs_demand(capacity, demand)
print(string.format("Capacity against demand, hours, %s to %s", periods[1].key, periods[#periods].key))
print()
print(string.format("%-20s %-8s %9s %9s %9s %6s", "role", "month", "capacity", "demand", "balance", "load"))
for _, row in ipairs(rows) do
  local u = resources.utilisation(row.demand, row.capacity)
  print(string.format("%-20s %-8s %9.0f %9.0f %9.0f %6s", row.role, row.period, row.capacity,
    row.demand, row.balance, u and string.format("%.0f%%", u * 100) or "-"))
end

print()
print(string.format("%d role-months short of capacity.", #deficits))
for i = 1, math.min(5, #deficits) do
  local d = deficits[i]
  print(string.format("  %-20s %s short by %.0f hours", d.role, d.period, -d.balance))
end

local over = resources.over_allocated(load, by_person, { default_capacity = 0 })
print()
print(string.format("%d person-months booked above capacity.", #over))
local names = pmo.resources():index_by("id")
for i = 1, math.min(10, #over) do
  local o = over[i]
  print(string.format("  %-8s %-20s %s booked %4.0f of %4.0f hours (%s)", o.person,
    names[o.person] and names[o.person].name or "?", o.period, o.allocated, o.capacity,
    o.ratio and string.format("%.0f%%", o.ratio * 100) or "no capacity"))
end
