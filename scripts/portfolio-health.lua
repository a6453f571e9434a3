#!/usr/bin/env -S pmo run
-- Portfolio health: one line per portfolio, the RAG the project managers
-- reported next to the RAG their figures earn, and the "false greens" where
-- the two disagree (reported green, figures red) — the first thing a PMO
-- should look at on Monday morning.
--
-- Every figure comes from the KPI engine and pmo.measures, as in pmo check
-- and the portfolio report: active projects (initiation to closing), the
-- earned RAG is the worst rating of the cost and schedule KPIs
-- (pmo.measures.FALSE_GREEN_KPIS), money is p:evm()'s (docs/kpis.md).
--
--   pmo run scripts/portfolio-health.lua            -- every portfolio
--   pmo run scripts/portfolio-health.lua DIGITAL    -- one portfolio, by id or name
local kpi = require("pmo.kpi")
local measures = require("pmo.measures")
local format = require("pmo.format")

local only = arg[1]
local on = pmo.asof() or pmo.today()

print(string.format("Portfolio health as of %s", on))
print()
print(string.format("%-12s %6s %15s %15s %6s %6s %14s %14s", "portfolio", "active",
  "reported G/A/R", "earned G/A/R", "CPI", "SPI", "BAC", "EAC"))

local false_greens = {}
for _, portfolio in ipairs(pmo.portfolios():sort_by("id")) do
  if not only or only == portfolio.id or only == portfolio.name then
    local projects = portfolio:projects(measures.is_active)
    local reported, earned = { green = 0, amber = 0, red = 0 }, { green = 0, amber = 0, red = 0 }
    for _, row in ipairs(measures.reported_vs_calculated(projects)) do
      if row.reported then reported[row.reported] = reported[row.reported] + 1 end
      if row.calculated then earned[row.calculated] = earned[row.calculated] + 1 end
      if row.false_green then false_greens[#false_greens + 1] = row end
    end
    local t = measures.evm_totals(projects)
    print(string.format("%-12s %6d %15s %15s %6s %6s %14s %14s", portfolio.id, #projects,
      string.format("%d/%d/%d", reported.green, reported.amber, reported.red),
      string.format("%d/%d/%d", earned.green, earned.amber, earned.red),
      format.value(t.cpi, "ratio", { missing = "-" }), format.value(t.spi, "ratio", { missing = "-" }),
      format.value(t.bac, "money"), format.value(t.eac, "money")))
  end
end

-- Closed projects tell how well the PMO delivers: the organisation KPIs.
local delivered = kpi.evaluate({ "pmo.delivery.on_time_rate", "pmo.delivery.on_budget_rate" }):index_by("id")
local on_time, on_budget = delivered["pmo.delivery.on_time_rate"], delivered["pmo.delivery.on_budget_rate"]
if on_time and on_time.inputs and on_time.inputs.completed > 0 then
  print()
  print(string.format("Closed projects: %d, on time %s, on budget %s", on_time.inputs.completed,
    format.value(on_time.value, "share", { missing = "n/a" }),
    format.value(on_budget.value, "share", { missing = "n/a" })))
end

print()
if #false_greens == 0 then
  print("No false greens: every active project reporting green has the figures to show for it.")
else
  print(string.format("False greens (reported green, figures red): %d", #false_greens))
  table.sort(false_greens, function(a, b) return a.project.id < b.project.id end)
  for _, row in ipairs(false_greens) do
    local p, e = row.project, row.project:evm()
    local red = {}
    for _, r in ipairs(row.results) do if r.rag == "red" then red[#red + 1] = r.id end end
    print(string.format("  %-8s %-34s CPI %s  SPI %s  manager %s  red: %s", p.id, p.name,
      format.value(e.cpi, "ratio", { missing = "-" }), format.value(e.spi, "ratio", { missing = "-" }),
      p.manager or "?", table.concat(red, ", ")))
  end
end
