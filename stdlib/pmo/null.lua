--- `pmo.null`: SQL's NULL, for the places where Lua's nil cannot say it.
--
-- A nil in a table is no field at all, so `tx:update(p, { actual_finish = nil })`
-- would change nothing. `pmo.null` stands for NULL in what a script hands the
-- store: a field to clear (`tx:update(p, { actual_finish = pmo.null })`), a key
-- column that must be NULL (`{ task_id = pmo.null }` finds the project-level
-- row of `timephased`), a `pmo.sql` parameter. Rows read from the store still
-- leave NULL columns out. There is one such value; it cannot be changed.
local null = setmetatable({}, {
  __name = "pmo.null",
  __tostring = function() return "pmo.null" end,
  __newindex = function() error("pmo.null cannot be changed", 2) end,
  __metatable = "pmo.null",
})
return null
