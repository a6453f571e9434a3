--- Control-tower compliance checks: pure predicates over one project.
--
-- Every check returns two values, `pass` (boolean) and `message` (a sentence
-- for a human, naming the project, what was found and the limit). Thresholds
-- come from `opts`, with the defaults listed in `M.DEFAULTS`; a PMO sets its
-- own by passing opts (or by copying this file and changing the table).
--
--     local compliance = require("pmo.compliance")
--     local ok, msg = compliance.status_report_fresh(p, "2026-02-01", { max_age_days = 7 })
--
-- The project fields each check reads are listed in its comment. Dates are
-- `"yyyy-mm-dd"` strings or day numbers.
--
-- Source: these are the controls a "controlling" PMO audits, in PMI's terms
-- (PMBOK Guide 7th ed., PMO types; *The Standard for Portfolio Management*);
-- the thresholds are organisational choices, not standard values.
local date = require("pmo.date")

local M = {}

M.DEFAULTS = {
  -- A status report older than this many days is stale: monthly reporting with
  -- a week's grace (the standard rule pmo.compliance.status_fresh uses this too).
  max_status_age_days = 38,
  -- A change request must be decided within this many days of being raised.
  max_change_decision_days = 30,
  -- A risk register needs at least this many risks to count as present.
  min_risks = 1,
  -- Phases in which a risk register is required: from planning on (risks are
  -- identified while planning, PMBOK Guide 6th ed., 11.2 Identify Risks). A
  -- project still in initiation, or with no phase given, is not asked for one.
  risk_register_phases = { planning = true, execution = true, closing = true },
  -- Phases in which a project counts as executing (baseline must be set).
  execution_phases = { execution = true, monitoring = true, closing = true, closed = true },
  -- Artifacts that must exist before a project may be in each phase.
  phase_artifacts = {
    initiation = { "charter" },
    planning   = { "charter", "business_case" },
    execution  = { "charter", "business_case", "project_plan", "schedule_baseline",
                   "cost_baseline", "risk_register" },
    closing    = { "charter", "business_case", "project_plan", "schedule_baseline",
                   "cost_baseline", "risk_register", "acceptance" },
    closed     = { "charter", "business_case", "project_plan", "schedule_baseline",
                   "cost_baseline", "risk_register", "acceptance", "lessons_learned" },
  },
}

local function opt(opts, key)
  local v = opts and opts[key]
  if v == nil then return M.DEFAULTS[key] end
  return v
end

local function name(p) return tostring(p.id or p.name or "project") end

-- "1 risk", "2 risks", "0 risks": a count with its noun in the right number.
local function count(n, noun) return string.format("%d %s%s", n, noun, n == 1 and "" or "s") end

--- The latest status report is recent enough.
-- Reads `p.last_status_report` (date). Passes when `on` − last report ≤
-- `opts.max_status_age_days` (default 14).
function M.status_report_fresh(p, on, opts)
  local limit = opt(opts, "max_status_age_days")
  local last = date.optional_day(p.last_status_report, "last_status_report")
  if last == nil then
    return false, name(p) .. ": no status report on record"
  end
  local age = date.day(on, "on") - last
  if age > limit then
    return false, string.format("%s: last status report %s is %s old (limit %d)",
      name(p), date.format(last), count(age, "day"), limit)
  end
  return true, string.format("%s: status report %s old (limit %d)", name(p), count(age, "day"), limit)
end

--- The baseline was set before execution started.
-- Reads `p.phase`, `p.baseline_date` and `p.execution_start` (dates). A
-- project not yet in an execution phase (`opts.execution_phases`) passes.
function M.baseline_before_execution(p, opts)
  local phases = opt(opts, "execution_phases")
  if not phases[p.phase] then
    return true, string.format("%s: not executing yet (phase %s)", name(p), tostring(p.phase))
  end
  local baseline = date.optional_day(p.baseline_date, "baseline_date")
  if baseline == nil then
    return false, string.format("%s: in %s with no baseline set", name(p), tostring(p.phase))
  end
  local start = date.optional_day(p.execution_start, "execution_start")
  if start and baseline > start then
    return false, string.format("%s: baseline set %s, after execution started %s",
      name(p), date.format(baseline), date.format(start))
  end
  return true, string.format("%s: baseline set %s", name(p), date.format(baseline))
end

--- A risk register is present.
-- Reads `p.phase` and `p.risks` (a list). Passes with at least
-- `opts.min_risks` entries (default 1), or when the phase is not one of
-- `opts.risk_register_phases` (default planning, execution, closing).
function M.risk_register_present(p, opts)
  local phases = opt(opts, "risk_register_phases")
  if p.phase ~= nil and not phases[p.phase] then
    return true, string.format("%s: no risk register required in phase %s", name(p), tostring(p.phase))
  end
  local min = opt(opts, "min_risks")
  local n = type(p.risks) == "table" and #p.risks or 0
  if n < min then
    return false, string.format("%s: risk register has %s (at least %d required)",
      name(p), count(n, "risk"), min)
  end
  return true, string.format("%s: risk register has %s", name(p), count(n, "risk"))
end

--- Change requests are decided in time.
-- Reads `p.change_requests`: `{ { id, raised = date, decided = date|nil }, ... }`.
-- Fails for any request decided more than `opts.max_change_decision_days`
-- (default 30) after it was raised, or still undecided that long after on `on`.
function M.change_requests_decided(p, on, opts)
  local limit = opt(opts, "max_change_decision_days")
  local today = date.day(on, "on")
  local late = {}
  for i, cr in ipairs(p.change_requests or {}) do
    local raised = date.day(cr.raised, "raised")
    local decided = date.optional_day(cr.decided, "decided")
    local days = (decided or today) - raised
    if days > limit then
      late[#late + 1] = string.format("%s (%s %s)", tostring(cr.id or i),
        decided and "decided after" or "open for", count(days, "day"))
    end
  end
  if #late > 0 then
    return false, string.format("%s: %s not decided within %d days: %s",
      name(p), count(#late, "change request"), limit, table.concat(late, ", "))
  end
  local n = #(p.change_requests or {})
  if n == 0 then return true, string.format("%s: no change requests", name(p)) end
  if n == 1 then
    return true, string.format("%s: 1 change request, decided within %d days", name(p), limit)
  end
  return true, string.format("%s: all %d change requests decided within %d days", name(p), n, limit)
end

--- The artifacts required by the project's phase gate are present.
-- Reads `p.phase` and `p.artifacts`, either a list `{ "charter", ... }` or a
-- set `{ charter = true }`. Required artifacts per phase come from
-- `opts.phase_artifacts` (default `DEFAULTS.phase_artifacts`); a phase with
-- no requirement passes.
function M.phase_gate_artifacts(p, opts)
  local required = opt(opts, "phase_artifacts")[p.phase]
  if not required or #required == 0 then
    return true, string.format("%s: no gate artifacts required for phase %s",
      name(p), tostring(p.phase))
  end
  local have = {}
  for k, v in pairs(p.artifacts or {}) do
    if type(k) == "number" then have[v] = true elseif v then have[k] = true end
  end
  local missing = {}
  for _, a in ipairs(required) do
    if not have[a] then missing[#missing + 1] = a end
  end
  if #missing > 0 then
    return false, string.format("%s: phase %s is missing %s", name(p), p.phase,
      table.concat(missing, ", "))
  end
  if #required == 1 then
    return true, string.format("%s: the artifact for phase %s present (%s)", name(p), p.phase, required[1])
  end
  return true, string.format("%s: all %d artifacts for phase %s present", name(p),
    #required, p.phase)
end

return M
