-- `pmo check` on one sandboxed library (Library/SandboxedLibraryCheck.swift), sent to the
-- sandbox worker as the chunk "(pmo check: <library>)".
-- Runs in the library's sandboxed environment: load the root's modules, refuse ids outside
-- the root, evaluate, and flatten each result to plain values as KPICheck's driver does.

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
if #mine > 0 then
  local results = kpi.evaluate(mine, nil, { asof = asof, scope = scope })
  local breached = {}
  for _, r in ipairs(kpi.breaches(results, fail_on)) do breached[r] = true end
  for i, r in ipairs(results) do
    out[i] = {
      id = r.id, kind = r.kind, title = r.title, version = r.version,
      object_kind = r.object_kind, object_id = tostring(r.object_id),
      object_name = r.object and type(r.object.name) == "string" and r.object.name or nil,
      value = r.value, unit = r.unit, rag = r.rag, passed = r.passed, severity = r.severity,
    shown = r.kind == "kpi" and kpi.shown and kpi.shown(r) or nil,
      message = r.message ~= nil and tostring(r.message) or nil,
      detail = kpi.detail_text(r.detail), asof = tostring(r.asof),
      error = r.error, traceback = r.traceback,
      explanation = r:explain(), breached = breached[r] or false,
    }
  end
end
return out, defined, meta
