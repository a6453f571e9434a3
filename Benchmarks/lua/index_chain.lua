-- Benchmark (issue 2): the lookup a cached LuaKit userdata property read makes, in plain Lua:
-- a field found through the metatable's __index table. Run it several times with lua5.4: both
-- costs change from one process to the next (15 runs on the CI machine, 2026-11-27: 12.1-21.4 ns
-- through __index, 5.2-10.0 ns plain), so compare several runs, not one. Prints ns per read.
local N = 5000000
local values = { x = 1.0 }
local proxy = setmetatable({}, { __index = values, __name = "Point", __metatable = false })
local plain = { x = 1.0 }
local sink
local t0 = os.clock()
for _ = 1, N do sink = plain.x end
local t1 = os.clock()
for _ = 1, N do sink = proxy.x end
local t2 = os.clock()
print(string.format("plain %.1f  through __index %.1f", (t1 - t0) / N * 1e9, (t2 - t1) / N * 1e9))
