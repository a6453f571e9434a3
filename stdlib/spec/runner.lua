-- The stdlib's own specs, run by pmo.spec (the runner `pmo lib test` uses).
--
-- Run from the repository root, under pmo or plain Lua:
--     pmo run stdlib/spec/runner.lua              -- every spec below
--     lua5.4 stdlib/spec/runner.lua evm es        -- only these specs
--     lua5.4 stdlib/spec/runner.lua path/x_spec.lua
--
-- This file only lists the spec files (plain Lua cannot list a folder) and lets
-- pmo.spec run them; StdlibSpecTests checks the list against the folder. The
-- report is `pmo lib test`'s text; the exit status is non-zero when anything
-- failed or raised.

-- Plain Lua finds the modules on disk; pmo finds its embedded ones first.
package.path = "stdlib/?.lua;stdlib/?/init.lua;" .. package.path

local SPECS = {
  "args", "benefits", "compliance", "date", "delivery", "es", "evm", "flow",
  "format", "maturity", "measures", "prioritise", "report", "resources", "risk",
}

local files = {}
for _, name in ipairs(#arg > 0 and arg or SPECS) do
  files[#files + 1] = name:find("%.lua$") and name or ("stdlib/spec/" .. name .. "_spec.lua")
end
os.exit(require("pmo.spec").main(files, "stdlib/spec/fixtures") and 0 or 1)
