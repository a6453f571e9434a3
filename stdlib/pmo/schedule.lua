--- The critical path of a project's network: early and late dates, total and free float
-- and the critical path(s) of every task, computed by pmo's engine (forward and backward
-- pass over the stored tasks and links, on the stored calendars, as MS Project schedules)
-- from what the store holds as of the session's date (`pmo.asof`), with progress read as of
-- the project's status date (no later than that date).
--
--     local s = pmo.project("PRJ-001"):schedule()     -- or pmo.schedule.of(p)
--     print(s.finish, s.length_days, #s.critical_path)
--     for _, t in ipairs(s.tasks) do print(t.id, t.early_start_at, t.total_float, t.critical) end
--
-- `s` holds `project_id`, `start` and `finish` (Dates) with `start_at` and `finish_at`
-- (`yyyy-mm-ddThh:mm`), `length_days` (the critical path's length in working days of the
-- project's `minutes_per_day`), `status_date`, `critical_paths` (arrays of task ids, longest
-- first), `critical_path` (a List of the first one's entries), `tasks` (a List of entries,
-- in outline order) and `problems` (what the engine could not schedule as given: `{ kind =
-- "cycle"|"unknown_task"|"no_duration"|"unknown_calendar", task_ids, message }`).
-- An entry `t` holds `id, name, wbs, is_summary, is_milestone, is_manual`, `early_start,
-- early_finish, late_start, late_finish` (Dates, nil when not scheduled) and their `_at`
-- moments, `total_float` and `free_float` (working days, negative when late) and their
-- `_minutes`, `critical`, `open_start` and `open_finish` (no predecessor / no successor), and
-- as the task has them `baseline_start, baseline_finish, actual_start, actual_finish,
-- percent_complete, constraint_type, constraint_date, deadline, duration_days`.
--
-- How the store's columns become the engine's minutes (durations, lags, a task with no
-- duration, the project's start) is in docs/architecture.md ("The critical path").
local args = require("pmo.args")
local list = require("pmo.list")

local M = {}

--- A project's computed schedule (see the module).
local Schedule = { __name = "Schedule" }
Schedule.__index = Schedule
M.Schedule = Schedule

--- A task's entry in a schedule (see the module).
local Entry = { __name = "ScheduleEntry" }
Entry.__index = Entry
M.ScheduleEntry = Entry

-- The pmo module, found on first use (it requires this one).
local pmo
local function module()
  if not pmo then pmo = require("pmo") end
  return pmo
end

--- The task record (`pmo.task(id)`) of the entry, as the session reads it.
---@return Task|nil
--- e.g. p:schedule().critical_path[1]:task().name
function Entry.task(self)
  return module().task(self.id)
end

--- The entry of task `id` in the schedule, or nil.
---@param id string a task id
---@return ScheduleEntry|nil
--- e.g. p:schedule():task("PRJ-001/T3").total_float
function Schedule.task(self, id)
  local index = rawget(self, "_index")
  if not index then
    index = {}
    for _, t in ipairs(self.tasks) do index[t.id] = t end
    rawset(self, "_index", index)
  end
  return index[id]
end

-- The first critical path as a List of entries, on first use.
local function finish(s)
  local first = s.critical_paths[1]
  local path = {}
  if first then
    for i, id in ipairs(first) do path[i] = Schedule.task(s, id) end
  end
  rawset(s, "critical_path", list.of(path))
  return s
end

-- Checks `opts` (argument `n` of `fname`): nil or `{ delay = { [task_id] = working_days },
-- tasks = false }`; returns the delays or nil.
local function delays_of(opts, n, fname)
  if opts == nil then return nil end
  if type(opts) ~= "table" then args.type_error(n, fname, "table", opts, 3) end
  for k in pairs(opts) do
    if k ~= "delay" and k ~= "tasks" then
      args.error(n, fname, "unknown option '" .. tostring(k) .. "' (known: delay, tasks)", 3)
    end
  end
  if opts.tasks ~= nil and type(opts.tasks) ~= "boolean" then
    args.error(n, fname, "opts.tasks must be a boolean, got " .. args.typename(opts.tasks), 3)
  end
  local delay = opts.delay
  if delay == nil then return nil end
  if type(delay) ~= "table" then args.error(n, fname, "opts.delay must be a table of task id = working days, got " .. args.typename(delay), 3) end
  for id, days in pairs(delay) do
    if type(id) ~= "string" then
      args.error(n, fname, "opts.delay: task ids expected as keys, got " .. args.typename(id), 3)
    end
    if type(days) ~= "number" or days ~= days or days == math.huge or days == -math.huge then
      args.error(n, fname, "opts.delay['" .. id .. "']: a finite number of working days expected, got "
        .. (type(days) == "number" and tostring(days) or args.typename(days)), 3)
    end
  end
  return delay
end

-- The id of a project argument: a project record, or its id.
local function project_id(p, n, fname, at)
  if type(p) == "string" then return p end
  if module().kind_of(p) == "project" then return p.id end
  args.error(n, fname, "project expected" .. (at and (" at " .. at) or "") .. ", got " .. args.typename(p), 3)
end

-- Runs the host's schedule over `ids` (nil: every project); raises a bad delay as argument `n`.
-- `no_tasks`: the schedules without their entries (opts.tasks = false).
local function read(ids, delay, n, fname, record, no_tasks)
  local all, err = module()._schedule(ids, delay, record, Schedule, Entry, list.List, no_tasks == true)
  if not all then args.error(n, fname, err, 3) end
  for _, s in pairs(all) do finish(s) end
  return all
end

--- The schedule of project `p` (a project, or its id): its network scheduled by the
--- critical path engine, as of the date the project was read as of (`pmo.asof`). `opts.delay`
--- (`{ [task_id] = working_days }`) adds working days to those tasks' durations, as the DCMA
--- critical path test does. nil when no such project is in the store.
---@param p Project|string the project
---@param opts? table `{ delay = { [task_id] = working_days }, tasks = false }`
---@return Schedule|nil
--- e.g. pmo.schedule.of(pmo.project("PRJ-001")).finish
function M.of(p, opts)
  local id = project_id(p, 1, "of")
  local delay = delays_of(opts, 2, "of")
  local record = type(p) == "table" and p or nil
  return read({ id }, delay, 2, "of", record, opts ~= nil and opts.tasks == false)[id]
end

--- The schedules of many projects in one read: `projects` (a List or array of projects or
--- ids; nil: every project as of the session's date), as `{ [project_id] = schedule }`.
--- `opts` as for `schedule.of`; a delay may name a task of any of them. `opts.tasks = false`
--- leaves out the task entries (`s.tasks` and `s.critical_path` empty, `s.critical_paths`
--- kept): the project's figures only, at half the cost, as the DCMA critical path test reads.
---@param projects? Project[]|string[] the projects
---@param opts? table `{ delay = { [task_id] = working_days }, tasks = false }`
---@return table<string, Schedule>
--- e.g. for id, s in pairs(pmo.schedule.portfolio()) do print(id, s.finish) end
function M.portfolio(projects, opts)
  local ids
  if projects ~= nil then
    if type(projects) ~= "table" or module().kind_of(projects) then args.type_error(1, "portfolio", "table of projects", projects) end
    ids = {}
    for i = 1, #projects do ids[i] = project_id(projects[i], 1, "portfolio", i) end
  end
  local delay = delays_of(opts, 2, "portfolio")
  return read(ids, delay, 2, "portfolio", nil, opts ~= nil and opts.tasks == false)
end

return M
