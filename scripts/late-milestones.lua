#!/usr/bin/env -S pmo run
-- Late milestones: those whose forecast (or actual) date slipped past the
-- baseline, and those overdue: not done although their baseline or forecast
-- date has passed (pmo.measures.overdue_milestone: DCMA's missed milestone,
-- or a forecast nobody updated). Slippage is forecast − baseline in days,
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

print(string.format("Late milestones as of %s (tolerance %d days; slips in days, positive = late)", on, tolerance))

local function plural(n, one, many) return string.format("%d %s", n, n == 1 and one or (many or one .. "s")) end

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
  local overdue = {}
  for _, m in ipairs(p:milestones()) do
    local kind, due = measures.overdue_milestone(m, on)
    if kind then overdue[#overdue + 1] = { m = m, kind = kind, due = due } end
  end
  if #slipped > 0 or #overdue > 0 then
    projects_hit = projects_hit + 1
    print()
    local head = string.format("%s %s (%s)", p.id, p.name, p.manager or "no manager")
    if #overdue > 0 then head = head .. ", " .. plural(#overdue, "overdue", "overdue") end
    if #slipped > 0 then
      head = head .. string.format(", %d slipped, %s in all, worst %+d days", #slipped,
        plural(days, "day"), worst)
    end
    print(head)
    for _, s in ipairs(slipped) do
      local m = by_name[s.name]
      print(string.format("  %-28s baseline %s  %s %s  %+4d days", s.name, m.baseline_date,
        m.actual_date and "actual  " or "forecast", m.actual_date or m.forecast_date, s.days))
    end
    for _, o in ipairs(overdue) do
      local ago = on - o.due
      print(string.format("  %-28s OVERDUE: %s date %s passed %s ago, not done%s", o.m.name, o.kind,
        o.due, plural(ago, "day"), o.kind == "baseline" and o.m.forecast_date
          and string.format(" (forecast %s)", o.m.forecast_date) or ""))
    end
    total_slipped, total_overdue = total_slipped + #slipped, total_overdue + #overdue
  end
end

print()
print(string.format("%s slipped and %d overdue, in %s.", plural(total_slipped, "milestone"),
  total_overdue, plural(projects_hit, "project")))
