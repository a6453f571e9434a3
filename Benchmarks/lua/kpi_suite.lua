-- Benchmark (issue 5): the earned-value KPI suite (the six KPIs the plain baseline computes
-- too) through pmo.kpi, then the whole standard suite (every KPI and rule of pmo.kpis).
-- Prints "body", "evm_suite" and "full_suite" times (os.clock, seconds) on stderr.
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
local t2 = os.clock()
local all = kpi.evaluate()
local t3 = os.clock()
local a = kpi.summary(all)
print(string.format("full suite: %d results, %d errors", a.total, a.errors))
io.stderr:write(string.format("body %.6f\nevm_suite %.6f\nfull_suite %.6f\n", t1 - t0, t1 - t0, t3 - t2))
