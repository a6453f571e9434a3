#!/usr/bin/env -S pmo run
-- Late milestones: those whose forecast (or actual) date slipped past the
-- baseline, and those still open after their forecast date — overdue without
-- anyone having moved the forecast. Slippage is forecast − baseline in days,
-- positive = late, as every day variance in pmo (milestone trend analysis,
-- stdlib/pmo/delivery.lua; active projects as stdlib/pmo/measures.lua says).
--
--   pmo run scripts/late-milestones.lua          -- slips of more than 0 days
--   pmo run scripts/late-milestones.lua 14       -- ignore slips up to 14 days
local delivery = require("pmo.delivery")
local measures = require("pmo.measures")

local tolerance = tonumber(arg[1] or "0")
if not tolerance then
  io.stderr:write("usage: late-milestones.lua [TOLERANCE_DAYS] (got '", arg[1], "')\n")
  os.exit(2)
end
local on = pmo.asof() or pmo.today()

print(string.format("Late milestones as of %s (tolerance %d days)", on, tolerance))

local total_slipped, total_overdue, projects_hit = 0, 0, 0
for _, p in ipairs(measures.active_projects():sort_by("id")) do
  -- pmo.delivery takes plain tables; name carries the milestone's id too.
  local ms, by_name = {}, {}
  for _, m in ipairs(p:milestones()) do
    ms[#ms + 1] = { name = m.name, baseline = m.baseline_date, forecast = m.forecast_date,
      actual = m.actual_date }
    by_name[m.name] = m
  end
  local slipped, days, worst = delivery.milestone_slippage(ms, { tolerance_days = tolerance })
  local overdue = p:milestones(function(m)
    return m.actual_date == nil and m.forecast_date ~= nil and m.forecast_date < on
  end)
  if #slipped > 0 or #overdue > 0 then
    projects_hit = projects_hit + 1
    print()
    print(string.format("%s %s (%s), %d slipped, %d days in all, worst %d", p.id, p.name,
      p.manager or "no manager", #slipped, days, worst))
    for _, s in ipairs(slipped) do
      local m = by_name[s.name]
      print(string.format("  %-28s baseline %s  %s %s  %+4d days", s.name, m.baseline_date,
        m.actual_date and "actual  " or "forecast", m.actual_date or m.forecast_date, s.days))
    end
    for _, m in ipairs(overdue) do
      print(string.format("  %-28s OVERDUE: forecast %s passed %d days ago, not done", m.name,
        m.forecast_date, on - m.forecast_date))
    end
    total_slipped, total_overdue = total_slipped + #slipped, total_overdue + #overdue
  end
end

print()
print(string.format("%d milestones slipped and %d overdue, in %d projects.",
  total_slipped, total_overdue, projects_hit))
