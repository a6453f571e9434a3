-- Benchmark (issue 11): load time, the whole portfolio read from the store into Lua
-- (pmo.projects(): every project with its EVM inputs). Prints the time on stderr.
local t0 = os.clock()
local projects = pmo.projects()
local t1 = os.clock()
print(#projects .. " projects")
io.stderr:write(string.format("body %.6f\n", t1 - t0))
