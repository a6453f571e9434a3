#!/usr/bin/env -S pmo run
--- Schedule health: can the portfolio's dates be trusted? Every active project's schedule
-- is computed by the critical path engine (pmo.schedule) and assessed against the DCMA
-- 14-point schedule assessment (DCMA-EA PAM 200.1, 2012) and the GAO best-practice checks
-- that follow from the same data (GAO-16-89G), as pmo.dcma defines them, with the
-- thresholds of pmo.config.lua (`dcma = { ... }`).
--
-- It shows, for the portfolio, how many projects fail each check; for each project, the
-- checks passed and failed, its critical path length and its computed finish against its
-- baseline finish; for the worst projects, the failed checks with their offenders and the
-- tasks that fail the most checks; and a Gantt chart of the projects asked for (of the
-- only project when there is one).
--
--     pmo run scripts/schedule-health.lua                                  # on the terminal
--     pmo run scripts/schedule-health.lua --format html -o schedule-health.html
--     pmo run scripts/schedule-health.lua --gantt PRJ-003,PRJ-011          # with their Gantt charts
--     pmo run scripts/schedule-health.lua --portfolio DIGITAL --top 5      # one portfolio, 5 in detail
--
-- Finish variance is the computed finish minus the baseline finish in calendar days,
-- positive = late (pmo.measures' sign for every day variance).
local report = require("pmo.report")
local dcma = require("pmo.dcma")
local schedule = require("pmo.schedule")
local measures = require("pmo.measures")
local date = require("pmo.date")

local USAGE = "usage: schedule-health.lua [--portfolio NAME] [--gantt ID[,ID...]] [--top N] [--all]"
local argv = { ... }
local opts = { top = 10, gantt = {} }
local i = 1
while i <= #argv do
  local a = argv[i]
  local name, value = a:match("^%-%-([%w-]+)=(.*)$")
  name = name or a:match("^%-%-([%w-]+)$")
  local function take()
    if value then return value end
    i = i + 1
    if argv[i] == nil then error(USAGE .. " (--" .. name .. " needs a value)", 0) end
    return argv[i]
  end
  if name == "portfolio" then opts.portfolio = take()
  elseif name == "gantt" then for id in take():gmatch("[^,%s]+") do opts.gantt[#opts.gantt + 1] = id end
  elseif name == "top" then
    opts.top = tonumber(take())
    if not opts.top or opts.top < 0 then error(USAGE .. " (--top takes a number)", 0) end
  elseif name == "all" then opts.all = true
  else error(USAGE .. " (got '" .. a .. "')", 0) end
  i = i + 1
end

local filter = opts.portfolio and { portfolio = opts.portfolio } or nil
local projects = (opts.all and pmo.projects(filter) or measures.active_projects(filter)):sort_by("id")
if #projects == 0 then
  error("no " .. (opts.all and "" or "active ") .. "projects" .. (opts.portfolio and (" in portfolio '" .. opts.portfolio .. "'") or ""), 0)
end
local on = pmo.asof() or pmo.today()

-- One engine call for every schedule, one assessment of them all.
local schedules = schedule.portfolio(projects)
local results = dcma.portfolio(projects)

local doc = report.new {
  title = "Schedule health" .. (opts.portfolio and (": " .. opts.portfolio) or ""),
  subtitle = string.format("%d %sprojects; %s; %s", #projects, opts.all and "" or "active ", dcma.DCMA, dcma.GAO),
  date = on,
}

-- Per project: DCMA checks failed (of the fourteen), GAO checks failed, and the schedule.
local rows = {}
for _, p in ipairs(projects) do
  local r, s = results[p.id], schedules[p.id]
  if r and s then
    local dcma_failed, gao_failed, applicable = 0, 0, 0
    for _, c in ipairs(r.checks) do
      if c.set == "dcma" and c.applicable then applicable = applicable + 1 end
      if not c.passed then
        if c.set == "dcma" then dcma_failed = dcma_failed + 1 else gao_failed = gao_failed + 1 end
      end
    end
    -- The baseline finish: the project's, else the latest of its tasks'.
    local baseline = p.baseline_finish
    if not baseline then
      for _, t in ipairs(s.tasks) do
        if t.baseline_finish and (not baseline or date.day(t.baseline_finish) > date.day(baseline)) then
          baseline = t.baseline_finish
        end
      end
    end
    local negative = dcma.check(r, "negative_float")   -- DCMA check 7's count: incomplete tasks
    rows[#rows + 1] = {
      project = p, result = r, schedule = s, id = p.id, name = p.name,
      dcma_failed = dcma_failed, dcma_passed = 14 - dcma_failed, applicable = applicable, gao_failed = gao_failed,
      length = s.length_days, finish = s.finish, baseline = baseline,
      variance = (s.finish and baseline) and (date.day(s.finish) - date.day(baseline)) or nil,
      negative = negative and negative.count or nil, negative_failed = negative ~= nil and not negative.passed,
      problems = #s.problems,
    }
  end
end
-- Worst first: most DCMA checks failed, then the latest finish against the baseline.
table.sort(rows, function(a, b)
  if a.dcma_failed ~= b.dcma_failed then return a.dcma_failed > b.dcma_failed end
  local va, vb = a.variance or -math.huge, b.variance or -math.huge
  if va ~= vb then return va > vb end
  return a.id < b.id
end)

-- ---------------------------------------------------------------------------
doc:section("Portfolio")
local clean, late, negative_float = 0, 0, 0
for _, row in ipairs(rows) do
  if row.dcma_failed == 0 then clean = clean + 1 end
  if row.variance and row.variance > 0 then late = late + 1 end
  if row.negative_failed then negative_float = negative_float + 1 end
end
doc:kpi_tiles {
  { label = "Projects assessed", value = #rows, format = "integer" },
  { label = "Passing all 14 DCMA checks", value = clean, format = "integer", note = string.format("of %d", #rows) },
  { label = "Finishing after their baseline", value = late, format = "integer", note = "computed finish" },
  { label = "With negative float", value = negative_float, format = "integer", note = "DCMA check 7: a date the plan cannot meet" },
}

-- How many projects fail each check.
local by_check = {}
for _, id in ipairs(dcma.ORDER) do by_check[id] = { failed = 0, assessed = 0 } end
for _, row in ipairs(rows) do
  for _, c in ipairs(row.result.checks) do
    local b = by_check[c.id]
    if b then
      if c.applicable then b.assessed = b.assessed + 1 end
      if not c.passed then b.failed = b.failed + 1 end
    end
  end
end
local check_rows = {}
for _, id in ipairs(dcma.ORDER) do
  local info = dcma.INFO[id]
  local b = by_check[id]
  check_rows[#check_rows + 1] = { number = info[1] and tostring(info[1]) or "GAO", name = info[2],
    failed = b.failed, assessed = b.assessed, share = b.assessed > 0 and b.failed / b.assessed or nil }
end
doc:table(check_rows, {
  { "number", title = "#", format = "text" }, { "name", title = "check", format = "text" },
  { "failed", title = "projects failing", format = "integer" }, { "assessed", title = "assessed", format = "integer" },
  { "share", title = "share failing", format = "percent" },
}, { title = "Projects failing each check", note = "assessed: projects the check applies to (it has tasks or links to judge)" })
doc:chart { kind = "bar", title = "Projects failing each check", format = "integer",
  categories = (function()
    local out = {}
    for k, r in ipairs(check_rows) do out[k] = r.number == "GAO" and r.name or (r.number .. " " .. r.name) end
    return out
  end)(),
  series = { { name = "projects failing", values = (function()
    local out = {}
    for k, r in ipairs(check_rows) do out[k] = r.failed end
    return out
  end)() } } }

-- ---------------------------------------------------------------------------
doc:section("Projects")
local listed = {}
for k = 1, math.min(#rows, math.max(opts.top * 2, 20)) do listed[k] = rows[k] end
doc:table(listed, {
  "id", "name",
  { "dcma_passed", title = "DCMA passed", format = "integer" }, { "dcma_failed", title = "DCMA failed", format = "integer" },
  { "gao_failed", title = "GAO failed", format = "integer" },
  { "length", title = "critical path (d)", format = "number" },
  { "finish", title = "finish", format = "date" }, { "baseline", title = "baseline finish", format = "date" },
  { "variance", title = "finish variance (d)", format = "integer" },
  { "negative", title = "incomplete tasks with negative float", format = "integer" },
}, { title = "Worst first",
  note = #rows > #listed and string.format("%d more projects not listed; --top N lists 2N.", #rows - #listed) or nil })

-- The worst projects in detail: each failed check, and the tasks failing the most checks.
for k = 1, math.min(opts.top, #rows) do
  local row = rows[k]
  if row.dcma_failed + row.gao_failed == 0 then break end
  doc:section(string.format("%s %s", row.id, row.name))
  doc:paragraph(string.format("%d of 14 DCMA checks passed, %d GAO check%s failed; critical path %s working days, "
    .. "finish %s against a baseline finish of %s%s.", row.dcma_passed, row.gao_failed, row.gao_failed == 1 and "" or "s",
    row.length and string.format("%.1f", row.length) or "not computed", tostring(row.finish or "not computed"),
    tostring(row.baseline or "none"), row.variance and string.format(" (%+d days)", row.variance) or ""))
  local failed, counts, order = {}, {}, {}
  for _, c in ipairs(row.result.checks) do
    if not c.passed then
      failed[#failed + 1] = c
      for _, id in ipairs(c.offenders or {}) do
        if not counts[id] then counts[id] = { id = id, checks = {} }; order[#order + 1] = id end
        local names = counts[id].checks
        if names[#names] ~= c.name then names[#names + 1] = c.name end
      end
    end
  end
  doc:table(failed, {
    { "check", title = "check", format = "text", value = function(c) return (c.number and (c.number .. " ") or "GAO ") .. c.name end },
    { "explain", title = "finding", format = "text" },
  }, { title = "Failed checks" })
  local worst = {}
  for _, id in ipairs(order) do worst[#worst + 1] = counts[id] end
  table.sort(worst, function(a, b)
    if #a.checks ~= #b.checks then return #a.checks > #b.checks end
    return a.id < b.id
  end)
  local shown = {}
  for j = 1, math.min(5, #worst) do
    local t = row.schedule:task(worst[j].id)
    shown[j] = { id = worst[j].id, name = t and t.name or "", n = #worst[j].checks,
      checks = table.concat(worst[j].checks, ", ") }
  end
  if #shown > 0 then
    doc:table(shown, { "id", "name", { "n", title = "checks", format = "integer" }, { "checks", title = "failed", format = "text" } },
      { title = "Worst offenders: the tasks failing the most checks" })
  end
end

-- ---------------------------------------------------------------------------
-- Gantt charts: of the projects asked for, else of the only project.
local gantt = opts.gantt
if #gantt == 0 and #rows == 1 then gantt = { rows[1].id } end
for _, id in ipairs(gantt) do
  local s = schedules[id]
  if not s then error("--gantt " .. id .. ": no such project among those assessed", 0) end
  local p = pmo.project(id)
  doc:section("Gantt: " .. id .. " " .. (p and p.name or ""))
  doc:chart { kind = "gantt", schedule = s, title = id .. " schedule",
    note = string.format("%d tasks; critical path %s working days; finish %s", #s.tasks,
      s.length_days and string.format("%.1f", s.length_days) or "not computed", tostring(s.finish or "not computed")) }
end

return doc
