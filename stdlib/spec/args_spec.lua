local args = require("pmo.args")
local date = require("pmo.date")

-- Runs `src` as a chunk named "caller" (so its lines read caller:1, caller:2...) with
-- `names` in scope, and returns the message it raised.
local function raised(src, names)
  local env = setmetatable(names or {}, { __index = _G })
  local chunk, syntax = load(src, "=caller", "t", env)
  if not chunk then error(syntax) end
  local ok, err = pcall(chunk)
  assert.falsy(ok, "an error raised by " .. src)
  return tostring(err)
end

-- An API function as a module writes one: checks at entry, helpers for what the checks share.
local api = {}
function api.fetch(id, opts)
  args.check(1, "fetch", id, "string")
  opts = args.opt(2, "fetch", opts, "table", { n = 1 })
  return id, opts
end
local function check_rows(rows)        -- a local helper: blames its caller's caller
  if type(rows) ~= "table" then args.type_error(1, "load_rows", "table of rows", rows, 3) end
end
function api.load_rows(rows)
  check_rows(rows)
  return #rows
end
function api.get(...)                  -- tells f() from f(nil), as lauxlib does
  local id = ...
  if type(id) ~= "string" then args.type_error(1, "get", "string", id, 2, select("#", ...) > 0) end
  return id
end
function api.range(p)
  if type(p) ~= "number" or p < 0 or p > 100 then args.error(1, "range", "expected 0..100, got " .. tostring(p)) end
  return p
end

describe("pmo.args", function()
  describe("messages in lauxlib's words", function()
    it("says which type was expected and which was given", function()
      assert.equal("caller:1: bad argument #1 to 'fetch' (string expected, got number)",
        raised("api.fetch(42)", { api = api }))
    end)

    it("says 'no value' for a nil argument", function()
      assert.equal("caller:1: bad argument #1 to 'fetch' (string expected, got no value)",
        raised("api.fetch()", { api = api }))
    end)

    it("says 'nil' for a nil the function knows was passed", function()
      assert.equal("caller:1: bad argument #1 to 'get' (string expected, got nil)",
        raised("api.get(nil)", { api = api }))
      assert.equal("caller:1: bad argument #1 to 'get' (string expected, got no value)",
        raised("api.get()", { api = api }))
    end)

    it("names a value's type by its metatable's __name", function()
      assert.equal("Date", args.typename(date.parse("2026-06-30")))
      assert.equal("caller:1: bad argument #1 to 'fetch' (string expected, got Date)",
        raised("api.fetch(d)", { api = api, d = date.parse("2026-06-30") }))
    end)

    it("ignores a __name that is not a string", function()
      assert.equal("table", args.typename(setmetatable({}, { __name = 42 })))
    end)

    it("puts any other complaint in parentheses after the argument", function()
      assert.equal("caller:1: bad argument #1 to 'range' (expected 0..100, got 101)",
        raised("api.range(101)", { api = api }))
    end)
  end)

  describe("check and opt", function()
    it("check returns the value when its type is right", function()
      assert.equal("PRJ-1", (api.fetch("PRJ-1")))
    end)

    it("opt returns the default for a nil argument", function()
      local _, opts = api.fetch("PRJ-1")
      assert.same({ n = 1 }, opts)
    end)

    it("opt returns the argument when given", function()
      local given = { n = 2 }
      local _, opts = api.fetch("PRJ-1", given)
      assert.equal(given, opts)
    end)

    it("opt refuses an argument of the wrong type", function()
      assert.equal("caller:1: bad argument #2 to 'fetch' (table expected, got string)",
        raised("api.fetch('PRJ-1', 'all')", { api = api }))
    end)
  end)

  describe("the line blamed", function()
    it("is the caller's, not the checking function's", function()
      assert.equal("caller:3: bad argument #1 to 'fetch' (string expected, got boolean)",
        raised("local x = 1\nlocal y = 2\napi.fetch(true)", { api = api }))
    end)

    it("is the API function's caller's when a helper raises with level 3", function()
      assert.equal("caller:2: bad argument #1 to 'load_rows' (table of rows expected, got number)",
        raised("local n = 0\nn = api.load_rows(5)", { api = api }))
    end)

    it("is none with level 0", function()
      local ok, err = pcall(args.error, 1, "chart", "bar chart: give categories", 0)
      assert.falsy(ok)
      assert.equal("bad argument #1 to 'chart' (bar chart: give categories)", err)
    end)
  end)

  -- The stdlib's own checks, through this module: each names the line that called the module.
  describe("the stdlib's checks", function()
    local cases = {
      { "evm.measures(5)", "bad argument #1 to 'measures' (table expected, got number)" },
      { "evm.measures({ bac = 1, pv = 1, ev = 1 })", "bad argument #1 to 'measures' (field 'ac' must be a number, got nil)" },
      { "es.measures(1, -1, 10)", "bad argument #2 to 'measures' (non-negative number of days expected, got -1)" },
      { "list.of({}):filter(5)", "bad argument #1 to 'filter' (function or field name expected, got number)" },
      { "flow.throughput({}, 'day')", "bad argument #2 to 'throughput' (expected \"week\" or \"month\", got day)" },
      { "kpi.on_load(5)", "bad argument #1 to 'on_load' (function expected, got number)" },
      { "kpi.define(5)", "bad argument #1 to 'define' (table expected, got number)" },
      { "kpi.rule(5)", "bad argument #1 to 'rule' (table expected, got number)" },
      { "kpi.summary(5)", "bad argument #1 to 'summary' (list of results expected, got number)" },
      { "prioritise.ahp({})", "bad argument #1 to 'ahp' (non-empty square matrix expected)" },
      { "prioritise.ahp_consistency({})", "bad argument #1 to 'ahp_consistency' (non-empty square matrix expected)" },
      { "prioritise.select({}, { budget = -1 })", "bad argument #2 to 'select' (opts.budget must be a non-negative number)" },
      { "prioritise.select({ { cost = 1, value = 1 } }, { budget = 1 })", "bad argument #1 to 'select' (candidate 1 has no id)" },
      { "risk.total_exposure({ { id = 'R1' } })", "bad argument #1 to 'total_exposure' (risk R1 needs number fields 'probability' and 'impact')" },
      { "maturity.parse_survey(5)", "bad argument #1 to 'parse_survey' (string expected, got number)" },
      { "report.new(5)", "bad argument #1 to 'new' (table expected, got number)" },
      { "report.new('R'):section()", "bad argument #1 to 'section' (string expected, got no value)" },
      { "report.new('R'):table({}, 5)", "bad argument #2 to 'table' (table of columns expected, got number)" },
      { "report.new('R'):render('pdf')", "bad argument #1 to 'render' (format must be text, md, csv, json or html, got 'pdf')" },
      { "report.emit({})", "bad argument #1 to 'emit' (Report expected, got table)" },
    }
    local modules = {
      evm = require("pmo.evm"), es = require("pmo.es"), list = require("pmo.list"),
      flow = require("pmo.flow"), kpi = require("pmo.kpi"), prioritise = require("pmo.prioritise"),
      risk = require("pmo.risk"), maturity = require("pmo.maturity"), report = require("pmo.report"),
    }
    for _, case in ipairs(cases) do
      it("blames the caller's line for " .. case[1], function()
        assert.equal("caller:2: " .. case[2], raised("local _\n" .. case[1], modules))
      end)
    end
  end)
end)
