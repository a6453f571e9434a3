#!/usr/bin/env -S pmo run
-- Capacity against demand, by role and month, for the next months: what the
-- resource pool can give (capacity per week × working weeks) against what
-- the projects' assignments ask of it, and the people booked above 100 %.
-- Formulas and their sources: stdlib/pmo/resources.lua.
--
--   pmo run scripts/capacity-vs-demand.lua        -- six months from the as-of date
--   pmo run scripts/capacity-vs-demand.lua 3      -- three months
local resources = require("pmo.resources")
local date = require("pmo.date")

local months = tonumber(arg[1] or "6")
if not months or months < 1 then
  io.stderr:write("usage: capacity-vs-demand.lua [MONTHS] (got '", arg[1], "')\n")
  os.exit(2)
end
local on = pmo.asof() or pmo.today()

-- Working days (Monday to Friday) from a to b, both included.
local function working_days(a, b)
  if b < a then return 0 end
  return a:add_days(-1):working_days_to(b)
end

-- The months to report: { key = "2026-10", first = Date, last = Date }.
local periods = {}
local first = date.of(on:year(), on:month(), 1):add_months(1)
for i = 1, months do
  local start = first:add_months(i - 1)
  periods[i] = { key = start:month_key(), first = start, last = start:month_end() }
end

-- Capacity: each person's weekly hours over the working days they are available.
local capacity, by_person = {}, {}
for _, r in ipairs(pmo.resources{ kind = "person" }) do
  by_person[r.id] = {}
  for _, period in ipairs(periods) do
    local from = r.available_from and r.available_from > period.first and r.available_from or period.first
    local to = r.available_to and r.available_to < period.last and r.available_to or period.last
    local hours = (r.capacity_hours_per_week or 0) / 5 * working_days(from, to)
    capacity[#capacity + 1] = { role = r.role, period = period.key, hours = hours }
    by_person[r.id][period.key] = hours
  end
end

-- Demand: each assignment's planned hours spread evenly over its working days.
-- Cancelled and closed projects no longer ask for anyone, whatever their
-- assignments still say.
local demand, load = {}, {}
local roles = pmo.resources():index_by("id")
local live = pmo.projects(function(p) return p.phase ~= "cancelled" and p.phase ~= "closed" end):index_by("id")
for _, a in ipairs(pmo.assignments()) do
  local span = working_days(a.period_start, a.period_end)
  if span > 0 and live[a.project_id] then
    for _, period in ipairs(periods) do
      local from = a.period_start > period.first and a.period_start or period.first
      local to = a.period_end < period.last and a.period_end or period.last
      local hours = a.planned_hours * working_days(from, to) / span
      if hours > 0 then
        local r = roles[a.resource_id]
        demand[#demand + 1] = { role = r and r.role or "?", period = period.key, hours = hours }
        load[#load + 1] = { person = a.resource_id, period = period.key, project = a.project_id, hours = hours }
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
