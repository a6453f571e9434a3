-- Baseline (issue 5): the same six KPIs (CPI, SPI, SPI(t), VAC/BAC, TCPI, finish variance)
-- with the same thresholds and formula modules, in plain lua5.4 over pre-built tables.
-- Usage: lua5.4 Benchmarks/lua/plain_kpi_suite.lua DATA.lua
package.path = "stdlib/?.lua;" .. package.path
local evm = require("pmo.evm")
local es = require("pmo.es")
local delivery = require("pmo.delivery")
local tl = os.clock()
local projects = dofile(arg[1])
local t0 = os.clock()
local function rag(v, green, amber, lower)
  if v == nil then return nil end
  if lower then return v <= green and "green" or v <= amber and "amber" or "red" end
  return v >= green and "green" or v >= amber and "amber" or "red"
end
local counts = { green = 0, amber = 0, red = 0, unrated = 0 }
local function count(r) if r then counts[r] = counts[r] + 1 else counts.unrated = counts.unrated + 1 end end
-- Earned schedule in days on the plan up to the baseline finish (what the host's store
-- query does in pmo, written here in plain Lua for the twin).
local function locate(p)
  local s, f, ev = p.baseline_start, p.baseline_finish, p.ev
  local pd = f - s + 1
  local t0, v0 = 0, 0
  local curve, ends = p.pv_curve, p.period_ends
  for i = 1, #curve do
    local t, v = math.min(ends[i], f) - s + 1, curve[i]
    if v > ev then return t0 + (ev - v0) / (v - v0) * (t - t0), pd end
    t0, v0 = t, v
    if ends[i] >= f then break end
  end
  return pd, pd
end
local n = 0
for _, p in ipairs(projects) do
  local m = {}
  if p.bac and p.pv and p.ev and p.ac then evm.measures(p, m, nil, p.phase) end
  if #p.pv_curve > 0 and p.ev and p.status_date and p.baseline_start and p.baseline_finish then
    local es_days, pd = locate(p)
    es.measures(es_days, p.status_date - p.baseline_start + 1, pd, m)
  end
  local vac_pct = (m.vac and p.bac and p.bac ~= 0) and m.vac / p.bac or nil
  local fv = (p.baseline_finish and p.forecast_finish) and delivery.schedule_variance_days(p.baseline_finish, p.forecast_finish) or nil
  count(rag(m.cpi, 0.95, 0.85)); count(rag(m.spi, 0.95, 0.85)); count(rag(m.spi_t, 0.95, 0.85))
  count(rag(vac_pct, -0.05, -0.10)); count(rag(m.tcpi_bac, 1.05, 1.15, true)); count(rag(fv, 10, 30, true))
  n = n + 6
end
print(string.format("evm suite: %d results, %d green, %d amber, %d red, %d unrated, 0 errors",
  n, counts.green, counts.amber, counts.red, counts.unrated))
io.stderr:write(string.format("load %.6f\nbody %.6f\n", t0 - tl, os.clock() - t0))
