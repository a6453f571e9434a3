--- The `:help` topics that are prose rather than one function's doc (pmo.doc reads the
--- functions' own comments): how filters and dates work, and an introduction to `pmo`.
return {
  -- `:help pmo` is this, then every pmo.* function with its signature (pmo.doc).
  pmo = [[
The pmo module: your portfolio as Lua values.
Every object is a read-only record of its fields (see `:help project`) with methods
for its relations (p:risks(), p:evm(), portfolio:projects()); queries return Lists
(`:help List`); dates are Date values (`:help dates`); change the store with
pmo.transaction, and pairs(p) goes over the fields. Modules: :help pmo.kpi, pmo.report,
pmo.evm, pmo.es, pmo.date, pmo.format ...; everything: docs/api.md.]],
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
Its methods (d:month_end(), d:add_months(1), d:week_key()...): :help Date.
Make one with pmo.date.parse("2026-06-30") or pmo.date.of(2026, 6, 30).]],
}
