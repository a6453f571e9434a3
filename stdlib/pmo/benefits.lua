--- Benefits realisation: realised against planned, to date.
--
-- A benefit is a plain table with dated amounts (each amount is the value in
-- that period, not a running total):
--
--     {
--       id = "B-3", project = "PRJ-042", name = "Fewer support calls",
--       planned  = { { date = "2026-03-31", amount = 10000 }, ... },
--       realised = { { date = "2026-03-31", amount = 6000 }, ... },
--     }
--
-- Source: benefits realisation management as in PMI, *Benefits Realization
-- Management: A Practice Guide* (2019) and AXELOS MSP: compare the benefits
-- realised so far with those the benefits profile planned by the same date.
local date = require("pmo.date")

local M = {}

local function sum_to(entries, d, what)
  local total = 0
  if entries == nil then return 0 end
  for i, e in ipairs(entries) do
    if type(e.amount) ~= "number" then
      error(string.format("bad benefit entry %d in '%s' (number 'amount' expected, got %s)",
        i, what, type(e.amount)), 3)
    end
    if date.day(e.date, what .. ".date") <= d then total = total + e.amount end
  end
  return total
end

--- Realised and planned benefit of one benefit (or of any table with
-- `planned`/`realised` lists) up to and including a date.
-- Formula: realisation = Σ realised(date ≤ on) / Σ planned(date ≤ on).
---@param benefit table `{ planned = { {date, amount}, ... }, realised = { ... } }`
-- @param on date
---@return number realised to date
---@return number planned to date
---@return number|nil realisation ratio; nil when nothing was planned yet
function M.to_date(benefit, on)
  local d = date.day(on, "on")
  local realised = sum_to(benefit.realised, d, "realised")
  local planned = sum_to(benefit.planned, d, "planned")
  return realised, planned, planned ~= 0 and realised / planned or nil
end

--- Realised against planned over many benefits (a project or a portfolio).
-- Formula: as `to_date`, per benefit and summed.
---@param benefits table[]
-- @param on date
---@return table rows `{ { id, project, realised, planned, ratio, variance }, ... }`
--   in input order; variance = realised − planned (negative: shortfall)
---@return number total realised
---@return number total planned
---@return number|nil total ratio
function M.realised_vs_planned(benefits, on)
  local rows, tr, tp = {}, 0, 0
  for _, b in ipairs(benefits) do
    local r, p, ratio = M.to_date(b, on)
    rows[#rows + 1] = { id = b.id, project = b.project, realised = r, planned = p,
      ratio = ratio, variance = r - p }
    tr, tp = tr + r, tp + p
  end
  return rows, tr, tp, tp ~= 0 and tr / tp or nil
end

return M
