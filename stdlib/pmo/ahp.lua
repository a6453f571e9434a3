--- AHP (analytic hierarchy process): criteria weights from a pairwise
--- comparison matrix, with Saaty's consistency check. Used through
--- `pmo.prioritise`.
--
--     local w = prioritise.ahp({ { 1, 3, 5 }, { 1/3, 1, 3 }, { 1/5, 1/3, 1 } })
--     --> w[1] = 0.637, w[2] = 0.258, w[3] = 0.105
local args = require("pmo.args")

local M = {}

--- Saaty's random consistency index RI by matrix size n (1..10).
-- Source: T. L. Saaty, *The Analytic Hierarchy Process* (1980).
M.RANDOM_INDEX = { 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 }

--- The largest consistency ratio AHP accepts (Saaty's 10 % rule).
M.MAX_CR = 0.10

-- The matrix `a`, argument #1 of `fname`, checked; returns its size. Errors blame the
-- caller of the function that calls check_matrix.
local function check_matrix(a, fname)
  if type(a) ~= "table" or #a == 0 then
    args.error(1, fname, "non-empty square matrix expected", 3)
  end
  local n = #a
  if n > #M.RANDOM_INDEX then
    args.error(1, fname, string.format("%d criteria; Saaty's random index covers "
      .. "at most %d: group the criteria into a hierarchy", n, #M.RANDOM_INDEX), 3)
  end
  for i = 1, n do
    if type(a[i]) ~= "table" or #a[i] ~= n then
      args.error(1, fname, string.format("row %d must have %d entries", i, n), 3)
    end
    for j = 1, n do
      local v = a[i][j]
      if type(v) ~= "number" or v <= 0 then
        args.error(1, fname, string.format("entry [%d][%d] must be a positive "
          .. "number, got %s", i, j, tostring(v)), 3)
      end
      if math.abs(v * a[j][i] - 1) > 1e-3 then
        args.error(1, fname, string.format("entry [%d][%d] = %s but [%d][%d] = %s; "
          .. "a pairwise matrix needs a[j][i] = 1 / a[i][j]", i, j, tostring(v), j, i,
          tostring(a[j][i])), 3)
      end
    end
  end
  return n
end

--- Priority weights and consistency of a pairwise comparison matrix,
-- without refusing an inconsistent one (for diagnosis).
--
-- Weights: the principal eigenvector of A, by power iteration (w ← A w,
-- normalised to sum 1, until no weight moves by more than 1e-12).
-- λmax = mean over i of (A w)ᵢ / wᵢ; CI = (λmax − n) / (n − 1);
-- CR = CI / RI(n) (CR = 0 for n ≤ 2, which are always consistent).
-- Source: T. L. Saaty, *The Analytic Hierarchy Process* (1980).
---@param matrix number[][] a[i][j] = how much more important i is than j (1..9)
---@return number[] weights summing to 1
---@return table `{ lambda_max, ci, cr, iterations, worst = { i, j, given, implied } }`;
--   `worst` is the judgement furthest from what the weights imply
function M.ahp_consistency(matrix)
  local n = check_matrix(matrix, "ahp_consistency")
  local w, next_w = {}, {}
  for i = 1, n do w[i] = 1 / n end
  local iterations = 0
  repeat
    iterations = iterations + 1
    local sum = 0
    for i = 1, n do
      local row, s = matrix[i], 0
      for j = 1, n do s = s + row[j] * w[j] end
      next_w[i] = s
      sum = sum + s
    end
    local change = 0
    for i = 1, n do
      local v = next_w[i] / sum
      local d = math.abs(v - w[i])
      if d > change then change = d end
      w[i] = v
    end
  until change < 1e-12 or iterations >= 10000
  local lambda = 0
  for i = 1, n do
    local s = 0
    for j = 1, n do s = s + matrix[i][j] * w[j] end
    lambda = lambda + s / w[i]
  end
  lambda = lambda / n
  local ci = n > 1 and (lambda - n) / (n - 1) or 0
  if ci < 0 then ci = 0 end           -- rounding below n on consistent matrices
  local ri = M.RANDOM_INDEX[n]
  local cr = ri > 0 and ci / ri or 0
  local worst, worst_err = nil, -1
  for i = 1, n do
    for j = i + 1, n do
      local implied = w[i] / w[j]
      local err = math.abs(math.log(matrix[i][j] / implied))
      if err > worst_err then
        worst_err = err
        worst = { i = i, j = j, given = matrix[i][j], implied = implied }
      end
    end
  end
  return w, { lambda_max = lambda, ci = ci, cr = cr, iterations = iterations, worst = worst }
end

--- AHP priority weights, refusing inconsistent judgements (CR > 0.10).
---@param matrix number[][] pairwise comparison matrix
---@param names? string[] criterion names; when given, the weights
--   are also returned keyed by name
---@return number[] weights summing to 1 (by position)
---@return table consistency, as from `ahp_consistency`, plus `by_name` when names are given
function M.ahp(matrix, names)
  -- Checked here too (n <= 10: cheap), so that a bad matrix names ahp and its caller's line.
  check_matrix(matrix, "ahp")
  local w, info = M.ahp_consistency(matrix)
  if info.cr > M.MAX_CR then
    local worst = info.worst
    local label = function(i) return names and names[i] or ("#" .. i) end
    error(string.format("ahp: pairwise comparisons are inconsistent (CR = %.3f > %.2f); "
      .. "revisit the judgements, starting with %s vs %s (given %.3g, the other judgements "
      .. "imply about %.3g)", info.cr, M.MAX_CR, label(worst.i), label(worst.j), worst.given,
      worst.implied), 2)
  end
  if names then
    info.by_name = {}
    for i, name in ipairs(names) do info.by_name[name] = w[i] end
  end
  return w, info
end

return M
