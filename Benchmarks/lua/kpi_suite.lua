-- Benchmark (issue 5): the earned-value KPI suite (the six KPIs the plain baseline computes
-- too) through pmo.kpi, data load included. Prints its time (os.clock, seconds) on stderr.
local t0 = os.clock()
local kpi = require("pmo.kpi")
require("pmo.kpis")
local ids = { "pmo.evm.cpi", "pmo.evm.spi", "pmo.es.spi_t", "pmo.evm.vac_pct", "pmo.evm.tcpi",
  "pmo.delivery.finish_variance_days" }
local rs = kpi.evaluate(ids)
local t1 = os.clock()
local s = kpi.summary(rs)
print(string.format("evm suite: %d results, %d green, %d amber, %d red, %d unrated, %d errors",
  s.total, s.green, s.amber, s.red, s.unrated, s.errors))
io.stderr:write(string.format("body %.6f\n", t1 - t0))
