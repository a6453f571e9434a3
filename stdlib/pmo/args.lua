--- Argument checks, in lauxlib's house style: the one way every pmo module says that an
-- argument is wrong.
--
-- The messages are those of Lua's own functions (luaL_argerror and luaL_typeerror in
-- Lua 5.4's lauxlib.c):
--
--     bad argument #1 to 'project' (string expected, got no value)
--     bad argument #2 to 'throughput' (expected "week" or "month", got day)
--
-- and, as there, they blame the line that called the API function, not the module.
--
--     local args = require("pmo.args")
--     function M.summary(results, opts)
--       args.check(1, "summary", results, "table")
--       opts = args.opt(2, "summary", opts, "table", {})
--       if #results == 0 then args.error(1, "summary", "no results") end
--       ...
--
-- `level` (optional) is what the raising function would give `error`: 2, the default,
-- blames the caller of the API function; a local helper of that function passes 3, one
-- caller further out; 0 adds no position (for a message a pcall passes on). A call of
-- these that is a tail call (`return args.error(...)`) removes its caller's frame and
-- shifts the blame: call them as statements. On a path that runs once per row, test
-- inline and call only when the test fails (`if type(v) ~= "table" then
-- args.type_error(...) end`), so that a check costs no function call.
local M = {}

-- `level` as the caller of this module's function means it (see above), for `error` called
-- here, two frames further in (the raising function and the one calling it).
local function raise(msg, level)
  level = level or 2
  error(msg, level > 0 and level + 2 or 0)
end

-- The level for a call one frame further in than the caller's.
local function deeper(level)
  level = level or 2
  return level > 0 and level + 1 or 0
end

--- The name of `v`'s type in a message, as luaL_typeerror gives it: its metatable's
-- `__name` when that is a string (`Date`, `Project`, `Report`), else `type(v)`.
function M.typename(v)
  local mt = getmetatable(v)
  if type(mt) == "table" then
    local name = rawget(mt, "__name")
    if type(name) == "string" then return name end
  end
  return type(v)
end

--- Raises `bad argument #n to 'fname' (extramsg)`, luaL_argerror's message.
function M.error(n, fname, extramsg, level)
  raise(string.format("bad argument #%d to '%s' (%s)", n, fname, extramsg), level)
end

--- Raises `bad argument #n to 'fname' (expected expected, got <v's type>)`, luaL_typeerror's
-- message. A nil `v` reads `no value`, as for an argument left out; `given` true says it
-- was passed as nil (`got nil`), for a function that can tell (`select("#", ...)`).
function M.type_error(n, fname, expected, v, level, given)
  local got = (v == nil and not given) and "no value" or M.typename(v)
  raise(string.format("bad argument #%d to '%s' (%s expected, got %s)", n, fname, expected, got), level)
end

--- Returns `v` if its type is `tname` (a name `type` returns), else raises
-- `bad argument #n to 'fname' (tname expected, got ...)`: luaL_checktype.
function M.check(n, fname, v, tname, level)
  if type(v) ~= tname then M.type_error(n, fname, tname, v, deeper(level)) end
  return v
end

--- Returns `default` if `v` is nil, else checks `v` as `check` does: luaL_opt.
function M.opt(n, fname, v, tname, default, level)
  if v == nil then return default end
  if type(v) ~= tname then M.type_error(n, fname, tname, v, deeper(level)) end
  return v
end

return M
