-- The Lua half of the sandbox. It runs once per state, as trusted code with the real standard
-- library, and returns the functions the Swift half drives. Sandboxed code never sees the real
-- globals: each library gets an environment built by `newenv`, holding read-only views of
-- shared copies of the safe libraries and wrappers that enforce the policy in docs/sandbox.md.
--
-- Called once by Sandbox.init (Sandbox.swift) with the hook arming a coroutine's limits, the
-- embedded stdlib's sources by module name, the function naming a module's chunk, and the
-- byte limit of `print`'s log. Embedded into the binary by the EmbedLua plugin.

local hookthread, stdsources, stdchunkname, printlimit = ...

local error, next, pairs, ipairs, rawget, rawset, select, setmetatable, getmetatable,
      tostring, type, load, collectgarbage =
      error, next, pairs, ipairs, rawget, rawset, select, setmetatable, getmetatable,
      tostring, type, load, collectgarbage
local format, strsub, concat, pack, unpack =
      string.format, string.sub, table.concat, table.pack, table.unpack
local cocreate, coresume, costatus, coclose =
      coroutine.create, coroutine.resume, coroutine.status, coroutine.close

-- Read-only views. The view is an empty table whose metatable is hidden (__metatable), so
-- code can read through it but cannot reach, change or replace the table behind it.
local readonlys = setmetatable({}, {__mode = "k"})

local function readonly(t, name)
  local view = {}
  setmetatable(view, {
    __index = t,
    __newindex = function(_, k)
      error(format("attempt to modify read-only table '%s' (field '%s')", name, tostring(k)), 2)
    end,
    __len = function() return #t end,
    -- An iterator closure, not `next, t`: the state of a generic for must not be `t`.
    __pairs = function(v) return function(_, k) return next(t, k) end, v, nil end,
    __metatable = false,
  })
  readonlys[view] = true
  return view
end

local function copy(t, names)
  local c = {}
  if names then
    for _, n in ipairs(names) do c[n] = t[n] end
  else
    for k, v in next, t do c[k] = v end
  end
  return c
end

local safestring = copy(string)
safestring.dump = nil
local stringview = readonly(safestring, "string")

-- The string metatable is shared by every string of the state: give methods the safe copy
-- (so ("").dump is nil) and hide the metatable (getmetatable("") is false).
local stringmeta = getmetatable("")
stringmeta.__index = stringview
stringmeta.__metatable = false

-- Coroutines: arm the limit hook on every resume, so a coroutine made before the limits
-- were set (hence without the hook) is stopped like any other code.
local co = copy(coroutine)
co.resume = function(c, ...)
  if type(c) == "thread" then hookthread(c) end
  return coresume(c, ...)
end
co.wrap = function(f)
  local c = cocreate(f)
  return function(...)
    hookthread(c)
    local r = pack(coresume(c, ...))
    if r[1] then return unpack(r, 2, r.n) end
    if costatus(c) == "dead" then coclose(c) end
    error(r[2], 0)
  end
end

local libs = {
  string = stringview,
  table = readonly(copy(table), "table"),
  math = readonly(copy(math), "math"),
  utf8 = readonly(copy(utf8), "utf8"),
  coroutine = readonly(co, "coroutine"),
  os = readonly(copy(os, {"clock", "time", "date", "difftime"}), "os"),
}

-- print: one line per call into a log bounded to printlimit bytes.
local log, logbytes, logfull = {}, 0, false
local function print(...)
  if logfull then return end
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  local line = concat(parts, "\t")
  local room = printlimit - logbytes
  if #line + 1 > room then
    line = strsub(line, 1, room > 1 and room - 1 or 0)
    logfull = true
  end
  log[#log + 1] = line
  logbytes = logbytes + #line + 1
end

local function sandbox_rawset(t, k, v)
  if readonlys[t] then error("bad argument #1 to 'rawset' (table is read-only)", 2) end
  return rawset(t, k, v)
end

-- Lua marks an object for finalization only if __gc is present when the metatable is set,
-- so checking here is enough to keep finalizers out.
local function sandbox_setmetatable(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("bad argument #2 to 'setmetatable' (__gc metamethods are not allowed in the sandbox)", 2)
  end
  return setmetatable(t, mt)
end

local function sandbox_collectgarbage(opt)
  if opt == "count" then return collectgarbage("count") end
  error(format("bad argument #1 to 'collectgarbage' (only \"count\" is allowed in the sandbox, got %s)",
    opt == nil and "no option" or "'" .. tostring(opt) .. "'"), 2)
end

local base = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  rawequal = rawequal, rawget = rawget, rawlen = rawlen, select = select,
  tonumber = tonumber, tostring = tostring, type = type, xpcall = xpcall,
  getmetatable = getmetatable, _VERSION = _VERSION,
  rawset = sandbox_rawset, setmetatable = sandbox_setmetatable,
  collectgarbage = sandbox_collectgarbage, print = print,
}

local LOADING = {}

-- A require over one namespace: `accepts(name)` says whether `find(name)` may be asked for
-- the source; `delegate(name)`, when given, answers for the names it returns non-nil for.
local function makerequire(env, accepts, find, outside)
  local loaded = {}
  return function(name)
    if type(name) ~= "string" then
      error(format("bad argument #1 to 'require' (string expected, got %s)", type(name)), 2)
    end
    local v = loaded[name]
    if v == LOADING then error(format("loop or previous error loading module '%s'", name), 2) end
    if v ~= nil then return v end
    if not accepts(name) then
      if outside then
        v = outside(name)
        loaded[name] = v
        return v
      end
      error(format("module '%s' not found: sandboxed code may require only its own modules", name), 2)
    end
    local src, where = find(name)
    if not src then error(where, 2) end
    local f, err = load(src, where, "t", env)
    if not f then error(err, 0) end
    loaded[name] = LOADING
    local r = f(name)
    if r == nil then r = true end
    loaded[name] = r
    return r
  end
end

local function newbase(env)
  for k, v in next, base do env[k] = v end
  for k, v in next, libs do env[k] = v end
  env._G = env
  -- load is text only, and binds the caller's environment unless given another.
  env.load = function(chunk, name, mode, e)
    if mode ~= nil and mode ~= "t" then
      error("bad argument #3 to 'load' (only text chunks are allowed in the sandbox)", 2)
    end
    if e == nil then e = env end
    return load(chunk, name, "t", e)
  end
  return env
end

local function ispmo(name) return name == "pmo" or strsub(name, 1, 4) == "pmo." end

-- An environment for one library. `root` is its namespace (nil for a plain script) and
-- `findmodule(name)` returns a module's source and chunk name, or nil and a message.
-- `makehost(Date, null)`, when given, returns the native functions of a read-only store session
-- (PMOHost), which the environment's `pmo` module is bound to; without it `pmo` has no
-- store and its queries fail with "no store is open".
local function newenv(root, findmodule, makehost)
  -- The embedded pmo.* modules get an environment of their own per library, and reach the
  -- library only as read-only views.
  local stdenv = newbase({})
  stdenv.require = makerequire(stdenv, ispmo, function(name)
    -- `pmo` itself is embedded as pmo.init, as package.searchers would find pmo/init.lua.
    local file = stdsources[name] and name or (stdsources[name .. ".init"] and name .. ".init")
    if not file then return nil, format("module '%s' not found among the embedded pmo modules", name) end
    return stdsources[file], stdchunkname(file)
  end)
  local views = {}
  local function stdrequire(name)
    local m = stdenv.require(name)
    -- pmo.null is itself unchangeable, and must stay the value the host knows as NULL.
    if type(m) == "table" and name ~= "pmo.null" then
      local v = views[m] or readonly(m, name)
      views[m] = v
      return v
    end
    return m
  end

  local env = newbase({})
  local inlibrary = function(name)
    return root ~= nil and (name == root or strsub(name, 1, #root + 1) == root .. ".")
  end
  env.require = makerequire(env, inlibrary, findmodule, function(name)
    if ispmo(name) then return stdrequire(name) end
    error(format("module '%s' not found: a sandboxed library may require only its own modules (%s.*) and pmo.*",
      name, root or "none"), 3)
  end)
  if makehost then
    local pmo = stdenv.require("pmo")
    pmo._attach(makehost(stdenv.require("pmo.date").Date, (stdenv.require("pmo.null"))))
    -- Bound once, here: sandboxed code must not rebind its pmo module to other functions.
    pmo._attach = nil
    -- The embedded modules (pmo.kpi evaluating over pmo.projects()) see it too.
    stdenv.pmo = pmo
    env.pmo = stdrequire("pmo")
  end
  return env
end

-- Compiles a chunk in `env`; returns the function, or nil and the message.
local function compile(env, src, name)
  return load(src, name, "t", env)
end

-- Calls `fname` of module `mod` (or the module itself when fname is nil) in `env`.
local function callentry(env, mod, fname, ...)
  local m = env.require(mod)
  local f = m
  if fname ~= nil then
    if type(m) ~= "table" then
      error(format("module '%s' returned a %s, not a table with '%s'", mod, type(m), fname), 0)
    end
    f = m[fname]
  end
  if type(f) ~= "function" then
    error(format("'%s%s' is a %s, not a function", mod, fname and ("." .. fname) or "", type(f)), 0)
  end
  return f(...)
end

-- Runs a script's chunk `f` in `env` as `pmo run` runs one: a report it returns is printed,
-- as text. Returns what `f` returns.
local function runscript(env, f, ...)
  local results = pack(f(...))
  local first = results[1]
  if type(first) == "table" then
    local ok, report = pcall(env.require, "pmo.report")
    if ok and type(report) == "table" and report.is_report(first) then
      local text = tostring(first)
      if strsub(text, -1) == "\n" then text = strsub(text, 1, -2) end   -- print adds the line's end
      env.print(text)
    end
  end
  return unpack(results, 1, results.n)
end

return {
  newenv = newenv, compile = compile, callentry = callentry, runscript = runscript, log = log,
  logtruncated = function() return logfull end,
}
