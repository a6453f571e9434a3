--- The DCMA 14-point schedule assessment, and the GAO best-practice checks that follow
-- from the same data.
--
-- DCMA-EA PAM 200.1, *Earned Value Management System (EVMS) Program Analysis Pamphlet*
-- (Defense Contract Management Agency, October 2012), section 4, lists fourteen checks of an
-- integrated master schedule's quality; GAO-16-89G, *Schedule Assessment Guide* (December
-- 2015), gives the ten best practices behind them. Each check here is a small function over
-- one project's computed schedule (`p:schedule()`, pmo.schedule) and its stored tasks,
-- links and assignments; its thresholds are `dcma.DEFAULTS`, which the workspace's
-- `pmo.config.lua` may change (`dcma = { logic = 0.05, high_float_days = 44, ... }`) and a
-- call may override (`p:dcma{ thresholds = { lags = 0.1 } }`).
--
--     local dcma = require("pmo.dcma")
--     local r = pmo.project("PRJ-001"):dcma()
--     for _, c in ipairs(r.checks) do print(c.id, c.passed, c.explain) end
--     local all = dcma.portfolio()          -- { [project_id] = result }, one engine call
--
-- Which tasks a check counts (its denominator) is said in its doc below. The words:
-- * an **activity** is a task that is neither a summary task nor level of effort (the store
--   marks no task as level of effort: `level_of_effort`, a Lua pattern matched against task
--   names, or a function of the entry, says which are; none by default);
-- * an activity is **complete** when it has an actual finish or is 100 % complete;
-- * a **counted task** (PAM 200.1's "total tasks") is an incomplete activity that is not a
--   milestone (zero-duration tasks have no duration to judge).
-- The status date is the project's (`s.status_date`), else the session's as-of date, else
-- today; the result says which (`status_date`, `status_date_from`).
local list = require("pmo.list")
local date = require("pmo.date")
local args = require("pmo.args")

local type, pairs, ipairs, math, tostring, string, table, setmetatable, rawget, rawset =
  type, pairs, ipairs, math, tostring, string, table, setmetatable, rawget, rawset

local M = {}

--- The citations of the checks.
M.DCMA = "DCMA-EA PAM 200.1 (Oct 2012), sec. 4, 14-Point Schedule Assessment"
M.GAO = "GAO-16-89G, Schedule Assessment Guide (Dec 2015)"

--- The default thresholds, as DCMA-EA PAM 200.1 sets them: shares are fractions (0.05 is
-- 5 %), days are working days. `critical_path_test_days` is how far the critical path test
-- delays a critical task. The GAO checks (`summary_links`, `start_to_finish`, `open_ends`,
-- `no_baseline`, `network_problems`) allow no offender by default.
M.DEFAULTS = {
  logic = 0.05, leads = 0, lags = 0.05, relationship_types = 0.90, hard_constraints = 0.05,
  high_float = 0.05, high_float_days = 44, negative_float = 0, high_duration = 0.05,
  high_duration_days = 44, invalid_dates = 0, resources = 0, missed_tasks = 0.05,
  critical_path_test_days = 600, cpli = 0.95, bei = 0.95,
  summary_links = 0, start_to_finish = 0, open_ends = 0, no_baseline = 0, network_problems = 0,
}

--- The checks in order: the fourteen of PAM 200.1 (`number` 1 to 14), then GAO's.
M.ORDER = {
  "logic", "leads", "lags", "relationship_types", "hard_constraints", "high_float",
  "negative_float", "high_duration", "invalid_dates", "resources", "missed_tasks",
  "critical_path_test", "cpli", "bei",
  "summary_links", "start_to_finish", "open_ends", "no_baseline", "network_problems",
}

-- The constraints PAM 200.1 check 5 calls hard: they fix a date whatever the logic says
-- (MS Project's must start/finish on, start/finish no later than).
M.HARD_CONSTRAINTS = { MSO = true, MFO = true, SNLT = true, FNLT = true }

local MAX_LISTED = 10   -- offenders named in an explanation; the rest are counted

-- ---------------------------------------------------------------------------
-- Helpers.

-- The day number of a Date (its `n`), a number or a "yyyy-mm-dd" string; nil for nil.
local function n_of(v)
  if v == nil then return nil end
  if type(v) == "number" then return v end
  return v.n or date.day(v)
end

local function pct(x) return string.format("%.1f%%", x * 100) end

-- "a, b, c and 4 more"
local function named(ids)
  local out = {}
  for i = 1, math.min(#ids, MAX_LISTED) do out[i] = tostring(ids[i]) end
  local text = table.concat(out, ", ")
  if #ids > MAX_LISTED then text = text .. string.format(" and %d more", #ids - MAX_LISTED) end
  return text
end

-- Working days in [a, b] (day numbers, both counted) on calendar `cal` (a stored
-- calendar, pmo.worktime), else Monday to Friday (the engine's standard calendar). 0 when
-- b < a.
local function working_days(cal, a, b)
  if b < a then return 0 end
  if cal then return cal:working_days(date.format(a), date.format(b)) end
  -- Monday to Friday: five a whole week, then the days left one by one.
  local weeks = (b - a + 1) // 7
  local count = weeks * 5
  for n = a + weeks * 7, b do
    if date.weekday(n) <= 5 then count = count + 1 end
  end
  return count
end

-- Working days from day a to day b, counting b but not a; negative when b is earlier.
local function working_days_between(cal, a, b)
  if b >= a then return working_days(cal, a + 1, b) end
  return -working_days(cal, b + 1, a)
end

-- A check's result: a share of offenders against a maximum share.
-- A check's result reads its `explain` from its `_describe` function on first read: an
-- assessment of the whole portfolio makes some 190,000 results, of which a script reads the
-- explanation of few (measured: formatting them all was a quarter of the assessment).
local Check = { __index = function(c, k)
  if k ~= "explain" then return nil end
  local describe = rawget(c, "_describe")
  if not describe then return nil end
  local text = describe(c)
  rawset(c, "explain", text)
  return text
end }

local function nothing_text(c) return "nothing to assess: no " .. c._of end

local function share_text(c)
  local text = string.format("%d of %d %s (%s) %s; threshold <= %s", c.count, c.denominator, c._of,
    pct(c.metric), c._what, pct(c.threshold))
  if c.count > 0 then text = text .. ": " .. named(c._names or c.offenders) end
  return text
end

-- `names`: what the explanation lists (default: the offenders).
local function share_result(c, offenders, denominator, threshold, what, of_what, names)
  c.count, c.denominator, c.threshold, c.unit = #offenders, denominator, threshold, "share"
  c.offenders = list.of(offenders)
  c._what, c._of, c._names = what, of_what, names
  if denominator == 0 then
    c.applicable, c.passed, c._describe = false, true, nothing_text
    return c
  end
  c.applicable = true
  c.metric = #offenders / denominator
  c.passed = c.metric <= threshold
  c._describe = share_text
  return c
end

-- ---------------------------------------------------------------------------
-- The checks. Each takes the project's assessment data `d` (see `gather`) and the
-- thresholds `th`, and fills the result `c` (id, name, source already set).

local checks = {}

--- 1. Logic: counted tasks missing a predecessor or a successor, at most 5 % of the counted
-- tasks. A task's own links count, not its summary task's: logic on a summary task leaves
-- its subtasks without their own (GAO-16-89G, best practice 2). The engine's `open_start`
-- and `open_finish` answer another question, what drives the task when scheduled, and count
-- the summary's links too.
function checks.logic(d, th, c)
  local offenders, has_pred, has_succ = {}, d.has_pred, d.has_succ
  for _, t in ipairs(d.counted) do
    if not has_pred[t.id] or not has_succ[t.id] then offenders[#offenders + 1] = t.id end
  end
  return share_result(c, offenders, #d.counted, th.logic, "miss a predecessor or a successor", "counted tasks")
end

-- The links whose successor is an incomplete activity: PAM 200.1 checks 2 to 4 judge the
-- logic still to be worked. Found once per project, for the three checks.
local function open_links(d)
  local out = d.open_links
  if out then return out end
  out = {}
  local by_id, incomplete = d.by_id, d.incomplete
  for _, l in ipairs(d.links) do
    local s = by_id[l.successor_id]
    if s and incomplete[s] then out[#out + 1] = l end
  end
  d.open_links = out
  return out
end

local function lag_of(l) return l.lag_days or 0 end

local function link_text(l)
  return string.format("%s->%s %s%+g", l.predecessor_id, l.successor_id, l.type, lag_of(l))
end

local function link_result(c, d, pick, threshold, what)
  local links = open_links(d)
  local bad, ids, texts = {}, {}, {}
  for _, l in ipairs(links) do
    if pick(l) then
      bad[#bad + 1] = l
      ids[#ids + 1] = l.successor_id
      texts[#texts + 1] = link_text(l)
    end
  end
  share_result(c, ids, #links, threshold, what, "links to incomplete activities", texts)
  c.links = list.of(bad)
  return c
end

--- 2. Leads: links with a negative lag, into incomplete activities; none allowed (0 %). The
-- offenders are the successors; `links` lists the links.
function checks.leads(d, th, c)
  return link_result(c, d, function(l) return lag_of(l) < 0 end, th.leads, "have a lead (negative lag)")
end

--- 3. Lags: links with a positive lag, into incomplete activities; at most 5 %.
function checks.lags(d, th, c)
  return link_result(c, d, function(l) return lag_of(l) > 0 end, th.lags, "have a lag")
end

local function fs_text(c)
  local text = string.format("%d of %d links to incomplete activities are finish-to-start (%s); threshold >= %s",
    c.denominator - c.count, c.denominator, pct(c.metric), pct(c.threshold))
  if c.count > 0 then text = text .. "; not FS: " .. named(c._names) end
  return text
end

--- 4. Relationship types: finish-to-start links, into incomplete activities, at least 90 %.
-- The metric is the FS share; the offenders are the other links' successors.
function checks.relationship_types(d, th, c)
  link_result(c, d, function(l) return l.type ~= "FS" end, 1 - th.relationship_types, "are not finish-to-start")
  c.threshold = th.relationship_types
  if c.applicable then
    c.metric = 1 - c.metric
    c.passed = c.metric >= th.relationship_types
    c._describe = fs_text
  end
  return c
end

--- 5. Hard constraints: counted tasks constrained must start on, must finish on, start no
-- later than or finish no later than (`dcma.HARD_CONSTRAINTS`); at most 5 %.
function checks.hard_constraints(d, th, c)
  local offenders = {}
  for _, t in ipairs(d.counted) do
    if M.HARD_CONSTRAINTS[t.constraint_type] then offenders[#offenders + 1] = t.id end
  end
  return share_result(c, offenders, #d.counted, th.hard_constraints, "have a hard constraint (MSO, MFO, SNLT, FNLT)",
    "counted tasks")
end

--- 6. High float: counted tasks with total float above `high_float_days` (44) working
-- days; at most 5 %. Total float is the engine's (`t.total_float`).
function checks.high_float(d, th, c)
  local offenders = {}
  for _, t in ipairs(d.counted) do
    if t.total_float and t.total_float > th.high_float_days then offenders[#offenders + 1] = t.id end
  end
  return share_result(c, offenders, #d.counted, th.high_float,
    string.format("have total float over %g working days", th.high_float_days), "counted tasks")
end

--- 7. Negative float: counted tasks with total float below zero; none allowed (0 %).
function checks.negative_float(d, th, c)
  local offenders = {}
  for _, t in ipairs(d.counted) do
    if t.total_float and t.total_float < 0 then offenders[#offenders + 1] = t.id end
  end
  return share_result(c, offenders, #d.counted, th.negative_float, "have negative total float", "counted tasks")
end

--- 8. High duration: counted tasks with a baseline start and finish whose baseline duration
-- (working days from baseline start to baseline finish, both counted, on the project's
-- calendar: the store keeps baseline dates, not MS Project's Baseline Duration) is above
-- `high_duration_days` (44); at most 5 % of the baselined counted tasks.
function checks.high_duration(d, th, c)
  local offenders, baselined = {}, 0
  local limit = th.high_duration_days
  for _, t in ipairs(d.counted) do
    local bs, bf = n_of(t.baseline_start), n_of(t.baseline_finish)
    if bs and bf then
      baselined = baselined + 1
      -- A span of no more calendar days than the limit cannot hold more working days.
      if bf - bs + 1 > limit and working_days(d.calendar(), bs, bf) > limit then
        offenders[#offenders + 1] = t.id
      end
    end
  end
  return share_result(c, offenders, baselined, th.high_duration,
    string.format("have a baseline duration over %g working days", limit), "baselined counted tasks")
end

--- 9. Invalid dates: activities (complete ones too) with a forecast start or finish before
-- the status date and no actual one, or an actual start or finish after the status date;
-- none allowed (0 %). Actual dates are read as stored (as known on the as-of date), not the
-- schedule entry's, which leaves out an actual date later than the as-of date as not yet
-- known to the engine. Forecast dates are the plan's as stored (the tool's Start and Finish):
-- the engine never schedules remaining work before the status date, so only the plan as
-- written can hold them.
function checks.invalid_dates(d, th, c)
  local offenders, sd = {}, d.status_n
  for _, t in ipairs(d.activities) do
    local f = d.forecast[t.id]
    -- The stored actuals: the entry's leave out those after the as-of date.
    local as, af
    if f then as, af = f.actual_start, f.actual_finish else as, af = n_of(t.actual_start), n_of(t.actual_finish) end
    local bad = (as and as > sd) or (af and af > sd)
      or (f and not as and f.start and f.start < sd)
      or (f and not af and f.finish and f.finish < sd)
    if bad then offenders[#offenders + 1] = t.id end
  end
  return share_result(c, offenders, #d.activities, th.invalid_dates,
    "have a forecast date before the status date or an actual date after it", "activities")
end

--- 10. Resources: counted tasks with a duration and neither a resource assignment nor a
-- cost or work; PAM 200.1 asks it as yes or no (is the schedule resource-loaded?), so it
-- passes only when none is unloaded (threshold 0 %).
function checks.resources(d, th, c)
  local offenders, with_duration = {}, 0
  for _, t in ipairs(d.counted) do
    if (t.duration_days or 0) > 0 then
      with_duration = with_duration + 1
      local f = d.forecast[t.id]
      local loaded = d.assigned[t.id] or (f and f.loaded == 1)
      if not loaded then offenders[#offenders + 1] = t.id end
    end
  end
  return share_result(c, offenders, with_duration, th.resources, "have no resource, cost or work",
    "counted tasks with a duration")
end

-- Activities whose baseline finish is on or before the status date: what should be done.
-- Found once per project, for checks 11 and 14.
local function due(d)
  if d.due then return d.due end
  local out = {}
  for _, t in ipairs(d.activities) do
    local bf = n_of(t.baseline_finish)
    if bf and bf <= d.status_n then out[#out + 1] = t end
  end
  d.due = out
  return out
end

--- 11. Missed tasks: activities due by the status date (baseline finish on or before it)
-- that finished after their baseline finish or have not finished; at most 5 % of those due.
function checks.missed_tasks(d, th, c)
  local offenders, due_tasks = {}, due(d)
  for _, t in ipairs(due_tasks) do
    local af = n_of(t.actual_finish)
    if not af or af > n_of(t.baseline_finish) then offenders[#offenders + 1] = t.id end
  end
  return share_result(c, offenders, #due_tasks, th.missed_tasks,
    "finished after their baseline finish or not at all", "activities due by the status date")
end

-- The task the critical path test delays: the first incomplete activity with a duration
-- on the first (longest) critical path, else its first incomplete activity.
local function critical_task(d)
  local path = d.schedule.critical_paths and d.schedule.critical_paths[1]
  if not path then return nil end
  local fallback
  for _, id in ipairs(path) do
    local t = d.by_id[id]
    if t and d.incomplete[t] then
      if (t.duration_days or 0) > 0 then return t end
      fallback = fallback or t
    end
  end
  return fallback
end

--- 12. Critical path test: delays the first incomplete activity of the longest critical
-- path by `critical_path_test_days` (600) working days (`p:schedule{ delay = ... }`, the
-- engine run again) and passes when the project's finish (the critical path length) moves
-- by the same amount: a constraint, a broken link or a lead in the way would absorb it.
-- The metric is the move in working days. No critical path fails; a project with no
-- incomplete activity on it has nothing to test.
function checks.critical_path_test(d, th, c)
  local days = th.critical_path_test_days
  c.threshold, c.unit, c.denominator = days, "days", 1
  local t = d.cpt_task
  if not t then
    local path = d.schedule.critical_paths and d.schedule.critical_paths[1]
    c.offenders, c.count = list.of({}), 0
    if path or #d.counted == 0 then
      c.applicable, c.passed = false, true
      c.explain = path and "nothing to assess: no incomplete activity on the critical path"
        or "nothing to assess: no counted tasks"
    else
      c.applicable, c.passed, c.count = true, false, 1
      c.explain = "no critical path: the schedule has no path from start to finish to test"
    end
    return c
  end
  c.applicable = true
  local before, after = d.schedule.length_days, d.delayed and d.delayed.length_days
  if before and after then c.metric = after - before end
  -- Equal to the minute: a working day is minutes_per_day minutes.
  local tolerance = 1 / (d.schedule.minutes_per_day or 480)
  c.passed = c.metric ~= nil and math.abs(c.metric - days) < tolerance
  c.offenders = list.of(c.passed and {} or { t.id })
  c.count = #c.offenders
  c.task_id = t.id
  c.explain = string.format("delaying %s by %g working days moved the finish by %s working days; %s",
    t.id, days, c.metric and string.format("%g", c.metric) or "(not computed)",
    c.passed and "the critical path drives the finish" or "it should move by the same amount")
  return c
end

--- 13. Critical path length index: CPLI = (CPL + TF) / CPL, CPL the working days of the
-- critical path still to go (after the status date, or from the project's start, to the
-- computed finish) and TF the working days from the computed finish to the baseline finish
-- (the project's, else its latest task baseline finish; negative when late), on the
-- project's calendar; at least 0.95. The offenders, when it fails, are the incomplete tasks
-- of the longest critical path.
function checks.cpli(d, th, c)
  c.threshold, c.unit = th.cpli, "ratio"
  c.offenders, c.count = list.of({}), 0
  local s = d.schedule
  local finish, bf = n_of(s.finish), d.baseline_finish
  if not finish or not bf then
    c.applicable, c.passed = false, true
    c.explain = "nothing to assess: " .. (finish and "no baseline finish" or "no computed finish")
    return c
  end
  local from = math.max(d.status_n + 1, n_of(s.start) or d.status_n + 1)
  local cpl = working_days(d.calendar(), from, finish)
  if cpl <= 0 then
    c.applicable, c.passed = false, true
    c.explain = "nothing to assess: no critical path left after the status date"
    return c
  end
  local tf = working_days_between(d.calendar(), finish, bf)
  c.applicable = true
  c.metric = (cpl + tf) / cpl
  c.denominator = cpl
  c.cpl_days, c.total_float_days = cpl, tf
  c.passed = c.metric >= th.cpli
  if not c.passed then
    local ids = {}
    local path = s.critical_paths and s.critical_paths[1] or {}
    for _, id in ipairs(path) do
      local t = d.by_id[id]
      if t and d.incomplete[t] then ids[#ids + 1] = id end
    end
    c.offenders, c.count = list.of(ids), #ids
  end
  c.explain = string.format("CPLI = (%d %s %d) / %d = %.3f (critical path %d working days to %s, baseline finish %s); threshold >= %.2f",
    cpl, tf < 0 and "-" or "+", math.abs(tf), cpl, c.metric, cpl, date.format(finish), date.format(bf), th.cpli)
  if c.count > 0 then c.explain = c.explain .. "; critical path: " .. named(c.offenders) end
  return c
end

--- 14. Baseline execution index: BEI = activities finished by the status date / activities
-- whose baseline finish is on or before it; at least 0.95. The offenders are the activities
-- due and not finished by the status date.
function checks.bei(d, th, c)
  c.threshold, c.unit = th.bei, "ratio"
  local due_tasks = due(d)
  local finished = 0
  for _, t in ipairs(d.activities) do
    local af = n_of(t.actual_finish)
    if af and af <= d.status_n then finished = finished + 1 end
  end
  local offenders = {}
  for _, t in ipairs(due_tasks) do
    local af = n_of(t.actual_finish)
    if not af or af > d.status_n then offenders[#offenders + 1] = t.id end
  end
  c.offenders, c.count, c.denominator = list.of(offenders), #offenders, #due_tasks
  if #due_tasks == 0 then
    c.applicable, c.passed = false, true
    c.explain = "nothing to assess: no activity due by the status date"
    return c
  end
  c.applicable = true
  c.finished = finished
  c.metric = finished / #due_tasks
  c.passed = c.metric >= th.bei
  c.explain = string.format("BEI = %d finished / %d due = %.3f; threshold >= %.2f", finished, #due_tasks, c.metric, th.bei)
  if #offenders > 0 then c.explain = c.explain .. "; due and not finished: " .. named(offenders) end
  return c
end

--- GAO 1. Summary tasks with logic links: logic belongs on the work, not on its roll-up
-- (GAO-16-89G, best practice 2, sequencing all activities); none allowed.
function checks.summary_links(d, th, c)
  local linked, summaries = {}, 0
  for _, t in ipairs(d.schedule.tasks) do
    if t.is_summary then summaries = summaries + 1 end
  end
  local seen, by_id = {}, d.by_id
  local function note(id)
    local t = by_id[id]
    if t and t.is_summary and not seen[id] then seen[id] = true; linked[#linked + 1] = id end
  end
  if summaries > 0 then
    for _, l in ipairs(d.links) do note(l.predecessor_id); note(l.successor_id) end
  end
  return share_result(c, linked, summaries, th.summary_links, "have logic links", "summary tasks")
end

--- GAO 2. Start-to-finish links: rarely justified, and they confuse the flow of work
-- (GAO-16-89G, best practice 2); none allowed, over every link of the project.
function checks.start_to_finish(d, th, c)
  local ids, texts = {}, {}
  for _, l in ipairs(d.links) do
    if l.type == "SF" then ids[#ids + 1] = l.successor_id; texts[#texts + 1] = link_text(l) end
  end
  return share_result(c, ids, #d.links, th.start_to_finish, "are start-to-finish", "links", texts)
end

--- GAO 3. Open ends: incomplete activities, milestones included, with no predecessor or no
-- successor of their own (as check 1), but for one start milestone (the first milestone with
-- no predecessor) and one finish milestone (the last milestone with no successor): the only
-- activities without a predecessor or successor should be the start and finish milestones
-- (GAO-16-89G, best practice 2); none allowed.
function checks.open_ends(d, th, c)
  local start_ms, finish_ms
  local has_pred, has_succ = d.has_pred, d.has_succ
  for _, t in ipairs(d.activities) do
    if t.is_milestone and not has_pred[t.id] and not start_ms then start_ms = t end
    if t.is_milestone and not has_succ[t.id] then finish_ms = t end
  end
  local offenders, n = {}, 0
  for _, t in ipairs(d.activities) do
    if d.incomplete[t] then
      n = n + 1
      local open = (not has_pred[t.id] and t ~= start_ms) or (not has_succ[t.id] and t ~= finish_ms)
      if open then offenders[#offenders + 1] = t.id end
    end
  end
  return share_result(c, offenders, n, th.open_ends, "have an open start or finish (other than the start and finish milestones)",
    "incomplete activities")
end

--- GAO 4. No baseline: incomplete activities without a baseline start and finish, so that
-- progress cannot be measured against a plan (GAO-16-89G, best practice 10, maintaining a
-- baseline schedule); none allowed.
function checks.no_baseline(d, th, c)
  local offenders, n = {}, 0
  for _, t in ipairs(d.activities) do
    if d.incomplete[t] then
      n = n + 1
      if not (t.baseline_start and t.baseline_finish) then offenders[#offenders + 1] = t.id end
    end
  end
  return share_result(c, offenders, n, th.no_baseline, "have no baseline start and finish", "incomplete activities")
end

--- GAO 5. Network problems: what the engine could not schedule as given (a loop of links, a
-- link to a missing task, a task with no duration, an unknown calendar): a critical path is
-- only valid on a network that computes (GAO-16-89G, best practices 2 and 6). Metric: the
-- number of problems; none allowed.
function checks.network_problems(d, th, c)
  local ids, texts = {}, {}
  for _, p in ipairs(d.schedule.problems or {}) do
    texts[#texts + 1] = p.message
    for _, id in ipairs(p.task_ids or {}) do ids[#ids + 1] = id end
  end
  c.offenders, c.count, c.denominator, c.unit = list.of(ids), #texts, nil, "count"
  c.threshold, c.metric, c.applicable = th.network_problems, #texts, true
  c.passed = #texts <= th.network_problems
  c.explain = #texts == 0 and "the network schedules as given"
    or string.format("%d problem(s): %s", #texts, named(texts))
  return c
end

M.checks = checks

--- What each check is called, its number in PAM 200.1 (nil for GAO's) and its source.
M.INFO = {
  logic = { 1, "Logic", M.DCMA .. ", check 1 (logic); GAO-16-89G best practice 2" },
  leads = { 2, "Leads", M.DCMA .. ", check 2 (leads)" },
  lags = { 3, "Lags", M.DCMA .. ", check 3 (lags)" },
  relationship_types = { 4, "Relationship types", M.DCMA .. ", check 4 (relationship types)" },
  hard_constraints = { 5, "Hard constraints", M.DCMA .. ", check 5 (hard constraints)" },
  high_float = { 6, "High float", M.DCMA .. ", check 6 (high float); GAO-16-89G best practice 7" },
  negative_float = { 7, "Negative float", M.DCMA .. ", check 7 (negative float)" },
  high_duration = { 8, "High duration", M.DCMA .. ", check 8 (high duration); GAO-16-89G best practice 4" },
  invalid_dates = { 9, "Invalid dates", M.DCMA .. ", check 9 (invalid dates); GAO-16-89G best practice 9" },
  resources = { 10, "Resources", M.DCMA .. ", check 10 (resources); GAO-16-89G best practice 3" },
  missed_tasks = { 11, "Missed tasks", M.DCMA .. ", check 11 (missed tasks)" },
  critical_path_test = { 12, "Critical path test", M.DCMA .. ", check 12 (critical path test); GAO-16-89G best practice 6" },
  cpli = { 13, "Critical path length index", M.DCMA .. ", check 13 (CPLI)" },
  bei = { 14, "Baseline execution index", M.DCMA .. ", check 14 (BEI)" },
  summary_links = { nil, "Summary tasks with logic", M.GAO .. ", best practice 2 (sequencing all activities)" },
  start_to_finish = { nil, "Start-to-finish links", M.GAO .. ", best practice 2 (sequencing all activities)" },
  open_ends = { nil, "Open ends", M.GAO .. ", best practice 2 (sequencing all activities)" },
  no_baseline = { nil, "Activities without a baseline", M.GAO .. ", best practice 10 (maintaining a baseline schedule)" },
  network_problems = { nil, "Network problems", M.GAO .. ", best practices 2 and 6 (sequencing; a valid critical path)" },
}

-- ---------------------------------------------------------------------------
-- Settings and data.

-- The thresholds in force: the defaults, the workspace's (pmo.config.lua's dcma = {...},
-- handed over by the host) and the call's, in that order.
local function thresholds(opts)
  local th = {}
  for k, v in pairs(M.DEFAULTS) do th[k] = v end
  local ws = pmo.settings and pmo.settings("dcma") or nil
  if ws then for k, v in pairs(ws) do if k ~= "level_of_effort" then th[k] = v end end end
  if opts.thresholds then
    for k, v in pairs(opts.thresholds) do
      if M.DEFAULTS[k] == nil then args.error(1, "dcma", "no threshold '" .. tostring(k) .. "'", 4) end
      if type(v) ~= "number" then args.error(1, "dcma", "threshold '" .. k .. "' must be a number", 4) end
      th[k] = v
    end
  end
  return th
end
--- The thresholds an assessment with `opts` uses: `dcma.DEFAULTS`, then the workspace's
-- (`pmo.settings("dcma")`), then `opts.thresholds`.
---@param opts? table { thresholds = { name = value } }
---@return table<string, number>
--- e.g. require("pmo.dcma").thresholds().logic   -- 0.05 unless pmo.config.lua says otherwise
function M.thresholds(opts)
  return thresholds(opts or {})
end

-- Whether entry `t` is level of effort, by opts.level_of_effort (a function of the entry,
-- or a Lua pattern matched against its name) or the workspace's dcma.level_of_effort.
local function loe_test(opts)
  local loe = opts.level_of_effort
  if loe == nil and pmo.settings then
    local ws = pmo.settings("dcma")
    loe = ws and ws.level_of_effort
  end
  if loe == nil then return function() return false end end
  if type(loe) == "function" then return loe end
  if type(loe) == "string" then
    return function(t) return t.name ~= nil and t.name:find(loe) ~= nil end
  end
  args.error(1, "dcma", "level_of_effort must be a pattern or a function", 4)
end

-- Rows of `sql` (ending in "where project_id in ") for the projects of `ids`, 500 at a
-- time; past 2,000 projects the whole table in one query, the rows of other projects skipped.
local function rows_for(sql, ids, each)
  if #ids > 2000 then
    local wanted = {}
    for _, id in ipairs(ids) do wanted[id] = true end
    local whole = sql:gsub("%s*and project_id in $", ""):gsub("%s*where project_id in $", "")
    for _, row in ipairs(pmo.sql(whole)) do
      if wanted[row.project_id] then each(row) end
    end
    return
  end
  for i = 1, #ids, 500 do
    local chunk = table.move(ids, i, math.min(i + 499, #ids), 1, {})
    local marks = string.rep("?,", #chunk):sub(1, -2)
    for _, row in ipairs(pmo.sql(sql .. "(" .. marks .. ")", chunk)) do each(row) end
  end
end

-- The stored data the schedule entries do not carry, for every project of `ids` in bulk:
-- links, forecast dates, the actual dates as stored (an entry leaves out an actual date
-- later than the as-of date, which the engine cannot know yet; check 9 must see it), cost
-- and work, assigned tasks.
local function stored(ids)
  local links, forecast, assigned = {}, {}, {}
  for _, id in ipairs(ids) do links[id] = {} end
  -- A link is its row: { project_id, predecessor_id, successor_id, type, lag_days }.
  rows_for("select project_id, predecessor_id, successor_id, type, lag_days from task_links where project_id in ",
    ids, function(r)
      local l = links[r.project_id]
      l[#l + 1] = r
    end)
  -- Day numbers (days since 1970-01-01, SQLite's julianday less 2440587.5) and a loaded flag
  -- straight from SQL: no Date value made per row.
  rows_for("select id, project_id, julianday(forecast_start) - 2440587.5 as start, "
    .. "julianday(forecast_finish) - 2440587.5 as finish, "
    .. "julianday(actual_start) - 2440587.5 as actual_start, julianday(actual_finish) - 2440587.5 as actual_finish, "
    .. "(coalesce(cost, 0) > 0 or coalesce(work_hours, 0) > 0) as loaded from tasks where project_id in ",
    ids, function(r) forecast[r.id] = r end)
  rows_for("select distinct task_id, project_id from assignments where task_id is not null and project_id in ",
    ids, function(r) assigned[r.task_id] = true end)
  return links, forecast, assigned
end

-- One project's assessment data from its schedule `s`.
local function gather(p, s, links, forecast, assigned, is_loe)
  local d = { project = p, schedule = s, links = links, forecast = forecast, assigned = assigned }
  local has_pred, has_succ = {}, {}
  for _, l in ipairs(links) do has_pred[l.successor_id], has_succ[l.predecessor_id] = true, true end
  d.has_pred, d.has_succ = has_pred, has_succ
  local sd = s.status_date and n_of(s.status_date)
  d.status_from = sd and "project" or "as-of"
  d.status_n = sd or (pmo.asof() or pmo.today()).n
  local by_id, incomplete, activities, counted = {}, {}, {}, {}
  local latest_bf
  for _, t in ipairs(s.tasks) do
    by_id[t.id] = t
    if not t.is_summary and not is_loe(t) then
      activities[#activities + 1] = t
      if not t.actual_finish and (t.percent_complete or 0) < 100 then
        incomplete[t] = true
        if not t.is_milestone then counted[#counted + 1] = t end
      end
    end
    local bf = n_of(t.baseline_finish)
    if bf and (not latest_bf or bf > latest_bf) then latest_bf = bf end
  end
  d.by_id, d.incomplete, d.activities, d.counted = by_id, incomplete, activities, counted
  d.baseline_finish = n_of(p.baseline_finish) or latest_bf
  local cal, cal_read = nil, false
  d.calendar = function()
    if not cal_read then cal, cal_read = p:calendar(), true end
    return cal
  end
  return d
end

local function run_checks(d, th, only)
  local out, passed, failed = {}, 0, 0
  for _, id in ipairs(M.ORDER) do
    if not only or only[id] then
      local info = M.INFO[id]
      local c = setmetatable({ id = id, number = info[1], name = info[2], source = info[3],
        set = info[1] and "dcma" or "gao" }, Check)
      checks[id](d, th, c)
      if c.passed then passed = passed + 1 else failed = failed + 1 end
      out[#out + 1] = c
    end
  end
  return list.of(out), passed, failed
end

local function project_list(projects)
  if projects == nil then return pmo.projects() end
  if type(projects) == "table" and projects.id ~= nil and pmo.kind_of(projects) == "project" then return { projects } end
  if type(projects) ~= "table" then args.type_error(1, "portfolio", "List of projects or nil", projects, 3) end
  return projects
end

--- Assesses projects: `projects` a List of projects (default: every project), `opts` {
-- thresholds = { name = value }, level_of_effort = pattern or function(entry), checks =
-- { id, ... } (default: all), gao = false (the fourteen only) }. Computes every schedule in
-- one engine call (`schedule.portfolio`), reads links, forecast dates and assignments in
-- bulk, runs the critical path test's delayed schedules in one more engine call, and returns
-- `{ [project_id] = result }`, each result `{ project_id, status_date, status_date_from,
-- checks = List of { id, number, name, set, metric, threshold, unit, passed, applicable,
-- count, denominator, offenders = List of task ids, explain, source }, passed, failed }`.
---@param projects? List|Project[]
---@param opts? table
---@return table<string, table>
--- e.g. for id, r in pairs(require("pmo.dcma").portfolio()) do print(id, r.failed) end
function M.portfolio(projects, opts)
  opts = opts or {}
  if type(opts) ~= "table" then args.type_error(2, "portfolio", "table or nil", opts) end
  local schedule = require("pmo.schedule")
  local th = thresholds(opts)
  local is_loe = loe_test(opts)
  local only
  if opts.checks then
    only = {}
    for _, id in ipairs(opts.checks) do
      if not checks[id] then args.error(2, "portfolio", "no check '" .. tostring(id) .. "'") end
      only[id] = true
    end
  elseif opts.gao == false then
    only = {}
    for id, info in pairs(M.INFO) do if info[1] then only[id] = true end end
  end
  local projs = project_list(projects)
  local by_project, ids = {}, {}
  for _, p in ipairs(projs) do by_project[p.id] = p; ids[#ids + 1] = p.id end
  local schedules = schedule.portfolio(projs)
  local links, forecast, assigned = stored(ids)
  local data, delay = {}, {}
  for _, id in ipairs(ids) do
    local s = schedules[id]
    if s then
      local d = gather(by_project[id], s, links[id] or {}, forecast, assigned, is_loe)
      data[id] = d
      if not only or only.critical_path_test then
        local t = critical_task(d)
        if t then d.cpt_task = t; delay[t.id] = th.critical_path_test_days end
      end
    end
  end
  if next(delay) then
    local delayed_projects = {}
    for _, id in ipairs(ids) do
      if data[id] and data[id].cpt_task then delayed_projects[#delayed_projects + 1] = by_project[id] end
    end
    local delayed = schedule.portfolio(list.of(delayed_projects), { delay = delay, tasks = false })
    for id, s2 in pairs(delayed) do if data[id] then data[id].delayed = s2 end end
  end
  local out = {}
  for _, id in ipairs(ids) do
    local d = data[id]
    if d then
      local results, passed, failed = run_checks(d, th, only)
      out[id] = { project_id = id, status_date = date.new(d.status_n), status_date_from = d.status_from,
        checks = results, passed = passed, failed = failed, thresholds = th }
    end
  end
  return out
end

--- Assesses one project (see `dcma.portfolio` for `opts` and the result); `p:dcma(opts)`.
---@param p Project
---@param opts? table
---@return table
--- e.g. require("pmo.dcma").of(pmo.project("PRJ-001")).failed
function M.of(p, opts)
  if type(p) ~= "table" or pmo.kind_of(p) ~= "project" then args.type_error(1, "of", "project", p) end
  return M.portfolio(list.of({ p }), opts)[p.id]
end

-- The results of dcma.cached, for one session state (pmo.cache_key()).
local cache = { key = nil }

--- The assessment of project `p` with the workspace's thresholds, kept for the session's
-- state (until the as-of date changes or a transaction commits): what the standard rules
-- (pmo.kpis) read, one result per project for all their checks. The first project asked
-- is assessed alone; at the second, every active project (pmo.measures) is assessed in one
-- engine call, as `pmo check` asks them all.
---@param p Project
---@return table
function M.cached(p)
  local key = pmo.cache_key()
  if cache.key ~= key then cache = { key = key, results = {}, asked = 0 } end
  local r = cache.results[p.id]
  if r then return r end
  cache.asked = cache.asked + 1
  if cache.asked == 2 then
    local rest = {}
    for _, q in ipairs(require("pmo.measures").active_projects()) do
      if not cache.results[q.id] then rest[#rest + 1] = q end
    end
    for id, res in pairs(M.portfolio(list.of(rest))) do cache.results[id] = res end
    r = cache.results[p.id]
    if r then return r end
  end
  r = M.of(p)
  cache.results[p.id] = r
  return r
end

--- The check `id` of result `r` (`dcma.check(p:dcma(), "logic")`), or nil.
---@param r table a result of dcma.of or dcma.portfolio
---@param id string
---@return table|nil
function M.check(r, id)
  for _, c in ipairs(r.checks) do if c.id == id then return c end end
  return nil
end

--- The result as text, one line per check: `PASS  1 Logic  2.0% (1 of 50) ...`.
---@param r table
---@return string
function M.text(r)
  local lines = { string.format("%s: %d passed, %d failed (status date %s)", r.project_id, r.passed, r.failed,
    tostring(r.status_date)) }
  for _, c in ipairs(r.checks) do
    lines[#lines + 1] = string.format("%s %3s %-28s %s", c.passed and "PASS" or "FAIL",
      c.number and tostring(c.number) or "GAO", c.name, c.explain)
  end
  return table.concat(lines, "\n")
end

return M
