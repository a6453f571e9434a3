#!/usr/bin/env -S pmo run
-- Compliance audit, the "control tower" view: every active project checked
-- against the PMO's controls — a fresh status report, a baseline set before
-- execution, a risk register, change requests decided in time, and the
-- evidence each passed phase gate requires. The checks are the pure
-- predicates of stdlib/pmo/compliance.lua; this script gathers their inputs
-- from the store. Exits 1 when a control fails, so it can gate a pipeline.
--
--   pmo run scripts/compliance-audit.lua
--   pmo run scripts/compliance-audit.lua --quiet    -- failures only
local compliance = require("pmo.compliance")

local quiet = arg[1] == "--quiet"
local on = pmo.asof() or pmo.today()
local active = { initiation = true, planning = true, execution = true, closing = true }

-- What each phase requires, from the store's phase gates: a project in a
-- phase has passed every gate that closes an earlier phase, so it must hold
-- the evidence those gates require.
local order = { "initiation", "planning", "execution", "closing", "closed" }
local position = {}
for i, phase in ipairs(order) do position[phase] = i end
local phase_artifacts = {}
for _, phase in ipairs(order) do
  local required = {}
  for _, gate in ipairs(pmo.gates():sort_by("sequence")) do
    if position[gate.phase] and position[gate.phase] < position[phase] then
      for _, req in ipairs(gate:requirements()) do required[#required + 1] = req.artifact end
    end
  end
  phase_artifacts[phase] = required
end

-- The plain table each compliance check reads (see the check's comment).
local function audit_input(p)
  local status = p:latest_status()
  local b0 = p:baseline(0)
  local crs = {}
  for _, cr in ipairs(p:change_requests()) do
    crs[#crs + 1] = { id = cr.id, raised = cr.raised_on, decided = cr.decided_on }
  end
  local artifacts = {}
  for _, e in ipairs(p:evidence()) do artifacts[e.artifact] = true end
  return {
    id = p.id, phase = p.phase,
    last_status_report = status and status.report_date,
    baseline_date = b0 and b0.set_on, execution_start = p.actual_start,
    risks = p:risks(), change_requests = crs, artifacts = artifacts,
  }
end

local controls = {
  { "status report fresh", function(x) return compliance.status_report_fresh(x, on) end },
  { "baseline before execution", function(x) return compliance.baseline_before_execution(x) end },
  { "risk register", function(x) return compliance.risk_register_present(x) end },
  { "change requests decided", function(x) return compliance.change_requests_decided(x, on) end },
  { "phase gate evidence", function(x)
      return compliance.phase_gate_artifacts(x, { phase_artifacts = phase_artifacts })
    end },
}

print(string.format("Compliance audit as of %s", on))
local failures, projects_failing, checked = 0, 0, 0
local per_control = {}
for _, p in ipairs(pmo.projects(function(p) return active[p.phase] end):sort_by("id")) do
  checked = checked + 1
  local before = failures
  local x = audit_input(p)
  local lines = {}
  for _, control in ipairs(controls) do
    local name, check = control[1], control[2]
    local ok, message = check(x)
    if not ok then
      failures = failures + 1
      per_control[name] = (per_control[name] or 0) + 1
      lines[#lines + 1] = string.format("  FAIL %-26s %s", name, message)
    elseif not quiet then
      lines[#lines + 1] = string.format("  ok   %-26s %s", name, message)
    end
  end
  if #lines > 0 then
    print()
    print(string.format("%s %s (%s, %s)", p.id, p.name, p.phase, p.manager or "no manager"))
    print(table.concat(lines, "\n"))
  end
  if failures > before then projects_failing = projects_failing + 1 end
end

print()
print(string.format("%d projects checked, %d failed controls in %d projects.", checked, failures, projects_failing))
for _, control in ipairs(controls) do
  local n = per_control[control[1]]
  if n then print(string.format("  %-26s %d", control[1], n)) end
end
if failures > 0 then os.exit(1) end
