--- Portfolio prioritisation: weighted scoring, selection under a budget,
--- the efficient frontier, and AHP criteria weights.
--
-- A candidate project for selection is a plain table:
--
--     {
--       id = "PRJ-7",
--       cost = 120000,                 -- counts against opts.budget
--       value = 42,                    -- what is maximised (e.g. a weighted score)
--       demand = { dev = 3, qa = 1 },  -- optional: per-role need (against opts.capacity)
--       requires = { "PRJ-2" },        -- optional: ids this project cannot go without
--     }
local args = require("pmo.args")

local M = {}

---------------------------------------------------------------------------
-- Weighted scoring
---------------------------------------------------------------------------

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

--- Weighted score of one project.
-- Formula: score = Σ wᵢ sᵢ / Σ wᵢ over the criteria in `weights` (so weights
-- need not sum to 1, and the score stays on the scale of the criterion scores).
-- Source: the weighted scoring model, PMI *The Standard for Portfolio
-- Management* (4th ed.), portfolio prioritisation.
---@param scores table `{ strategic_fit = 4, roi = 3, risk = 2 }`
---@param weights table `{ strategic_fit = 0.5, roi = 0.3, risk = 0.2 }`
---@return number
function M.weighted_score(scores, weights)
  local total, wsum = 0, 0
  for _, criterion in ipairs(sorted_keys(weights)) do
    local w, s = weights[criterion], scores[criterion]
    if type(s) ~= "number" then
      args.error(1, "weighted_score", string.format("no number score for "
        .. "criterion '%s', got %s", tostring(criterion), type(s)))
    end
    total, wsum = total + w * s, wsum + w
  end
  if wsum == 0 then
    args.error(2, "weighted_score", "weights sum to zero")
  end
  return total / wsum
end

--- Rank projects by weighted score, highest first (ties by id).
---@param projects table[] each `{ id = ..., scores = { criterion = number } }`
---@param weights table as in `weighted_score`
---@return table[] `{ { id, score, rank, project }, ... }`
function M.rank(projects, weights)
  local ranked = {}
  for i, p in ipairs(projects) do
    if type(p.scores) ~= "table" then
      args.error(1, "rank", string.format("project %s has no 'scores' table", tostring(p.id or i)))
    end
    ranked[i] = { id = p.id, score = M.weighted_score(p.scores, weights), project = p }
  end
  table.sort(ranked, function(a, b)
    if a.score ~= b.score then return a.score > b.score end
    return tostring(a.id) < tostring(b.id)
  end)
  for i, r in ipairs(ranked) do r.rank = i end
  return ranked
end

---------------------------------------------------------------------------
-- Selection and the efficient frontier (the solver is in pmo.selection)
---------------------------------------------------------------------------

local selection = require("pmo.selection")

--- Select the projects of highest total value within a budget; exact.
-- See `pmo.selection.select` for the options, the result and the method.
M.select = selection.select

--- Why each candidate left out of a selection was left out.
--
-- For every candidate not in `choice.selected`, the best selection that must
-- include it (`select` with `forced_in = { id }`, under the same `opts`) is
-- compared with `choice`: funding it would cost the portfolio the difference
-- in total value. That trade-off is the reason, stated with its figures, so a
-- deferral is never just a word. Reasons, in order of precedence:
-- it costs more than the whole budget; no selection with it fits (the
-- solver's own reason: capacity, requirements); the best selection with it
-- is worth less than `choice` (by how much, and what its cost leaves for the
-- rest); or it is worth as much (a tie the solver broke).
---@param candidates table[] as for `select`
---@param choice table what `select` returned for these candidates and `opts`
---@param opts table as for `select` (`budget` required)
---@return table[] `{ { id, cost, value, best_with = number|nil, reason }, ... }`
--   in the candidates' order
function M.deferrals(candidates, choice, opts)
  if type(choice) ~= "table" or type(choice.selected) ~= "table" then
    args.error(2, "deferrals", "expected the table select returned")
  end
  if type(opts) ~= "table" or type(opts.budget) ~= "number" then
    args.error(3, "deferrals", "expected opts with a number 'budget'")
  end
  local chosen = {}
  for _, id in ipairs(choice.selected) do chosen[id] = true end
  local out = {}
  for _, c in ipairs(candidates) do
    if not chosen[c.id] then
      local run = {}
      for k, v in pairs(opts) do run[k] = v end
      local forced = { c.id }
      for _, id in ipairs(opts.forced_in or {}) do forced[#forced + 1] = id end
      run.forced_in = forced
      local with, why = M.select(candidates, run)
      local reason
      if c.cost > opts.budget then
        reason = string.format("costs %.0f, more than the whole budget of %.0f", c.cost, opts.budget)
      elseif not with then
        reason = "no selection with it fits: " .. tostring(why)
      elseif with.value < choice.value then
        reason = string.format("with it, the best set scores %.2f against %.2f without it "
          .. "(its cost of %.0f leaves %.0f for the others)", with.value, choice.value, c.cost,
          opts.budget - c.cost)
      else
        reason = string.format("a set with it scores the same, %.2f; the funded set was found first",
          with.value)
      end
      out[#out + 1] = { id = c.id, cost = c.cost, value = c.value, best_with = with and with.value,
        reason = reason }
    end
  end
  return out
end

--- The efficient frontier: the best achievable value at each budget level.
--
-- Runs `select` once per level (other constraints from `opts` apply to all).
---@param candidates table[]
-- @param budgets a list of budget levels, or a number of equal steps from 0
--   to the total cost of all candidates
---@param opts? table as for `select`, without `budget`
---@return table[] `{ { budget, value, cost, selected }, ... }` in budget
--   order; value and selected are nil at a level with no feasible selection
function M.frontier(candidates, budgets, opts)
  if type(budgets) == "number" then
    local steps, total = budgets, 0
    for _, c in ipairs(candidates) do total = total + c.cost end
    budgets = {}
    for s = 0, steps do budgets[#budgets + 1] = total * s / steps end
  end
  local points = {}
  local run = {}
  for k, v in pairs(opts or {}) do run[k] = v end
  for _, b in ipairs(budgets) do
    run.budget = b
    local r = M.select(candidates, run)
    points[#points + 1] = { budget = b, value = r and r.value, cost = r and r.cost,
      selected = r and r.selected }
  end
  table.sort(points, function(a, b) return a.budget < b.budget end)
  return points
end

---------------------------------------------------------------------------
-- AHP criteria weights (in pmo.ahp)
---------------------------------------------------------------------------

local ahp = require("pmo.ahp")

--- AHP weights, refusing CR > 0.10; see `pmo.ahp.ahp`.
M.ahp = ahp.ahp
--- AHP weights and consistency without refusing; see `pmo.ahp.ahp_consistency`.
M.ahp_consistency = ahp.ahp_consistency
M.RANDOM_INDEX = ahp.RANDOM_INDEX
M.MAX_CR = ahp.MAX_CR

return M
