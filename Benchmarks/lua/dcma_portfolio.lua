-- Benchmark (issue 25): the DCMA 14-point assessment and GAO's checks of every project
-- (pmo.dcma.portfolio: the schedules in one engine call, links, forecasts and assignments
-- read in bulk, the critical path test's delayed schedules in a second call), data load
-- included. Prints its time (os.clock, seconds) on stderr.
local t0 = os.clock()
local dcma = require("pmo.dcma")
local all = dcma.portfolio(pmo.projects())
local projects, failed = 0, 0
for _, r in pairs(all) do projects, failed = projects + 1, failed + r.failed end
print(string.format("dcma: %d projects, %d failed checks", projects, failed))
io.stderr:write(string.format("body %.6f\n", os.clock() - t0))
