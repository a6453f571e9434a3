-- `pmo check`'s Lua half (Check/KPICheck.swift), called with the ids (nil: every one), the
-- as-of date and the level that fails the check.
-- It loads the definitions, check the ids, evaluate, and flatten each result
-- to plain values (object fields and Date values would not survive the trip to Swift).

local ids, asof, fail_on = ...
local kpi = require("pmo.kpi")
kpi.list()          -- loads the session's definitions; a failure is the check's
if ids then
  local unknown = {}
  for _, id in ipairs(ids) do
    if not kpi.get(id) then unknown[#unknown + 1] = id end
  end
  if #unknown > 0 then return nil, unknown, kpi.list():map(function(d) return d.id end) end
end
local results = kpi.evaluate(ids, nil, { asof = asof })
local breached = {}
for _, r in ipairs(kpi.breaches(results, fail_on)) do breached[r] = true end
local out = {}
for i, r in ipairs(results) do
  out[i] = {
    id = r.id, kind = r.kind, title = r.title, version = r.version,
    object_kind = r.object_kind, object_id = tostring(r.object_id),
    object_name = r.object and type(r.object.name) == "string" and r.object.name or nil,
    value = r.value, unit = r.unit, rag = r.rag, passed = r.passed, severity = r.severity,
    shown = r.kind == "kpi" and kpi.shown and kpi.shown(r) or nil,
    message = r.message ~= nil and tostring(r.message) or nil,
    detail = kpi.detail_text(r.detail),
    error = r.error, traceback = r.traceback,
    explanation = r:explain(), breached = breached[r] or false,
  }
end
return out, tostring(pmo.asof(asof, function() return pmo.asof() or pmo.today() end))
