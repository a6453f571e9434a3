-- Benchmark (issue 5): the earned-value KPI suite (the six KPIs the plain baseline computes
-- too) through pmo.kpi and counted by RAG, data load included, as the plain
-- baseline counts them. Prints its time (os.clock, seconds) on stderr.
local t0 = os.clock()
local kpi = require("pmo.kpi")
require("pmo.kpis")
local ids = { "pmo.evm.cpi", "pmo.evm.spi", "pmo.es.spi_t", "pmo.evm.vac_pct", "pmo.evm.tcpi",
  "pmo.delivery.finish_variance_days" }
-- Every project, as the plain baseline computes them (the KPIs' own scope is the active ones).
local rs = kpi.evaluate(ids, nil, { scope = "all" })
local s = kpi.summary(rs)
local t1 = os.clock()
print(string.format("evm suite: %d results, %d green, %d amber, %d red, %d unrated, %d errors",
  s.total, s.green, s.amber, s.red, s.unrated, s.errors))
io.stderr:write(string.format("body %.6f\n", t1 - t0))
