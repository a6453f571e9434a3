-- Benchmark (issue 4): reading a field of a model object against reading the same field of
-- a plain table, in one loop each. Prints ns per read of both on stderr.
local N = 10000000
local p = pmo.projects()[1]
local plain = {}
for k, v in pairs(p) do plain[k] = v end
local sink
local t0 = os.clock()
for _ = 1, N do sink = plain.bac end
local t1 = os.clock()
for _ = 1, N do sink = p.bac end
local t2 = os.clock()
io.stderr:write(string.format("plain %.6f\nmodel %.6f\n", (t1 - t0) / N * 1e9, (t2 - t1) / N * 1e9))
