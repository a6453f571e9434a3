-- `pmo check`'s Lua half (Check/KPICheck.swift), called with the ids (nil: every one), the
-- as-of date and the level that fails the check.
-- It loads the definitions, checks the ids, evaluates, and flattens each result to plain
-- values (kpi.plain_results: objects and Date values would not survive the trip to Swift).

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
local out = kpi.plain_results(kpi.evaluate(ids, nil, { asof = asof }), fail_on)
return out, tostring(pmo.asof(asof, function() return pmo.asof() or pmo.today() end))
