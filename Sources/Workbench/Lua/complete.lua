-- Tab completion for the REPL: the names that can follow what the user typed.
--
-- Works on the word under the cursor: `pri`, `string.fo`, `p:mi`, `a.b.c`. Field lookups
-- follow `__index` only when it is a table (calling an `__index` function could run arbitrary
-- code on a key press), so methods declared in a metatable's `__index` table complete.
local session, G = ...

-- A name as code typed at the prompt sees it: a session local, else a global.
local function lookup(name)
  local v, found = session.get(name)
  if found then return v end
  return G[name]
end

local M = {}

local keywords = {}
for k in ([[and break do else elseif end false for function goto if in local nil not or
  repeat return then true until while]]):gmatch("%a+") do keywords[k] = true end

local function isname(s)
  return type(s) == "string" and s:match("^[%a_][%w_]*$") ~= nil and not keywords[s]
end

-- Adds the string keys of `v` and of its __index tables to `out` (name -> value).
local function fields(v, out)
  local seen = {}
  for _ = 1, 16 do
    if type(v) == "table" and not seen[v] then
      seen[v] = true
      for k, x in next, v do
        if isname(k) and out[k] == nil then out[k] = x end
      end
    end
    local mt = getmetatable(v)
    local index = type(mt) == "table" and rawget(mt, "__index") or nil
    if type(index) ~= "table" or seen[index] then return end
    v = index
  end
end

-- One step of a dotted path, without calling any metamethod function.
local function field(v, name)
  for _ = 1, 16 do
    if type(v) == "table" then
      local x = rawget(v, name)
      if x ~= nil then return x end
    end
    local mt = getmetatable(v)
    local index = type(mt) == "table" and rawget(mt, "__index") or nil
    if type(index) ~= "table" then return nil end
    v = index
  end
end

-- The candidates that complete `word`, each the whole word, sorted.
-- `locals` lists the session's local names.
function M.candidates(word, locals)
  local out, pool = {}, {}
  local base, sep, prefix = word:match("^([%a_][%w_.]*)([.:])([%w_]*)$")
  if base then
    if base:find("%.%.") or base:sub(-1) == "." then return out end
    local v
    for name in base:gmatch("[^.]+") do
      if v == nil then v = lookup(name) else v = field(v, name) end
      if v == nil then return out end
    end
    fields(v, pool)
  else
    if word ~= "" and not word:match("^[%a_][%w_]*$") then return out end
    base, sep, prefix = "", "", word
    fields(G, pool)
    for _, name in ipairs(locals or {}) do pool[name] = pool[name] or true end
    for k in pairs(keywords) do pool[k] = pool[k] or true end
  end
  for k, v in pairs(pool) do
    if k:sub(1, #prefix) == prefix and (sep ~= ":" or type(v) == "function") then
      out[#out + 1] = base .. sep .. k
    end
  end
  table.sort(out)
  return out
end

return M
