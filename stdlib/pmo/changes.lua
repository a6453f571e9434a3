--- What changed in the portfolio between two states of the store: the weekly
-- refresh's "what moved" (`pmo.changes`, `pmo diff`).
--
--     local c = pmo.changes{ since = "2026-06-01" }     -- known then against now
--     local c = pmo.changes{ import = 12 }              -- what revision 12 changed
--     local c = pmo.changes{ from = "2026-05-01", to = "2026-06-01" }
--     for _, t in ipairs(c.tasks_slipped) do print(t.task_id, t.days) end
--     return require("pmo.changes").report(c)           -- `pmo run ... --format html`
--
-- Each category is a measure of the stdlib evaluated on the two states
-- (`pmo.asof`), never derived again here: BAC is `measures.bac(p)` (the
-- baseline in force's budget), RAG a project's latest status report's
-- `overall`, an open risk `measures.is_open_risk`, exposure
-- `measures.risk_exposure`, a slip `measures.slip_days` (positive = later,
-- docs/kpis.md). The store's history (docs/history.md) says which rows an
-- import or a transaction touched; the states are read through `pmo.asof`.
local args = require("pmo.args")
local date = require("pmo.date")
local list = require("pmo.list")
local measures = require("pmo.measures")

local M = {}

local function pmo() return rawget(_G, "pmo") or require("pmo") end

-- The two states a spec names: { date, revision } each (nil date: now; nil revision: by date).
local function states(spec, known_on)
  if type(spec) ~= "table" then args.type_error(1, "changes", "table", spec) end
  local n = (spec.since ~= nil and 1 or 0) + (spec.import ~= nil and 1 or 0) + ((spec.from ~= nil or spec.to ~= nil) and 1 or 0)
  if n ~= 1 then
    args.error(1, "changes", "give one of since = date, import = revision number, or from = date (and to = date)")
  end
  if spec.since ~= nil then
    return { date = date.parse(spec.since, "since") }, { date = nil }
  elseif spec.import ~= nil then
    local rev = spec.import
    if math.type(rev) ~= "integer" or rev < 1 then
      args.error(1, "changes", "field 'import' must be a revision number (1 or more), got " .. tostring(rev))
    end
    local on = known_on(rev)
    if not on then args.error(1, "changes", "no revision " .. rev .. " in the store") end
    -- Both sides as of the revision's date, so that only what the revision wrote differs.
    return { date = on, revision = rev - 1 }, { date = on, revision = rev }
  else
    if spec.from == nil then args.error(1, "changes", "field 'from' is missing (to needs from)") end
    local from = date.parse(spec.from, "from")
    local to = spec.to ~= nil and date.parse(spec.to, "to") or nil
    if to and to < from then
      args.error(1, "changes", "field 'to' (" .. tostring(to) .. ") is before 'from' (" .. tostring(from) .. ")")
    end
    return { date = from }, { date = to }
  end
end

-- Runs fn with the session reading state s.
local function at(s, fn)
  local point = s.revision and { revision = s.revision, date = s.date } or s.date
  return pmo().asof(point, fn)
end

-- What each side needs, read in that state: projects by id, risks by id, project-level
-- baselines by id, status reports by id, and the finish of the tasks in `task_ids`.
local function snapshot(s, task_ids)
  return at(s, function()
    local p, out = pmo(), { projects = {}, risks = {}, baselines = {}, reports = {}, tasks = {} }
    for _, x in ipairs(p.projects()) do
      local status = x:latest_status()
      out.projects[x.id] = { id = x.id, name = x.name, bac = measures.bac(x), rag = status and status.overall or nil }
    end
    for _, r in ipairs(p.risks()) do
      out.risks[r.id] = { id = r.id, project_id = r.project_id, title = r.title, open = measures.is_open_risk(r),
        status = r.status, exposure = measures.risk_exposure(r), score = r.impact_score, probability = r.probability }
    end
    for _, b in ipairs(p.baselines()) do
      if b.task_id == nil then
        out.baselines[b.id] = { id = b.id, project_id = b.project_id, number = b.number, set_on = b.set_on,
          cost = b.cost, start = b.start, finish = b.finish }
      end
    end
    for _, r in ipairs(p.status_reports()) do
      out.reports[r.id] = { id = r.id, project_id = r.project_id, report_date = r.report_date, overall = r.overall }
    end
    if next(task_ids) then
      for _, t in ipairs(p.tasks()) do
        if task_ids[t.id] then
          out.tasks[t.id] = { id = t.id, project_id = t.project_id, name = t.name, finish = t.actual_finish or t.forecast_finish }
        end
      end
    end
    return out
  end)
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

local function same(a, b)
  if a == b then return true end
  if type(a) == "number" and type(b) == "number" then return math.abs(a - b) <= 1e-9 * math.max(1, math.abs(a), math.abs(b)) end
  return false
end

--- The changes between two states of the store. `spec`: `{ since = d }` (as known
--- on `d` against now), `{ import = n }` (what revision n changed, both sides as of its
--- `known_on`) or `{ from = d1, to = d2 }` (`to` nil: now). A table of Lists:
--- `projects_added`, `projects_removed` ({project_id, name}); `tasks_slipped` (tasks
--- whose finish, actual else forecast, moved: {project_id, task_id, name, before,
--- after, days}, days positive = later, latest first); `baselines` (project-level
--- baselines set, changed or removed: {project_id, baseline_id, number, change,
--- set_on, cost_before, cost_after, finish_before, finish_after}); `scope` (BAC
--- changes: {project_id, name, before, after, change}); `risks_new`, `risks_closed`,
--- `risks_rescored` ({project_id, risk_id, title, ...}); `rag` ({project_id, name,
--- before, after}); `status_reports` (filed: {project_id, report_id, report_date,
--- overall}); and `from`, `to` ({date, revision}), `import` (the revision asked for, if
--- any) and `rows` (the number of rows touched, by table).
--- Reached as `pmo.changes(spec)`.
---@param spec table { since = d } | { import = n } | { from = d, to = d }
---@param host_changes function the store's rows touched (pmo.changes passes it)
---@param known_on function the known_on Date of a revision number, or nil
---@return table changes
function M.between(spec, host_changes, known_on)
  local from, to = states(spec, known_on)
  local touched = host_changes(from.date, from.revision, to.date, to.revision)
  local task_ids, rows = {}, {}
  for _, r in ipairs(touched.rows) do
    rows[r.table] = (rows[r.table] or 0) + 1
    if r.table == "tasks" then task_ids[r.key[1]] = true end
  end
  local a, b = snapshot(from, task_ids), snapshot(to, task_ids)
  local out = {
    from = { date = from.date, revision = touched.from }, to = { date = to.date, revision = touched.to }, rows = rows,
    import = spec.import,
    projects_added = list.of({}), projects_removed = list.of({}), tasks_slipped = list.of({}), baselines = list.of({}),
    scope = list.of({}), risks_new = list.of({}), risks_closed = list.of({}), risks_rescored = list.of({}),
    rag = list.of({}), status_reports = list.of({}),
  }
  local function push(l, v) l[#l + 1] = v end
  for _, id in ipairs(sorted_keys(b.projects)) do
    local p, q = a.projects[id], b.projects[id]
    if not p then
      push(out.projects_added, { project_id = id, name = q.name })
    else
      if not same(p.bac, q.bac) then
        push(out.scope, { project_id = id, name = q.name, before = p.bac, after = q.bac,
          change = (p.bac and q.bac) and q.bac - p.bac or nil })
      end
      if p.rag ~= q.rag then push(out.rag, { project_id = id, name = q.name, before = p.rag, after = q.rag }) end
    end
  end
  for _, id in ipairs(sorted_keys(a.projects)) do
    if not b.projects[id] then push(out.projects_removed, { project_id = id, name = a.projects[id].name }) end
  end
  for _, id in ipairs(sorted_keys(b.tasks)) do
    local t, u = a.tasks[id], b.tasks[id]
    if t and t.finish and u.finish and t.finish ~= u.finish then
      push(out.tasks_slipped, { project_id = u.project_id, task_id = id, name = u.name, before = t.finish,
        after = u.finish, days = measures.slip_days(t.finish, u.finish) })
    end
  end
  table.sort(out.tasks_slipped, function(x, y)
    if x.days ~= y.days then return x.days > y.days end
    return x.task_id < y.task_id
  end)
  local ids = {}
  for id in pairs(a.baselines) do ids[id] = true end
  for id in pairs(b.baselines) do ids[id] = true end
  for _, id in ipairs(sorted_keys(ids)) do
    local x, y = a.baselines[id], b.baselines[id]
    local change = not x and "set" or not y and "removed"
      or (not same(x.cost, y.cost) or x.finish ~= y.finish or x.start ~= y.start or x.set_on ~= y.set_on) and "changed" or nil
    if change then
      local z = y or x
      push(out.baselines, { project_id = z.project_id, baseline_id = id, number = z.number, change = change,
        set_on = z.set_on, cost_before = x and x.cost, cost_after = y and y.cost,
        finish_before = x and x.finish, finish_after = y and y.finish })
    end
  end
  for _, id in ipairs(sorted_keys(b.risks)) do
    local r, s = a.risks[id], b.risks[id]
    if not r then
      push(out.risks_new, { project_id = s.project_id, risk_id = id, title = s.title, status = s.status, exposure = s.exposure })
    elseif r.open and not s.open then
      push(out.risks_closed, { project_id = s.project_id, risk_id = id, title = s.title, status = s.status })
    elseif not same(r.exposure, s.exposure) or r.score ~= s.score or not same(r.probability, s.probability) then
      -- A risk's score is its probability and impact: a new probability re-scores it even
      -- where no impact cost gives it an exposure.
      push(out.risks_rescored, { project_id = s.project_id, risk_id = id, title = s.title,
        exposure_before = r.exposure, exposure_after = s.exposure, score_before = r.score, score_after = s.score,
        probability_before = r.probability, probability_after = s.probability })
    end
  end
  for _, id in ipairs(sorted_keys(b.reports)) do
    if not a.reports[id] then
      local s = b.reports[id]
      push(out.status_reports, { project_id = s.project_id, report_id = id, report_date = s.report_date, overall = s.overall })
    end
  end
  return out
end

-- A state for a title: "2026-06-01" or "now", with the revision it is after.
local function state_text(s)
  return (s.date and tostring(s.date) or "now") .. " (revision " .. s.revision .. ")"
end

--- The changes (`pmo.changes(spec)`) as a report (`pmo.report`): one section a
--- category, with a bar chart of the largest slips (days, positive = later). `opts`:
--- `title`, `date` (the report's date), `top` (slips in the chart, default 20).
---@param c table what pmo.changes returned
---@param opts? table { title, date, top }
---@return Doc
--- e.g. return require("pmo.changes").report(pmo.changes{ since = "2026-06-01" })
function M.report(c, opts)
  if type(c) ~= "table" or c.tasks_slipped == nil then args.type_error(1, "report", "table of changes", c) end
  opts = opts or {}
  local report = require("pmo.report")
  local doc = report.new { title = opts.title or "What changed", date = opts.date,
    subtitle = c.import and string.format("what revision %d changed, as of %s", c.import, tostring(c.to.date))
      or "from " .. state_text(c.from) .. " to " .. state_text(c.to) }
  local function section(title, rows, columns, empty)
    doc:section(title .. " (" .. #rows .. ")")
    if #rows == 0 then doc:paragraph(empty) else doc:table(rows, columns) end
  end
  section("Projects added", c.projects_added, { "project_id", "name" }, "No project added.")
  section("Projects removed", c.projects_removed, { "project_id", "name" }, "No project removed.")
  section("Tasks slipped", c.tasks_slipped, { "project_id", "task_id", "name", "before", "after",
    { "days", title = "Days (+ later)" } }, "No task's finish moved.")
  if #c.tasks_slipped > 0 then
    local top, cats, values = opts.top or 20, {}, {}
    for i = 1, math.min(top, #c.tasks_slipped) do
      cats[i] = c.tasks_slipped[i].task_id
      values[i] = c.tasks_slipped[i].days
    end
    doc:chart { kind = "bar", title = "Slip in days (positive = later)", categories = cats,
      series = { { name = "days", values = values } } }
  end
  section("Baselines set or changed", c.baselines, { "project_id", "baseline_id", "number", "change", "set_on",
    { "cost_before", format = "money" }, { "cost_after", format = "money" }, "finish_before", "finish_after" },
    "No project baseline set or changed.")
  section("Scope (BAC)", c.scope, { "project_id", "name", { "before", format = "money" },
    { "after", format = "money" }, { "change", format = "money" } }, "No BAC changed.")
  section("New risks", c.risks_new, { "project_id", "risk_id", "title", "status", { "exposure", format = "money" } },
    "No new risk.")
  section("Closed risks", c.risks_closed, { "project_id", "risk_id", "title", "status" }, "No risk closed.")
  section("Re-scored risks", c.risks_rescored, { "project_id", "risk_id", "title",
    { "exposure_before", format = "money" }, { "exposure_after", format = "money" }, "score_before", "score_after" },
    "No risk re-scored.")
  section("RAG changes", c.rag, { "project_id", "name", "before", "after" }, "No RAG changed.")
  section("Status reports filed", c.status_reports, { "project_id", "report_id", "report_date", "overall" },
    "No status report filed.")
  return doc
end

return M
