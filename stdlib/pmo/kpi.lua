--- The KPI and rule engine.
--
-- A KPI turns an object (a project, program, portfolio, resource or the
-- organisation) into a number and rates it red, amber or green against its
-- thresholds; a rule is a pass/fail check. Both are declared once, validated
-- when declared, and evaluated over the portfolio with their provenance (id,
-- version, as-of date, thresholds, inputs) so that every figure can be
-- explained and reproduced.
--
--     local kpi = require("pmo.kpi")
--     kpi.define {
--       id = "acme.schedule.spi", title = "Schedule performance index", unit = "ratio",
--       applies_to = "project", direction = "higher_is_better",
--       thresholds = { green = 0.95, amber = 0.85 },
--       compute = function(p) return p:evm().spi end,
--       inputs = function(p) local e = p:evm() return { ev = e.ev, pv = e.pv } end,
--     }
--     for _, r in ipairs(kpi.evaluate("acme.schedule.spi")) do print(r.object_id, r.value, r.rag) end
--
-- An error inside one KPI's function is caught and reported on that KPI and
-- that object (id, object, message, traceback); the others carry on.
local list = require("pmo.list")
local args = require("pmo.args")

local setmetatable, getmetatable, type, tostring, error, xpcall, pcall, pairs, ipairs, select, rawget, rawset =
  setmetatable, getmetatable, type, tostring, error, xpcall, pcall, pairs, ipairs, select, rawget, rawset
local M = {}

local registry = {}     -- id -> definition

-- What every session has without asking: the standard KPIs and rules
-- (pmo.kpis), then what the host adds with `on_load` (the workspace's
-- installed libraries and rules/*.lua). Loaded on the first read of the
-- registry (get, list, describe, evaluate...), not at start-up: a session that
-- never asks for a KPI never pays for them. A loader that fails raises its
-- error from that read, and is tried again on the next.
local loaders = {}
local load_state      -- nil: not yet; "loading"; "done"

local function ensure_loaded()
  if load_state ~= nil then return end
  load_state = "loading"
  local ok, err = pcall(function()
    require("pmo.kpis")
    for i = 1, #loaders do
      if not loaders[i].done then
        loaders[i].fn()
        loaders[i].done = true
      end
    end
  end)
  if not ok then
    load_state = nil
    error(err, 0)
  end
  load_state = "done"
end

--- Adds a loader of definitions, run once on the first read of the registry
-- (after the standard KPIs): how a session brings in its workspace's rules
-- and libraries. Run at once when the registry was already read.
---@param fn function
function M.on_load(fn)
  if type(fn) ~= "function" then args.type_error(1, "on_load", "function", fn) end
  loaders[#loaders + 1] = { fn = fn }
  if load_state == "done" then
    load_state = nil
    ensure_loaded()
  end
end

local SCOPES = { project = true, program = true, portfolio = true, resource = true, organisation = true }
local measures   -- pmo.measures, required on first use (it requires pmo's modules)
local DIRECTIONS = { higher_is_better = true, lower_is_better = true }
local SEVERITIES = { error = true, warning = true, info = true }
local RANK = { green = 1, amber = 2, red = 3 }
M.RANK = RANK

local function fail(id, msg, level)
  error(string.format("%s%s", id and ("KPI '" .. tostring(id) .. "': ") or "", msg), level or 3)
end

local function check_field(def, field, expected, optional)
  local v = def[field]
  if v == nil then
    if optional then return end
    fail(def.id, string.format("missing field '%s' (%s expected)", field, expected), 4)
  end
  if type(v) ~= expected then
    fail(def.id, string.format("field '%s' must be a %s, got %s", field, expected, type(v)), 4)
  end
end

local function check_id(def, fname)
  if type(def) ~= "table" then args.type_error(1, fname, "table", def, 3) end
  check_field(def, "id", "string")
  if not def.id:match("^[%w_%-]+[%w_%.%-]*$") or def.id:match("%.%.") or def.id:match("%.$") then
    fail(def.id, "id must be dotted words such as 'acme.schedule.spi'", 4)
  end
end

local function check_scope(def)
  check_field(def, "applies_to", "string")
  if not SCOPES[def.applies_to] then
    fail(def.id, "applies_to must be project, program, portfolio, resource or organisation, got '"
      .. def.applies_to .. "'", 4)
  end
end

-- The `scope` of a definition: "active" (the default for projects: initiation
-- to closing, pmo.measures.is_active), "all", or a function(obj) -> boolean.
local function check_object_scope(def, d)
  local s = def.scope
  if s == nil then
    d.scope = def.applies_to == "project" and "active" or "all"
  elseif s == "active" then
    if def.applies_to ~= "project" then
      fail(def.id, "scope 'active' applies to projects only; use \"all\" or a function for "
        .. def.applies_to .. "s", 4)
    end
  elseif s ~= "all" and type(s) ~= "function" then
    fail(def.id, "scope must be \"active\", \"all\" or a function(object) -> boolean, got "
      .. (type(s) == "string" and ("'" .. s .. "'") or type(s)), 4)
  end
end

-- Copies the definition so later changes to the caller's table change nothing.
local function copy(t)
  local out = {}
  for k, v in pairs(t) do out[k] = v end
  return out
end

--- Declares a KPI. Fields: `id`, `title`, `unit` (how its value reads
-- everywhere, pmo.format: "money", "ratio", "share" or "percent" for a
-- fraction shown as a percentage, "days", "hours", "count"), `applies_to`, `compute`
-- (function(obj) -> value[, inputs]), `thresholds = {green = x, amber = y}`,
-- optional `inputs` (function(obj) -> table: what `r.inputs` and
-- `r:explain()` show, made when a result is first read rather than for every
-- object evaluated; for a KPI whose inputs come cheap from the object, like
-- p:evm()'s; a compute that returns inputs itself needs none),
-- `direction` ("higher_is_better", the default, or "lower_is_better"),
-- optional `description`, `aggregate` ("sum", "avg", "min", "max",
-- "weighted_avg" or a function(values, objects)) with `weight` (a field name
-- or function), `owner`, `version` (default "1"), `source`, `formula`,
-- `scope` ("active", the default for projects: initiation to closing; "all";
-- or a function(obj) -> boolean): the objects it is evaluated on at all;
-- `on_request` (true: evaluated only when its id is asked for, not by an
-- evaluation of every definition; the DCMA assessment's rules are).
-- Raises at once, naming the KPI and the field, on anything missing or wrong.
-- docs/kpis.md documents every field.
---@param def table { id, title, unit, applies_to, compute, thresholds, ... }
---@return table definition
--- e.g. kpi.define{ id = "acme.spi", title = "SPI", unit = "ratio", applies_to = "project", thresholds = { green = 0.95, amber = 0.85 }, compute = function(p) return p:evm().spi end }
function M.define(def)
  check_id(def, "define")
  check_field(def, "title", "string")
  check_field(def, "unit", "string")
  check_scope(def)
  check_field(def, "compute", "function")
  check_field(def, "inputs", "function", true)
  check_field(def, "description", "string", true)
  check_field(def, "on_request", "boolean", true)
  check_field(def, "source", "string", true)
  check_field(def, "owner", "string", true)
  local d = copy(def)
  check_object_scope(def, d)
  d.kind = "kpi"
  d.direction = d.direction or "higher_is_better"
  if not DIRECTIONS[d.direction] then
    fail(d.id, "direction must be higher_is_better or lower_is_better, got '" .. tostring(d.direction) .. "'", 3)
  end
  local t = d.thresholds
  if type(t) ~= "table" then fail(d.id, "missing field 'thresholds' (table {green = x, amber = y} expected)", 3) end
  if type(t.green) ~= "number" or type(t.amber) ~= "number" then
    fail(d.id, "thresholds need numbers green and amber, got green = " .. tostring(t.green)
      .. ", amber = " .. tostring(t.amber), 3)
  end
  if d.direction == "higher_is_better" and t.green < t.amber then
    fail(d.id, string.format("thresholds: green (%g) must be >= amber (%g) when higher is better", t.green, t.amber), 3)
  end
  if d.direction == "lower_is_better" and t.green > t.amber then
    fail(d.id, string.format("thresholds: green (%g) must be <= amber (%g) when lower is better", t.green, t.amber), 3)
  end
  d.thresholds = { green = t.green, amber = t.amber }
  if d.aggregate ~= nil and type(d.aggregate) ~= "function"
    and not ({ sum = 1, avg = 1, min = 1, max = 1, weighted_avg = 1 })[d.aggregate] then
    fail(d.id, "aggregate must be sum, avg, min, max, weighted_avg or a function", 3)
  end
  d.version = tostring(d.version or "1")
  registry[d.id] = d
  return d
end

--- Declares a pass/fail compliance rule. Fields: `id`, `severity` ("error",
-- "warning" or "info"), `applies_to`, `check` (function(obj) -> ok[, detail]),
-- `message` (text, or function(obj, detail) -> text, said when the check
-- fails), optional `title`, `description`, `version`, `source`, `scope`,
-- `on_request` (as for a KPI). The detail `check` returns with its verdict is kept in the
-- result (`r.detail`, pass or fail) and shown by `r:explain()` and pmo check.
---@param def table { id, severity, applies_to, check, message, ... }
---@return table definition
function M.rule(def)
  check_id(def, "rule")
  check_scope(def)
  check_field(def, "check", "function")
  check_field(def, "on_request", "boolean", true)
  local d = copy(def)
  check_object_scope(def, d)
  d.kind = "rule"
  d.severity = d.severity or "error"
  if not SEVERITIES[d.severity] then
    fail(d.id, "severity must be error, warning or info, got '" .. tostring(d.severity) .. "'", 3)
  end
  if type(d.message) ~= "string" and type(d.message) ~= "function" then
    fail(d.id, "missing field 'message' (string or function expected)", 3)
  end
  d.title = d.title or d.id
  d.version = tostring(d.version or "1")
  registry[d.id] = d
  return d
end

--- Registers a definition evaluated elsewhere: a KPI or rule of an untrusted
-- library, which the sandbox worker evaluates (the host calls this; see
-- Sources/Workbench/Check/SessionDefinitions.swift). `meta` holds what the
-- worker's definition says of itself (id, kind, title, unit, applies_to,
-- direction, green, amber, severity, version, source...); `evaluator(ids,
-- asof, scope)` returns its results as plain tables (object_kind, object_id,
-- value, rag, passed, severity, message, detail, error, traceback,
-- explanation); `scope` is a call's "active" or "all", nil for the definitions' own.
---@param meta table
---@param evaluator function
function M.remote(meta, evaluator)
  if type(meta) ~= "table" or type(meta.id) ~= "string" then args.error(1, "remote", "definition metadata expected") end
  if type(evaluator) ~= "function" then args.type_error(2, "remote", "function", evaluator) end
  local d = copy(meta)
  d.kind = meta.kind == "rule" and "rule" or "kpi"
  d.applies_to = SCOPES[meta.applies_to] and meta.applies_to or "project"
  d.title = d.title or d.id
  d.version = tostring(d.version or "1")
  if d.kind == "kpi" then
    d.direction = DIRECTIONS[d.direction] and d.direction or "higher_is_better"
    d.thresholds = { green = tonumber(meta.green) or 0, amber = tonumber(meta.amber) or 0 }
    d.green, d.amber = nil, nil
  else
    d.severity = SEVERITIES[d.severity] and d.severity or "error"
  end
  d.remote = evaluator
  d.sandboxed = true
  registry[d.id] = d
  return d
end

--- The definition with this id, or nil.
---@param id string
---@return table|nil definition
function M.get(id) ensure_loaded() return registry[id] end

--- Every KPI and rule, sorted by id.
---@return table[] definitions
function M.list()
  ensure_loaded()
  local out = {}
  for _, d in pairs(registry) do out[#out + 1] = d end
  table.sort(out, function(a, b) return a.id < b.id end)
  return list.of(out)
end

--- Forgets a definition (or all of them with no id): for reloading rule files.
---@param id? string
function M.forget(id)
  ensure_loaded()
  if id == nil then registry = {} else registry[id] = nil end
end

--- The RAG of `value` against a KPI's thresholds; nil when the value is nil.
---@param def table a KPI definition
---@param value number|nil
---@return "green"|"amber"|"red"|nil
function M.rag(def, value)
  if type(value) ~= "number" or value ~= value then return nil end
  local t = def.thresholds
  if def.direction == "lower_is_better" then
    if value <= t.green then return "green" end
    if value <= t.amber then return "amber" end
    return "red"
  end
  if value >= t.green then return "green" end
  if value >= t.amber then return "amber" end
  return "red"
end

--- A description of a definition for `:help`: title, formula, unit, thresholds, source.
---@param id string
---@return string|nil
function M.describe(id)
  ensure_loaded()
  local d = registry[id]
  if not d then return nil end
  local lines = { string.format("%s  %s (%s v%s)", d.id, d.title, d.kind, d.version) }
  if d.description then lines[#lines + 1] = "  " .. d.description end
  if d.formula then lines[#lines + 1] = "  formula: " .. d.formula end
  if d.kind == "kpi" then
    local cmp = d.direction == "lower_is_better" and "<=" or ">="
    local f = require("pmo.format")
    local function th(v) return f.value(v, f.of_unit(d.unit)) end
    lines[#lines + 1] = string.format("  unit: %s; applies to: %s; green %s %s, amber %s %s (%s)",
      d.unit, d.applies_to, cmp, th(d.thresholds.green), cmp, th(d.thresholds.amber), (d.direction:gsub("_", " ")))
  else
    lines[#lines + 1] = string.format("  severity: %s; applies to: %s", d.severity, d.applies_to)
  end
  lines[#lines + 1] = "  scope: " .. (type(d.scope) == "function" and "a function of the object"
    or d.scope == "active" and "active projects (initiation to closing)"
    or (d.scope == "all" or d.scope == nil) and "every " .. d.applies_to or tostring(d.scope))
  if d.source then lines[#lines + 1] = "  source: " .. d.source end
  return table.concat(lines, "\n")
end

-- ---------------------------------------------------------------------------
-- Evaluation.

local Result = {}
Result.__index = Result
Result.__name = "KPIResult"
M.Result = Result

-- How results read (pmo.format, the one module every writer formats through):
-- the value in its KPI's unit, shown precisely enough that it never
-- contradicts its rating (the RAG rule in pmo.format).
local format = require("pmo.format")

-- Per thresholds table (one per definition, shared by its results): the
-- options that show a value against those bands, and the thresholds' text.
-- Made once, not for every result: pmo check explains every result.
local shown_options = setmetatable({}, { __mode = "k" })
local thresholds_texts = setmetatable({}, { __mode = "k" })

local function options(r)
  local t = r.thresholds
  if type(t) ~= "table" then return nil end
  local o = shown_options[t]
  if not o then
    o = { bands = { green = t.green, amber = t.amber, direction = r.direction }, missing = "nil" }
    shown_options[t] = o
  end
  return o
end

local PLAIN = { missing = "nil" }

local function shown(v, unit, b)
  return format.value(v, format.of_unit(unit), b and { bands = b, missing = "nil" } or PLAIN)
end

-- The value of result `r` in its unit, against its bands.
local function shown_value(r, unit)
  return format.value(r.value, format.of_unit(unit), options(r) or PLAIN)
end

-- "green >= 0.95, amber >= 0.85", in the KPI's unit.
local function thresholds_text(r, unit)
  local t = r.thresholds
  local text = thresholds_texts[t]
  if not text then
    local cmp = r.direction == "lower_is_better" and "<=" or ">="
    text = string.format("green %s %s, amber %s %s", cmp, shown(t.green, unit), cmp, shown(t.amber, unit))
    thresholds_texts[t] = text
  end
  return text
end

--- The value of KPI result `r` as every output shows it: in its unit
-- (pmo.format), precisely enough never to contradict its rating; nil for a
-- result without a value.
---@param r table a KPI result
---@return string
function M.shown(r)
  if r.value == nil then return nil end
  return shown_value(r, r.unit)
end

Result.__tostring = function(r)
  if r.error then return string.format("%s %s: error: %s", r.id, tostring(r.object_id), r.error) end
  if r.kind == "rule" then
    local detail = M.detail_text(r.detail)
    local verdict = r.passed and "pass" or ("FAIL: " .. tostring(r.message))
    if detail and detail ~= r.message then verdict = verdict .. " [" .. detail .. "]" end
    return string.format("%s %s: %s", r.id, tostring(r.object_id), verdict)
  end
  return string.format("%s %s: %s (%s)", r.id, tostring(r.object_id), shown_value(r, r.unit),
    r.rag or "not rated")
end

-- An input by its name's format (bac as money, cpi as a ratio), else as a number.
local function input_text(k, v, opts)
  if type(v) ~= "number" then return tostring(v) end
  return format.value(v, format.field_format(k) or "number", opts)
end

--- A rule's detail (the second value its `check` returned) as one line of
-- text: a string as it is, a table as `key = value` pairs sorted by key, nil
-- as nil. What every output shows (r:explain(), pmo check's formats).
---@param detail any
---@return string|nil
function M.detail_text(detail)
  if detail == nil then return nil end
  -- A figure of the detail by its key's format (bac as money), else as a plain number.
  local function fmt(v, k)
    if type(v) ~= "number" then return tostring(v) end
    return format.value(v, (type(k) == "string" and format.field_format(k)) or "number")
  end
  if type(detail) ~= "table" then return fmt(detail) end
  local keys = {}
  for k in pairs(detail) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = detail[k]
    parts[#parts + 1] = type(k) == "number" and fmt(v) or (tostring(k) .. " = " .. fmt(v, k))
  end
  return table.concat(parts, ", ")
end
--- A rule result's detail on one line (kpi.detail_text of its `detail`).
---@return string|nil
Result.detail_text = function(r) return M.detail_text(rawget(r, "detail")) end

--- The inputs that produced a result, as readable lines: the value, its RAG
--- and the thresholds used, the inputs the KPI returned, and the provenance.
---@return string
--- e.g. kpi.evaluate("pmo.evm.cpi", { portfolio = "Digital" })[1]:explain()
function Result:explain()
  local lines = {}
  local def = registry[self.id] or {}
  if self.error then
    lines[1] = string.format("%s for %s %s failed: %s", self.id, self.object_kind, tostring(self.object_id), self.error)
    if self.traceback then lines[2] = self.traceback end
    return table.concat(lines, "\n")
  end
  if self.kind == "rule" then
    lines[1] = string.format("%s for %s %s: %s", self.id, self.object_kind, tostring(self.object_id),
      self.passed and "pass" or ("fail (" .. self.severity .. "): " .. tostring(self.message)))
    local detail = M.detail_text(self.detail)
    if detail and detail ~= self.message then lines[#lines + 1] = "  detail: " .. detail end
  else
    local unit = self.unit or def.unit
    lines[1] = string.format("%s for %s %s = %s -> %s (%s)", self.id, self.object_kind, tostring(self.object_id),
      shown_value(self, unit), self.rag or "not rated", thresholds_text(self, unit))
  end
  if def.formula then lines[#lines + 1] = "  formula: " .. def.formula end
  if type(self.inputs) == "table" then
    local keys = {}
    for k in pairs(self.inputs) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    local opts = { currency = format.currency() or "" }   -- looked up once, not per input
    for _, k in ipairs(keys) do lines[#lines + 1] = string.format("  %s = %s", tostring(k), input_text(k, self.inputs[k], opts)) end
  end
  lines[#lines + 1] = string.format("  %s v%s, as of %s%s", self.id, self.version, tostring(self.asof),
    def.source and (", source: " .. def.source) or "")
  return table.concat(lines, "\n")
end

local function objects_of(scope_name, scope)
  if scope ~= nil and type(scope) == "table" and getmetatable(scope) ~= nil and getmetatable(scope) ~= list.List then
    return { scope }                              -- one object
  end
  if type(scope) == "table" and getmetatable(scope) == list.List then return scope end
  if scope_name == "organisation" then
    local o = pmo.organisation()
    return o and { o } or {}
  end
  if scope_name == "project" then return pmo.projects(scope) end
  return pmo[scope_name .. "s"](scope)
end

local traceback = debug and debug.traceback or function(m) return m end

-- The traceback of the last error caught by `handler`: one shared message
-- handler rather than a closure per evaluation (an evaluation of the standard
-- suite runs it for every project, so each allocation saved counts).
local last_traceback
local function handler(m)
  last_traceback = traceback(tostring(m), 2)
  return m
end

-- The metatable of the results of one definition at one as-of date: what every
-- such result shares (id, kind, version, title, object_kind, asof, unit,
-- thresholds, direction) sits once in its `shared` table, the result's
-- __index, so a result holds only its own fields (object, object_id, value,
-- rag, inputs; passed, severity, message, detail; error, traceback): an
-- evaluation of the standard suite makes 146,000 results, and each field less
-- is an allocation and a collector visit less. `pairs(r)` lists the shared
-- fields too (__pairs). A KPI with an `inputs` function has its inputs made on
-- first read (see `lazy_inputs`), so __index is a function there.
local shared_mts = setmetatable({}, { __mode = "k" })   -- def -> { [as-of key] = mt }

local function shared_pairs(r)
  local shared = getmetatable(r).shared
  if rawget(r, "inputs") == nil then local _ = r.inputs end   -- made now, if made on read
  local own_done = false
  local k
  return function()
    if not own_done then
      local v
      k, v = next(r, k)
      if k ~= nil then return k, v end
      own_done = true
    end
    repeat
      local v
      k, v = next(shared, k)
      if k == nil then return nil end
      if rawget(r, k) == nil then return k, v end
    until false
  end, r, nil
end

-- The inputs of result `r` of a KPI declared with an `inputs` function, made
-- on first read (`r.inputs`, `r:explain()`, `pairs(r)`) and kept in the
-- result: an evaluation need not build an inputs table for every object when
-- most results are only counted or compared. They are read at the as-of date
-- the KPI was evaluated at (`setting`, nil for none), whatever the session's
-- date is by then. An error in the function becomes `{error = message}`.
local function lazy_inputs(r, def, setting)
  local obj = rawget(r, "object")
  if obj == nil or rawget(r, "error") ~= nil then return nil end
  local ok, inputs = pcall(pmo.asof, setting, function() return def.inputs(obj) end)
  if not ok then inputs = { error = tostring(inputs) } end
  rawset(r, "inputs", inputs)
  return inputs
end

-- `asof` is the date results carry (the session's as-of date, else today);
-- `setting` the session's as-of date itself (nil when it has none).
local function results_mt(def, asof, setting)
  local by_asof = shared_mts[def]
  if not by_asof then by_asof = {}; shared_mts[def] = by_asof end
  local key = setting and "asof " .. setting.n or "today " .. asof.n
  local mt = by_asof[key]
  if mt then return mt end
  local shared = setmetatable({
    id = def.id, kind = def.kind, version = def.version, title = def.title,
    object_kind = def.applies_to, asof = asof, unit = def.unit, thresholds = def.thresholds,
    direction = def.direction,
  }, Result)
  local index = shared
  if def.inputs then
    index = function(r, k)
      local v = shared[k]
      if v ~= nil or k ~= "inputs" then return v end
      return lazy_inputs(r, def, setting)
    end
  end
  mt = { __index = index, __name = Result.__name, __tostring = Result.__tostring, __pairs = shared_pairs,
    shared = shared }
  by_asof[key] = mt
  return mt
end

local function error_result(obj, mt, message, tb)
  return setmetatable({ object = obj, object_id = obj.id, error = message, traceback = tb }, mt)
end

-- A KPI's result for one object: function(obj) -> result.
local function kpi_maker(def, mt)
  local compute, rag_of = def.compute, M.rag
  return function(obj)
    local value, inputs = compute(obj)
    if value ~= nil and type(value) ~= "number" then
      return error_result(obj, mt, "compute returned a " .. type(value) .. ", not a number")
    end
    local rag = rag_of(def, value)
    if inputs == nil then
      return setmetatable({ object = obj, object_id = obj.id, value = value, rag = rag }, mt)
    end
    return setmetatable({ object = obj, object_id = obj.id, value = value, rag = rag, inputs = inputs }, mt)
  end
end

-- A rule's result for one object, as kpi_maker.
local function rule_maker(def, mt)
  local check, message, severity = def.check, def.message, def.severity
  return function(obj)
    local passed, detail = check(obj)
    if passed then
      return setmetatable({ object = obj, object_id = obj.id, passed = true, severity = severity, detail = detail }, mt)
    end
    local text = message
    if type(message) == "function" then
      local ok, m = pcall(message, obj, detail)
      text = ok and tostring(m) or ("(message failed: " .. tostring(m) .. ")")
    end
    return setmetatable({ object = obj, object_id = obj.id, passed = false, severity = severity,
      detail = detail, message = text }, mt)
  end
end

-- Runs definitions `defs` (all applying to the same kind of object) over
-- `objs` at the session's date: the results of defs[d] go to lists[d], in the
-- order of `objs`. Object by object, each definition in turn, so that an
-- object and what its KPIs share (p:evm(), p:es()) are read while still in
-- the processor's cache (definition by definition was measured slower at
-- 10,000 projects: commit a793678). All in one protected call that an error
-- ends: the object and definition it failed on get an error result, and a new
-- call goes on from the next definition. One protected call rather than one
-- per result: those cost a noticeable share of an evaluation (commit 953f42c).
-- Each definition sees only the objects in its `scope` (see check_object_scope),
-- unless `override` ("all", "active" or a function) says otherwise for the call.
local function run_definitions(defs, objs, lists, override)
  local setting = pmo.asof()
  local asof = setting or pmo.today()
  local nd, count = #defs, #objs
  local mts, makers, scopes, sizes = {}, {}, {}, {}
  local any_active = false
  for d = 1, nd do
    local def = defs[d]
    mts[d] = results_mt(def, asof, setting)
    makers[d] = (def.kind == "kpi" and kpi_maker or rule_maker)(def, mts[d])
    local sc = override or def.scope or "all"
    if sc == "all" then sc = false elseif sc == "active" then any_active = true end
    scopes[d], sizes[d] = sc, #lists[d]
  end
  if any_active then measures = measures or require("pmo.measures") end
  local ACTIVE = measures and measures.ACTIVE
  local i, d = 1, 0   -- the object and the definition last begun
  local function body()
    while i <= count do
      local obj = objs[i]
      local active = ACTIVE and ACTIVE[obj.phase]
      for k = d + 1, nd do
        d = k
        local sc = scopes[k]
        if not sc or (sc == "active" and active) or (sc ~= "active" and sc(obj)) then
          local n = sizes[k] + 1
          lists[k][n] = makers[k](obj)
          sizes[k] = n
        end
      end
      i, d = i + 1, 0
    end
  end
  while i <= count do
    local ok, err = xpcall(body, handler)
    if not ok then
      local n = sizes[d] + 1
      lists[d][n] = error_result(objs[i], mts[d], tostring(err), last_traceback)
      sizes[d] = n
    end
  end
end

-- Results of definitions evaluated elsewhere (M.remote), made into results of
-- this session: the object is this session's (by kind and id), the fields
-- those the evaluator returned, the explanation its. Only the results for the
-- objects of `scope` are kept; a call's `override` of the definitions' scope
-- goes to the evaluator ("all" when it is a function, applied here).
local function remote_explain(r) return rawget(r, "explanation") end
local function run_remote(evaluator, g, scope, override)
  local setting = pmo.asof()
  local asof = setting or pmo.today()
  local ids, index = {}, {}
  for k, def in ipairs(g.defs) do ids[k] = def.id; index[def.id] = k end
  local keep = type(override) == "function" and override or nil
  local rows = evaluator(ids, setting and tostring(setting) or nil, keep and "all" or override)
  local wanted = {}      -- kind -> { id -> object }
  for _, row in ipairs(rows) do
    local k = index[row.id]
    if k then
      local def = g.defs[k]
      local kind = def.applies_to
      local objs = wanted[kind]
      if not objs then
        objs = {}
        for _, o in ipairs(objects_of(kind, scope)) do objs[tostring(o.id)] = o end
        wanted[kind] = objs
      end
      local obj = objs[row.object_id]
      if (obj or (kind == "organisation" and scope == nil)) and (not keep or (obj and keep(obj))) then
        local mt = results_mt(def, asof, setting)
        local r = setmetatable({ object = obj, object_id = obj and obj.id or row.object_id, value = row.value,
          rag = row.rag, passed = row.passed, severity = row.severity, message = row.message,
          detail = row.detail, error = row.error, traceback = row.traceback,
          explanation = row.explanation, explain = remote_explain }, mt)
        local l = g.lists[k]
        l[#l + 1] = r
      end
    end
  end
end

local function definitions(ids)
  ensure_loaded()
  local defs = {}
  if ids == nil then
    -- Every definition but those evaluated on request only (`on_request`).
    return M.list():filter(function(d) return not d.on_request end)
  end
  if type(ids) == "string" then ids = { ids } end
  if type(ids) ~= "table" then args.type_error(1, "evaluate", "string, table or nil", ids, 3) end
  for _, id in ipairs(ids) do
    local d = registry[id]
    if not d then args.error(1, "evaluate", "no KPI or rule '" .. tostring(id) .. "'", 3) end
    defs[#defs + 1] = d
  end
  return defs
end

--- Evaluates KPIs and rules. `ids`: one id, a list of ids, or nil for all (but those
-- declared `on_request`, evaluated only when named).
-- `objects`: nil (every object each applies to), a filter for the query of its
-- kind (`{portfolio = "Digital"}`), a List of objects, or one object; of
-- those, each definition sees the ones in its `scope` (active projects unless
-- it says otherwise). `opts.asof`: evaluate as of that date; `opts.scope`:
-- "all", "active" or a function, instead of each definition's own.
-- Returns a List of results:
-- `{id, kind, version, object, object_id, object_kind, asof, value, rag,
-- thresholds, inputs}` for KPIs, `{..., passed, severity, message, detail}`
-- for rules, and `error`, `traceback` when the function failed; `r:explain()`.
---@param ids? string|string[] one id, a list, nil for all
---@param scope? table|function|List objects: a filter, a List, one object
---@param opts? table { asof, scope }
---@return List|Result[] results
--- e.g. kpi.evaluate("pmo.evm.cpi", { portfolio = "Digital" })
function M.evaluate(ids, scope, opts)
  opts = opts or {}
  local override = opts.scope
  if override ~= nil and override ~= "all" and override ~= "active" and type(override) ~= "function" then
    args.error(3, "evaluate", "scope must be \"active\", \"all\" or a function, got " .. tostring(override))
  end
  local defs = definitions(ids)
  local function run()
    -- The definitions applying to each kind of object run together, over
    -- that kind's objects read once; the results are listed definition by
    -- definition, in the order of `defs`.
    local lists, groups, kinds = {}, {}, {}
    local remote = {}    -- evaluator -> { defs = {...}, lists = {...} }, and their order
    for k, def in ipairs(defs) do
      lists[k] = {}
      if def.remote then
        local r = remote[def.remote]
        if not r then r = { defs = {}, lists = {} }; remote[def.remote] = r; remote[#remote + 1] = def.remote end
        r.defs[#r.defs + 1], r.lists[#r.lists + 1] = def, lists[k]
        goto continue
      end
      local g = groups[def.applies_to]
      if not g then
        g = { defs = {}, lists = {} }
        groups[def.applies_to] = g
        kinds[#kinds + 1] = def.applies_to
      end
      g.defs[#g.defs + 1], g.lists[#g.lists + 1] = def, lists[k]
      ::continue::
    end
    for _, kind in ipairs(kinds) do
      local g = groups[kind]
      run_definitions(g.defs, objects_of(kind, scope), g.lists, override)
    end
    for _, evaluator in ipairs(remote) do
      run_remote(evaluator, remote[evaluator], scope, override)
    end
    local out, n = {}, 0
    for k = 1, #lists do
      local l = lists[k]
      table.move(l, 1, #l, n + 1, out)
      n = n + #l
    end
    return list.of(out)
  end
  if opts.asof then return pmo.asof(opts.asof, run) end
  return run()
end

--- The results that breach: with `fail_on` "red" (default) red KPIs, failed
-- rules of severity "error" and errors; with "amber" also amber KPIs and
-- failed "warning" rules.
---@param results List
---@param fail_on? "red"|"amber"
---@return List|Result[]
function M.breaches(results, fail_on)
  fail_on = fail_on or "red"
  return list.of(results):filter(function(r)
    if r.error then return true end
    if r.kind == "rule" then
      if r.passed then return false end
      return r.severity == "error" or (fail_on == "amber" and r.severity == "warning")
    end
    return r.rag == "red" or (fail_on == "amber" and r.rag == "amber")
  end)
end

--- Results as plain rows of strings, numbers and booleans (what crosses to Swift or the
-- sandbox worker's pipe: no object, no Date), each saying whether it breaches at `fail_on`
-- (see breaches) and carrying its explanation: `pmo check`'s one flattening of a result,
-- for the session's KPIs and for a sandboxed library's.
---@param results List
---@param fail_on? "red"|"amber"
---@return table[]
function M.plain_results(results, fail_on)
  local breached = {}
  for _, r in ipairs(M.breaches(results, fail_on)) do breached[r] = true end
  local out = {}
  for i, r in ipairs(results) do
    out[i] = {
      id = r.id, kind = r.kind, title = r.title, version = r.version,
      object_kind = r.object_kind, object_id = tostring(r.object_id),
      object_name = r.object and type(r.object.name) == "string" and r.object.name or nil,
      value = r.value, unit = r.unit, rag = r.rag, passed = r.passed, severity = r.severity,
      shown = r.kind == "kpi" and M.shown(r) or nil,
      message = r.message ~= nil and tostring(r.message) or nil,
      detail = M.detail_text(r.detail), asof = r.asof ~= nil and tostring(r.asof) or nil,
      error = r.error, traceback = r.traceback,
      explanation = r:explain(), breached = breached[r] or false,
    }
  end
  return out
end

--- Counts of results: green, amber, red, unrated (nil value), passed, failed, errors.
-- With no argument, of `kpi.evaluate()`: every KPI and rule of the session.
---@param results? List default: every KPI and rule
---@return table { green, amber, red, unrated, passed, failed, errors, total }
function M.summary(results)
  if results == nil then results = M.evaluate() end
  if type(results) ~= "table" then
    args.type_error(1, "summary", "list of results", results)
  end
  local s = { green = 0, amber = 0, red = 0, unrated = 0, passed = 0, failed = 0, errors = 0, total = #results }
  for i = 1, #results do
    local r = results[i]
    -- A rated KPI result (most of them) has its own `rag`, found at once; only
    -- the others are asked for fields they may lack.
    local rag = r.rag
    if rag then s[rag] = s[rag] + 1
    elseif r.error then s.errors = s.errors + 1
    elseif r.kind == "rule" then
      if r.passed then s.passed = s.passed + 1 else s.failed = s.failed + 1 end
    else s.unrated = s.unrated + 1 end
  end
  return s
end

-- ---------------------------------------------------------------------------
-- Roll-up: project results to programs, portfolios and the organisation.

-- The weight of an object in a roll-up: `weight` a function, or a field name;
-- "bac" of a project is its p:evm().bac (the baseline in force, pmo.measures.bac).
local function weight_of(weight)
  if type(weight) == "function" then return weight end
  if weight == "bac" then
    return function(o)
      if o == nil then return nil end
      if pmo.kind_of(o) == "project" then return o:evm().bac end
      return o.bac
    end
  end
  return function(o) return o and o[weight] end
end

local function aggregate_values(def, members)
  local agg = def.aggregate
  if agg == nil then return nil end
  local values, objects = {}, {}
  for _, r in ipairs(members) do
    if r.value ~= nil then values[#values + 1] = r.value; objects[#objects + 1] = r.object end
  end
  if #values == 0 then return nil end
  if type(agg) == "function" then return agg(values, objects) end
  local l = list.of(values)
  if agg == "sum" then return l:sum() end
  if agg == "avg" then return l:avg() end
  if agg == "min" then return (l:min()) end
  if agg == "max" then return (l:max()) end
  local w = weight_of(def.weight or "bac")
  local total, wsum = 0, 0
  for i, v in ipairs(values) do
    local wi = w(objects[i]) or 0
    total, wsum = total + v * wi, wsum + wi
  end
  if wsum == 0 then return nil end
  return total / wsum
end

--- Rolls project (or any) results up to a parent level. `opts.to`:
-- "portfolio" (default), "program" or "organisation"; `opts.rule`:
-- "worst" (worst RAG of the members, the default), "weighted" (members scored
-- green 3, amber 2, red 1, averaged with weights `opts.weight`, a field name or
-- function, default "bac", then banded by `opts.bands`, default
-- {green = 2.5, amber = 1.5}) or "breaches" (red when more than
-- `opts.red_share` (0.2) of the members are red, amber when any is red or more
-- than `opts.amber_share` (0.3) are amber). Returns a List of
-- `{id, object_id, level, rag, value, counts = {green, amber, red}, members}`,
-- one per KPI and parent; `value` is the KPI's `aggregate` of its members.
-- `results` may be a KPI id or a list of ids, evaluated first.
---@param results List|string results, or a KPI id
---@param opts? table { to = "portfolio"|"program"|"organisation", rule }
---@return List
function M.rollup(results, opts)
  -- A KPI id (or a list of ids) stands for its results: kpi.rollup("pmo.evm.cpi").
  if type(results) == "string" or (type(results) == "table" and type(results[1]) == "string") then
    results = M.evaluate(results)
  end
  if type(results) ~= "table" then
    args.type_error(1, "rollup", "results or a KPI id", results)
  end
  opts = opts or {}
  local level = opts.to or "portfolio"
  local rule = opts.rule or "worst"
  local key_of
  if level == "organisation" then
    key_of = function() return "organisation" end
  elseif level == "portfolio" or level == "program" then
    local field = level .. "_id"
    key_of = function(r)
      local o = r.object
      return o and rawget(pmo._row_of(o) or o, field)   -- the field, never a method
    end
  else
    args.error(2, "rollup", "to must be portfolio, program or organisation, got '" .. tostring(level) .. "'")
  end
  local groups, order = {}, {}
  for _, r in ipairs(results) do
    if r.kind == "kpi" and not r.error and r.object_kind ~= "organisation" then
      local parent = key_of(r)
      if parent ~= nil then
        local key = r.id .. "\0" .. parent
        local g = groups[key]
        if not g then
          g = { id = r.id, object_id = parent, level = level, members = list.of({}) }
          groups[key] = g
          order[#order + 1] = key
        end
        g.members[#g.members + 1] = r
      end
    end
  end
  local bands = opts.bands or { green = 2.5, amber = 1.5 }
  local wf = weight_of(opts.weight or "bac")
  local out = {}
  table.sort(order)
  for _, key in ipairs(order) do
    local g = groups[key]
    local counts = { green = 0, amber = 0, red = 0 }
    for _, r in ipairs(g.members) do if r.rag then counts[r.rag] = counts[r.rag] + 1 end end
    local rated = counts.green + counts.amber + counts.red
    local rag
    if rated > 0 then
      if rule == "worst" then
        rag = counts.red > 0 and "red" or counts.amber > 0 and "amber" or "green"
      elseif rule == "weighted" then
        local total, wsum = 0, 0
        for _, r in ipairs(g.members) do
          if r.rag then
            local w = wf(r.object) or 0
            total, wsum = total + (4 - RANK[r.rag]) * w, wsum + w
          end
        end
        local score = wsum > 0 and total / wsum or nil
        g.score = score
        rag = score and (score >= bands.green and "green" or score >= bands.amber and "amber" or "red") or nil
      elseif rule == "breaches" then
        local red_share, amber_share = opts.red_share or 0.2, opts.amber_share or 0.3
        if counts.red / rated > red_share then rag = "red"
        elseif counts.red > 0 or counts.amber / rated > amber_share then rag = "amber"
        else rag = "green" end
      else
        args.error(2, "rollup", "rule must be worst, weighted or breaches, got '" .. tostring(rule) .. "'")
      end
    end
    g.rag, g.counts = rag, counts
    local def = registry[g.id]
    if def then g.value = aggregate_values(def, g.members) end
    out[#out + 1] = g
  end
  return list.of(out)
end

-- ---------------------------------------------------------------------------
-- Trend and reported-versus-calculated.

--- A KPI's value at each of a project's status dates, oldest first: a series
-- `{date, value, rag}` ready for a chart. `opts.dates` overrides the dates.
---@param id string
---@param project Project
---@param opts? table
---@return List series of { date, value, rag }
function M.trend(id, project, opts)
  opts = opts or {}
  ensure_loaded()
  local def = registry[id]
  if not def then args.error(1, "trend", "no KPI '" .. tostring(id) .. "'") end
  if def.applies_to ~= "project" then args.error(1, "trend", "KPI '" .. id .. "' does not apply to projects") end
  if type(project) == "string" then project = assert(pmo.project(project)) end
  local dates = opts.dates
  if not dates then
    dates = {}
    for _, s in ipairs(project:status_reports()) do dates[#dates + 1] = s.report_date end
  end
  local series = {}
  for _, d in ipairs(dates) do
    local r = pmo.asof(d, function()
      local out = {}
      run_definitions({ def }, { assert(pmo.project(project.id)) }, { out }, "all")
      return out[1]
    end)
    series[#series + 1] = { date = pmo.date.parse(d), value = r.value, rag = r.rag, error = r.error }
  end
  return list.of(series)
end

--- Reported versus calculated RAG for every active project (of `objects`,
-- default all): the overall RAG of its latest status report against the worst
-- RAG of the given KPIs (default: pmo.measures.FALSE_GREEN_KPIS, the cost and
-- schedule performance KPIs). A *false green* (pmo.measures) is a green report
-- whose figures are red; a project with no rated figure is none. Returns a
-- List of `{project, reported, calculated, false_green, results}`.
---@param ids? string|string[]
---@param scope? table|List
---@return List
function M.reported_vs_calculated(ids, scope)
  local defs = {}
  measures = measures or require("pmo.measures")
  for _, d in ipairs(definitions(ids or measures.FALSE_GREEN_KPIS)) do
    if d.kind == "kpi" and d.applies_to == "project" then defs[#defs + 1] = d.id end
  end
  local results = M.evaluate(defs, scope)
  local by_project = {}
  for _, r in ipairs(results) do
    local g = by_project[r.object_id]
    if not g then g = {}; by_project[r.object_id] = g end
    g[#g + 1] = r
  end
  local out = {}
  for _, p in ipairs(objects_of("project", scope)) do
    if not measures.is_active(p) then goto next end
    local rs = by_project[p.id] or {}
    local worst
    for _, r in ipairs(rs) do
      if r.rag and (worst == nil or RANK[r.rag] > RANK[worst]) then worst = r.rag end
    end
    local s = p:latest_status()
    local reported = s and s.overall or nil
    out[#out + 1] = {
      project = p, reported = reported, calculated = worst, results = rs,
      false_green = reported == "green" and worst == "red",
    }
    ::next::
  end
  return list.of(out)
end

--- The active projects whose latest report is green while their figures are red.
---@param ids? string|string[]
---@param scope? table|List
---@return List
function M.false_greens(ids, scope)
  return M.reported_vs_calculated(ids, scope):filter("false_green")
end

return M
