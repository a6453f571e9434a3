#!/usr/bin/env -S pmo run
-- Earned value report: every executing project's PV, EV, AC and the measures
-- derived from them, worst cost performance first, with portfolio totals.
-- Terms follow the PMI practice standard for EVM / ANSI/EIA-748 (see
-- stdlib/pmo/evm.lua); SPI(t) is Lipke's earned schedule (stdlib/pmo/es.lua).
-- The total row is pmo.measures.evm_totals: money columns are the sums of the
-- column above (EAC and VAC too: each project's own forecast), the indices
-- come from the summed values.
--
--   pmo run scripts/evm-report.lua               -- projects in execution
--   pmo run scripts/evm-report.lua GROWTH        -- one portfolio, by id or name
local measures = require("pmo.measures")
local format = require("pmo.format")

local portfolio = arg[1]
local filter = { phase = "execution" }
if portfolio then filter.portfolio = portfolio end

-- Money in thousands keeps the table narrow; ratios as pmo.format shows them.
local function k(v) return v and format.grouped(v / 1000, 0) or "-" end
local function r(v) return v and format.value(v, "ratio") or "-" end

local projects = pmo.projects(filter)
  :filter(function(p) return p:evm().cpi ~= nil end)
  :sort_by(function(p) return p:evm().cpi end)

print(string.format("Earned value as of %s, %d projects in execution%s (money in thousands)",
  pmo.asof() or pmo.today(), #projects, portfolio and (" of " .. portfolio) or ""))
print()
local header = "%-8s %-30s %8s %8s %8s %8s %8s %8s %5s %5s %5s %8s %8s"
print(string.format(header, "id", "name", "BAC", "PV", "EV", "AC", "SV", "CV",
  "SPI", "CPI", "SPIt", "EAC", "VAC"))

for _, p in ipairs(projects) do
  local e = p:evm()
  print(string.format(header, p.id, p.name:sub(1, 30), k(e.bac), k(e.pv), k(e.ev), k(e.ac),
    k(e.sv), k(e.cv), r(e.spi), r(e.cpi), r(p:es().spi_t), k(e.eac), k(e.vac)))
end

local total = measures.evm_totals(projects)
print(string.format(header, "total", "", k(total.bac), k(total.pv), k(total.ev), k(total.ac),
  k(total.sv), k(total.cv), r(total.spi), r(total.cpi), "", k(total.eac), k(total.vac)))
print("Total row: sums of the columns; SPI and CPI of the summed EV, PV and AC.")

print()
local overrun = projects:filter(function(p) return (p:evm().vac or 0) < 0 end)
print(string.format("%d of %d projects forecast an overrun; together %s thousand over budget.",
  #overrun, #projects, k(-overrun:sum(function(p) return p:evm().vac end))))
