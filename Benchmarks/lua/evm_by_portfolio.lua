-- Benchmark (issue 4): CPI and SPI of every project, grouped by portfolio, through the pmo
-- module. Prints the time of the whole script body (data load included) on stderr.
local t0 = os.clock()
local groups = {}
for _, p in ipairs(pmo.projects()) do
  local e = p:evm()
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
io.stderr:write(string.format("body %.6f\n", os.clock() - t0))
