-- The environment of a REPL session: the `_ENV` of every chunk the user types.
--
-- Why a session table and not upvalues: lua.c compiles each input as its own chunk, so a
-- `local` dies with its line. Keeping locals as real upvalues would mean splicing every later
-- chunk's upvalues onto the earlier ones (debug.upvaluejoin) and exporting each line's new
-- locals through an epilogue that an early `return` skips. Instead the REPL rewrites a
-- top-level `local x = e` into `x = e` after declaring `x` here, and every chunk runs with
-- this proxy as `_ENV`: names declared in the session read and write the session table, all
-- other names fall through to the real globals. So session locals shadow globals (also when
-- they hold nil), never leak into `_G`, and closures typed at the prompt keep seeing them.
-- The price is one metamethod call per free-name access in code typed at the prompt; code
-- loaded with `require` or run by `pmo run` is untouched.
--
-- `local x <const>` becomes a session variable that refuses a second assignment at run time
-- (Lua would refuse at compile time); `<close>` variables are left as real locals of their
-- chunk, closed when that input finishes, as in lua.c.
local G = ...

local values = {}      -- name -> value of each session local
local declared = {}    -- name -> true once declared (a local holding nil still shadows)
local const = {}       -- name -> true when assigning again must fail
local sealing = {}     -- name -> true for a <const> awaiting its one initial assignment

local env = setmetatable({}, {
  __index = function(_, k)
    local v = values[k]
    if v ~= nil or declared[k] then return v end
    return G[k]
  end,
  __newindex = function(_, k, v)
    if not declared[k] then G[k] = v; return end
    if const[k] then error("attempt to assign to const variable '" .. tostring(k) .. "'", 2) end
    if sealing[k] then sealing[k] = nil; const[k] = true end
    values[k] = v
  end,
})

local session = { env = env }

-- Declares session locals before the rewritten chunk assigns them. `consts` lists those
-- declared <const>. A new declaration replaces an old one, as a new `local` shadows.
function session.declare(names, consts)
  for _, name in ipairs(names) do
    declared[name] = true
    const[name] = nil
    sealing[name] = nil
  end
  for _, name in ipairs(consts or {}) do sealing[name] = true end
end

-- Sets a session local directly (used for `_`, the last result).
function session.set(name, value)
  declared[name] = true
  values[name] = value
end

-- The declared names, sorted (for completion and :help).
function session.names()
  local out = {}
  for name in pairs(declared) do out[#out + 1] = name end
  table.sort(out)
  return out
end

-- Forgets every session local.
function session.reset()
  values, declared, const, sealing = {}, {}, {}, {}
end

return session
