#!/usr/bin/env -S pmo run
-- Compliance audit, the "control tower" view: every active project checked
-- against the PMO's controls — a fresh status report, a baseline set before
-- execution, a risk register, change requests decided in time, and the
-- evidence each passed phase gate requires. The controls are the standard
-- rules of pmo check (stdlib/pmo/kpis.lua, over the predicates of
-- stdlib/pmo/compliance.lua and the definitions of pmo.measures), evaluated
-- here by the KPI engine, so this audit and pmo check always agree. Exits 1
-- when a control fails, so it can gate a pipeline, and says so on stderr.
--
--   pmo run scripts/compliance-audit.lua
--   pmo run scripts/compliance-audit.lua --quiet    -- failures only
local kpi = require("pmo.kpi")
local measures = require("pmo.measures")

local quiet = arg[1] == "--quiet"
local on = pmo.asof() or pmo.today()

local controls = {
  { "status report fresh", "pmo.compliance.status_fresh" },
  { "baseline before execution", "pmo.compliance.baseline_before_execution" },
  { "risk register", "pmo.compliance.risk_register" },
  { "change requests decided", "pmo.compliance.change_requests_decided" },
  { "phase gate evidence", "pmo.compliance.gate_artifacts" },
}
local ids, name_of = {}, {}
for i, c in ipairs(controls) do ids[i] = c[2]; name_of[c[2]] = c[1] end

local projects = measures.active_projects():sort_by("id")
local by_project = {}
for _, r in ipairs(kpi.evaluate(ids, projects)) do
  local g = by_project[r.object_id]
  if not g then g = {}; by_project[r.object_id] = g end
  g[r.id] = r
end

print(string.format("Compliance audit as of %s", on))
local failures, projects_failing = 0, 0
local per_control = {}
for _, p in ipairs(projects) do
  local lines, failed = {}, false
  for _, id in ipairs(ids) do
    local r = (by_project[p.id] or {})[id]
    if r then
      local name = name_of[id]
      if r.error then
        failed, failures = true, failures + 1
        per_control[name] = (per_control[name] or 0) + 1
        lines[#lines + 1] = string.format("  ERROR %-25s %s", name, r.error)
      elseif not r.passed then
        failed, failures = true, failures + 1
        per_control[name] = (per_control[name] or 0) + 1
        lines[#lines + 1] = string.format("  FAIL %-26s %s", name, r.message or r:detail_text() or "")
      elseif not quiet then
        lines[#lines + 1] = string.format("  ok   %-26s %s", name, r:detail_text() or "")
      end
    end
  end
  if #lines > 0 then
    print()
    print(string.format("%s %s (%s, %s)", p.id, p.name, p.phase, p.manager or "no manager"))
    print(table.concat(lines, "\n"))
  end
  if failed then projects_failing = projects_failing + 1 end
end

local function plural(n, one) return string.format("%d %s%s", n, one, n == 1 and "" or "s") end

print()
print(string.format("%s checked, %s in %s.", plural(#projects, "project"),
  plural(failures, "failed control"), plural(projects_failing, "project")))
for _, control in ipairs(controls) do
  local n = per_control[control[1]]
  if n then print(string.format("  %-26s %d", control[1], n)) end
end
if failures > 0 then
  -- Say why the status is 1 where a pipeline's log shows it, not only in the table.
  io.stderr:write(string.format("compliance-audit: exit status 1: %s in %s (listed above); "
    .. "any failed control fails the audit\n", plural(failures, "failed control"),
    plural(projects_failing, "project")))
  os.exit(1)
end
