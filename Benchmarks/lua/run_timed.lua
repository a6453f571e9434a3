-- Benchmark (issue 11): runs an analysis script as `pmo run SCRIPT` would, with no
-- arguments, and prints its time (os.clock, seconds) on stderr as the other benchmark
-- scripts do; the script's report goes to standard output as usual.
-- Usage: pmo run --store STORE Benchmarks/lua/run_timed.lua scripts/portfolio-health.lua
local path = assert(arg[1], "usage: run_timed.lua SCRIPT")
local chunk = assert(loadfile(path))
arg = { [0] = path }
local t0 = os.clock()
chunk()
io.stderr:write(string.format("body %.6f\n", os.clock() - t0))
