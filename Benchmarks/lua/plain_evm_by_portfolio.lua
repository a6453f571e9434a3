-- Baseline (issue 4): the same computation in plain lua5.4 over the same data pre-built as
-- Lua tables (written by export_plain.lua), with the same formula module (stdlib/pmo/evm.lua).
-- Usage: lua5.4 Benchmarks/lua/plain_evm_by_portfolio.lua DATA.lua
package.path = "stdlib/?.lua;" .. package.path
local evm = require("pmo.evm")
local tl = os.clock()
local projects = dofile(arg[1])
local t0 = os.clock()
local groups = {}
for _, p in ipairs(projects) do
  local e = {}
  if p.bac and p.pv and p.ev and p.ac then evm.measures(p, e) end
  local g = groups[p.portfolio_id]
  if not g then g = { n = 0, cpi = 0, spi = 0 }; groups[p.portfolio_id] = g end
  if e.cpi and e.spi then g.n, g.cpi, g.spi = g.n + 1, g.cpi + e.cpi, g.spi + e.spi end
end
local keys = {}
for k in pairs(groups) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do
  local g = groups[k]
  print(string.format("%s %d %.6f %.6f", k, g.n, g.cpi / g.n, g.spi / g.n))
end
io.stderr:write(string.format("load %.6f\nbody %.6f\n", t0 - tl, os.clock() - t0))
