-- Tab completion for the REPL: the names that can follow what the user typed.
--
-- Works on the word under the cursor: `pri`, `string.fo`, `p:mi`, `a.b.c`. Field lookups
-- follow `__index` only when it is a table (calling an `__index` function could run arbitrary
-- code on a key press), so methods declared in a metatable's `__index` table complete.
--
-- Through calls, as IPython does: after `pmo.project("PRJ-003"):` or `p:tasks()[1].` the
-- expression before the `.` or `:` is evaluated to complete on its value, but only when
-- every call in it is to a function marked read-only (`M.allow`: the host registers
-- `pmo.readonly`, the domain's queries, relations and computed values) and every argument is
-- plain data: a literal (string, number, boolean, nil, a table constructor of them) or a
-- variable holding such data. Anything else (an operator, a function value, a table with a
-- metatable, any other call) stops completion there, so a key press never writes nor runs
-- code of the user's. The evaluation runs under pcall, in a coroutine with an instruction
-- budget, and its errors are dropped: completion then offers nothing.
local session, G = ...
-- The library functions used here, taken now: a session that later assigns `type` or
-- `debug.sethook` must not have its functions run by a key press.
local type, next, rawget, getmetatable, pairs, ipairs, error, load =
  type, next, rawget, getmetatable, pairs, ipairs, error, load
local unpack, sort = table.unpack, table.sort
local cocreate, coresume, costatus = coroutine.create, coroutine.resume, coroutine.status
local sethook = debug and debug.sethook

-- A name as code typed at the prompt sees it: a session local, else a global (raw: a
-- metatable on _G is code of the user's).
local function lookup(name)
  local v, found = session.get(name)
  if found then return v end
  return rawget(G, name)
end

-- Sets of functions (function -> true) that completion may call; see the header.
local allowed = {}

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

-- Whether name `k` completes `prefix`. Names starting with "__" (metamethods: a record's
-- row holds __index, __newindex...) only when the prefix starts with "_", as IPython shows
-- private names only once "_" is typed.
local function shown(k, prefix)
  if k:sub(1, #prefix) ~= prefix then return false end
  return k:sub(1, 2) ~= "__" or prefix:sub(1, 1) == "_"
end

--- Lets completion call the functions of `set` (a table function -> true, consulted on each
-- completion, so functions added to it later count too).
function M.allow(set)
  if type(set) ~= "table" then error("bad argument #1 to 'allow' (table expected, got " .. type(set) .. ")", 2) end
  allowed[#allowed + 1] = set
end

local function callable(f)
  if type(f) ~= "function" then return false end
  for i = 1, #allowed do
    if rawget(allowed[i], f) then return true end
  end
  return false
end

-- Whether `v` is plain data: nothing a read-only function could call back into.
local function plain(v, depth)
  local t = type(v)
  if t == "string" or t == "number" or t == "boolean" or t == "nil" then return true end
  if t ~= "table" or getmetatable(v) ~= nil or depth > 8 then return false end
  for k, x in next, v do
    if not plain(k, depth + 1) or not plain(x, depth + 1) then return false end
  end
  return true
end

-- The value of the expression `toks` (a call chain: name, then `.name`, `[literal]`,
-- `:name(args)` and `(args)`, tokens as { kind, text } from REPLLuaTokens.swift), evaluated
-- as the header says; raises when it cannot be evaluated safely.
local function evaluate(toks)
  local pos = 1
  local function fail() error("not completable", 0) end
  local function sym(s)
    local t = toks[pos]
    return t ~= nil and t.kind == "symbol" and t.text == s
  end
  local function expect(s)
    if not sym(s) then fail() end
    pos = pos + 1
  end
  local function literal(t)
    -- A string or number token: Lua reads it, in an empty environment (a constant cannot
    -- reach anything).
    local f = load("return " .. t.text, "=(completion)", "t", {})
    if not f then fail() end
    local v = f()
    if type(v) ~= t.kind then fail() end
    return v
  end
  local value
  local function constructor()
    expect("{")
    local t = {}
    local n = 0
    while not sym("}") do
      local a, b = toks[pos], toks[pos + 1]
      if a and a.kind == "name" and b and b.kind == "symbol" and b.text == "=" then
        pos = pos + 2
        t[a.text] = value()
      elseif sym("[") then
        pos = pos + 1
        local k = value()
        expect("]")
        expect("=")
        if k == nil then fail() end
        t[k] = value()
      else
        n = n + 1
        t[n] = value()
      end
      if sym(",") or sym(";") then pos = pos + 1 elseif not sym("}") then fail() end
    end
    pos = pos + 1
    return t
  end
  value = function()
    local t = toks[pos]
    if not t then fail() end
    if t.kind == "string" or t.kind == "number" then
      pos = pos + 1
      return literal(t)
    elseif t.kind == "keyword" and (t.text == "true" or t.text == "false" or t.text == "nil") then
      pos = pos + 1
      if t.text == "nil" then return nil end
      return t.text == "true"
    elseif sym("-") and toks[pos + 1] and toks[pos + 1].kind == "number" then
      pos = pos + 2
      return -literal(toks[pos - 1])
    elseif sym("{") then
      return constructor()
    elseif t.kind == "name" then
      pos = pos + 1
      return lookup(t.text)
    end
    fail()
  end
  -- The arguments of a call: `(a, b)`, `"s"` or `{...}`, checked to be plain data.
  local function arguments()
    local args, n = {}, 0
    local t = toks[pos]
    if t and t.kind == "string" then
      pos = pos + 1
      args[1], n = literal(t), 1
    elseif sym("{") then
      args[1], n = constructor(), 1
    else
      expect("(")
      while not sym(")") do
        n = n + 1
        args[n] = value()
        if sym(",") then pos = pos + 1 elseif not sym(")") then fail() end
      end
      pos = pos + 1
    end
    for i = 1, n do
      if not plain(args[i], 0) then fail() end
    end
    return args, n
  end
  local function startsArguments()
    local t = toks[pos]
    return t ~= nil and (t.kind == "string" or sym("(") or sym("{"))
  end
  local first = toks[1]
  if not first or first.kind ~= "name" then fail() end
  local v = lookup(first.text)
  pos = 2
  while pos <= #toks do
    if v == nil then fail() end
    if sym(".") then
      local t = toks[pos + 1]
      if not t or t.kind ~= "name" then fail() end
      pos = pos + 2
      v = field(v, t.text)
    elseif sym("[") then
      pos = pos + 1
      local k = value()
      expect("]")
      if type(k) ~= "string" and type(k) ~= "number" then fail() end
      v = field(v, k)
    elseif sym(":") then
      local t = toks[pos + 1]
      if not t or t.kind ~= "name" then fail() end
      pos = pos + 2
      local f = field(v, t.text)
      if not callable(f) then fail() end
      local args, n = arguments()
      v = (f(v, unpack(args, 1, n)))
    elseif startsArguments() then
      if not callable(v) then fail() end
      local args, n = arguments()
      v = (v(unpack(args, 1, n)))
    else
      fail()
    end
  end
  return v
end

-- The value of a call chain, or nil when it cannot be evaluated safely (see the header):
-- in a coroutine of its own with an instruction budget, so a slow query cannot hold the
-- prompt, and under pcall (coroutine.resume), so nothing it raises goes further.
local BUDGET = 50000000
local function chainvalue(toks)
  local co = cocreate(evaluate)
  if sethook then
    sethook(co, function() error("completion: evaluation too long", 0) end, "", BUDGET)
  end
  local ok, v = coresume(co, toks)
  if ok and costatus(co) == "dead" then return v end
  return nil
end
M.evaluate = chainvalue

-- The candidates that complete `word`, each the whole word, sorted.
-- `locals` lists the session's local names; `chain`, when the word is `.name` or `:name`
-- right after a call or an index (`pmo.project("PRJ-003"):`), the tokens of the expression
-- before it, which is evaluated as the header says.
function M.candidates(word, locals, chain)
  local out, pool = {}, {}
  if chain then
    -- The word is `.name`, `:name` or a dotted path to one (`.opts.de`).
    local path, sep, prefix = word:match("^(.-)([.:])([%w_]*)$")
    if not path then return out end
    local names, rebuilt = {}, ""
    for name in path:gmatch("%.([%a_][%w_]*)") do
      names[#names + 1] = name
      rebuilt = rebuilt .. "." .. name
    end
    if rebuilt ~= path then return out end
    local v = chainvalue(chain)
    for _, name in ipairs(names) do
      if v == nil then break end
      v = field(v, name)
    end
    if v == nil then return out end
    fields(v, pool)
    for k, x in pairs(pool) do
      if shown(k, prefix) and (sep ~= ":" or type(x) == "function") then
        out[#out + 1] = path .. sep .. k
      end
    end
    sort(out)
    return out
  end
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
    if shown(k, prefix) and (sep ~= ":" or type(v) == "function") then
      out[#out + 1] = base .. sep .. k
    end
  end
  sort(out)
  return out
end

return M
