--- Documentation of the `pmo` API, in one place: the REPL's `:help` reads it,
-- and a test checks that every function of `pmo` has an entry here.
--
-- Each entry: `sig` (how to call it), `doc` (what it does), optional `example`.
local M = {}

M.topics = {
  pmo = [[
The pmo module: your portfolio as Lua values.
  Queries:   pmo.projects(filter) pmo.project(id) pmo.portfolios() pmo.programs()
             pmo.resources() pmo.risks() pmo.issues() pmo.change_requests()
             pmo.decisions() pmo.stakeholders() pmo.benefits() pmo.milestones()
             pmo.tasks() pmo.status_reports() pmo.assignments() pmo.timesheets()
             pmo.baselines() pmo.gates() pmo.work_items() pmo.organisation()
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

-- One query pair per kind: pmo.<plural>(filter) and pmo.<kind>(id).
for kind, plural in pairs({ portfolio = "portfolios", program = "programs", task = "tasks",
  milestone = "milestones", deliverable = "deliverables", baseline = "baselines", resource = "resources",
  assignment = "assignments", timesheet = "timesheets", status_report = "status_reports", risk = "risks",
  issue = "issues", change_request = "change_requests", decision = "decisions", stakeholder = "stakeholders",
  benefit = "benefits", gate = "gates", work_item = "work_items" }) do
  local words = kind:gsub("_", " ")
  M.functions["pmo." .. plural] = { sig = "pmo." .. plural .. "([filter]) -> List",
    doc = "Every " .. words .. " (as of the session date), optionally filtered (see :help filters)." }
  M.functions["pmo." .. kind] = { sig = "pmo." .. kind .. "(id) -> " .. kind .. " | nil, message",
    doc = "The " .. words .. " with this id; nil and a message when there is none." }
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

--- The help text for a name ("pmo.projects", "project", "evm", "dates"), or nil.
function M.lookup(name)
  if M.topics[name] then return M.topics[name] end
  local f = M.functions[name] or M.functions["pmo." .. name]
  if f then
    return f.sig .. "\n  " .. f.doc .. (f.example and ("\n  e.g. " .. f.example) or "")
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
  for kind, ms in pairs(M.methods) do
    if ms[name] then return kind .. ":" .. name .. "\n  " .. ms[name] end
  end
  return nil
end

return M
