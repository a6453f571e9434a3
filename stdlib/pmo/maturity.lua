--- Current-state analysis: how mature is project delivery, and which kind of
--- PMO would help most?
--
-- Inputs:
--
--     figures = {                 -- the portfolio's own numbers
--       projects = 42,            -- number of active projects
--       spend = 12500000,         -- annual spend (reported back, not scored)
--       failure_rate = 0.12,      -- 0..1, see pmo.delivery.failure_rate
--       late_rate = 0.40,         -- 0..1, share of projects finishing late
--       resource_conflicts = 9,   -- count of over-allocations (pmo.resources)
--       compliance_gaps = 0.30,   -- 0..1, share of failed compliance checks
--     }
--     survey = {                  -- optional: stakeholder answers, 1..5 each
--       methodology = { 3, 2, 4 }, governance = { 2, 2 }, tools = { 4 },
--       resources = { 2, 3 }, reporting = { 3 },
--     }
--
-- Every figure is optional; a rule whose figure is missing does not fire.
--
-- Maturity levels follow the five-level staging common to PMI's OPM3 and
-- the PMMM of Kerzner and of Crawford: 1 initial (ad hoc), 2 repeatable,
-- 3 defined, 4 managed (measured), 5 optimising. The PMO types are the
-- three of PMBOK Guide (6th ed., §2.4.4.3): supportive ("weather station",
-- consolidates status), controlling ("control tower", enforces a method and
-- audits compliance) and directive ("resource pool", directly manages
-- projects and people).
--
-- The rules are data, in `M.RULES` below, so a PMO can read and change them;
-- pass `opts.rules` to override any of them per call.
local args = require("pmo.args")

local M = {}

M.DIMENSIONS = { "methodology", "governance", "tools", "resources", "reporting" }

--- The name of each level (the five-level staging above).
M.LEVEL_NAMES = { "initial", "repeatable", "defined", "managed", "optimising" }

M.PMO_TYPES = {
  weather_station = { name = "weather station", pmbok = "supportive" },
  control_tower   = { name = "control tower",   pmbok = "controlling" },
  resource_pool   = { name = "resource pool",   pmbok = "directive" },
}

M.RULES = {
  -- Evidence from the figures: each dimension's level implied by one figure.
  -- `bands` are upper bounds for levels 5, 4, 3, 2 (lower is better for all
  -- these figures); anything above the last band is level 1.
  evidence = {
    methodology = { figure = "failure_rate", bands = { 0.02, 0.05, 0.10, 0.20 },
      why = "projects that fail point at a method that is missing or not followed" },
    governance = { figure = "compliance_gaps", bands = { 0.02, 0.05, 0.10, 0.30 },
      why = "failed control checks show decisions and gates not being enforced" },
    resources = { figure = "conflicts_per_project", bands = { 0.0, 0.1, 0.2, 0.5 },
      why = "people booked beyond capacity show no shared view of demand" },
    reporting = { figure = "late_rate", bands = { 0.05, 0.10, 0.25, 0.40 },
      why = "lateness that persists shows status not surfacing problems early" },
    -- tools: no portfolio figure measures tooling; only the survey can.
  },

  -- Recommended PMO type: each rule that holds adds one point and one reason
  -- to its type. Most points wins; a tie goes to the earlier type in
  -- `TIE_ORDER`. With no rule firing, the recommendation is a weather station.
  recommend = {
    { type = "control_tower", figure = "failure_rate", above = 0.15,
      reason = "failure rate %s is above %s: enforce a common method and phase gates" },
    { type = "control_tower", figure = "late_rate", above = 0.30,
      reason = "late rate %s is above %s: baseline and audit schedules" },
    { type = "control_tower", figure = "compliance_gaps", above = 0.20,
      reason = "compliance gaps %s are above %s: audit projects against the method" },
    { type = "control_tower", level = "methodology", at_most = 2,
      reason = "methodology maturity %s is at most %s" },
    { type = "control_tower", level = "governance", at_most = 2,
      reason = "governance maturity %s is at most %s" },
    { type = "resource_pool", figure = "conflicts_per_project", above = 0.5,
      reason = "resource conflicts per project %s are above %s: manage people centrally" },
    { type = "resource_pool", level = "resources", at_most = 2,
      reason = "resource management maturity %s is at most %s" },
    { type = "resource_pool", figure = "projects", above = 30,
      reason = "%s projects (above %s) compete for the same people and money" },
    { type = "weather_station", level = "reporting", at_most = 2,
      reason = "reporting maturity %s is at most %s: consolidate status first" },
  },
  TIE_ORDER = { "control_tower", "resource_pool", "weather_station" },
}

--- The figures that are shares (0..1), shown in percent; the others are
-- counts or ratios and shown as numbers (0.63 conflicts per project is not 63 %).
M.SHARES = { failure_rate = true, late_rate = true, compliance_gaps = true }

--- A figure's value as the reasons show it: a share in percent, a whole
--- number as it is, any other number with two decimals.
---@param v any
---@param figure string the figure's name (see maturity.SHARES)
---@return string
local function show(v, figure)
  if type(v) ~= "number" then return tostring(v) end
  if M.SHARES[figure] then return string.format("%.0f%%", v * 100) end
  if v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%d", v) end
  return string.format("%.2f", v)
end
M.show = show

-- Level 1..5 from a figure where lower is better.
local function level_from_bands(value, bands)
  for i, bound in ipairs(bands) do
    if value <= bound then return 6 - i end
  end
  return 1
end

--- Survey level of one dimension: the mean answer, rounded down (a level
-- counts as reached only when it is met on average), clamped to 1..5.
-- nil when there are no answers.
function M.survey_level(answers)
  if answers == nil or #answers == 0 then return nil end
  local sum = 0
  for i, a in ipairs(answers) do
    if type(a) ~= "number" or a < 1 or a > 5 then
      error(string.format("bad survey answer #%d (expected a number 1..5, got %s)", i,
        tostring(a)), 2)
    end
    sum = sum + a
  end
  return math.floor(sum / #answers)
end

-- ---------------------------------------------------------------------------
-- The stakeholder survey as a CSV file.

-- One CSV record's fields (RFC 4180: commas, double quotes, "" inside quotes);
-- nil and a reason when a quote is left open (a record spans one line here).
local function csv_fields(line)
  local fields, i, n = {}, 1, #line
  while true do
    if line:sub(i, i) == '"' then
      local buf, j = {}, i + 1
      while true do
        local q = line:find('"', j, true)
        if not q then return nil, "a quoted field is not closed" end
        buf[#buf + 1] = line:sub(j, q - 1)
        if line:sub(q + 1, q + 1) == '"' then
          buf[#buf + 1] = '"'; j = q + 2
        else
          j = q + 1; break
        end
      end
      fields[#fields + 1] = table.concat(buf)
      local c = line:sub(j, j)
      if c == "" then return fields end
      if c ~= "," then return nil, "text after a closing quote" end
      i = j + 1
    else
      local comma = line:find(",", i, true)
      if not comma then fields[#fields + 1] = line:sub(i); return fields end
      fields[#fields + 1] = line:sub(i, comma - 1)
      i = comma + 1
    end
  end
end

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

--- Reads a stakeholder survey from CSV text: one answer per record.
--
-- Columns, named in the first line (in any order, case-insensitive):
--
-- * `dimension` (required): one of M.DIMENSIONS (methodology, governance,
--   tools, resources, reporting);
-- * `answer` (required): a whole number 1..5, the level the respondent sees
--   (1 initial, 2 repeatable, 3 defined, 4 managed, 5 optimising); empty
--   means no opinion and is skipped;
-- * `respondent` (optional): who answered, to count the respondents.
--
-- Other columns (a comment, a date) are ignored; blank lines are skipped.
---@param text string the file's contents (a UTF-8 byte-order mark is allowed)
---@param source? string the file's name, for messages (default "survey")
---@return table survey `{ methodology = { 3, 2 }, ... }`, as `levels` takes it
---@return table `{ answers = n, respondents = n|nil, skipped = n }`
-- @raise `"FILE:LINE: field 'answer': '7' is not a whole number 1..5"` and the like
function M.parse_survey(text, source)
  if type(text) ~= "string" then
    args.type_error(1, "parse_survey", "string", text)
  end
  source = source or "survey"
  local function fail(line, msg) error(string.format("%s:%d: %s", source, line, msg), 0) end
  text = text:gsub("^\239\187\191", "")
  local known = {}
  for _, d in ipairs(M.DIMENSIONS) do known[d] = true end
  local survey, stats, who = {}, { answers = 0, skipped = 0 }, {}
  local columns, number = nil, 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    number = number + 1
    line = line:gsub("\r$", "")
    if trim(line) ~= "" then
      local fields, why = csv_fields(line)
      if not fields then fail(number, why) end
      if not columns then
        columns = {}
        for i, f in ipairs(fields) do columns[trim(f):lower()] = i end
        for _, need in ipairs({ "dimension", "answer" }) do
          if not columns[need] then
            fail(number, string.format("no '%s' column (the header names dimension, answer "
              .. "and optionally respondent; got %s)", need, trim(line)))
          end
        end
      else
        local dim = trim(fields[columns.dimension] or ""):lower()
        if not known[dim] then
          fail(number, string.format("field 'dimension': '%s' is not one of %s", dim,
            table.concat(M.DIMENSIONS, ", ")))
        end
        local raw = trim(fields[columns.answer] or "")
        if raw == "" then
          stats.skipped = stats.skipped + 1
        else
          local a = tonumber(raw)
          if not a or a ~= math.floor(a) or a < 1 or a > 5 then
            fail(number, string.format("field 'answer': '%s' is not a whole number 1..5", raw))
          end
          local list = survey[dim]
          if not list then list = {}; survey[dim] = list end
          list[#list + 1] = math.tointeger(a)
          stats.answers = stats.answers + 1
          local r = columns.respondent and trim(fields[columns.respondent] or "")
          if r and r ~= "" then who[r] = true end
        end
      end
    end
  end
  if not columns then fail(1, "empty survey: expected a header line naming dimension and answer") end
  if columns.respondent then
    local n = 0
    for _ in pairs(who) do n = n + 1 end
    stats.respondents = n
  end
  return survey, stats
end

--- Derived figures the rules use besides the given ones.
local function derive(figures)
  local f = {}
  for k, v in pairs(figures or {}) do f[k] = v end
  if f.resource_conflicts and f.projects and f.projects > 0 then
    f.conflicts_per_project = f.resource_conflicts / f.projects
  end
  return f
end

--- Maturity level per dimension, with the reason for each.
--
-- Rule: with both a survey and evidence, the level is the smaller of the two
-- (what people believe is capped by what the figures show); with one, that
-- one; with neither, nil (unknown).
---@param figures table see the top of this file
---@param survey? table see the top of this file
---@param opts? table `{ rules = M.RULES }`
---@return table levels `{ methodology = 2, ... }` (nil where unknown)
---@return table reasons `{ methodology = "…", ... }`
function M.levels(figures, survey, opts)
  local rules = (opts and opts.rules) or M.RULES
  local f = derive(figures)
  local levels, reasons = {}, {}
  for _, dim in ipairs(M.DIMENSIONS) do
    local from_survey = M.survey_level(survey and survey[dim])
    local ev = rules.evidence[dim]
    local value = ev and f[ev.figure]
    local from_figures = value and level_from_bands(value, ev.bands)
    local level, reason
    if from_survey and from_figures then
      level = math.min(from_survey, from_figures)
      if from_figures < from_survey then
        reason = string.format("survey says %d, capped at %d by %s = %s (%s)", from_survey,
          from_figures, ev.figure, show(value, ev.figure), ev.why)
      else
        reason = string.format("survey says %d; %s = %s supports up to %d", from_survey,
          ev.figure, show(value, ev.figure), from_figures)
      end
    elseif from_survey then
      level, reason = from_survey, string.format("survey says %d (no figure to check it)",
        from_survey)
    elseif from_figures then
      level, reason = from_figures, string.format("%s = %s gives level %d (no survey)",
        ev.figure, show(value, ev.figure), from_figures)
    else
      reason = "unknown: no survey answers and no figure for this dimension"
    end
    levels[dim], reasons[dim] = level, reason
  end
  return levels, reasons
end

--- Current-state analysis: maturity levels and the recommended PMO type.
---@param figures table
---@param survey? table
---@param opts? table `{ rules = M.RULES }`
---@return table `{ levels, level_reasons, pmo_type, pmo_type_name, pmbok_type,
--   reasons = { "…", ... }, scores = { control_tower = n, ... },
--   reasons_by_type = { control_tower = { "…", ... }, ... }, spend, projects,
--   fired = { { type, reason, figure = key | nil, level = dimension | nil, value }, ... } }`
--   (`fired`: every rule that held, in M.RULES.recommend's order, with the
--   figure or maturity level it read, so a report can cite where each reason comes from)
function M.assess(figures, survey, opts)
  local rules = (opts and opts.rules) or M.RULES
  local f = derive(figures)
  local levels, level_reasons = M.levels(figures, survey, opts)
  local scores, reasons_by_type, fired_rules = {}, {}, {}
  for t in pairs(M.PMO_TYPES) do scores[t], reasons_by_type[t] = 0, {} end
  for _, rule in ipairs(rules.recommend) do
    local fired, msg
    if rule.figure then
      local v = f[rule.figure]
      if v ~= nil and v > rule.above then
        fired, msg = true, string.format(rule.reason, show(v, rule.figure), show(rule.above, rule.figure))
      end
    else
      local l = levels[rule.level]
      if l ~= nil and l <= rule.at_most then
        fired, msg = true, string.format(rule.reason, l, rule.at_most)
      end
    end
    if fired then
      scores[rule.type] = scores[rule.type] + 1
      local list = reasons_by_type[rule.type]
      list[#list + 1] = msg
      fired_rules[#fired_rules + 1] = { type = rule.type, reason = msg, figure = rule.figure,
        level = rule.level, value = rule.figure and f[rule.figure] or levels[rule.level] }
    end
  end
  local best, best_score = "weather_station", 0
  for _, t in ipairs(rules.TIE_ORDER) do
    if scores[t] > best_score then best, best_score = t, scores[t] end
  end
  local reasons = reasons_by_type[best]
  if best_score == 0 then
    reasons = { "no delivery, compliance or resource figure calls for control: "
      .. "start by consolidating status across projects" }
  end
  return {
    levels = levels, level_reasons = level_reasons,
    pmo_type = best, pmo_type_name = M.PMO_TYPES[best].name,
    pmbok_type = M.PMO_TYPES[best].pmbok,
    reasons = reasons, scores = scores, reasons_by_type = reasons_by_type, fired = fired_rules,
    projects = f.projects, spend = f.spend,
  }
end

return M
