--- Documentation of the `pmo` API, in one place: the REPL's `:help` reads it,
-- and a test checks that every function of `pmo` has an entry here.
--
-- Each entry: `sig` (how to call it), `doc` (what it does), optional `example`.
local M = {}

-- The kinds (pmo.kinds, made from their one declaration, PMOStore's Kinds) by name: their
-- queries and relations are listed from them.
local kinds = require("pmo").kinds
local kind_names = {}
for name in pairs(kinds) do kind_names[#kind_names + 1] = name end
table.sort(kind_names)

-- "pmo.projects(filter) pmo.project(id) pmo.assignments() ...", wrapped under "Queries:".
local function queries()
  local calls = { "pmo.projects(filter)", "pmo.project(id)" }
  for _, name in ipairs(kind_names) do
    local k = kinds[name]
    if k.lookup == "list" and name ~= "project" then calls[#calls + 1] = "pmo." .. k.plural .. "()"
    elseif k.lookup == "one" then calls[#calls + 1] = "pmo." .. name .. "()" end
  end
  local lines, line = {}, {}
  for _, c in ipairs(calls) do
    line[#line + 1] = c
    if #line == 4 then lines[#lines + 1] = table.concat(line, " "); line = {} end
  end
  if #line > 0 then lines[#lines + 1] = table.concat(line, " ") end
  return table.concat(lines, "\n             ")
end

M.topics = {
  pmo = [[
The pmo module: your portfolio as Lua values.
  Queries:   ]] .. queries() .. [[

  Dates:     pmo.today() pmo.date.parse("2026-06-30") d + 7, b - a, d:month_end()
  Time:      pmo.asof("2026-06-30", function() ... end)
  SQL:       pmo.sql("select ... where x = ?", {value})
  Writes:    pmo.transaction(function(tx) tx:insert(...) tx:update(...) end), pmo.null
  Lists:     :filter :map :sort_by :group_by :sum :avg :min :max :count :top :first
Every object is a read-only record of its fields (see `:help project`) with methods
for its relations (p:risks(), p:evm(), portfolio:projects()); change the store with
pmo.transaction, and pairs(p) goes over the fields.]],
  filters = [[
Filters, for every query that lists: a function `f(item) -> boolean`, or a table of
field = wanted value, all of which must match. A wanted value may be a list (any of
them matches) or a function of the field's value. `portfolio = "Digital"` matches
the portfolio's id or name, exactly or else ignoring case; so do program, project and
resource.
  pmo.projects{ phase = {"planning", "execution"}, bac = function(b) return b > 1e6 end }]],
  dates = [[
Every date of the model is a Date value: compare with < <= ==, add days with d + 7,
subtract two dates for the days between, tostring(d) is yyyy-mm-dd.
Methods: iso year month day quarter weekday week week_key month_key quarter_key
add_days add_months month_end days_to working_days_to is_working_day.
Make one with pmo.date.parse("2026-06-30") or pmo.date.of(2026, 6, 30).]],
}

M.functions = {
  ["pmo.projects"] = { sig = "pmo.projects([filter]) -> List", doc = "Every project (as of the session date), optionally filtered.",
    example = 'pmo.projects{ portfolio = "Digital", phase = "execution" }' },
  ["pmo.project"] = { sig = "pmo.project(id) -> project | nil, message", doc = "The project with this id; nil and \"no project 'X'\" when there is none." },
  ["pmo.organisation"] = { sig = "pmo.organisation() -> organisation | nil", doc = "The organisation (the PMO): name, pmo_type, currency, fiscal year start." },
  ["pmo.sql"] = { sig = "pmo.sql(text, [params]) -> List of rows, columns", doc = "A read-only SQL statement; `?` parameters are bound, never spliced. Tables and columns: docs/schema.md.",
    example = 'pmo.sql("select phase, count(*) as n from projects group by phase")' },
  ["pmo.today"] = { sig = "pmo.today() -> Date", doc = "Today's date (PMO_TODAY=yyyy-mm-dd fixes it for reproducible runs)." },
  ["pmo.stale"] = { sig = "pmo.stale(record) -> string|nil", doc = "Why a project no longer shows what the session would read now (read as of another date, or before a change to the store), or nil. Such a project keeps answering for what it was read as of (its fields, relations and p:evm()); read it again with pmo.project(id).",
    example = 'pmo.stale(p)' },
  ["pmo.asof"] = { sig = "pmo.asof(date, fn) / pmo.asof(date) / pmo.asof()", doc = "Runs fn with every query seeing the portfolio as of date (status reports, baselines, EV/AC up to it); with one argument sets the session's date; with none returns it.",
    example = 'pmo.asof("2026-06-30", function() return pmo.project("PRJ-001"):evm().spi end)' },
  ["pmo.transaction"] = { sig = "pmo.transaction(function(tx) ... end)", doc = "Writes, all or nothing: tx:insert(kind, fields), tx:update(obj, fields) or tx:update(kind, id, fields), tx:delete(obj) or tx:delete(kind, id). Committed only if the function returns without error. Each field is checked against the schema (type, allowed values, bounds: no text in a number, no NaN, no negative BAC, no impossible date); a refused value names the field, the value and what is allowed, and nothing is written.",
    example = 'pmo.transaction(function(tx) tx:update(pmo.project("PRJ-001"), { phase = "closing" }) end)' },
  ["pmo.null"] = { sig = "pmo.null", doc = "SQL's NULL where nil cannot say it: a field to clear in tx:update, a key column that must be NULL, a pmo.sql parameter. Rows read from the store leave NULL columns out.",
    example = 'pmo.transaction(function(tx) tx:update(pmo.project("PRJ-001"), { actual_finish = pmo.null }) end)' },
  ["pmo.cache_key"] = { sig = "pmo.cache_key() -> string", doc = "A key that changes whenever query results may change (as-of date, a committed write): key your own caches of derived values with it." },
  ["pmo.kind_of"] = { sig = "pmo.kind_of(value) -> kind name | nil", doc = "The kind of a model object: \"project\", \"risk\" ..." },
}

-- One query pair per kind listed by id: pmo.<plural>(filter) and pmo.<kind>(id).
for _, kind in ipairs(kind_names) do
  local plural = kinds[kind].plural
  if kinds[kind].lookup == "list" and kind ~= "project" then
    local words = kind:gsub("_", " ")
    M.functions["pmo." .. plural] = { sig = "pmo." .. plural .. "([filter]) -> List",
      doc = "Every " .. words .. " (as of the session date), optionally filtered (see :help filters)." }
    M.functions["pmo." .. kind] = { sig = "pmo." .. kind .. "(id) -> " .. kind .. " | nil, message",
      doc = "The " .. words .. " with this id; nil and a message when there is none." }
  end
end

M.methods = {
  project = {
    evm = "p:evm() -> earned value at the data date, against the baseline in force (workspace evm.baseline, 0 by default): baseline baseline_set_on status_date data_date stale bac pv ev ac sv cv spi cpi eac eac_method eac_cpi eac_plan eac_composite eac_bottom_up etc vac tcpi_bac tcpi_eac percent_complete percent_spent complete (pmo.evm)",
    es = "p:es() -> earned schedule in days from the baseline start, PD to the baseline finish: es at pd sv_t spi_t ieac_t tspi es_date, with the ev status_date data_date they come from; note says why when there is none (pmo.es)",
    latest_status = "p:latest_status() -> the latest status report on or before the as-of date",
    status_reports = "p:status_reports([filter]) -> List", risks = "p:risks([filter]) -> List",
    issues = "p:issues([filter]) -> List", change_requests = "p:change_requests([filter]) -> List",
    decisions = "p:decisions([filter]) -> List", stakeholders = "p:stakeholders([filter]) -> List",
    benefits = "p:benefits([filter]) -> List", milestones = "p:milestones([filter]) -> List",
    tasks = "p:tasks([filter]) -> List", deliverables = "p:deliverables([filter]) -> List",
    assignments = "p:assignments([filter]) -> List", timesheets = "p:timesheets([filter]) -> List",
    baselines = "p:baselines([filter]) -> List", baseline = "p:baseline([n]) -> baseline n (0) in force",
    timephased = "p:timephased() -> List of cumulative pv/ev/ac per period",
    evidence = "p:evidence([filter]) -> phase-gate evidence", work_items = "p:work_items([filter]) -> List",
    links = "p:links() -> task dependencies", scores = "p:scores() -> {criterion = score}",
    custom = "p:custom() -> {name = text} custom fields", portfolio = "p:portfolio()", program = "p:program()",
  },
  portfolio = { projects = "portfolio:projects([filter])", programs = "portfolio:programs()", parent = "portfolio:parent()", children = "portfolio:children()" },
  program = { projects = "program:projects([filter])", portfolio = "program:portfolio()" },
  resource = { assignments = "r:assignments()", timesheets = "r:timesheets()", projects = "r:projects()" },
  benefit = { values = "b:values() -> planned and realised per period" },
  gate = { requirements = "gate:requirements()", evidence = "gate:evidence()" },
}

-- Every relation (one a foreign key of the schema) that has no entry above.
for _, kind in ipairs(kind_names) do
  for _, r in ipairs(kinds[kind].relations or {}) do
    local ms = M.methods[kind] or {}
    M.methods[kind] = ms
    ms[r.name] = ms[r.name] or (r.many and string.format("%s:%s([filter]) -> List of %s", kind, r.name, r.target)
      or string.format("%s:%s() -> %s | nil", kind, r.name, r.target))
  end
end

-- The modules and types beyond `pmo`'s own functions, one entry per public function or
-- method (a test checks that none is missing): `summary` is the topic's first line, `intro`
-- follows it, `entries` maps each name to "signature -- what it does".
M.modules = {
  List = {
    summary = "List: what every query returns, a Lua sequence with chainable helpers",
    intro = [[
A plain sequence (#l, ipairs, l[i]) whose methods return new Lists. Where a method takes
f(item) it also takes a field name: l:sum("bac") is l:sum(function(p) return p.bac end).
  e.g. pmo.projects{ phase = "execution" }:filter(function(p) return p:evm().spi < 0.9 end):sort_by("bac", "desc"):top(5)]],
    entries = {
      filter = "l:filter(f) -> List  the items for which f(item) is true",
      reject = "l:reject(f) -> List  the items for which f(item) is false",
      map = "l:map(f) -> List  f(item) of each item (nil results left out)",
      each = "l:each(f) -> l  calls f(item) on each item",
      sort_by = "l:sort_by(f, [\"desc\"]) -> List  sorted by f(item), stable; nil keys last",
      group_by = "l:group_by(f) -> {key = List}  items by f(item); nil keys under \"(none)\"",
      sum = "l:sum([f]) -> number  sum of f(item), nils skipped",
      avg = "l:avg([f]) -> number | nil  mean of the non-nil f(item)",
      min = "l:min([f]) -> value, item  the smallest non-nil f(item) and its item",
      max = "l:max([f]) -> value, item  the largest non-nil f(item) and its item",
      count = "l:count([f]) -> integer  the items, or those for which f(item) is true",
      top = "l:top(n) -> List  the first n items",
      first = "l:first([f]) -> item | nil  the first item, or the first for which f(item) is true",
      any = "l:any(f) -> boolean  whether any item satisfies f",
      all = "l:all(f) -> boolean  whether every item satisfies f",
      pluck = "l:pluck(field) -> List  the values of one field",
      index_by = "l:index_by([f]) -> {key = item}  keyed by f(item), default the id",
      concat = "l:concat(other) -> List  these items, then other's",
    },
  },
  ["pmo.kpi"] = {
    summary = "pmo.kpi: define, evaluate, explain and roll up KPIs and rules",
    intro = [[
local kpi = require("pmo.kpi"). Results are Lists of {id, object_id, value, rag, inputs ...}
(rules: passed, severity, message); r:explain() gives the figures behind one (docs/kpis.md).
  e.g. kpi.evaluate("pmo.evm.cpi", { portfolio = "Digital" })[1]:explain()]],
    entries = {
      define = "kpi.define{ id, title, unit, applies_to, compute, thresholds, ... }  declares a KPI",
      rule = "kpi.rule{ id, severity, applies_to, check, message, ... }  declares a pass/fail rule",
      evaluate = "kpi.evaluate([ids], [objects], [opts]) -> List of results  ids: one, a list, nil for all; opts.asof, opts.scope",
      breaches = "kpi.breaches(results, [fail_on]) -> List  the red (\"amber\": and amber) results, failed rules, errors",
      plain_results = "kpi.plain_results(results, [fail_on]) -> table  results as plain rows (no objects, no Dates), each with breached and its explanation, as pmo check reports them",
      summary = "kpi.summary([results]) -> {green, amber, red, unrated, passed, failed, errors, total}  default: every KPI and rule",
      rollup = "kpi.rollup(results | id, [opts]) -> List  results rolled up to opts.to (\"portfolio\", \"program\", \"organisation\") by opts.rule",
      trend = "kpi.trend(id, project, [opts]) -> List of {date, value, rag}  the KPI at each status date",
      reported_vs_calculated = "kpi.reported_vs_calculated([ids], [objects]) -> List  reported RAG against the figures' RAG",
      false_greens = "kpi.false_greens([ids], [objects]) -> List  green reports whose figures are red",
      get = "kpi.get(id) -> definition | nil",
      list = "kpi.list() -> every definition, sorted by id",
      describe = "kpi.describe(id) -> text  title, formula, unit, thresholds, source (what :help ID shows)",
      rag = "kpi.rag(def, value) -> \"green\" | \"amber\" | \"red\" | nil  against the definition's thresholds",
      shown = "kpi.shown(result) -> text  the value in its unit, as every output shows it",
      detail_text = "kpi.detail_text(detail) -> text  a rule's detail on one line",
      forget = "kpi.forget([id])  forgets a definition (all with none), for reloading rule files",
      on_load = "kpi.on_load(fn)  runs fn when the registry is first read (how sessions add libraries)",
      remote = "kpi.remote(meta, evaluator)  a definition evaluated elsewhere (the host registers sandboxed libraries' ones)",
      explain = "r:explain() -> text  a result's value, RAG, thresholds, inputs and provenance, one per line",
    },
  },
  ["pmo.report"] = {
    summary = "pmo.report: documents of sections, tables, KPI tiles and charts, rendered as text, md, csv, json or html",
    intro = [[
local report = require("pmo.report"). Return the document from a script (or report.emit(doc))
and `pmo run script.lua --format html -o out.html` renders it.
  e.g. local doc = report.new{ title = "Health" }; doc:table(pmo.projects(), { "id", "name", "bac" }); return doc]],
    entries = {
      new = "report.new{ title, [subtitle], [date], [author], [currency] } -> doc  a new, empty document",
      section = "doc:section(title) -> doc  starts a section",
      paragraph = "doc:paragraph(text) -> doc  adds a paragraph",
      table = "doc:table(rows, columns, [opts]) -> doc  a table; report.table(rows, columns) prints one at once",
      kpi_tiles = "doc:kpi_tiles(items, [opts]) -> doc  KPI tiles from results or {title, value, rag}",
      chart = "doc:chart{ kind = \"bar\" | \"line\" | \"scurve\" | \"heatmap\", ... } -> doc  adds a chart",
      render = "doc:render(format, [opts]) / report.render(doc, format, [opts]) -> text",
      emit = "report.emit(doc)  hands doc to pmo run, which renders it when the script ends",
      is_report = "report.is_report(v) -> boolean",
      plain = "report.plain(v) -> value  v as a document keeps it (Dates as ISO text)",
      bands_of = "report.bands_of(result) -> thresholds  the RAG bands a tile shows",
    },
  },
}

-- Method names as people type them: `p:evm`, `project:evm`, `r:explain`, `l:filter`.
local receivers = { p = "project", r = "pmo.kpi", l = "List", list = "List", doc = "pmo.report" }

local function module_text(name, m)
  local keys = {}
  for k in pairs(m.entries) do keys[#keys + 1] = k end
  table.sort(keys)
  local lines = { m.summary, m.intro }
  for _, k in ipairs(keys) do lines[#lines + 1] = "  " .. m.entries[k] end
  return table.concat(lines, "\n")
end

--- The help text for a name ("pmo.projects", "project", "evm", "p:evm", "List",
-- "pmo.kpi", "kpi", "dates"), or nil.
function M.lookup(name)
  if type(name) ~= "string" then return nil end
  if M.topics[name] then return M.topics[name] end
  local m = M.modules[name] or M.modules["pmo." .. name]
  if m then return module_text(name, m) end
  local f = M.functions[name] or M.functions["pmo." .. name]
  if f then
    return f.sig .. "\n  " .. f.doc .. (f.example and ("\n  e.g. " .. f.example) or "")
  end
  -- `receiver:method` or `module.function` of a module above.
  local owner, sep, member = name:match("^([%w_]+)([:.])([%w_]+)$")
  if not owner then owner, sep, member = name:match("^(pmo%.[%w_]+)([:.])([%w_]+)$") end
  if owner then
    owner = receivers[owner] or owner
    if M.modules[owner] or M.modules["pmo." .. owner] then
      local entry = (M.modules[owner] or M.modules["pmo." .. owner]).entries[member]
      if entry then return entry end
    elseif M.methods[owner] and M.methods[owner][member] then
      return owner .. ":" .. member .. "\n  " .. M.methods[owner][member]
    end
    if sep ~= ":" then return nil end
    name = member   -- `x:evm`: a method of whatever kind has it
  end
  if M.methods[name] then
    local lines = { name .. " methods:" }
    local keys = {}
    for k in pairs(M.methods[name]) do keys[#keys + 1] = k end
    table.sort(keys)
    for _, k in ipairs(keys) do lines[#lines + 1] = "  " .. M.methods[name][k] end
    lines[#lines + 1] = "Fields: the columns of its table in docs/schema.md."
    return table.concat(lines, "\n")
  end
  local kinds = {}
  for kind in pairs(M.methods) do kinds[#kinds + 1] = kind end
  table.sort(kinds, function(a, b)   -- projects first, then by name
    if (a == "project") ~= (b == "project") then return a == "project" end
    return a < b
  end)
  local found = {}
  for _, kind in ipairs(kinds) do
    local ms = M.methods[kind]
    if ms[name] then found[#found + 1] = kind .. ":" .. name .. "\n  " .. ms[name] end
  end
  local modules = {}
  for k in pairs(M.modules) do modules[#modules + 1] = k end
  table.sort(modules)
  for _, k in ipairs(modules) do
    local entry = M.modules[k].entries[name]
    if entry then found[#found + 1] = entry end
  end
  if #found > 0 then return table.concat(found, "\n") end
  return nil
end

return M
