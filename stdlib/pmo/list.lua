--- Lists: the sequences every `pmo` query returns.
--
-- A List is a plain Lua sequence (`#`, `ipairs`, `t[i]` work as usual) whose
-- metatable adds chainable helpers, so that a typical analysis needs no loop:
--
--     pmo.projects{ phase = "execution" }
--       :filter(function(p) return p:evm().spi < 0.9 end)
--       :sort_by("bac", "desc")
--       :top(5)
--
-- Wherever a helper takes a function `f(item)`, it also takes a field name:
-- `:sum("bac")` is `:sum(function(p) return p.bac end)`. Helpers that return
-- many items return a new List and leave the original untouched.
local args = require("pmo.args")

local M = {}

local List = {}
List.__index = List
List.__name = "List"
M.List = List

--- Makes `t` (a sequence) a List, in place, and returns it.
function M.of(t)
  return setmetatable(t or {}, List)
end

-- The column order of the lists that came from a query with one (pmo.sql: the select's
-- order), for printing them as a table; weak, so a list forgets it when it goes.
local column_orders = setmetatable({}, { __mode = "k" })

--- Records `columns` (a list of field names) as the column order of List `l`; returns `l`.
function M.with_columns(l, columns)
  column_orders[l] = columns
  return l
end

--- The column order recorded for List `l` (pmo.sql's select order), or nil.
function M.columns(l) return column_orders[l] end

--- Whether `v` is a List.
function M.is_list(v)
  return getmetatable(v) == List
end

-- A field name or a function, as a function of an item.
local function accessor(f, where)
  local t = type(f)
  if t == "function" then return f end
  if t == "string" then return function(item) return item[f] end end
  args.type_error(1, where, "function or field name", f, 3)
end

--- The items for which `f(item)` is true.
---@param f string|fun(item: any): any a function of an item, or a field name
---@return List
--- e.g. pmo.projects():filter(function(p) return (p:evm().spi or 1) < 0.9 end)
function List:filter(f)
  f = accessor(f, "filter")
  local out, n = {}, 0
  for i = 1, #self do
    local item = self[i]
    if f(item) then n = n + 1; out[n] = item end
  end
  return setmetatable(out, List)
end

--- The items for which `f(item)` is false.
---@param f string|fun(item: any): any a function of an item, or a field name
---@return List
function List:reject(f)
  f = accessor(f, "reject")
  return self:filter(function(item) return not f(item) end)
end

--- `f(item)` of each item (nils are skipped, so the result stays a sequence).
---@param f string|fun(item: any): any a function of an item, or a field name
---@return List
function List:map(f)
  f = accessor(f, "map")
  local out, n = {}, 0
  for i = 1, #self do
    local v = f(self[i])
    if v ~= nil then n = n + 1; out[n] = v end
  end
  return setmetatable(out, List)
end

--- Calls `f(item, i)` for each item; returns the list.
---@param f fun(item: any, i: integer)
---@return List
function List:each(f)
  for i = 1, #self do f(self[i], i) end
  return self
end

-- Orders values of mixed types: nil last, then numbers, strings, other values.
local function less(a, b)
  if a == nil or b == nil then return b == nil and a ~= nil end
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    if getmetatable(a) and getmetatable(a).__lt and getmetatable(a) == getmetatable(b) then return a < b end
    return ta < tb
  end
  if ta == "number" or ta == "string" then return a < b end
  local mt = getmetatable(a)
  if mt and mt.__lt then return a < b end
  return tostring(a) < tostring(b)
end

--- A new List sorted by `f(item)` (or a field), ascending, or descending with
--- "desc". Items whose key is nil come last. The sort is stable.
---@param f string|fun(item: any): any a function of an item, or a field name
---@param order? "asc"|"desc"
---@return List
--- e.g. pmo.projects():sort_by("bac", "desc"):top(5)
function List:sort_by(f, order)
  f = accessor(f, "sort_by")
  local desc = order == "desc"
  local keyed = {}
  for i = 1, #self do keyed[i] = { key = f(self[i]), i = i, item = self[i] } end
  table.sort(keyed, function(x, y)
    if x.key == y.key or (not less(x.key, y.key) and not less(y.key, x.key)) then return x.i < y.i end
    if x.key == nil then return false end
    if y.key == nil then return true end
    if desc then return less(y.key, x.key) end
    return less(x.key, y.key)
  end)
  local out = {}
  for i = 1, #keyed do out[i] = keyed[i].item end
  return setmetatable(out, List)
end

--- A table mapping each key `f(item)` to the List of its items. Items whose key
--- is nil are grouped under the key `"(none)"`.
---@param f string|fun(item: any): any a function of an item, or a field name
---@return table<any, List>
function List:group_by(f)
  f = accessor(f, "group_by")
  local groups = {}
  for i = 1, #self do
    local item = self[i]
    local k = f(item)
    if k == nil then k = "(none)" end
    local g = groups[k]
    if not g then g = setmetatable({}, List); groups[k] = g end
    g[#g + 1] = item
  end
  return groups
end

--- Sum of `f(item)` (or of the items); nil values are skipped.
---@param f? string|fun(item: any): any a function of an item, or a field name
---@return number
--- e.g. pmo.projects():sum("bac")
function List:sum(f)
  f = f and accessor(f, "sum") or function(v) return v end
  local total = 0
  for i = 1, #self do
    local v = f(self[i])
    if v ~= nil then total = total + v end
  end
  return total
end

--- Mean of the non-nil `f(item)`; nil when there are none.
---@param f? string|fun(item: any): any a function of an item, or a field name
---@return number|nil
function List:avg(f)
  f = f and accessor(f, "avg") or function(v) return v end
  local total, n = 0, 0
  for i = 1, #self do
    local v = f(self[i])
    if v ~= nil then total, n = total + v, n + 1 end
  end
  if n == 0 then return nil end
  return total / n
end

local function extreme(self, f, where, better)
  f = f and accessor(f, where) or function(v) return v end
  local best, bestItem
  for i = 1, #self do
    local v = f(self[i])
    if v ~= nil and (best == nil or better(v, best)) then best, bestItem = v, self[i] end
  end
  return best, bestItem
end

--- Smallest non-nil `f(item)`, and the item holding it.
---@param f? string|fun(item: any): any a function of an item, or a field name
---@return any value
---@return any item
function List:min(f) return extreme(self, f, "min", function(a, b) return a < b end) end
--- Largest non-nil `f(item)`, and the item holding it.
---@param f? string|fun(item: any): any a function of an item, or a field name
---@return any value
---@return any item
function List:max(f) return extreme(self, f, "max", function(a, b) return a > b end) end

--- Number of items, or of items for which `f(item)` is true.
---@param f? string|fun(item: any): any a function of an item, or a field name
---@return integer
function List:count(f)
  if f == nil then return #self end
  f = accessor(f, "count")
  local n = 0
  for i = 1, #self do if f(self[i]) then n = n + 1 end end
  return n
end

--- The first `n` items.
---@param n integer
---@return List
function List:top(n)
  local out = {}
  for i = 1, math.min(n, #self) do out[i] = self[i] end
  return setmetatable(out, List)
end

--- The first item, or the first for which `f(item)` is true.
---@param f? string|fun(item: any): any a function of an item, or a field name
---@return any|nil item
function List:first(f)
  if f == nil then return self[1] end
  f = accessor(f, "first")
  for i = 1, #self do if f(self[i]) then return self[i] end end
  return nil
end

--- Whether any item satisfies `f`.
---@param f string|fun(item: any): any a function of an item, or a field name
---@return boolean
function List:any(f) return self:first(f) ~= nil end
--- Whether every item satisfies `f` (true for an empty list).
---@param f string|fun(item: any): any a function of an item, or a field name
---@return boolean
function List:all(f)
  f = accessor(f, "all")
  for i = 1, #self do if not f(self[i]) then return false end end
  return true
end

--- The values of one field.
---@param field string
---@return List
--- e.g. pmo.projects():pluck("id")
function List:pluck(field) return self:map(field) end

--- A table keyed by `f(item)` (default: the `id` field), for lookups.
---@param f? string|fun(item: any): any a function of an item, or a field name
---@return table<any, any>
function List:index_by(f)
  f = accessor(f or "id", "index_by")
  local out = {}
  for i = 1, #self do out[f(self[i])] = self[i] end
  return out
end

--- The items of this list followed by those of `other`.
---@param other any[]
---@return List
function List:concat(other)
  local out = {}
  for i = 1, #self do out[i] = self[i] end
  for i = 1, #other do out[#out + 1] = other[i] end
  return setmetatable(out, List)
end

return M
