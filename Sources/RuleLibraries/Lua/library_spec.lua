-- `pmo lib test` on a sandboxed library (Library/SandboxedLibraryRun.swift), sent to the
-- sandbox worker as the chunk "(pmo lib test: <library>)".
-- Runs one spec file in the first root's sandboxed environment, after loading the root's
-- modules as `pmo check` would.

local modules, source, name, fixtures = ...
local ok, err = pcall(function()
  for _, m in ipairs(modules) do require(m) end
end)
if not ok then
  return { { name = "loads the library", status = "error", message = tostring(err) } }
end
local results = require("pmo.spec").run_source(source, name, fixtures, _ENV)
local out = {}
for i, r in ipairs(results) do
  out[i] = { name = tostring(r.name), status = tostring(r.status),
             message = r.message ~= nil and tostring(r.message) or nil }
end
return out
