#!/usr/bin/env -S pmo run
--- The portfolio report: headline KPIs, a RAG heat map of projects by KPI,
-- the S-curve of the project most behind, the risk matrix, capacity against
-- demand by role, and the milestone timeline.
--
--     pmo run scripts/portfolio-report.lua --format html -o report.html
--     pmo run scripts/portfolio-report.lua                      # on the terminal
--     pmo run scripts/portfolio-report.lua Digital --format md  # one portfolio
--
-- The report is as of the latest status date in the store, not the clock, so
-- running it twice on the same data gives the same bytes. Its figures come
-- from the KPI engine and pmo.measures (active projects, open risks, demand,
-- false greens, money totals), as pmo check's and the scripts' do.
local report = require("pmo.report")
local kpi = require("pmo.kpi")
local measures = require("pmo.measures")

local portfolio = ...             -- optional: a portfolio id or name

-- As of the newest status date: every figure below is judged on that day.
local asof = pmo.projects():max("status_date")
pmo.asof(asof)

local filter = portfolio and { portfolio = portfolio } or nil
local active = measures.active_projects(filter)
if #active == 0 then error("no active projects" .. (portfolio and (" in portfolio '" .. portfolio .. "'") or ""), 0) end

-- The figures a status report is judged on (pmo.measures.FALSE_GREEN_KPIS),
-- and open risk exposure beside them.
local KPIS = { table.unpack(measures.FALSE_GREEN_KPIS) }
KPIS[#KPIS + 1] = "pmo.risk.exposure_pct"
local results = kpi.evaluate(KPIS, active)

local doc = report.new {
  title = "Portfolio report" .. (portfolio and (": " .. portfolio) or ""),
  subtitle = string.format("%d active projects", #active),
  date = asof,
}

-- ---------------------------------------------------------------------------
doc:section("Headline")
local calculated = measures.reported_vs_calculated(active)
local false_greens = calculated:filter("false_green")
doc:kpi_tiles {
  { label = "Active projects", value = #active, format = "integer" },
  { label = "Budget at completion", value = measures.evm_totals(active).bac, format = "money" },
  { label = "False greens", value = #false_greens, format = "integer",
    rag = #false_greens == 0 and "green" or #false_greens <= 3 and "amber" or "red",
    note = "reported green, figures red" },
}
-- kpi.rollup lists its groups by KPI id; show them in the order of KPIS instead.
local rolled = kpi.rollup(results, { to = "organisation", rule = "weighted" }):index_by("id")
local tiles = {}
for _, id in ipairs(KPIS) do tiles[#tiles + 1] = rolled[id] end
doc:kpi_tiles(tiles)
doc:paragraph("Each tile rolls the projects' ratings up by budget: green counts 3, amber 2, red 1, "
  .. "weighted by BAC. The note under a tile says how many projects are in each band.")

-- ---------------------------------------------------------------------------
doc:section("Health by project")
doc:chart { kind = "heatmap", results = results, title = "KPI ratings by project",
  labels = { ["pmo.evm.cpi"] = "CPI", ["pmo.evm.spi"] = "SPI", ["pmo.es.spi_t"] = "SPI(t)",
    ["pmo.evm.vac_pct"] = "VAC / BAC", ["pmo.evm.tcpi"] = "TCPI",
    ["pmo.delivery.finish_variance_days"] = "Finish slip", ["pmo.delivery.milestone_slippage"] = "Milestone slip",
    ["pmo.risk.exposure_pct"] = "Risk exposure", ["pmo.benefits.realisation"] = "Benefits" },
  note = "Thresholds as in pmo.kpis; a dash is a KPI without its inputs (e.g. no earned value yet). "
    .. "The calculated RAG of a project is the worst of its cost and schedule ratings (every column but risk exposure)." }

-- ---------------------------------------------------------------------------
-- The project in execution furthest behind on cost, by cost variance.
local executing = active:filter(function(p) return p.phase == "execution" and p:evm().cv end)
local worst = executing:sort_by(function(p) return p:evm().cv end):first()
if worst then
  doc:section("Cost and schedule: " .. worst.id .. " " .. worst.name)
  local e = worst:evm()
  doc:paragraph(string.format("The project in execution with the largest cost overrun to date. "
    .. "CPI %.2f, SPI %.2f: for every unit spent it has earned %.2f.", e.cpi or 0, e.spi or 0, e.cpi or 0))
  doc:chart { kind = "scurve", project = worst, title = "Cumulative PV, EV and AC, " .. worst.id }
  local spi = kpi.get("pmo.evm.spi")
  doc:chart { kind = "line", trend = kpi.trend("pmo.evm.spi", worst), name = "SPI", format = "ratio",
    thresholds = spi.thresholds, title = "SPI at each status report, " .. worst.id }
end

-- ---------------------------------------------------------------------------
doc:section("Risks")
local ids = active:index_by("id")
local risks = measures.open_risks(active)
doc:chart { kind = "risk_matrix", risks = risks, title = "Open risks: probability × impact" }
local exposure = measures.risk_exposure
doc:table(risks:filter(exposure):sort_by(exposure, "desc"):top(10), {
  "id", "project_id", "title", "owner", "probability", "impact_cost",
  { "exposure", title = "exposure", format = "money", value = exposure },
}, { title = "The ten largest open risks by exposure (probability × impact)" })

-- ---------------------------------------------------------------------------
local from, to = asof:add_days(1), asof:add_months(3)
doc:section("Resources")
doc:chart { kind = "capacity", rows = measures.capacity_vs_demand(from, to), from = from, to = to,
  title = string.format("Capacity against planned demand by role, %s to %s", from, to) }

-- ---------------------------------------------------------------------------
doc:section("Milestones")
local window_from, window_to = asof:add_months(-2), asof:add_months(4)
local due = pmo.milestones():filter(function(m)
  local d = m.actual_date or m.forecast_date or m.baseline_date
  return ids[m.project_id] and d and d >= window_from and d <= window_to
end)
doc:chart { kind = "timeline", milestones = due, status_date = asof,
  title = string.format("Milestones from %s to %s", window_from, window_to) }

-- ---------------------------------------------------------------------------
doc:section("Projects")
calculated = calculated:index_by(function(row) return row.project.id end)
doc:table(active, {
  "id", "name", "manager", "phase",
  { "bac", title = "bac", format = "money", value = measures.bac },
  { "cpi", title = "CPI", format = "ratio", value = function(p) return p:evm().cpi end },
  { "spi", title = "SPI", format = "ratio", value = function(p) return p:evm().spi end },
  { "reported", title = "reported", format = "rag", value = function(p) return calculated[p.id].reported end },
  { "calculated", title = "calculated", format = "rag", value = function(p) return calculated[p.id].calculated end },
  { "false_green", title = "false green", value = function(p) return calculated[p.id].false_green and "yes" or "" end },
})

return doc
