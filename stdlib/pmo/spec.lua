--- A busted-style test runner for rule libraries (`pmo lib test`).
--
-- A spec file is plain Lua run with `describe`, `it`, `before_each`,
-- `after_each`, `pending`, `assert` and `fixture` in its environment (on top
-- of the usual globals, `pmo` included):
--
--     local kpis = require("acme.delivery.kpis")
--     describe("schedule ratio", function()
--       it("is EV over PV", function()
--         assert.near(0.9, kpis.ratio(90, 100), 1e-9)
--       end)
--     end)
--
-- `spec.run_file(path, fixtures)` runs one file and returns its results, one
-- per `it`: `{name, file, status = "pass" | "fail" | "error" | "pending",
-- message}`. A failed assertion is a "fail"; any other error is an "error".
-- The runner never stops at a failure: every test runs.
--
-- `spec.main(files, fixtures)` runs several files and prints the report
-- `pmo lib test` prints as text; it is how the stdlib runs its own specs, under
-- `pmo run` and under plain `lua5.4` alike (stdlib/spec/runner.lua): this module
-- uses nothing but Lua's standard library.
local M = {}

-- A failed assertion raises a Failure, so a test can tell an assertion from a bug.
local Failure = {}
Failure.__tostring = function(f) return f.message end

local function fail(message, level)
  local where = ""
  if debug and debug.getinfo then
    local info = debug.getinfo((level or 2) + 1, "Sl")
    if info then where = info.short_src .. ":" .. info.currentline .. ": " end
  end
  error(setmetatable({ message = where .. message }, Failure), 0)
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

local function deep_equal(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function label(what) return what and (what .. ": ") or "" end

--- The assertions. `assert(v, message)` still works as Lua's own.
local assert = setmetatable({}, {
  __call = function(_, v, message, ...)
    if not v then fail(message and tostring(message) or "assertion failed!") end
    return v, message, ...
  end,
})
M.assert = assert

--- assert.equal(expected, actual): raw equality (==), busted's `are.equal`.
function assert.equal(expected, actual, what)
  if expected ~= actual then fail(label(what) .. "expected " .. show(expected) .. ", got " .. show(actual)) end
end
assert.equals = assert.equal

--- assert.same(expected, actual): deep equality of tables.
function assert.same(expected, actual, what)
  if not deep_equal(expected, actual) then fail(label(what) .. "tables differ") end
end

--- assert.near(expected, actual, tolerance): |expected - actual| <= tolerance.
function assert.near(expected, actual, tolerance, what)
  if type(actual) ~= "number" or math.abs(expected - actual) > tolerance then
    fail(string.format("%sexpected %s (+/- %s), got %s", label(what), show(expected), show(tolerance), show(actual)))
  end
end

--- assert.truthy(v) and assert.falsy(v): Lua truth.
function assert.truthy(v, what) if not v then fail(label(what) .. "expected truthy, got " .. show(v)) end end
function assert.falsy(v, what) if v then fail(label(what) .. "expected falsy, got " .. show(v)) end end
assert.is_true = function(v, what) assert.equal(true, v, what) end
assert.is_false = function(v, what) assert.equal(false, v, what) end
assert.is_nil = function(v, what) if v ~= nil then fail(label(what) .. "expected nil, got " .. show(v)) end end
assert.is_not_nil = function(v, what) if v == nil then fail(label(what) .. "expected a value, got nil") end end

--- assert.has_error(fn, substring): fn must raise; when given, the message must
--- contain `substring` (plain text, not a pattern).
function assert.has_error(fn, substring)
  local ok, err = pcall(fn)
  if ok then fail("expected an error, none was raised") end
  if substring and not tostring(err):find(substring, 1, true) then
    fail(string.format("error %s does not contain %s", show(tostring(err)), show(substring)))
  end
end
assert.error = assert.has_error

--- Reads `fixtures/NAME.lua` beside the spec as data: a table literal, no functions.
local function fixture_loader(folder)
  return function(name)
    local path = folder .. "/" .. name .. ".lua"
    local f, err = io.open(path, "rb")
    if not f then error("fixture '" .. name .. "' not found: " .. tostring(err), 2) end
    local text = f:read("a")
    f:close()
    local chunk, cerr = load(text, "@" .. path, "t", {})
    if not chunk then error(cerr, 2) end
    return chunk()
  end
end

--- Runs the spec file at `path`, reading fixtures from `fixtures` (a folder).
-- Returns the list of results in the order the tests ran.
function M.run_file(path, fixtures)
  local chunk_of = function(env) return loadfile(path, "t", env) end
  return M.run(chunk_of, path, fixture_loader(fixtures))
end

--- Runs a spec given as text, for code that cannot read files (a sandboxed library's
-- specs, run by `pmo lib test` in the sandbox worker): `fixtures` maps a fixture's name to
-- its text, and the spec sees `base` (the library's environment) through its own.
function M.run_source(source, name, fixtures, base)
  local fixture = function(fname)
    local text = type(fixtures) == "table" and fixtures[fname]
    if type(text) ~= "string" then error("fixture '" .. tostring(fname) .. "' not found", 2) end
    local chunk, cerr = load(text, "@spec/fixtures/" .. fname .. ".lua", "t", {})
    if not chunk then error(cerr, 2) end
    return chunk()
  end
  local chunk_of = function(env) return load(source, "@" .. name, "t", env) end
  return M.run(chunk_of, name, fixture, base)
end

--- Runs the spec that `chunk_of(env)` compiles; `fixture` is the spec's fixture(name).
function M.run(chunk_of, path, fixture, base)
  local results, stack = {}, {}
  local hooks = { { before = {}, after = {} } }
  local function name_of(title)
    local parts = {}
    for i, s in ipairs(stack) do parts[i] = s end
    parts[#parts + 1] = title
    return table.concat(parts, " ")
  end
  local function handler(e)
    if getmetatable(e) == Failure then return e end
    return debug and debug.traceback and debug.traceback(tostring(e), 2) or tostring(e)
  end
  local function record(title, status, message)
    results[#results + 1] = { name = name_of(title), file = path, status = status, message = message }
  end
  local env = setmetatable({}, { __index = base or _G })
  env.describe = function(title, body)
    stack[#stack + 1] = tostring(title)
    hooks[#hooks + 1] = { before = {}, after = {} }
    local ok, err = xpcall(body, handler)
    if not ok then record("(describe)", "error", tostring(err)) end
    hooks[#hooks] = nil
    stack[#stack] = nil
  end
  env.before_each = function(f) local h = hooks[#hooks].before; h[#h + 1] = f end
  env.after_each = function(f) local h = hooks[#hooks].after; h[#h + 1] = f end
  env.pending = function(title) record(title, "pending") end
  env.it = function(title, body)
    local ok, err = true, nil
    for _, level in ipairs(hooks) do
      for _, f in ipairs(level.before) do
        if ok then ok, err = xpcall(f, handler) end
      end
    end
    if ok then ok, err = xpcall(body, handler) end
    for i = #hooks, 1, -1 do
      for _, f in ipairs(hooks[i].after) do
        local aok, aerr = xpcall(f, handler)
        if ok and not aok then ok, err = aok, aerr end
      end
    end
    if ok then record(title, "pass")
    elseif getmetatable(err) == Failure then record(title, "fail", err.message)
    else record(title, "error", tostring(err)) end
  end
  env.assert = assert
  env.fixture = fixture
  local chunk, err = chunk_of(env)
  if not chunk then
    record("(load)", "error", err)
    return results
  end
  local ok, rerr = xpcall(chunk, handler)
  if not ok then record("(file)", getmetatable(rerr) == Failure and "fail" or "error", tostring(rerr)) end
  return results
end

--- Runs the spec files in `files` (paths) in order, with fixtures from the folder
-- `fixtures`, and returns every result in one list.
function M.run_files(files, fixtures)
  local all = {}
  for _, path in ipairs(files) do
    for _, r in ipairs(M.run_file(path, fixtures)) do all[#all + 1] = r end
  end
  return all
end

--- The closing line: `5 passed, 1 failed, 0 errors, 1 pending`.
function M.summary(results)
  local n = { pass = 0, fail = 0, error = 0, pending = 0 }
  for _, r in ipairs(results) do n[r.status] = (n[r.status] or 0) + 1 end
  return string.format("%d passed, %d failed, %d errors, %d pending", n.pass, n.fail, n.error, n.pending)
end

--- The report for people, as `pmo lib test --format text` writes it: one line per test
-- (`PASS    file: name`, status padded to 7), a failure's message below it indented by
-- 8, then the summary.
function M.text(results)
  local lines = {}
  for _, r in ipairs(results) do
    lines[#lines + 1] = string.format("%-7s %s: %s", r.status:upper(), r.file, r.name)
    if r.message then lines[#lines + 1] = "        " .. r.message:gsub("\n", "\n        ") end
  end
  if #results == 0 then lines[#lines + 1] = "no tests: add spec/*_spec.lua files" end
  lines[#lines + 1] = M.summary(results)
  return table.concat(lines, "\n") .. "\n"
end

--- True when every result passed or is pending, and there was at least one.
function M.passed(results)
  if #results == 0 then return false end
  for _, r in ipairs(results) do
    if r.status == "fail" or r.status == "error" then return false end
  end
  return true
end

--- Runs `files`, writes `M.text` of the results to standard output, and returns whether
-- the run passed (for `os.exit`).
function M.main(files, fixtures)
  local results = M.run_files(files, fixtures)
  io.write(M.text(results))
  return M.passed(results)
end

return M
