--- Current-state analysis: how mature is project delivery, and which kind of
--- PMO would help most?
--
-- Inputs:
--
--     figures = {                 -- the portfolio's own numbers
--       projects = 42,            -- number of active projects
--       spend = 12500000,         -- annual spend (reported back, not scored)
--       failure_rate = 0.12,      -- 0..1, see pmo.delivery.failure_rate
--       late_rate = 0.40,         -- 0..1, share of projects finishing late
--       resource_conflicts = 9,   -- count of over-allocations (pmo.resources)
--       compliance_gaps = 0.30,   -- 0..1, share of failed compliance checks
--     }
--     survey = {                  -- optional: stakeholder answers, 1..5 each
--       methodology = { 3, 2, 4 }, governance = { 2, 2 }, tools = { 4 },
--       resources = { 2, 3 }, reporting = { 3 },
--     }
--
-- Every figure is optional; a rule whose figure is missing does not fire.
--
-- Maturity levels follow the five-level staging common to PMI's OPM3 and
-- the PMMM of Kerzner and of Crawford: 1 initial (ad hoc), 2 repeatable,
-- 3 defined, 4 managed (measured), 5 optimising. The PMO types are the
-- three of PMBOK Guide (6th ed., §2.4.4.3): supportive ("weather station",
-- consolidates status), controlling ("control tower", enforces a method and
-- audits compliance) and directive ("resource pool", directly manages
-- projects and people).
--
-- The rules are data, in `M.RULES` below, so a PMO can read and change them;
-- pass `opts.rules` to override any of them per call.
local M = {}

M.DIMENSIONS = { "methodology", "governance", "tools", "resources", "reporting" }

M.PMO_TYPES = {
  weather_station = { name = "weather station", pmbok = "supportive" },
  control_tower   = { name = "control tower",   pmbok = "controlling" },
  resource_pool   = { name = "resource pool",   pmbok = "directive" },
}

M.RULES = {
  -- Evidence from the figures: each dimension's level implied by one figure.
  -- `bands` are upper bounds for levels 5, 4, 3, 2 (lower is better for all
  -- these figures); anything above the last band is level 1.
  evidence = {
    methodology = { figure = "failure_rate", bands = { 0.02, 0.05, 0.10, 0.20 },
      why = "projects that fail point at a method that is missing or not followed" },
    governance = { figure = "compliance_gaps", bands = { 0.02, 0.05, 0.10, 0.30 },
      why = "failed control checks show decisions and gates not being enforced" },
    resources = { figure = "conflicts_per_project", bands = { 0.0, 0.1, 0.2, 0.5 },
      why = "people booked beyond capacity show no shared view of demand" },
    reporting = { figure = "late_rate", bands = { 0.05, 0.10, 0.25, 0.40 },
      why = "lateness that persists shows status not surfacing problems early" },
    -- tools: no portfolio figure measures tooling; only the survey can.
  },

  -- Recommended PMO type: each rule that holds adds one point and one reason
  -- to its type. Most points wins; a tie goes to the earlier type in
  -- `TIE_ORDER`. With no rule firing, the recommendation is a weather station.
  recommend = {
    { type = "control_tower", figure = "failure_rate", above = 0.15,
      reason = "failure rate %s is above %s: enforce a common method and phase gates" },
    { type = "control_tower", figure = "late_rate", above = 0.30,
      reason = "late rate %s is above %s: baseline and audit schedules" },
    { type = "control_tower", figure = "compliance_gaps", above = 0.20,
      reason = "compliance gaps %s are above %s: audit projects against the method" },
    { type = "control_tower", level = "methodology", at_most = 2,
      reason = "methodology maturity %s is at most %s" },
    { type = "control_tower", level = "governance", at_most = 2,
      reason = "governance maturity %s is at most %s" },
    { type = "resource_pool", figure = "conflicts_per_project", above = 0.5,
      reason = "resource conflicts per project %s are above %s: manage people centrally" },
    { type = "resource_pool", level = "resources", at_most = 2,
      reason = "resource management maturity %s is at most %s" },
    { type = "resource_pool", figure = "projects", above = 30,
      reason = "%s projects (above %s) compete for the same people and money" },
    { type = "weather_station", level = "reporting", at_most = 2,
      reason = "reporting maturity %s is at most %s: consolidate status first" },
  },
  TIE_ORDER = { "control_tower", "resource_pool", "weather_station" },
}

local function show(v)
  if type(v) == "number" and v < 1 and v > 0 then
    return string.format("%.0f%%", v * 100)
  end
  return tostring(v)
end

-- Level 1..5 from a figure where lower is better.
local function level_from_bands(value, bands)
  for i, bound in ipairs(bands) do
    if value <= bound then return 6 - i end
  end
  return 1
end

--- Survey level of one dimension: the mean answer, rounded down (a level
-- counts as reached only when it is met on average), clamped to 1..5.
-- nil when there are no answers.
function M.survey_level(answers)
  if answers == nil or #answers == 0 then return nil end
  local sum = 0
  for i, a in ipairs(answers) do
    if type(a) ~= "number" or a < 1 or a > 5 then
      error(string.format("bad survey answer #%d (expected a number 1..5, got %s)", i,
        tostring(a)), 2)
    end
    sum = sum + a
  end
  return math.floor(sum / #answers)
end

--- Derived figures the rules use besides the given ones.
local function derive(figures)
  local f = {}
  for k, v in pairs(figures or {}) do f[k] = v end
  if f.resource_conflicts and f.projects and f.projects > 0 then
    f.conflicts_per_project = f.resource_conflicts / f.projects
  end
  return f
end

--- Maturity level per dimension, with the reason for each.
--
-- Rule: with both a survey and evidence, the level is the smaller of the two
-- (what people believe is capped by what the figures show); with one, that
-- one; with neither, nil (unknown).
-- @tparam table figures see the top of this file
-- @tparam[opt] table survey see the top of this file
-- @tparam[opt] table opts `{ rules = M.RULES }`
-- @treturn table levels `{ methodology = 2, ... }` (nil where unknown)
-- @treturn table reasons `{ methodology = "…", ... }`
function M.levels(figures, survey, opts)
  local rules = (opts and opts.rules) or M.RULES
  local f = derive(figures)
  local levels, reasons = {}, {}
  for _, dim in ipairs(M.DIMENSIONS) do
    local from_survey = M.survey_level(survey and survey[dim])
    local ev = rules.evidence[dim]
    local value = ev and f[ev.figure]
    local from_figures = value and level_from_bands(value, ev.bands)
    local level, reason
    if from_survey and from_figures then
      level = math.min(from_survey, from_figures)
      if from_figures < from_survey then
        reason = string.format("survey says %d, capped at %d by %s = %s (%s)", from_survey,
          from_figures, ev.figure, show(value), ev.why)
      else
        reason = string.format("survey says %d; %s = %s supports up to %d", from_survey,
          ev.figure, show(value), from_figures)
      end
    elseif from_survey then
      level, reason = from_survey, string.format("survey says %d (no figure to check it)",
        from_survey)
    elseif from_figures then
      level, reason = from_figures, string.format("%s = %s gives level %d (no survey)",
        ev.figure, show(value), from_figures)
    else
      reason = "unknown: no survey answers and no figure for this dimension"
    end
    levels[dim], reasons[dim] = level, reason
  end
  return levels, reasons
end

--- Current-state analysis: maturity levels and the recommended PMO type.
-- @tparam table figures
-- @tparam[opt] table survey
-- @tparam[opt] table opts `{ rules = M.RULES }`
-- @treturn table `{ levels, level_reasons, pmo_type, pmo_type_name, pmbok_type,
--   reasons = { "…", ... }, scores = { control_tower = n, ... }, spend, projects }`
function M.assess(figures, survey, opts)
  local rules = (opts and opts.rules) or M.RULES
  local f = derive(figures)
  local levels, level_reasons = M.levels(figures, survey, opts)
  local scores, reasons_by_type = {}, {}
  for t in pairs(M.PMO_TYPES) do scores[t], reasons_by_type[t] = 0, {} end
  for _, rule in ipairs(rules.recommend) do
    local fired, msg
    if rule.figure then
      local v = f[rule.figure]
      if v ~= nil and v > rule.above then
        fired, msg = true, string.format(rule.reason, show(v), show(rule.above))
      end
    else
      local l = levels[rule.level]
      if l ~= nil and l <= rule.at_most then
        fired, msg = true, string.format(rule.reason, l, rule.at_most)
      end
    end
    if fired then
      scores[rule.type] = scores[rule.type] + 1
      local list = reasons_by_type[rule.type]
      list[#list + 1] = msg
    end
  end
  local best, best_score = "weather_station", 0
  for _, t in ipairs(rules.TIE_ORDER) do
    if scores[t] > best_score then best, best_score = t, scores[t] end
  end
  local reasons = reasons_by_type[best]
  if best_score == 0 then
    reasons = { "no delivery, compliance or resource figure calls for control: "
      .. "start by consolidating status across projects" }
  end
  return {
    levels = levels, level_reasons = level_reasons,
    pmo_type = best, pmo_type_name = M.PMO_TYPES[best].name,
    pmbok_type = M.PMO_TYPES[best].pmbok,
    reasons = reasons, scores = scores,
    projects = f.projects, spend = f.spend,
  }
end

return M
