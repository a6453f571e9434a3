-- `pmo check` on one sandboxed library (Library/SandboxedLibraryCheck.swift), sent to the
-- sandbox worker as the chunk "(pmo check: <library>)".
-- Runs in the library's sandboxed environment: load the root's modules, refuse ids outside
-- the root, evaluate, and flatten each result to plain values as `pmo check` does (kpi.plain_results).

local modules, root, ids, asof, fail_on, scope = ...
local kpi = require("pmo.kpi")
local before = {}
for _, d in ipairs(kpi.list()) do before[d.id] = d end
for _, m in ipairs(modules) do require(m) end
local mine, defined, meta = {}, {}, {}
for _, d in ipairs(kpi.list()) do
  if before[d.id] ~= d then
    if d.id:sub(1, #root + 1) ~= root .. "." then
      error(string.format("defines %s '%s' outside its root %s", d.kind == "rule" and "rule" or "KPI", d.id, root), 0)
    end
    defined[#defined + 1] = d.id
    meta[#meta + 1] = {
      id = d.id, kind = d.kind, title = d.title, unit = d.unit, applies_to = d.applies_to,
      direction = d.direction, severity = d.severity, version = d.version,
      description = d.description, source = d.source, formula = d.formula, owner = d.owner,
      green = d.thresholds and d.thresholds.green, amber = d.thresholds and d.thresholds.amber,
      scope = type(d.scope) == "string" and d.scope or "a function of the object",
    }
    local wanted = ids == nil
    for _, id in ipairs(ids or {}) do if id == d.id then wanted = true end end
    if wanted then mine[#mine + 1] = d.id end
  end
end
local out = {}
if #mine > 0 then out = kpi.plain_results(kpi.evaluate(mine, nil, { asof = asof, scope = scope }), fail_on) end
return out, defined, meta
