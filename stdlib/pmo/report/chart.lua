--- Chart data for reports: each kind's spec turned into plain, checked data.
--
-- `doc:chart(spec)` calls `normalise(spec)`; the renderers (SVG in HTML, a
-- table elsewhere) draw only the normalised data, which holds numbers,
-- strings and ISO dates, so it also goes into JSON unchanged. A spec either
-- gives the data itself or a model object to take it from:
--
--     { kind = "bar", categories = {"A", "B"}, series = {{ name = "BAC", values = {10, 20} }}, format = "money" }
--     { kind = "bar", data = pmo.projects(), label = "id", value = "bac", format = "money" }
--     { kind = "line", x = {"2026-01-31", ...}, series = {{ name = "SPI", values = {...} }}, format = "ratio" }
--     { kind = "line", trend = kpi.trend("pmo.evm.spi", p) }       -- {date, value, rag} points
--     { kind = "scurve", project = p }                               -- or timephased = rows, bac =, status_date =
--     { kind = "heatmap", results = kpi.evaluate({...}) }            -- rows: objects, columns: KPIs
--     { kind = "risk_matrix", risks = pmo.risks() }
--     { kind = "capacity", resources = pmo.resources(), from = d1, to = d2 }  -- or rows = capacity_vs_demand rows
--     { kind = "timeline", milestones = p:milestones(), status_date = d }
--     { kind = "gantt", schedule = p:schedule() }                    -- or tasks = entries, status_date =
--
-- Every chart takes `title` and an optional `note` (a caption).
local date = require("pmo.date")
local fmt = require("pmo.format")
local risk = require("pmo.risk")
local args = require("pmo.args")

local M = {}

-- Raises without a position: doc:chart adds the caller's.
local function fail(kind, msg)
  args.error(1, "chart", string.format("%s chart: %s", kind, msg), 0)
end

local function accessor(f)
  if type(f) == "function" then return f end
  return function(row)
    local v = row[f]
    if type(v) == "function" then return v(row) end
    return v
  end
end

local function iso(v)
  if v == nil then return nil end
  return date.format(date.day(v, "date"))
end

local function number_or_nil(kind, v, where)
  if v == nil or type(v) == "number" then return v end
  fail(kind, string.format("%s must be a number, got %s", where, type(v)))
end

local normalisers = {}

-- bar: categories and one or more series of values.
function normalisers.bar(spec)
  local categories, series = {}, {}
  if spec.data then
    local label, rag = accessor(spec.label or "id"), spec.rag and accessor(spec.rag)
    local fields = spec.values or { spec.value or "value" }
    local names = spec.names or {}
    for s, f in ipairs(fields) do
      series[s] = { name = names[s] or (type(f) == "string" and f or "value"), values = { n = #spec.data } }
    end
    local rags = rag and {} or nil
    for i, row in ipairs(spec.data) do
      categories[i] = tostring(label(row))
      for s, f in ipairs(fields) do series[s].values[i] = number_or_nil("bar", accessor(f)(row), "a value") end
      if rags then rags[i] = fmt.rag_key(rag(row)) end
    end
    return { categories = categories, series = series, rag = rags }
  end
  if type(spec.categories) ~= "table" or type(spec.series) ~= "table" then
    fail("bar", "give categories and series, or data with label and value")
  end
  for i, c in ipairs(spec.categories) do categories[i] = tostring(c) end
  for s, ser in ipairs(spec.series) do
    local values = { n = #categories }
    for i = 1, #categories do values[i] = number_or_nil("bar", ser.values[i], "a value") end
    series[s] = { name = tostring(ser.name or ("series " .. s)), values = values }
  end
  local rags
  if spec.rag then
    rags = {}
    for i = 1, #categories do rags[i] = fmt.rag_key(spec.rag[i]) end
  end
  return { categories = categories, series = series, rag = rags }
end

-- line: shared x values (dates or numbers) and series of y values (nil: a gap).
function normalisers.line(spec)
  local x, series = {}, {}
  local rags
  if spec.trend then
    rags = { n = #spec.trend }
    local values = { n = #spec.trend }
    for i, point in ipairs(spec.trend) do
      x[i] = iso(point.date)
      values[i] = number_or_nil("line", point.value, "a trend value")
      rags[i] = fmt.rag_key(point.rag)
    end
    series[1] = { name = spec.name or "value", values = values }
  else
    if type(spec.x) ~= "table" or type(spec.series) ~= "table" then fail("line", "give x and series, or trend") end
    for i, v in ipairs(spec.x) do x[i] = type(v) == "number" and v or iso(v) end
    for s, ser in ipairs(spec.series) do
      local values = { n = #x }   -- n keeps trailing gaps (nil) in JSON
      for i = 1, #x do values[i] = number_or_nil("line", ser.values[i], "a value") end
      series[s] = { name = tostring(ser.name or ("series " .. s)), values = values }
    end
  end
  local t = spec.thresholds
  return { x = x, series = series, rag = rags,
    thresholds = t and { green = t.green, amber = t.amber, direction = t.direction } or nil }
end

-- scurve: cumulative PV, EV and AC by period end, from a project or rows.
function normalisers.scurve(spec)
  local rows, bac, status = spec.timephased, spec.bac, spec.status_date
  local p = spec.project
  if p then
    rows = rows or p:timephased()
    bac = bac or p:evm().bac      -- the baseline in force (pmo.measures.bac)
    status = status or p:evm().status_date or p.status_date
  end
  if type(rows) ~= "table" then fail("scurve", "give project, or timephased rows {period_end, pv, ev, ac}") end
  local n = #rows
  local x, pv, ev, ac = {}, { n = n }, { n = n }, { n = n }
  for i, r in ipairs(rows) do
    x[i] = iso(r.period_end)
    pv[i] = number_or_nil("scurve", r.pv, "pv")
    ev[i] = number_or_nil("scurve", r.ev, "ev")
    ac[i] = number_or_nil("scurve", r.ac, "ac")
  end
  return {
    x = x, bac = bac, status_date = iso(status), project = p and p.id or spec.project_id,
    series = { { name = "PV", values = pv }, { name = "EV", values = ev }, { name = "AC", values = ac } },
  }
end

-- heatmap: rows x columns of RAG cells, from KPI results or given.
function normalisers.heatmap(spec)
  if spec.results then
    local rows, columns, row_index, col_index, cells = {}, {}, {}, {}, {}
    local labels = {}
    -- KPI results come from pmo.kpi, loaded then; through require, which the sandbox has
    -- too (it has no `package`).
    local ok, kpi = pcall(require, "pmo.kpi")
    if not ok or type(kpi) ~= "table" then kpi = nil end
    for _, r in ipairs(spec.results) do
      local rid = tostring(r.object_id)
      if not row_index[rid] then rows[#rows + 1] = rid; row_index[rid] = #rows; cells[#rows] = {} end
      if not col_index[r.id] then
        columns[#columns + 1] = r.id
        col_index[r.id] = #columns
        local def = kpi and kpi.get(r.id)
        labels[#columns] = (spec.labels and spec.labels[r.id]) or (def and def.title) or r.title or r.id
      end
      local f = fmt.of_unit(r.unit)
      -- Shown against the result's own thresholds (pmo.format's RAG rule); no value, no text.
      local t = r.thresholds
      local bands = type(t) == "table" and { green = t.green, amber = t.amber, direction = r.direction } or nil
      cells[row_index[rid]][col_index[r.id]] = {
        rag = fmt.rag_key(r.rag), value = r.value,
        text = r.error and "error" or (r.value ~= nil and fmt.value(r.value, f, { bands = bands }) or nil),
      }
    end
    local column_labels = {}
    for i, id in ipairs(columns) do column_labels[i] = { id = id, label = labels[i] } end
    return { rows = rows, columns = column_labels, cells = cells }
  end
  if type(spec.rows) ~= "table" or type(spec.columns) ~= "table" or type(spec.cells) ~= "table" then
    fail("heatmap", "give results (of kpi.evaluate), or rows, columns and cells[row][column] = {rag =, text =}")
  end
  local rows, columns, cells = {}, {}, {}
  for i, r in ipairs(spec.rows) do rows[i] = tostring(r) end
  for j, c in ipairs(spec.columns) do columns[j] = { id = tostring(c), label = tostring(c) } end
  for i = 1, #rows do
    cells[i] = {}
    for j = 1, #columns do
      local c = spec.cells[i] and spec.cells[i][j]
      if type(c) == "table" then
        cells[i][j] = { rag = fmt.rag_key(c.rag), value = number_or_nil("heatmap", c.value, "a value"),
          text = c.text and tostring(c.text) or nil }
      elseif c ~= nil then
        cells[i][j] = { rag = fmt.rag_key(c), text = fmt.rag_key(c) and nil or tostring(c) }
      end
    end
  end
  return { rows = rows, columns = columns, cells = cells }
end

-- risk_matrix: open risks counted in a 5 x 5 grid of probability score (row)
-- by impact score (column), with the ids in each cell for the tooltips. The
-- scores are those of pmo.risk: `probability_score`, else the probability
-- banded by risk.PROBABILITY_BANDS; `impact_score`, else impact_cost banded
-- by `spec.impact_bands` when given.
function normalisers.risk_matrix(spec)
  if type(spec.risks) ~= "table" then fail("risk_matrix", "give risks (e.g. pmo.risks())") end
  local grid, unscored, placed = {}, {}, 0
  for p = 1, 5 do
    grid[p] = {}
    for i = 1, 5 do grid[p][i] = { count = 0, ids = {} } end
  end
  for _, r in ipairs(spec.risks) do
    if risk.is_open(r) then       -- pmo.measures' "open risk": not closed, not occurred
      local ps = r.probability_score or (type(r.probability) == "number" and risk.score(r.probability, risk.PROBABILITY_BANDS))
      local is = r.impact_score
      if not is and spec.impact_bands and type(r.impact_cost) == "number" then is = risk.score(r.impact_cost, spec.impact_bands) end
      local cellv = ps and is and grid[ps] and grid[ps][is]
      if cellv then
        cellv.count = cellv.count + 1
        cellv.ids[#cellv.ids + 1] = tostring(r.id)
        placed = placed + 1
      else
        unscored[#unscored + 1] = tostring(r.id)
      end
    end
  end
  for p = 1, 5 do for i = 1, 5 do table.sort(grid[p][i].ids) end end
  table.sort(unscored)
  return { grid = grid, placed = placed, unscored = unscored }
end

-- Capacity and demand within [from, to] as pmo.measures defines them: weekly
-- hours over the working days available; the planned hours of active
-- projects' assignments over their working days.
local function measures() return require("pmo.measures") end
-- capacity: capacity against demand by role, summed over the periods given.
function normalisers.capacity(spec)
  local totals, roles = {}, {}
  local function add(role, field, hours)
    role = tostring(role or "(no role)")
    local t = totals[role]
    if not t then t = { capacity = 0, demand = 0 }; totals[role] = t; roles[#roles + 1] = role end
    t[field] = t[field] + hours
  end
  local from, to
  if spec.rows then
    for _, r in ipairs(spec.rows) do
      add(r.role, "capacity", r.capacity or 0)
      add(r.role, "demand", r.demand or 0)
    end
  elseif spec.resources then
    if spec.from == nil or spec.to == nil then fail("capacity", "give from and to dates with resources") end
    from, to = date.day(spec.from, "from"), date.day(spec.to, "to")
    for _, r in ipairs(spec.resources) do
      local m = measures()
      if m.has_hours(r) then
        add(r.role, "capacity", m.capacity_hours_within(r, from, to))
        for _, a in ipairs(r:assignments()) do
          if m.is_demand(a) then add(r.role, "demand", m.assignment_hours_within(a, from, to)) end
        end
      end
    end
  else
    fail("capacity", "give rows (of resources.capacity_vs_demand) or resources with from and to")
  end
  table.sort(roles)
  local capacity, demand = {}, {}
  for i, role in ipairs(roles) do
    -- Whole hours: fractions of an hour from pro rata days are noise in a chart.
    capacity[i] = math.floor(totals[role].capacity + 0.5)
    demand[i] = math.floor(totals[role].demand + 0.5)
  end
  return { roles = roles, capacity = capacity, demand = demand, unit = spec.unit or "hours",
    from = from and date.format(from), to = to and date.format(to) }
end

-- timeline: milestones in lanes (one per project), baseline against forecast
-- or actual, with the status date as a line.
function normalisers.timeline(spec)
  if type(spec.milestones) ~= "table" then fail("timeline", "give milestones (e.g. p:milestones())") end
  local items = {}
  local lane = accessor(spec.lane or "project_id")
  for _, m in ipairs(spec.milestones) do
    local item = { lane = tostring(lane(m) or ""), label = tostring(m.name or m.id), id = m.id and tostring(m.id),
      baseline = iso(m.baseline_date), forecast = iso(m.forecast_date), actual = iso(m.actual_date) }
    if item.baseline or item.forecast or item.actual then items[#items + 1] = item end
  end
  table.sort(items, function(a, b)
    if a.lane ~= b.lane then return a.lane < b.lane end
    local da, db = a.baseline or a.forecast or a.actual, b.baseline or b.forecast or b.actual
    if da ~= db then return da < db end
    return tostring(a.id) < tostring(b.id)
  end)
  return { items = items, status_date = iso(spec.status_date) }
end

-- A moment as "yyyy-mm-ddThh:mm" text, from that text or a date (midnight).
local function moment(at, day)
  if type(at) == "string" and at:match("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d$") then return at end
  if at ~= nil then fail("gantt", "a time must be 'yyyy-mm-ddThh:mm', got " .. tostring(at)) end
  local d = iso(day)
  return d and (d .. "T00:00") or nil
end

-- gantt: a schedule's tasks (p:schedule(), pmo.schedule) in outline order: early start to
-- early finish, baseline, total float, critical, summary and milestone, and the status date.
-- A task's level is the depth of its WBS code (1.2.3: 3), else 1.
function normalisers.gantt(spec)
  local s = spec.schedule
  local entries = spec.tasks or (type(s) == "table" and s.tasks)
  if type(entries) ~= "table" then fail("gantt", "give schedule (p:schedule()) or tasks (its entries)") end
  local tasks = {}
  for i, t in ipairs(entries) do
    if type(t) ~= "table" then fail("gantt", "task " .. i .. " is not a table") end
    local wbs = t.wbs ~= nil and tostring(t.wbs) or nil
    local level = 1
    if wbs then level = select(2, wbs:gsub("%.", "")) + 1 end
    local float = number_or_nil("gantt", t.total_float, "total_float")
    tasks[i] = {
      id = tostring(t.id), name = tostring(t.name or t.id), wbs = wbs, level = level,
      summary = t.is_summary == true, milestone = t.is_milestone == true, critical = t.critical == true,
      start = moment(t.early_start_at, t.early_start), finish = moment(t.early_finish_at, t.early_finish),
      baseline_start = iso(t.baseline_start), baseline_finish = iso(t.baseline_finish),
      total_float = float,
    }
  end
  local status = spec.status_date
  if status == nil and type(s) == "table" then status = s.status_date end
  local project = spec.project_id or (type(s) == "table" and s.project_id) or nil
  return { tasks = tasks, status_date = iso(status), project = project and tostring(project) or nil }
end

M.KINDS = { "bar", "line", "scurve", "heatmap", "risk_matrix", "capacity", "timeline", "gantt" }

--- What the terminal and Markdown cannot show of a chart they give as a table, or nil.
function M.table_note(c)
  if c.kind == "gantt" then
    return "The bars, baselines, critical path and status-date line are drawn in the HTML report; "
      .. "here each task's dates, float and whether it is critical."
  end
  return nil
end

--- The plain data of a chart spec, checked; raises naming the kind and the
-- missing or wrong field.
function M.normalise(spec)
  local kind = spec.kind
  local f = normalisers[kind]
  if not f then
    args.error(1, "chart", string.format("kind must be %s, got '%s'", table.concat(M.KINDS, ", "), tostring(kind)), 0)
  end
  local c = f(spec)
  c.kind, c.title, c.note, c.format = kind, spec.title and tostring(spec.title), spec.note and tostring(spec.note), spec.format
  return c
end

--- A chart as a table for the renderers without graphics (terminal,
-- Markdown): `columns` ({key, title, format}) and `rows` of plain values.
function M.as_table(c)
  local k = c.kind
  if k == "bar" then
    local cols = { { key = "category", title = "", format = "text" } }
    for s, ser in ipairs(c.series) do cols[#cols + 1] = { key = "s" .. s, title = ser.name, format = c.format or "number" } end
    if c.rag then cols[#cols + 1] = { key = "rag", title = "RAG", format = "rag" } end
    local rows = {}
    for i, cat in ipairs(c.categories) do
      local row = { n = #cols, cat }
      for s, ser in ipairs(c.series) do row[s + 1] = ser.values[i] end
      if c.rag then row[#c.series + 2] = c.rag[i] end
      rows[i] = row
    end
    return cols, rows
  elseif k == "line" or k == "scurve" then
    local cols = { { key = "x", title = k == "scurve" and "period end" or "", format = "text" } }
    local f = c.format or (k == "scurve" and "money" or "number")
    for s, ser in ipairs(c.series) do cols[#cols + 1] = { key = "s" .. s, title = ser.name, format = f } end
    if c.rag then cols[#cols + 1] = { key = "rag", title = "RAG", format = "rag" } end
    local rows = {}
    for i, x in ipairs(c.x) do
      local row = { n = #cols, x }
      for s, ser in ipairs(c.series) do row[s + 1] = ser.values[i] end
      if c.rag then row[#c.series + 2] = c.rag[i] end
      rows[i] = row
    end
    return cols, rows
  elseif k == "heatmap" then
    local cols = { { key = "row", title = "", format = "text" } }
    for j, col in ipairs(c.columns) do cols[#cols + 1] = { key = col.id, title = col.label, format = "rag" } end
    local rows = {}
    for i, r in ipairs(c.rows) do
      local row = { n = #cols, r }
      for j = 1, #c.columns do
        local cellv = c.cells[i][j]
        row[j + 1] = cellv and (cellv.rag or cellv.text) or nil
      end
      rows[i] = row
    end
    return cols, rows
  elseif k == "risk_matrix" then
    local cols = { { key = "probability", title = "probability \\ impact", format = "text" } }
    for i = 1, 5 do cols[#cols + 1] = { key = "i" .. i, title = tostring(i), format = "integer" } end
    local rows = {}
    for p = 5, 1, -1 do
      local row = { n = 6, tostring(p) }
      for i = 1, 5 do row[i + 1] = c.grid[p][i].count end
      rows[#rows + 1] = row
    end
    return cols, rows
  elseif k == "capacity" then
    local cols = { { key = "role", title = "role", format = "text" },
      { key = "capacity", title = "capacity (" .. c.unit .. ")", format = "integer" },
      { key = "demand", title = "demand (" .. c.unit .. ")", format = "integer" },
      { key = "balance", title = "balance", format = "integer" } }
    local rows = {}
    for i, role in ipairs(c.roles) do
      rows[i] = { n = 4, role, c.capacity[i], c.demand[i], c.capacity[i] - c.demand[i] }
    end
    return cols, rows
  elseif k == "gantt" then
    local cols = { { key = "wbs", title = "WBS", format = "text" }, { key = "task", title = "task", format = "text" },
      { key = "start", title = "start", format = "date" }, { key = "finish", title = "finish", format = "date" },
      { key = "baseline_finish", title = "baseline finish", format = "date" },
      { key = "total_float", title = "total float (d)", format = "number" },
      { key = "critical", title = "critical", format = "text" } }
    local rows = {}
    for i, t in ipairs(c.tasks) do
      local kind = t.summary and " (summary)" or t.milestone and " (milestone)" or ""
      rows[i] = { n = 7, t.wbs, string.rep("  ", t.level - 1) .. t.name .. kind, t.start and t.start:sub(1, 10),
        t.finish and t.finish:sub(1, 10), t.baseline_finish, t.total_float, t.critical and "critical" or "" }
    end
    return cols, rows
  elseif k == "timeline" then
    local cols = { { key = "lane", title = "project", format = "text" }, { key = "label", title = "milestone", format = "text" },
      { key = "baseline", title = "baseline", format = "date" }, { key = "forecast", title = "forecast", format = "date" },
      { key = "actual", title = "actual", format = "date" }, { key = "slip", title = "slip", format = "days" } }
    local rows = {}
    for i, m in ipairs(c.items) do
      local to = m.actual or m.forecast
      local slip = (m.baseline and to) and (date.day(to) - date.day(m.baseline)) or nil
      rows[i] = { n = 6, m.lane, m.label, m.baseline, m.forecast, m.actual, slip }
    end
    return cols, rows
  end
  return {}, {}
end

return M
