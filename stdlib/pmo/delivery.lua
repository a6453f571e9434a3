--- Delivery performance across a set of projects.
--
-- A project is a plain table; the fields used here are:
--
--     {
--       id = "PRJ-042",
--       status = "completed" | "cancelled" | "failed" | any other (= still open),
--       baseline_finish = "2026-03-31",   -- date: "yyyy-mm-dd" or day number
--       actual_finish   = "2026-04-10",   -- date, for completed projects
--       forecast_finish = "2026-05-01",   -- date, for open projects
--       budget = 120000,                  -- baseline budget (BAC)
--       actual_cost = 131000,             -- cost at completion (or to date)
--     }
--
-- Rates are fractions 0..1 and come with their numerator and denominator
-- (`rate, count, of`), so a report can say "7 of 9" without recounting.
-- A rate over an empty set is nil, never 0/0.
local date = require("pmo.date")

local M = {}

local CLOSED = { completed = true, cancelled = true, failed = true }

local function rate(count, of)
  if of == 0 then return nil, count, of end
  return count / of, count, of
end

--- On-time delivery rate: the share of completed projects that finished no
-- later than their baseline finish (plus `opts.tolerance_days`, default 0).
-- Formula: on-time % = #(completed, actual_finish ≤ baseline_finish + tolerance)
-- / #completed. Source: common PMO practice (e.g. PMI Pulse of the Profession
-- "projects completed on time"); projects without both dates are skipped.
---@param projects table[]
---@param opts? table `{ tolerance_days = 0 }`
---@return number|nil rate, integer on time, integer considered
function M.on_time_rate(projects, opts)
  local tolerance = opts and opts.tolerance_days or 0
  local count, of = 0, 0
  for _, p in ipairs(projects) do
    if p.status == "completed" and p.baseline_finish and p.actual_finish then
      of = of + 1
      if date.day(p.actual_finish, "actual_finish")
          <= date.day(p.baseline_finish, "baseline_finish") + tolerance then
        count = count + 1
      end
    end
  end
  return rate(count, of)
end

--- On-budget delivery rate: the share of completed projects whose actual
-- cost did not exceed their budget by more than `opts.tolerance` (a fraction,
-- default 0). Formula: #(completed, actual_cost ≤ budget × (1 + tolerance))
-- / #completed. Projects without both figures are skipped.
---@return number|nil rate, integer on budget, integer considered
function M.on_budget_rate(projects, opts)
  local tolerance = opts and opts.tolerance or 0
  local count, of = 0, 0
  for _, p in ipairs(projects) do
    if p.status == "completed" and p.budget and p.actual_cost then
      of = of + 1
      if p.actual_cost <= p.budget * (1 + tolerance) then count = count + 1 end
    end
  end
  return rate(count, of)
end

local function closed_share(projects, status)
  local count, of = 0, 0
  for _, p in ipairs(projects) do
    if CLOSED[p.status] then
      of = of + 1
      if p.status == status then count = count + 1 end
    end
  end
  return rate(count, of)
end

--- Failure rate: failed projects over closed projects (completed, cancelled
-- or failed). Open projects do not count: they have not failed *yet*.
-- Formula: #failed / #closed. Source: common PMO practice (as in the
-- Standish CHAOS reports' "failed" share, here over closed projects only).
---@param projects table[]
---@return number|nil rate, integer failed, integer closed
function M.failure_rate(projects) return closed_share(projects, "failed") end

--- Cancellation rate: cancelled projects over closed projects.
-- Formula: #cancelled / #closed.
---@param projects table[]
---@return number|nil rate, integer cancelled, integer closed
function M.cancellation_rate(projects) return closed_share(projects, "cancelled") end

--- Budget variance in percent of budget; positive means overrun.
-- Formula: (actual − budget) / budget × 100; nil when budget = 0.
-- Note the sign is the opposite of EVM's CV: here over budget is positive,
-- as finance reports usually show it.
---@param budget number baseline budget
---@param actual number actual (or forecast) cost
---@return number|nil variance in percent
function M.budget_variance_pct(budget, actual)
  if budget == 0 then return nil end
  return (actual - budget) / budget * 100
end

--- Slippage of one milestone in days: forecast (or actual) − baseline.
-- Positive means late. Dates are `"yyyy-mm-dd"` or day numbers.
-- Source: milestone trend analysis (forecast against baseline), PMBOK Guide.
-- @param baseline baseline date
-- @param forecast forecast or actual date
---@return integer days late (negative: early)
function M.slippage_days(baseline, forecast)
  return date.day(forecast, "forecast") - date.day(baseline, "baseline")
end

--- Milestone slippage over a list of milestones.
-- Each milestone: `{ name = "...", baseline = date, forecast = date, actual = date? }`;
-- the actual date wins over the forecast when present. Milestones lacking a
-- baseline or a forecast/actual are skipped.
---@param milestones table[]
---@param opts? table `{ tolerance_days = 0 }` slips up to this many days count as on time
---@return table[] slipped milestones, latest first: `{ name, baseline, forecast, days }`
--   (baseline and forecast as day numbers)
---@return number total days of slippage over all late milestones
---@return number largest slip in days (0 when none slipped)
function M.milestone_slippage(milestones, opts)
  local tolerance = opts and opts.tolerance_days or 0
  local slipped, total, worst = {}, 0, 0
  for _, m in ipairs(milestones) do
    local finish = m.actual or m.forecast
    if m.baseline and finish then
      local b, f = date.day(m.baseline, "baseline"), date.day(finish, "forecast")
      local days = f - b
      if days > tolerance then
        slipped[#slipped + 1] = { name = m.name, baseline = b, forecast = f, days = days }
        total = total + days
        if days > worst then worst = days end
      end
    end
  end
  table.sort(slipped, function(a, b)
    if a.days ~= b.days then return a.days > b.days end
    return tostring(a.name) < tostring(b.name)
  end)
  return slipped, total, worst
end

--- Schedule (finish) variance in days: forecast finish − baseline finish.
-- Positive means late, as every day variance in pmo (MS Project's Finish
-- Variance; the same sign as `slippage_days`). EVM's SV is a money variance
-- and keeps the standard's sign (negative = behind); do not mix the two.
-- For the forecast use the actual finish of a completed project.
-- @param baseline_finish baseline finish date
-- @param forecast_finish forecast (or actual) finish date
---@return integer days (positive: late, negative: early)
function M.schedule_variance_days(baseline_finish, forecast_finish)
  return date.day(forecast_finish, "forecast_finish")
    - date.day(baseline_finish, "baseline_finish")
end

return M
