-- Benchmark (issue 5): every KPI and rule of the standard suite (pmo.kpis) over the whole
-- portfolio, data load included. Prints its time (os.clock, seconds) on stderr.
local t0 = os.clock()
local kpi = require("pmo.kpi")
require("pmo.kpis")
local all = kpi.evaluate()
local s = kpi.summary(all)
print(string.format("full suite: %d results, %d green, %d amber, %d red, %d passed, %d failed, %d errors",
  s.total, s.green, s.amber, s.red, s.passed, s.failed, s.errors))
io.stderr:write(string.format("body %.6f\n", os.clock() - t0))
