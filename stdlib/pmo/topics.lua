--- The `:help` topics that are prose rather than one function's doc (pmo.doc reads the
--- functions' own comments): how filters and dates work, and an overview of `pmo`.
return {
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
pmo.transaction, and pairs(p) goes over the fields. Modules: :help pmo.kpi, pmo.report,
pmo.evm, pmo.es, pmo.date, pmo.format ...; every function: docs/api.md.]],
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
