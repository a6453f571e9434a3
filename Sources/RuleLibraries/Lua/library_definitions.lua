-- `pmo lib doc` on a sandboxed library (Library/SandboxedLibraryRun.swift), sent to the
-- sandbox worker as the chunk "(pmo lib doc: <library>)".
-- Runs in one root's sandboxed environment: loads its modules and returns the metadata of
-- the KPIs and rules under its root, as plain strings and numbers. (The registry always
-- holds the standard KPIs too, whose root, pmo, only the stdlib itself has.)

local modules, root = ...
local kpi = require("pmo.kpi")
for _, m in ipairs(modules) do require(m) end
local function s(v) return type(v) == "string" and v or nil end
local function n(v) return math.type(v) and v or nil end
local out = {}
for _, d in ipairs(kpi.list()) do
  if type(d.id) == "string" and d.id:sub(1, #root + 1) == root .. "." then
    local t = type(d.thresholds) == "table" and d.thresholds or {}
    out[#out + 1] = {
      id = d.id, kind = s(d.kind), title = s(d.title), applies_to = s(d.applies_to), unit = s(d.unit),
      direction = s(d.direction), formula = s(d.formula), source = s(d.source),
      description = s(d.description), severity = s(d.severity), version = s(d.version),
      green = n(t.green), amber = n(t.amber),
    }
  end
end
return out
