-- Scaling baseline (issue 11): how plain lua5.4 grows with the size of a portfolio when it
-- builds its tables inside the timed body, as pmo does when it loads from the store. It makes
-- N project rows of 18 fields, a 21-field measures table for each, then six result tables
-- per project, and prints the time of each phase (os.clock, ms). The plain KPI baselines
-- load their data file before the clock starts, so their growth from 10,000 to 100,000
-- projects leaves out the heap being built; this script keeps it in.
-- Usage: lua5.4 Benchmarks/lua/heap_growth.lua N
local n = assert(tonumber(arg[1]), "usage: lua5.4 heap_growth.lua N")
local clock = os.clock
local t0 = clock()
local projects = {}
for i = 1, n do
  projects[i] = {
    id = "PRJ-" .. i, name = "Project number " .. i,
    description = "The longer description of project number " .. i .. ", past Lua's short strings",
    portfolio_id = "P" .. i % 7, program_id = "G" .. i % 50, manager = "M" .. i % 300,
    sponsor = "S" .. i % 40, phase = "execution", methodology = "agile", priority = i % 5,
    baseline_start = i % 700, baseline_finish = i % 800, forecast_start = i % 900,
    forecast_finish = i % 1000, actual_start = i % 600, actual_finish = nil, bac = i * 1000.5,
    status_date = 20726,
  }
end
local t1 = clock()
local measures = {}
for i = 1, n do
  local b = projects[i].bac
  measures[i] = { bac = b, pv = b / 2, ev = b / 3, ac = b / 4, sv = 1, cv = 2, spi = 3, cpi = 4,
    eac = 5, eac_method = "cpi", eac_cpi = 6, eac_plan = 7, eac_composite = 8, eac_bottom_up = 9,
    etc = 10, vac = 11, tcpi_bac = 12, tcpi_eac = 13, percent_complete = 14, percent_spent = 15,
    status_date = 20726 }
end
local t2 = clock()
local results, count = {}, 0
for _ = 1, 6 do
  for i = 1, n do
    local p = projects[i]
    count = count + 1
    results[count] = { object = p, object_id = p.id, value = measures[i].cpi, rag = "green" }
  end
end
local t3 = clock()
print(string.format("%d projects: build %.1f ms, measures %.1f ms, results %.1f ms, total %.1f ms",
  n, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t3 - t0) * 1e3))
