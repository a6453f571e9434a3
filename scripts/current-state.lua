#!/usr/bin/env -S pmo run
-- Current-state analysis: how mature is project delivery here, and which kind
-- of PMO would help most? The portfolio's own figures, measured by the same
-- definitions pmo check uses, feed pmo.maturity (stdlib/pmo/maturity.lua:
-- five maturity levels as in OPM3 and the PMMMs of Kerzner and Crawford;
-- the three PMO types of the PMBOK Guide, 6th ed., 2.4.4.3), optionally with a
-- stakeholder survey. It prints the maturity of each dimension and the
-- recommended PMO type (weather station, control tower, resource pool) with
-- its reasons, each citing the figure or level it comes from.
--
--   pmo run scripts/current-state.lua                          -- figures only
--   pmo run scripts/current-state.lua scripts/current-state-survey.csv
--   pmo run scripts/current-state.lua SURVEY.csv --format html -o current-state.html
--
-- The figures (each row of the "Figures" table names its source):
--   projects            active projects (pmo.measures.active_projects)
--   failure_rate        cancelled / finished projects (pmo.measures.failure_rate)
--   late_rate           1 - the KPI pmo.delivery.on_time_rate (completed projects)
--   resource_conflicts  people booked above capacity in the as-of month: the KPI
--                       pmo.resources.utilisation's hours, pmo.resources.over_allocated
--   compliance_gaps     failed / evaluated control-tower rules of pmo check
--                       (pmo.compliance.*) on the active projects
--   spend               BAC of the active projects (reported, not scored)
--
-- The survey (optional) is a CSV file with a header line naming its columns:
--   dimension   methodology, governance, tools, resources or reporting
--   answer      a whole number 1..5, the level the respondent sees (1 initial,
--               2 repeatable, 3 defined, 4 managed, 5 optimising); empty = no opinion
--   respondent  optional: who answered (to count respondents)
-- Other columns are ignored. A dimension's survey level is its mean answer
-- rounded down, capped by what the figures show (pmo.maturity.levels). A bad
-- line stops the analysis with the file, line, field and value, exit status 2.
local maturity = require("pmo.maturity")
local measures = require("pmo.measures")
local resources = require("pmo.resources")
local report = require("pmo.report")
local kpi = require("pmo.kpi")
local fmt = require("pmo.format")

local survey_path = ...   -- `...`, not `arg`: the sandbox passes arguments only so
if survey_path and survey_path:sub(1, 1) == "-" then
  io.stderr:write("usage: current-state.lua [SURVEY.csv] [--format html -o FILE] (got '", survey_path, "')\n")
  os.exit(2)
end

-- ---------------------------------------------------------------------------
-- The survey.
local survey, answered
if survey_path then
  local file, why = io.open(survey_path, "rb")
  if not file then
    io.stderr:write("current-state: cannot read the survey: ", tostring(why), "\n")
    os.exit(2)
  end
  local text = file:read("a")
  file:close()
  local ok, parsed, stats = pcall(maturity.parse_survey, text, survey_path)
  if not ok then
    io.stderr:write("current-state: bad survey: ", tostring(parsed), "\n")
    os.exit(2)
  end
  survey, answered = parsed, stats
end

-- ---------------------------------------------------------------------------
-- The figures, each with what it counts and where its definition lives.
local on = pmo.asof() or pmo.today()
local active = measures.active_projects()
local figures, rows = {}, {}
local function figure(key, value, shown, basis)
  figures[key] = value
  rows[#rows + 1] = { figure = key, value = value == nil and "no figure" or shown, basis = basis }
end
local function pct(v) return string.format("%.0f%%", v * 100) end

figure("projects", #active, tostring(#active),
  "active projects, initiation to closing (pmo.measures.active_projects)")

local failure, failed, finished = measures.failure_rate()
figure("failure_rate", failure, failure and string.format("%s (%d of %d finished)", pct(failure), failed, finished),
  "cancelled / finished (closed or cancelled) projects; Standish CHAOS counts a cancelled project as failed "
  .. "(pmo.measures.failure_rate)")

local on_time = kpi.evaluate("pmo.delivery.on_time_rate")[1]
local late
if on_time and type(on_time.value) == "number" then
  local i = on_time.inputs or {}
  late = 1 - on_time.value
  figure("late_rate", late, string.format("%s (%d of %d completed)", pct(late),
    (i.completed or 0) - (i.on_time or 0), i.completed or 0),
    "completed projects finishing after their baseline finish: 1 - KPI pmo.delivery.on_time_rate")
else
  figure("late_rate", nil, nil, "no completed project with a baseline and an actual finish")
end

-- People booked above capacity in the month of the as-of date, from the hours
-- the utilisation KPI of pmo check measures.
local load, capacity, month = {}, {}, on:month_key()
for _, r in ipairs(kpi.evaluate("pmo.resources.utilisation")) do
  local i = r.value ~= nil and r.inputs or nil
  if i and i.available then
    load[#load + 1] = { person = r.object_id, period = i.month, hours = i.booked }
    capacity[r.object_id] = i.available
    month = i.month
  end
end
local over = resources.over_allocated(load, capacity)
figure("resource_conflicts", #over, string.format("%d of %d people", #over, #load),
  string.format("people booked above 100%% of capacity in %s: KPI pmo.resources.utilisation's hours, "
    .. "pmo.resources.over_allocated", month))
if #active > 0 then
  rows[#rows + 1] = { figure = "conflicts_per_project",
    value = string.format("%.2f", #over / #active), basis = "resource_conflicts / projects" }
end

-- The control-tower rules of pmo check, as it evaluates them.
local rule_ids = {}
for _, d in ipairs(kpi.list()) do
  if d.kind == "rule" and d.id:find("^pmo%.compliance%.") then rule_ids[#rule_ids + 1] = d.id end
end
local checks, gaps = 0, 0
for _, r in ipairs(kpi.evaluate(rule_ids, active)) do
  checks = checks + 1
  if r.error or not r.passed then gaps = gaps + 1 end
end
local gap_rate = checks > 0 and gaps / checks or nil
figure("compliance_gaps", gap_rate, gap_rate and string.format("%s (%d of %d checks failed)", pct(gap_rate),
  gaps, checks), string.format("failed checks of pmo check's %d control-tower rules (pmo.compliance.*) "
  .. "on the active projects", #rule_ids))

local spend = measures.evm_totals(active).bac
figures.spend = spend
rows[#rows + 1] = { figure = "spend", value = fmt.value(spend, "money"),
  basis = "BAC of the active projects (pmo.measures.evm_totals); reported, not scored" }

-- ---------------------------------------------------------------------------
-- The assessment.
local result = maturity.assess(figures, survey)

local doc = report.new {
  title = "Current-state analysis",
  subtitle = string.format("%d active projects%s", #active, survey_path
    and string.format("; survey %s, %d answers%s", survey_path, answered.answers,
      answered.respondents and string.format(" from %d respondents", answered.respondents) or "")
    or "; no survey: levels from the figures only"),
  date = on,
}

doc:section("Recommended PMO type")
local order = { "control_tower", "resource_pool", "weather_station" }
local points = {}
for _, t in ipairs(order) do
  points[#points + 1] = string.format("%s %d", maturity.PMO_TYPES[t].name, result.scores[t])
end
doc:paragraph(string.format("%s (PMBOK Guide 6th ed., 2.4.4.3: a %s PMO). Each rule of "
  .. "pmo.maturity.RULES that holds gives its type a point: %s.", result.pmo_type_name:gsub("^%l", string.upper),
  result.pmbok_type, table.concat(points, ", ")))
local reasons = {}
for _, f in ipairs(result.fired) do
  reasons[#reasons + 1] = { type = maturity.PMO_TYPES[f.type].name, reason = f.reason,
    from = f.figure and ("figure " .. f.figure) or ("level of " .. f.level) }
end
if #reasons == 0 then
  reasons[1] = { type = result.pmo_type_name, reason = result.reasons[1], from = "no rule held" }
end
doc:table(reasons, { { "type", title = "points to", format = "text" }, { "reason", format = "text" },
  { "from", title = "from", format = "text" } })

doc:section("Maturity by dimension")
local dims = {}
for _, d in ipairs(maturity.DIMENSIONS) do
  local level = result.levels[d]
  dims[#dims + 1] = { dimension = d,
    level = level and string.format("%d %s", level, maturity.LEVEL_NAMES[level]) or "unknown",
    reason = result.level_reasons[d] }
end
doc:table(dims, { { "dimension", format = "text" }, { "level", format = "text" }, { "reason", format = "text" } })

doc:section("Figures")
doc:table(rows, { { "figure", format = "text" }, { "value", format = "text" },
  { "basis", title = "what it counts", format = "text" } })

return doc
