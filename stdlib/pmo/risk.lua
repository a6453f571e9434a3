--- Risk: exposure, probability-impact heat map, stale risks.
--
-- A risk is a plain table:
--
--     {
--       id = "R-7", project = "PRJ-042",
--       probability = 0.3,        -- 0..1
--       impact = 50000,           -- in money (or any one unit)
--       probability_score = 2,    -- 1..5, optional: the heat-map row
--       impact_score = 4,         -- 1..5, optional: the heat-map column
--       status = "open",          -- "closed" and "occurred" risks are not open (M.is_open)
--       last_reviewed = "2026-01-15",
--     }
local date = require("pmo.date")
local args = require("pmo.args")

local M = {}

--- Exposure of one risk: probability × impact (the expected monetary value
-- when impact is money). Source: PMBOK Guide, quantitative risk analysis
-- (expected monetary value); ISO 31000 likelihood × consequence.
---@param probability number 0..1
---@param impact number in money (or any one unit)
---@return number exposure, in the unit of impact
function M.exposure(probability, impact)
  return probability * impact
end

--- Statuses of a risk that is no longer open: closed (no longer relevant) and
-- occurred (it happened: an issue now, no longer an uncertainty). Source: PMI,
-- Practice Standard for Project Risk Management (2009), risks against issues;
-- ISO 31000:2018, 3.1 (risk is the effect of uncertainty on objectives).
M.CLOSED_STATUSES = { closed = true, occurred = true }

--- Whether a risk is open: its status is neither closed nor occurred (a risk
-- with no status is open). The one definition of "open risk" (pmo.measures).
function M.is_open(r) return not M.CLOSED_STATUSES[r.status] end
local is_open = M.is_open

local function check_risk(r, i, fname)
  if type(r.probability) ~= "number" or type(r.impact) ~= "number" then
    args.error(1, fname, string.format("risk %s needs number fields 'probability' "
      .. "and 'impact'", tostring(r.id or i)), 3)
  end
  if r.probability < 0 or r.probability > 1 then
    args.error(1, fname, string.format("risk %s has probability %s; expected 0..1",
      tostring(r.id or i), tostring(r.probability)), 3)
  end
end

--- Total exposure of the open risks in a list (one project's register).
-- Formula: Σ probability × impact over open risks (`is_open`).
---@param risks table[]
---@return number sum of probability × impact over open risks
---@return integer number of open risks
function M.total_exposure(risks)
  local total, n = 0, 0
  for i, r in ipairs(risks) do
    if is_open(r) then
      check_risk(r, i, "total_exposure")
      total = total + r.probability * r.impact
      n = n + 1
    end
  end
  return total, n
end

--- Exposure per project and for the whole portfolio, open risks only.
---@param risks table[] risks of many projects, each with `project`
---@return table `{ [project] = exposure }`
---@return number portfolio total
function M.portfolio_exposure(risks)
  local by_project, total = {}, 0
  for i, r in ipairs(risks) do
    if is_open(r) then
      check_risk(r, i, "portfolio_exposure")
      local e = r.probability * r.impact
      local key = r.project or "(none)"
      by_project[key] = (by_project[key] or 0) + e
      total = total + e
    end
  end
  return by_project, total
end

--- Score a value 1..5 against four ascending upper bounds: a value ≤
-- bounds[1] scores 1, ≤ bounds[2] scores 2, ..., above bounds[4] scores 5.
---@param value number
---@param bounds number[] four ascending upper bounds
---@return integer score 1..5
function M.score(value, bounds)
  for level = 1, 4 do
    if value <= bounds[level] then return level end
  end
  return 5
end

--- Default probability bands for `heat_map` (upper bounds of scores 1..4):
-- ≤10 % rare, ≤30 % unlikely, ≤50 % possible, ≤70 % likely, above: almost certain.
M.PROBABILITY_BANDS = { 0.10, 0.30, 0.50, 0.70 }

--- Probability × impact heat map: counts of open risks in a 5 × 5 grid.
--
-- The row is the probability score and the column the impact score, 1..5.
-- A risk's `probability_score` / `impact_score` are used when present;
-- otherwise the score comes from `probability` and `impact` through the bands
-- (`opts.probability_bands`, default `PROBABILITY_BANDS`; `opts.impact_bands`
-- has no default because impact units differ between organisations).
---@return table grid `grid[p][i]` = count, every cell present (0 when empty)
---@return integer number of risks placed
function M.heat_map(risks, opts)
  local pb = opts and opts.probability_bands or M.PROBABILITY_BANDS
  local ib = opts and opts.impact_bands
  local grid = {}
  for p = 1, 5 do grid[p] = { 0, 0, 0, 0, 0 } end
  local n = 0
  for i, r in ipairs(risks) do
    if is_open(r) then
      local ps = r.probability_score or (r.probability and M.score(r.probability, pb))
      local is = r.impact_score
      if not is and r.impact and ib then is = M.score(r.impact, ib) end
      if not ps or not is or not grid[ps] or not grid[ps][is] then
        args.error(1, "heat_map", string.format("risk %s has no 1..5 scores; give "
          .. "probability_score/impact_score or pass opts.impact_bands", tostring(r.id or i)))
      end
      grid[ps][is] = grid[ps][is] + 1
      n = n + 1
    end
  end
  return grid, n
end

--- Open risks not reviewed within `max_days` of `on` (or never reviewed).
---@param risks table[]
-- @param on date of the check
---@param max_days number
---@return table[] `{ { id, project, days = days since review or nil if never }, ... }`,
--   never-reviewed first, then the longest unreviewed
function M.stale(risks, on, max_days)
  local d = date.day(on, "on")
  local list = {}
  for _, r in ipairs(risks) do
    if is_open(r) then
      local reviewed = date.optional_day(r.last_reviewed, "last_reviewed")
      local days = reviewed and d - reviewed
      if days == nil or days > max_days then
        list[#list + 1] = { id = r.id, project = r.project, days = days }
      end
    end
  end
  table.sort(list, function(a, b)
    local da, db = a.days or math.huge, b.days or math.huge
    if da ~= db then return da > db end
    return tostring(a.id) < tostring(b.id)
  end)
  return list
end

return M
