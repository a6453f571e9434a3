#!/usr/bin/env -S pmo run
-- Risk heat map: the open risks of active projects on a 5 × 5 grid of
-- probability (rows, most likely on top) against impact (columns), and the
-- projects carrying the largest exposure, probability × cost impact (expected
-- monetary value). Bands and formulas: stdlib/pmo/risk.lua; "active" and
-- "open risk": stdlib/pmo/measures.lua.
--
--   pmo run scripts/risk-heatmap.lua
--   pmo run scripts/risk-heatmap.lua DIGITAL     -- one portfolio, by id or name
local risk = require("pmo.risk")
local measures = require("pmo.measures")

local projects = measures.active_projects(arg[1] and { portfolio = arg[1] } or nil)

-- Open risks as pmo.measures defines them: not closed, not occurred (a risk
-- that occurred is an issue now, not a risk).
local open = {}
for _, r in ipairs(measures.open_risks(projects)) do
  open[#open + 1] = { id = r.id, project = r.project_id, status = r.status, probability = r.probability,
    impact_score = r.impact_score, impact = r.impact_cost or 0 }
end

local grid, placed = risk.heat_map(open)
local PROBABILITY = { "rare", "unlikely", "possible", "likely", "almost certain" }

print(string.format("Risk heat map as of %s: %d open risks in %d projects%s",
  pmo.asof() or pmo.today(), placed, #projects, arg[1] and (" of " .. arg[1]) or ""))
print()
print(string.format("%-16s %5s %5s %5s %5s %5s", "probability", "1", "2", "3", "4", "5"))
for p = 5, 1, -1 do
  local cells = {}
  for i = 1, 5 do
    local n = grid[p][i]
    -- Mark the red zone (score p × i ≥ 15) so it stands out without colour.
    cells[i] = n == 0 and "." or (p * i >= 15 and (n .. "!") or tostring(n))
  end
  print(string.format("%-16s %5s %5s %5s %5s %5s", PROBABILITY[p], table.unpack(cells)))
end
print(string.format("%-16s %s", "", "impact 1 (minor) .. 5 (severe); ! marks probability x impact >= 15"))

local by_project, total = risk.portfolio_exposure(open)
local ranking = {}
for id, exposure in pairs(by_project) do ranking[#ranking + 1] = { id = id, exposure = exposure } end
table.sort(ranking, function(a, b)
  if a.exposure ~= b.exposure then return a.exposure > b.exposure end
  return a.id < b.id
end)
print()
print(string.format("Exposure (probability x cost impact): %.0f in all. Largest:", total))
for i = 1, math.min(5, #ranking) do
  local p = pmo.project(ranking[i].id)
  local bac = measures.bac(p)
  print(string.format("  %-8s %-32s %12.0f  %s of BAC", p.id, p.name, ranking[i].exposure,
    (bac and bac ~= 0) and string.format("%4.1f%%", ranking[i].exposure / bac * 100) or "   -"))
end
