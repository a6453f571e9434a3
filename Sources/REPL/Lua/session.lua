-- The locals of a REPL session: `local x = 1` on one line, `x` on the next.
--
-- lua.c compiles each input as its own chunk, so a `local` dies with its line. Here every
-- session local is a real Lua variable (an upvalue cell) that outlives its input:
--
--   * the REPL rewrites a top-level `local x = e` into `x = e` (REPLSessionLocals.swift);
--   * each input is compiled inside a wrapper that declares, as locals of an outer function,
--     the session locals the input mentions:
--         local k <const> = ...; local x, y; return function(...) <input>
--         end
--     (all on the input's first line, so error line numbers match what was typed);
--   * before it runs, each of the inner function's upvalues that names a session local is
--     joined (debug.upvaluejoin) to that local's one cell, shared by every input.
--
-- Why this and not a proxy `_ENV` that looks names up in a session table: code typed at the
-- prompt runs at full speed (a session local is an upvalue, a global is a plain global; a
-- proxy made `math.floor` in a loop three times slower, which `:time` would then report),
-- a session local holding nil still hides a global of the same name, error messages name
-- variables as Lua does ("upvalue 'x'"), and a closure made on one line sees the variable
-- that later lines assign.
--
-- Differences from one big chunk, by design: declaring a name again reuses its variable (so
-- `local t = t or {}` works), and closures made earlier see the new value. `local k <const>`
-- is read-only from the next input on (Lua's own compile-time error); `<close>` locals stay
-- real locals of their input, closed when it finishes, as in lua.c.
local G = ...
local getupvalue, upvaluejoin = debug.getupvalue, debug.upvaluejoin

local cells = {}   -- name -> function whose only upvalue is the variable's cell
local setters = {} -- name -> function(v) that assigns the cell
local const = {}   -- name -> true once the variable is read-only

local function newcell(name)
  local value
  cells[name] = function() return value end
  setters[name] = function(v) value = v end
end

local session = {}

-- Compiles an input of the session. `mentioned` lists every name the input uses (a superset
-- is fine), `declared` the session locals it declares (already rewritten into assignments),
-- `consts` those of them declared <const>. Returns the function to call, or nil and Lua's
-- syntax error message.
function session.compile(code, chunkname, mentioned, declared, consts)
  local fresh = {}
  for _, name in ipairs(declared) do fresh[name] = true end
  local readonly, values, mutable, seen = {}, {}, {}, {}
  for _, list in ipairs({ mentioned, declared }) do
    for _, name in ipairs(list) do
      if not seen[name] and (cells[name] or fresh[name]) then
        seen[name] = true
        if const[name] and not fresh[name] then
          readonly[#readonly + 1] = name .. " <const>"
          values[#values + 1] = cells[name]()
        else
          mutable[#mutable + 1] = name
        end
      end
    end
  end
  local prologue = ""
  if #readonly > 0 then prologue = "local " .. table.concat(readonly, ", ") .. " = ...; " end
  if #mutable > 0 then prologue = prologue .. "local " .. table.concat(mutable, ", ") .. "; " end
  local outer, err = load(prologue .. "return function(...) " .. code .. "\nend", chunkname, "t", G)
  if not outer then return nil, err end
  -- Only now, with the input known to compile, do its declarations take effect.
  for name in pairs(fresh) do
    if not cells[name] then newcell(name) end
    const[name] = nil
  end
  for _, name in ipairs(consts) do const[name] = true end
  local f = outer(table.unpack(values, 1, #values))
  for i = 1, math.huge do
    local name = getupvalue(f, i)
    if name == nil then break end
    if cells[name] and seen[name] and not (const[name] and not fresh[name]) then
      upvaluejoin(f, i, cells[name], 1)
    end
  end
  return f
end

-- Sets a session local, declaring it if needed (the REPL keeps the last result in `_`).
function session.set(name, value)
  if not cells[name] then newcell(name) end
  setters[name](value)
end

-- The value of a session local, and whether there is one by that name.
function session.get(name)
  local cell = cells[name]
  if cell then return cell(), true end
  return nil, false
end

-- The session locals' names, sorted.
function session.names()
  local out = {}
  for name in pairs(cells) do out[#out + 1] = name end
  table.sort(out)
  return out
end

return session
