-- Loads one trusted rule library (Library/LibraryRuntime.swift, Check/SessionDefinitions.swift),
-- called with its name, roots and modules.
-- Requires every module of one library, then refuses any KPI or rule it defined (or
-- redefined) outside its roots.

local name, roots, modules = ...
local kpi = require("pmo.kpi")
require("pmo.kpis")       -- the standard KPIs are there before, not counted as the library's
local before = {}
for _, d in ipairs(kpi.list()) do before[d.id] = d end
for _, m in ipairs(modules) do require(m) end
for _, d in ipairs(kpi.list()) do
  if before[d.id] ~= d then
    local inside = false
    for _, root in ipairs(roots) do
      if d.id:sub(1, #root + 1) == root .. "." then inside = true end
    end
    if not inside then
      kpi.forget(d.id)
      error(string.format("library '%s' defines %s '%s' outside its roots (%s); its ids must start with one of them",
        name, d.kind == "rule" and "rule" or "KPI", d.id, table.concat(roots, ", ")), 0)
    end
  end
end
