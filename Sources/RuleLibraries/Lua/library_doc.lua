-- The KPIs and rules of a trusted library under its roots, for `pmo lib doc`
-- (Library/LibraryDoc.swift), called with the roots; each as plain values.

local roots = ...
local out = {}
for _, d in ipairs(require("pmo.kpi").list()) do
  for _, root in ipairs(roots) do
    if d.id:sub(1, #root + 1) == root .. "." then
      out[#out + 1] = {
        id = d.id, kind = d.kind, title = d.title, applies_to = d.applies_to, unit = d.unit,
        direction = d.direction, formula = d.formula, source = d.source,
        description = d.description, severity = d.severity, version = d.version,
        green = d.thresholds and d.thresholds.green, amber = d.thresholds and d.thresholds.amber,
      }
      break
    end
  end
end
return out
