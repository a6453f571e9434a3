--- The standard KPIs and control-tower rules, declared with `pmo.kpi`.
--
-- Every session has them (the REPL, pmo run, pmo eval, pmo check): the first
-- use of pmo.kpi loads this module. Each is a short adapter from
-- the domain objects of `pmo` to a formula of the stdlib's formula modules
-- (pmo.evm, pmo.es, pmo.delivery, pmo.risk, pmo.benefits, pmo.resources,
-- pmo.compliance), with its thresholds and the source of its definition.
-- Thresholds are common starting points, not standards: copy a definition
-- into your own rules file, change the id and the thresholds, and keep both.
-- Every project KPI and rule here applies to active projects (initiation to
-- closing, pmo.measures) unless its `scope` says otherwise; the measures they
-- share (open risk, gate evidence, demand, day variances) are pmo.measures'.
local kpi = require("pmo.kpi")
local date = require("pmo.date")
local delivery = require("pmo.delivery")
local risk = require("pmo.risk")
local benefits = require("pmo.benefits")
local resources = require("pmo.resources")
local compliance = require("pmo.compliance")
local measures = require("pmo.measures")
local dcma = require("pmo.dcma")

local M = {}

-- The date the figures are judged at: the session's as-of date, else today.
local function judged_on()
  return pmo.asof() or pmo.today()
end

-- Phases in which a project is still being run (pmo.measures.ACTIVE).
M.ACTIVE = measures.ACTIVE

-- ---------------------------------------------------------------------------
-- Earned value and earned schedule (project).

local PMI = "PMI, Practice Standard for Earned Value Management (2nd ed., 2011); ANSI/EIA-748"

kpi.define {
  id = "pmo.evm.cpi", title = "Cost performance index", unit = "ratio", applies_to = "project",
  formula = "CPI = EV / AC", source = PMI, aggregate = "weighted_avg", weight = "bac",
  thresholds = { green = 0.95, amber = 0.85 }, direction = "higher_is_better",
  compute = function(p)
    return p:evm().cpi
  end,
  inputs = function(p)
    local e = p:evm()
    return { ev = e.ev, ac = e.ac, status_date = e.status_date }
  end,
}

kpi.define {
  id = "pmo.evm.spi", title = "Schedule performance index", unit = "ratio", applies_to = "project",
  formula = "SPI = EV / PV", source = PMI, aggregate = "weighted_avg", weight = "bac",
  thresholds = { green = 0.95, amber = 0.85 }, direction = "higher_is_better",
  compute = function(p)
    return p:evm().spi
  end,
  inputs = function(p)
    local e = p:evm()
    return { ev = e.ev, pv = e.pv, status_date = e.status_date }
  end,
}

kpi.define {
  id = "pmo.es.spi_t", title = "Schedule performance index (time)", unit = "ratio",
  applies_to = "project", formula = "SPI(t) = ES / AT, ES = C + (EV - PV_C) / (PV_C+1 - PV_C)",
  source = "Lipke, W. (2003), Schedule is Different, The Measurable News", aggregate = "avg",
  thresholds = { green = 0.95, amber = 0.85 }, direction = "higher_is_better",
  compute = function(p)
    return p:es().spi_t
  end,
  inputs = function(p)
    local e = p:es()
    return { es = e.es, at = e.at, ev = e.ev, pd = e.pd }
  end,
}

kpi.define {
  id = "pmo.evm.vac_pct", title = "Variance at completion, share of BAC", unit = "share",
  applies_to = "project", formula = "VAC / BAC = (BAC - EAC) / BAC, EAC = BAC / CPI", source = PMI,
  aggregate = "avg", thresholds = { green = -0.05, amber = -0.10 }, direction = "higher_is_better",
  compute = function(p)
    local e = p:evm()
    if e.vac == nil or not e.bac or e.bac == 0 then return nil end
    return e.vac / e.bac
  end,
  inputs = function(p)
    local e = p:evm()
    return { vac = e.vac, bac = e.bac, eac = e.eac }
  end,
}

kpi.define {
  id = "pmo.evm.tcpi", title = "To-complete performance index (to BAC)", unit = "ratio",
  applies_to = "project", formula = "TCPI = (BAC - EV) / (BAC - AC)", source = PMI, aggregate = "max",
  thresholds = { green = 1.05, amber = 1.15 }, direction = "lower_is_better",
  compute = function(p)
    return p:evm().tcpi_bac
  end,
  inputs = function(p)
    local e = p:evm()
    return { bac = e.bac, ev = e.ev, ac = e.ac }
  end,
}

-- ---------------------------------------------------------------------------
-- Delivery (project).

kpi.define {
  id = "pmo.delivery.finish_variance_days", title = "Finish date variance", unit = "days",
  applies_to = "project", formula = "forecast (or actual) finish - baseline finish; positive is late",
  source = "MS Project Finish Variance (finish - baseline finish); schedule variance in days against the approved baseline",
  version = "2", aggregate = "max", thresholds = { green = 10, amber = 30 }, direction = "lower_is_better",
  compute = function(p)
    return measures.finish_variance_days(p)
  end,
  inputs = function(p)
    return { baseline_finish = p.baseline_finish, forecast_finish = p.actual_finish or p.forecast_finish }
  end,
}

kpi.define {
  id = "pmo.delivery.milestone_slippage", title = "Worst milestone slippage", unit = "days",
  applies_to = "project", formula = "max over milestones of (forecast or actual) - baseline date",
  source = "Common PMO practice: milestone trend analysis", aggregate = "max",
  thresholds = { green = 5, amber = 20 }, direction = "lower_is_better",
  -- pmo.delivery.milestone_slippage's figures (slip = (actual or forecast) - baseline,
  -- positive = late; worst 0 when none slipped), counted here without making its list.
  compute = function(p)
    local ms = p:milestones()
    if #ms == 0 then return nil end
    local slipped, total, worst = 0, 0, 0
    for i = 1, #ms do
      local m = ms[i]
      local b, f = m.baseline_date, m.actual_date or m.forecast_date
      if b and f then
        local days = f.n - b.n
        if days > 0 then
          slipped, total = slipped + 1, total + days
          if days > worst then worst = days end
        end
      end
    end
    return worst, { milestones = #ms, slipped = slipped, total_days = total }
  end,
}

-- ---------------------------------------------------------------------------
-- Risk and benefits (project).

kpi.define {
  id = "pmo.risk.exposure_pct", title = "Open risk exposure, share of BAC", unit = "share",
  applies_to = "project", formula = "sum over open risks of probability x impact_cost, / BAC",
  source = "Expected monetary value (PMBOK Guide, Quantitative risk analysis); ISO 31000",
  aggregate = "weighted_avg", weight = "bac",
  thresholds = { green = 0.05, amber = 0.15 }, direction = "lower_is_better",
  compute = function(p)
    local bac = measures.bac(p)
    if not bac or bac == 0 then return nil end
    local open = {}
    for _, r in ipairs(p:risks()) do
      if r.probability and r.impact_cost and risk.is_open(r) then
        open[#open + 1] = { id = r.id, probability = r.probability, impact = r.impact_cost, status = r.status }
      end
    end
    local exposure, n = risk.total_exposure(open)
    return exposure / bac, { exposure = exposure, open_risks = n, bac = bac }
  end,
}

kpi.define {
  id = "pmo.benefits.realisation", title = "Benefits realised against plan to date", unit = "share",
  applies_to = "project", formula = "sum realised (to date) / sum planned (to date)",
  source = "Benefits realisation management (APM Body of Knowledge, 7th ed.; MSP)",
  aggregate = "avg", thresholds = { green = 0.9, amber = 0.7 }, direction = "higher_is_better",
  -- Benefits are mostly realised after handover: closed projects count too (not cancelled ones).
  scope = function(p) return measures.is_active(p) or p.phase == "closed" end,
  compute = function(p)
    local on = judged_on()
    local list = {}
    for _, b in ipairs(p:benefits()) do
      local planned, realised = {}, {}
      for _, v in ipairs(b:values()) do
        if v.planned then planned[#planned + 1] = { date = v.period_end.n, amount = v.planned } end
        if v.realised then realised[#realised + 1] = { date = v.period_end.n, amount = v.realised } end
      end
      list[#list + 1] = { id = b.id, planned = planned, realised = realised }
    end
    if #list == 0 then return nil end
    local _, realised, planned, ratio = benefits.realised_vs_planned(list, on.n)
    return ratio, { realised = realised, planned = planned, benefits = #list }
  end,
}

-- ---------------------------------------------------------------------------
-- Resources.

-- Hours of an assignment that fall in [from, to] (pmo.measures: over its working days).
M.hours_within = measures.assignment_hours_within

kpi.define {
  id = "pmo.resources.utilisation", title = "Utilisation in the month of the as-of date", unit = "share",
  applies_to = "resource", version = "2",
  formula = "planned hours of active projects in the month / (capacity per week / 5 x working days in the month)",
  source = "PMI, The Standard for Portfolio Management (4th ed.), capacity management",
  aggregate = "avg", thresholds = { green = 0.95, amber = 1.05 }, direction = "lower_is_better",
  compute = function(r)
    if not r.capacity_hours_per_week or r.capacity_hours_per_week == 0 then return nil end
    local on = judged_on()
    local first = on:add_days(1 - on:day())
    local last = on:month_end()
    local booked = 0
    for _, a in ipairs(r:assignments()) do
      if measures.is_demand(a) then booked = booked + measures.assignment_hours_within(a, first.n, last.n) end
    end
    local available = measures.capacity_hours_within(r, first.n, last.n)
    return resources.utilisation(booked, available), { booked = booked, available = available, month = on:month_key() }
  end,
}

-- ---------------------------------------------------------------------------
-- Organisation.

-- Projects in the shape pmo.delivery expects (pmo.measures, which the
-- current-state analysis's failure rate reads too).
local delivery_rows = measures.delivery_rows

kpi.define {
  id = "pmo.delivery.on_time_rate", title = "Projects delivered on time", unit = "share",
  applies_to = "organisation", formula = "completed with actual finish <= baseline finish / completed",
  source = "PMI, Pulse of the Profession (projects completed on time)",
  thresholds = { green = 0.8, amber = 0.6 }, direction = "higher_is_better",
  compute = function()
    local rate, on_time, of = delivery.on_time_rate(delivery_rows())
    return rate, { on_time = on_time, completed = of }
  end,
}

kpi.define {
  id = "pmo.delivery.on_budget_rate", title = "Projects delivered within budget", unit = "share",
  applies_to = "organisation", formula = "completed with actual cost <= budget / completed",
  source = "PMI, Pulse of the Profession (projects completed within budget)",
  thresholds = { green = 0.8, amber = 0.6 }, direction = "higher_is_better",
  compute = function()
    local rate, within, of = delivery.on_budget_rate(delivery_rows())
    return rate, { within_budget = within, completed = of }
  end,
}

-- ---------------------------------------------------------------------------
-- Control-tower rules (project), on active projects only (their default scope).

--- Thresholds of the rules: pmo.compliance's defaults, so that the rules and
-- a direct call of its predicates agree; change them here or in a copy.
M.RULES = {
  -- Monthly reporting with a week's grace.
  max_status_age_days = compliance.DEFAULTS.max_status_age_days,
  max_change_decision_days = compliance.DEFAULTS.max_change_decision_days,
}


kpi.rule {
  id = "pmo.compliance.status_fresh", title = "Status report is recent", severity = "error",
  applies_to = "project", source = "Control-tower PMO audit (pmo.compliance.status_report_fresh)",
  check = function(p)
    local s = p:latest_status()
    return compliance.status_report_fresh({ id = p.id, last_status_report = s and s.report_date.n },
      judged_on().n, { max_status_age_days = M.RULES.max_status_age_days })
  end,
  message = function(_, detail) return detail end,
}

kpi.rule {
  id = "pmo.compliance.baseline_before_execution", title = "Baseline set before execution",
  severity = "error", applies_to = "project",
  source = "Control-tower PMO audit (pmo.compliance.baseline_before_execution)",
  check = function(p)
    local b = p:baseline(0)
    return compliance.baseline_before_execution({ id = p.id, phase = p.phase,
      baseline_date = b and b.set_on and b.set_on.n, execution_start = p.actual_start and p.actual_start.n })
  end,
  message = function(_, detail) return detail end,
}

kpi.rule {
  id = "pmo.compliance.risk_register", title = "Risk register present", severity = "warning",
  applies_to = "project", source = "Control-tower PMO audit (pmo.compliance.risk_register_present)",
  check = function(p)
    return compliance.risk_register_present({ id = p.id, phase = p.phase, risks = p:risks() })
  end,
  message = function(_, detail) return detail end,
}

kpi.rule {
  id = "pmo.compliance.change_requests_decided", title = "Change requests decided in time",
  severity = "warning", applies_to = "project",
  source = "Control-tower PMO audit (pmo.compliance.change_requests_decided)",
  check = function(p)
    local crs = {}
    for _, cr in ipairs(p:change_requests()) do
      crs[#crs + 1] = { id = cr.id, raised = cr.raised_on and cr.raised_on.n, decided = cr.decided_on and cr.decided_on.n }
    end
    return compliance.change_requests_decided({ id = p.id, change_requests = crs }, judged_on().n,
      { max_change_decision_days = M.RULES.max_change_decision_days })
  end,
  message = function(_, detail) return detail end,
}

kpi.rule {
  id = "pmo.compliance.gate_artifacts", title = "Phase-gate artifacts present", severity = "error",
  applies_to = "project", source = "Control-tower PMO audit: the store's phase gates and their required artifacts",
  formula = "the artifacts of every gate closing an earlier phase (pmo.measures.required_artifacts) are in the project's evidence",
  version = "2",
  check = function(p)
    return compliance.phase_gate_artifacts({ id = p.id, phase = p.phase, artifacts = measures.artifacts(p) },
      { phase_artifacts = { [p.phase] = measures.required_artifacts(p.phase) } })
  end,
  message = function(_, detail) return detail end,
}

-- ---------------------------------------------------------------------------
-- The DCMA 14-point schedule assessment and GAO's best-practice checks (pmo.dcma), one rule
-- per check: pmo.dcma.logic ... pmo.dcma.bei, pmo.gao.summary_links ... Severity warning:
-- PAM 200.1's thresholds are "a starting point toward an objective analysis of the
-- schedule", not compliance triggers (GAO-16-89G, appendix on DCMA's 14-point assessment),
-- so they breach only with --fail-on amber. Evaluated on request (`pmo check --kpi
-- pmo.dcma` runs the fourteen, `--kpi pmo.gao` GAO's), not by every `pmo check`: assessing
-- a portfolio schedules every project twice, more than the rest of the suite costs
-- (issue 20 bounds that suite's time).
-- Each project is assessed once per session state (dcma.cached): the first project alone,
-- and on the second every active project in one engine call.

for _, id in ipairs(dcma.ORDER) do
  local info = dcma.INFO[id]
  local number, name, source = info[1], info[2], info[3]
  kpi.rule {
    id = (number and "pmo.dcma." or "pmo.gao.") .. id,
    title = number and string.format("DCMA %d. %s", number, name) or ("GAO. " .. name),
    severity = "warning", applies_to = "project", source = source, on_request = true,
    description = "pmo.dcma's check '" .. id .. "' (docs/dcma.md): its threshold is pmo.dcma.DEFAULTS." .. id
      .. " unless pmo.config.lua's dcma = {...} changes it",
    check = function(p)
      local c = dcma.check(dcma.cached(p), id)
      return c.passed, c.explain
    end,
    message = function(_, detail) return detail end,
  }
end

return M
