-- A tiny busted-style test runner for the pmo Lua stdlib.
--
-- Run from the repository root:
--     lua5.4 stdlib/spec/runner.lua            -- every spec below
--     lua5.4 stdlib/spec/runner.lua evm es     -- only these specs
--
-- Each spec file is loaded with its own environment holding `describe`, `it`
-- and `assert` (on top of the standard globals), so specs define no globals.
-- Prints one line per failure (PMO_SPEC_TRACE=1 adds tracebacks for errors)
-- and closes with exactly "N passed, N failed"; the exit status is non-zero
-- when anything failed.

package.path = "stdlib/?.lua;stdlib/?/init.lua;" .. package.path

local SPECS = {
  "date", "evm", "es", "delivery", "flow", "resources", "risk", "benefits",
  "compliance", "prioritise", "maturity", "report", "format", "measures", "args",
}

local passed, failed = 0, 0
local path_stack = {}

-- A failed assertion raises a table, so a test can tell an assertion from a bug.
local Failure = {}
Failure.__index = Failure
Failure.__tostring = function(f) return f.message end

local function fail(message, level)
  local info = debug.getinfo((level or 2) + 1, "Sl")
  local where = info and (info.short_src .. ":" .. info.currentline) or "?"
  error(setmetatable({ message = where .. ": " .. message }, Failure), 0)
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

local function deep_equal(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do
    if not deep_equal(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local assert = {}

--- assert.equal(expected, actual): raw equality (==), as busted's `are.equal`.
function assert.equal(expected, actual, what)
  if expected ~= actual then
    fail(string.format("%sexpected %s, got %s", what and (what .. ": ") or "",
      show(expected), show(actual)))
  end
end

--- assert.same(expected, actual): deep equality of tables.
function assert.same(expected, actual, what)
  if not deep_equal(expected, actual) then
    fail(string.format("%stables differ", what and (what .. ": ") or ""))
  end
end

--- assert.near(expected, actual, tol): |expected - actual| <= tol.
function assert.near(expected, actual, tol, what)
  if type(actual) ~= "number" or math.abs(expected - actual) > tol then
    fail(string.format("%sexpected %s (+/- %s), got %s", what and (what .. ": ") or "",
      show(expected), show(tol), show(actual)))
  end
end

function assert.truthy(v, what)
  if not v then fail((what or "value") .. " expected truthy, got " .. show(v)) end
end

function assert.falsy(v, what)
  if v then fail((what or "value") .. " expected falsy, got " .. show(v)) end
end

--- assert.error(fn, pattern): fn must raise; when given, the message must
--- contain `pattern` (a plain substring, not a Lua pattern).
function assert.error(fn, substring)
  local ok, err = pcall(fn)
  if ok then fail("expected an error, none was raised") end
  if substring and not tostring(err):find(substring, 1, true) then
    fail(string.format("error %s does not contain %s", show(tostring(err)), show(substring)))
  end
end

local function describe(name, body)
  path_stack[#path_stack + 1] = name
  body()
  path_stack[#path_stack] = nil
end

local function it(name, body)
  local ok, err = xpcall(body, function(e)
    if getmetatable(e) == Failure then return e.message end
    -- One line per failure; set PMO_SPEC_TRACE=1 for the full traceback.
    if os.getenv("PMO_SPEC_TRACE") then return debug.traceback(tostring(e), 2) end
    return (tostring(e):gsub("\n", " "))
  end)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    local full = table.concat(path_stack, " ") .. " " .. name
    print("FAIL " .. full .. ": " .. tostring(err))
  end
end

local wanted = #arg > 0 and arg or SPECS
for _, name in ipairs(wanted) do
  local file = "stdlib/spec/" .. name .. "_spec.lua"
  local env = setmetatable({ describe = describe, it = it, assert = assert },
    { __index = _G })
  local chunk, err = loadfile(file, "t", env)
  if not chunk then
    failed = failed + 1
    print("FAIL loading " .. file .. ": " .. err)
  else
    local ok, lerr = pcall(chunk)
    if not ok then
      failed = failed + 1
      print("FAIL running " .. file .. ": " .. (tostring(lerr):gsub("\n", " ")))
    end
  end
end

print(string.format("%d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
