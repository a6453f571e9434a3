-- `pmo check`'s Lua half (Check/KPICheck.swift), called with the ids (nil: every one), the
-- as-of date and the level that fails the check.
-- It loads the definitions, checks the ids, evaluates, and flattens each result to plain
-- values (kpi.plain_results: objects and Date values would not survive the trip to Swift).

local ids, asof, fail_on = ...
local kpi = require("pmo.kpi")
kpi.list()          -- loads the session's definitions; a failure is the check's
if ids then
  -- An id that names no definition selects those under it: `pmo.dcma` is pmo.dcma.logic,
  -- pmo.dcma.leads... (a dotted prefix, as ids are dotted words).
  local unknown, selected, seen = {}, {}, {}
  for _, id in ipairs(ids) do
    if kpi.get(id) then
      if not seen[id] then seen[id] = true; selected[#selected + 1] = id end
    else
      local prefix, found = id .. ".", false
      for _, d in ipairs(kpi.list()) do
        if d.id:sub(1, #prefix) == prefix then
          found = true
          if not seen[d.id] then seen[d.id] = true; selected[#selected + 1] = d.id end
        end
      end
      if not found then unknown[#unknown + 1] = id end
    end
  end
  if #unknown > 0 then return nil, unknown, kpi.list():map(function(d) return d.id end) end
  ids = selected
end
local out = kpi.plain_results(kpi.evaluate(ids, nil, { asof = asof }), fail_on)
return out, tostring(pmo.asof(asof, function() return pmo.asof() or pmo.today() end))
