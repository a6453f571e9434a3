--- The one definition of each measure a PMO reports, used by every output.
--
-- `pmo check`, the standard KPIs (pmo.kpis), the portfolio report and every
-- script in scripts/ ask these functions, so that two outputs stating the
-- same fact state the same figure. docs/kpis.md explains each definition.
--
--     local measures = require("pmo.measures")
--     local active = measures.active_projects()            -- initiation to closing
--     print(#measures.open_risks(active), measures.evm_totals(active).bac)
--
-- Definitions, with their sources:
--
-- * **Active project**: a project in one of the phases initiation, planning,
--   execution or closing: started (chartered) and not yet closed or
--   cancelled. PMBOK Guide (6th ed.), the project life cycle from
--   "initiating" to "closing"; closed and cancelled projects are history.
-- * **Open risk**: a risk whose status is neither `closed` nor `occurred`
--   (so `open`, `mitigating`, or any status a register adds). A risk that
--   occurred is no longer uncertain: it is an issue now and leaves the risk
--   register's exposure (PMI, *Practice Standard for Project Risk
--   Management* (2009), risk vs issue; ISO 31000:2018, 3.1 "risk: effect of
--   uncertainty on objectives"). Defined in pmo.risk (`risk.is_open`).
-- * **Open issue**: an issue whose status is neither `resolved` nor `closed`.
-- * **Demand**: the planned hours of the assignments of active projects,
--   spread evenly over the working days (Monday to Friday) of each
--   assignment; capacity is a person's weekly hours spread over the working
--   days they are available (PMI, *The Standard for Portfolio Management*,
--   capacity and demand). Closed and cancelled projects ask for no one.
-- * **False green**: an active project whose latest status report is green
--   while its figures are red: the worst rating of its cost and schedule
--   performance KPIs (M.FALSE_GREEN_KPIS: CPI, SPI, SPI(t), VAC/BAC, TCPI,
--   finish variance, milestone slippage), what a status report's RAG claims
--   to sum up. Risk exposure and benefits are not part of it: a risk is not
--   yet a fact, and benefits come after delivery. A project with no rated
--   figure is not a false green: nothing contradicts it.
-- * **Slip in days** (and every day variance): later date minus planned date,
--   so **positive = late**, as MS Project's Finish Variance and milestone
--   trend analysis count it. Earned value's own variances (SV, CV, SV(t))
--   keep the PMI standard's sign, negative = unfavourable.
-- * **Overdue milestone**: a milestone not done (no actual date) whose
--   baseline date or forecast date is before the as-of date: it was due and
--   has not happened. A passed baseline date is DCMA's "missed" milestone
--   (DCMA 14-Point Schedule Assessment, check 11, missed tasks: baseline
--   finish before the status date, not finished); a passed forecast date is
--   a forecast nobody updated (GAO Schedule Assessment Guide, GAO-16-89G,
--   best practice 9: no forecast date before the status date). A milestone
--   can be both slipped (forecast after baseline) and overdue.
-- * **Failure rate**: cancelled projects over finished ones (closed or
--   cancelled). The store has no "failed" outcome; a project stopped before
--   completion is the failure the Standish Group's CHAOS reports count
--   ("project impaired: cancelled at some point during the development
--   cycle"). Open projects have not failed yet and do not count.
-- * **Late rate**: 1 − the on-time delivery rate of the KPI
--   `pmo.delivery.on_time_rate` (completed projects whose actual finish is
--   after their baseline finish, over completed projects with both dates).
-- * **Gate evidence required for a phase**: the artifacts of every phase gate
--   that closes an earlier phase (a gate's `phase` is the phase it closes: a
--   project in planning has passed the initiation gate, not its own).
-- * **BAC and the other earned-value figures**: those of `p:evm()` (the
--   baseline in force, pmo.evm); money is totalled with `evm_totals`, the
--   portfolio's indices from the summed values.
local date = require("pmo.date")
local risk = require("pmo.risk")
local delivery = require("pmo.delivery")
local evm = require("pmo.evm")
local resources = require("pmo.resources")

local M = {}

-- A Date's day number (the common case, read directly), else date.day's.
local function day_of(v)
  if v == nil then return nil end
  local n = type(v) == "table" and rawget(v, "n")
  if n then return n end
  return date.day(v)
end

-- ---------------------------------------------------------------------------
-- Active projects.

--- The phases of an active project, in order.
M.ACTIVE_PHASES = { "initiation", "planning", "execution", "closing" }
local ACTIVE = {}
for _, phase in ipairs(M.ACTIVE_PHASES) do ACTIVE[phase] = true end
M.ACTIVE = ACTIVE

--- Every phase in life-cycle order (cancelled has no place in it).
M.PHASE_ORDER = { "initiation", "planning", "execution", "closing", "closed" }
local POSITION = {}
for i, phase in ipairs(M.PHASE_ORDER) do POSITION[phase] = i end

--- Whether a project is active: in initiation, planning, execution or closing.
function M.is_active(p) return ACTIVE[p.phase] == true end

--- The active projects, optionally also filtered as `pmo.projects` filters
-- (`{ portfolio = "Digital" }` or a function).
function M.active_projects(filter)
  local projects = pmo.projects(filter)
  return projects:filter(M.is_active)
end

-- ---------------------------------------------------------------------------
-- Risks and issues.

--- Whether a risk is open (see the definition above; pmo.risk decides).
M.is_open_risk = risk.is_open

--- The open risks of `projects` (default: the active projects), as a List.
function M.open_risks(projects)
  projects = projects or M.active_projects()
  local out = {}
  for _, p in ipairs(projects) do
    for _, r in ipairs(p:risks()) do
      if risk.is_open(r) then out[#out + 1] = r end
    end
  end
  return pmo.list.of(out)
end

--- A risk's exposure: probability × cost impact (expected monetary value,
-- pmo.risk.exposure), nil when either is missing: what the risk KPI, the heat
-- map and the report add up (a missing figure adds nothing).
function M.risk_exposure(r)
  if type(r.probability) ~= "number" or type(r.impact_cost) ~= "number" then return nil end
  return risk.exposure(r.probability, r.impact_cost)
end

--- Statuses of an issue that is no longer open.
M.CLOSED_ISSUE_STATUSES = { resolved = true, closed = true }

--- Whether an issue is open: its status is neither resolved nor closed.
function M.is_open_issue(i) return not M.CLOSED_ISSUE_STATUSES[i.status] end

--- The open issues of `projects` (default: the active projects), as a List.
function M.open_issues(projects)
  projects = projects or M.active_projects()
  local out = {}
  for _, p in ipairs(projects) do
    for _, i in ipairs(p:issues()) do
      if M.is_open_issue(i) then out[#out + 1] = i end
    end
  end
  return pmo.list.of(out)
end

-- ---------------------------------------------------------------------------
-- Days.

--- Slip in days of `actual_or_forecast` against `planned`: positive = late
-- (MS Project's Finish Variance; milestone trend analysis). Dates or day numbers.
M.slip_days = delivery.slippage_days

--- A project's finish variance in days, positive = late: its actual finish
-- (else its forecast finish) minus its baseline finish; nil without both.
function M.finish_variance_days(p)
  local finish = p.actual_finish or p.forecast_finish
  if not p.baseline_finish or not finish then return nil end
  return delivery.slippage_days(p.baseline_finish, finish)
end

--- Whether milestone `m` is overdue on date `on` (see the definition above):
-- not done, and its baseline or forecast date is before `on`. Returns the
-- passed date's kind ("baseline" when the baseline passed, else "forecast")
-- and that date, or false.
function M.overdue_milestone(m, on)
  if m.actual_date ~= nil then return false end
  local d = day_of(on)
  local b, f = m.baseline_date, m.forecast_date
  if b ~= nil and day_of(b) < d then return "baseline", b end
  if f ~= nil and day_of(f) < d then return "forecast", f end
  return false
end

-- ---------------------------------------------------------------------------
-- Delivery outcomes.

--- Projects (default: all of them) in the shape pmo.delivery expects: status
-- "completed" for a closed project, "cancelled" for a cancelled one, "active"
-- otherwise; baseline and actual finish as day numbers; budget = BAC, actual
-- cost = AC (p:evm()). The on-time and on-budget KPIs read these rows.
function M.delivery_rows(projects)
  local rows = {}
  for _, p in ipairs(projects or pmo.projects()) do
    local status = p.phase == "closed" and "completed" or p.phase == "cancelled" and "cancelled" or "active"
    local e = p:evm()
    rows[#rows + 1] = { id = p.id, status = status, baseline_finish = p.baseline_finish and p.baseline_finish.n,
      actual_finish = p.actual_finish and p.actual_finish.n, budget = e.bac, actual_cost = e.ac }
  end
  return rows
end

--- Failure rate of `projects` (default: all): see the definition above.
-- Returns rate (nil when no project has finished), failed, finished.
function M.failure_rate(projects)
  return delivery.cancellation_rate(M.delivery_rows(projects))
end

-- ---------------------------------------------------------------------------
-- Phase gates.

local required_cache = {}

--- The artifacts a project in `phase` must hold: those of every gate that
-- closes an earlier phase, sorted and without repeats (nil for a phase
-- outside the life cycle, such as cancelled). Read from the store's gates,
-- once per state of the store.
function M.required_artifacts(phase)
  local key = pmo.cache_key()
  if required_cache.key ~= key then
    local by_phase = {}
    for rank, name in ipairs(M.PHASE_ORDER) do
      local required, seen = {}, {}
      for _, g in ipairs(pmo.gates()) do
        local at = POSITION[g.phase]
        if at and at < rank then
          for _, r in ipairs(g:requirements()) do
            if not seen[r.artifact] then seen[r.artifact] = true; required[#required + 1] = r.artifact end
          end
        end
      end
      table.sort(required)
      by_phase[name] = required
    end
    required_cache.key, required_cache.value = key, by_phase
  end
  return required_cache.value[phase]
end

--- The artifacts of a project's gate evidence, as a set.
function M.artifacts(p)
  local have = {}
  for _, e in ipairs(p:evidence()) do have[e.artifact] = true end
  return have
end

--- The artifacts a project lacks for its phase (sorted; empty when none).
function M.missing_artifacts(p)
  local have, missing = M.artifacts(p), {}
  for _, a in ipairs(M.required_artifacts(p.phase) or {}) do
    if not have[a] then missing[#missing + 1] = a end
  end
  return missing
end

-- ---------------------------------------------------------------------------
-- Earned value totals.

--- A project's budget at completion: `p:evm().bac` (the baseline in force).
function M.bac(p) return p:evm().bac end

--- Earned-value totals of `projects` (default: the active projects): the sums
-- of bac, pv, ev, ac, sv, cv, eac, etc and vac over the projects that have each
-- figure, with `count` projects and `with_eac` of them forecasting from their
-- own performance; the portfolio's cpi and spi from the summed values (not an
-- average of ratios, which would weigh a small project like a large one), as
-- pmo.evm defines them. EAC is the sum of the projects' own EACs (each the
-- forecast of its project), so the total row of a table of projects is the
-- sum of its column; a project with no earned value reported yet (not started,
-- not cancelled) counts at its BAC: with nothing earned or spent, EAC = AC +
-- (BAC - EV) = BAC, the plan as the forecast (PMI Practice Standard for EVM).
-- So the EAC total stands beside the BAC total of the same projects. VAC is
-- the sum of the projects' VACs (0 for those at BAC).
function M.evm_totals(projects)
  projects = projects or M.active_projects()
  local t = { count = #projects, with_eac = 0, bac = 0, pv = 0, ev = 0, ac = 0, sv = 0, cv = 0, eac = 0, etc = 0, vac = 0 }
  local fields = { "bac", "pv", "ev", "ac", "sv", "cv", "etc", "vac" }
  for _, p in ipairs(projects) do
    local e = p:evm()
    for _, f in ipairs(fields) do
      local v = e[f]
      if v then t[f] = t[f] + v end
    end
    if e.eac then
      t.eac = t.eac + e.eac; t.with_eac = t.with_eac + 1
    elseif e.ev == nil and e.bac and p.phase ~= "cancelled" then
      t.eac = t.eac + e.bac
    end
  end
  t.cpi = evm.cpi(t.ev, t.ac)
  t.spi = evm.spi(t.ev, t.pv)
  return t
end

-- ---------------------------------------------------------------------------
-- Capacity and demand.


--- Working days (Monday to Friday) from day number a to day number b, both
--- included: five a whole week, then the days left one by one (ISO weekday,
-- 1970-01-01 a Thursday: weekday(n) = (n + 3) % 7 + 1).
local function working_days(a, b)
  if b < a then return 0 end
  local span = b - a + 1
  local count = (span // 7) * 5
  for n = a + (span // 7) * 7, b do
    if (n + 3) % 7 < 5 then count = count + 1 end
  end
  return count
end
M.working_days = working_days

--- Planned hours of assignment `a` that fall within [from, to] (dates or day
-- numbers): its hours spread evenly over its working days.
function M.assignment_hours_within(a, from, to)
  local s, e = day_of(a.period_start), day_of(a.period_end)
  if not s or not e or type(a.planned_hours) ~= "number" then return 0 end
  local span = working_days(s, e)
  if span <= 0 then return 0 end
  local f, t = day_of(from), day_of(to)
  local lo, hi = s > f and s or f, e < t and e or t
  if hi < lo then return 0 end
  return a.planned_hours * working_days(lo, hi) / span
end

--- Hours of resource `r`'s capacity within [from, to]: its weekly hours over
-- the working days of the range it is available (a fifth of a week each).
function M.capacity_hours_within(r, from, to)
  local week = r.capacity_hours_per_week
  if type(week) ~= "number" then return 0 end
  local lo, hi = day_of(from), day_of(to)
  local a, b = day_of(r.available_from), day_of(r.available_to)
  if a and a > lo then lo = a end
  if b and b < hi then hi = b end
  if hi < lo then return 0 end
  return week / 5 * working_days(lo, hi)
end

-- The ids of the active projects, once per state of the store.
local active_ids = {}
local function active_id_set()
  local key = pmo.cache_key()
  if active_ids.key ~= key then
    local set = {}
    for _, p in ipairs(pmo.projects()) do
      if ACTIVE[p.phase] then set[p.id] = true end
    end
    active_ids.key, active_ids.set = key, set
  end
  return active_ids.set
end

--- Whether an assignment is demand: it belongs to an active project.
function M.is_demand(a)
  return a.project_id ~= nil and active_id_set()[a.project_id] == true
end

--- Whether a resource gives and takes hours: a person or a generic role, not
-- material or equipment, not a cost item, not a budget resource (which carries a
-- project's budget of work, not anyone's time).
function M.has_hours(r)
  return (r.kind == "person" or r.kind == "role") and not r.is_budget
end

--- Demand within [from, to]: the hours the active projects' assignments ask
-- of people and roles (material has no hours, M.has_hours), in all (first value), by
-- resource id (second) and by role (third). `opts.resources` limits it to
-- those resources (a List or table of them).
function M.demand_hours(from, to, opts)
  local only
  if opts and opts.resources then
    only = {}
    for _, r in ipairs(opts.resources) do only[r.id] = true end
  end
  local roles = {}
  for _, r in ipairs(pmo.resources()) do
    if M.has_hours(r) then roles[r.id] = r.role or resources.NO_ROLE end
  end
  local total, by_resource, by_role = 0, {}, {}
  for _, a in ipairs(pmo.assignments()) do
    local role = roles[a.resource_id]
    if role and (not only or only[a.resource_id]) and M.is_demand(a) then
      local h = M.assignment_hours_within(a, from, to)
      if h > 0 then
        total = total + h
        by_resource[a.resource_id] = (by_resource[a.resource_id] or 0) + h
        by_role[role] = (by_role[role] or 0) + h
      end
    end
  end
  return total, by_resource, by_role
end

--- Capacity against demand by role within [from, to], as rows
-- `{ role, capacity, demand, balance }` sorted by role (M.has_hours),
-- ready for `report` charts and tables.
function M.capacity_vs_demand(from, to)
  local rows, by = {}, {}
  local function row(role)
    role = role or resources.NO_ROLE
    local r = by[role]
    if not r then r = { role = role, capacity = 0, demand = 0 }; by[role] = r; rows[#rows + 1] = r end
    return r
  end
  for _, r in ipairs(pmo.resources()) do
    if M.has_hours(r) then
      local x = row(r.role)
      x.capacity = x.capacity + M.capacity_hours_within(r, from, to)
    end
  end
  local _, _, by_role = M.demand_hours(from, to)
  for role, h in pairs(by_role) do local x = row(role); x.demand = x.demand + h end
  for _, r in ipairs(rows) do r.balance = r.capacity - r.demand end
  table.sort(rows, function(a, b) return tostring(a.role) < tostring(b.role) end)
  return pmo.list.of(rows)
end

-- ---------------------------------------------------------------------------
-- Reported against calculated.

--- The KPIs a status report's RAG is judged against (see "False green").
M.FALSE_GREEN_KPIS = { "pmo.evm.cpi", "pmo.evm.spi", "pmo.es.spi_t", "pmo.evm.vac_pct", "pmo.evm.tcpi",
  "pmo.delivery.finish_variance_days", "pmo.delivery.milestone_slippage" }

--- Reported against calculated RAG of `projects` (default: the active
-- projects), the calculated one from M.FALSE_GREEN_KPIS: a List of
-- pmo.kpi.reported_vs_calculated rows `{project, reported, calculated,
-- false_green, results}`.
function M.reported_vs_calculated(projects)
  return require("pmo.kpi").reported_vs_calculated(M.FALSE_GREEN_KPIS, projects)
end

--- The false greens among `projects` (default: the active projects): see the
-- definition above. A List of pmo.kpi.reported_vs_calculated rows.
function M.false_greens(projects)
  return M.reported_vs_calculated(projects):filter("false_green")
end

return M
