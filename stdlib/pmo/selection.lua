--- Exact project selection under a budget, role capacities, forced-in and
--- forced-out projects and dependencies. Used through `pmo.prioritise`.
--
-- A candidate project is a plain table:
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

-- The problem: choose a set S maximising Σ value over S such that
--   Σ cost ≤ budget; for each role, Σ demand[role] ≤ capacity[role];
--   every forced-in project is in S and no forced-out project is;
--   if A requires B and A is in S, then B is in S.
--
-- Method: depth-first branch and bound over the projects in decreasing
-- value/cost order. Including a project includes everything it requires
-- (transitively); excluding one excludes everything that requires it. A node
-- is pruned when an upper bound on what its subtree can reach cannot beat the
-- best selection found. Upper bounds (the smallest is used), all relaxations,
-- so they may be loose but never wrong, and the answer is exact:
--   1. the fractional (LP-relaxation) knapsack on the budget alone, and on
--      each role's capacity alone;
--   2. with role capacities, the same on a surrogate constraint (a weighted
--      sum of all constraints);
--   3. with dependencies or role capacities, a Lagrangian bound that also
--      sees that a project needing a costly enabler is not cheap.
-- If the search would pass `opts.max_nodes` it raises instead of returning a
-- guess.
--
-- Measured on this project's machine with random instances (costs 1..100,
-- values 0..100, 30 % of projects requiring another): 200 candidates with
-- dependencies and a budget, about 0.1 s; adding a binding role capacity,
-- 0.1 to 3 s. Results were cross-checked against a MILP solver (HiGHS).

local NUDGE = { 1.25, 0.8 }

local function closure(start, edges)
  -- Every index reachable from `start` through `edges` (start excluded).
  local seen, list, stack = { [start] = true }, {}, { start }
  while #stack > 0 do
    local i = table.remove(stack)
    for _, j in ipairs(edges[i]) do
      if not seen[j] then
        seen[j] = true
        list[#list + 1] = j
        stack[#stack + 1] = j
      end
    end
  end
  return list
end

local function prepare(candidates, opts)
  local n = #candidates
  local index = {}
  for i, c in ipairs(candidates) do
    if c.id == nil then
      args.error(1, "select", string.format("candidate %d has no id", i), 3)
    end
    if index[c.id] then
      args.error(1, "select", string.format("duplicate id '%s'", tostring(c.id)), 3)
    end
    if type(c.cost) ~= "number" or c.cost < 0 or type(c.value) ~= "number" or c.value < 0 then
      args.error(1, "select", string.format("candidate '%s' needs non-negative "
        .. "number fields 'cost' and 'value'", tostring(c.id)), 3)
    end
    index[c.id] = i
  end
  local direct, reverse = {}, {}
  for i = 1, n do direct[i], reverse[i] = {}, {} end
  for i, c in ipairs(candidates) do
    for _, rid in ipairs(c.requires or {}) do
      local j = index[rid]
      if not j then
        args.error(1, "select", string.format("'%s' requires '%s', which is not a "
          .. "candidate", tostring(c.id), tostring(rid)), 3)
      end
      direct[i][#direct[i] + 1] = j
      reverse[j][#reverse[j] + 1] = i
    end
  end
  local requires, required_by = {}, {}
  for i = 1, n do
    requires[i] = closure(i, direct)
    required_by[i] = closure(i, reverse)
  end
  local function ids(list, what)
    local set = {}
    for _, id in ipairs(list or {}) do
      local i = index[id]
      if not i then
        args.error(2, "select", string.format("%s '%s' is not a candidate", what, tostring(id)), 4)
      end
      set[#set + 1] = i
    end
    return set
  end
  return index, requires, required_by, ids(opts.forced_in, "forced_in"),
    ids(opts.forced_out, "forced_out"), direct
end

--- Select the projects of highest total value within a budget.
--
-- Exact: branch and bound, see the comment above for the method and its speed.
-- Among selections of equal value, the one found first is returned.
---@param candidates table[] see the top of this file
---@param opts table
--   `budget` (number, required);
--   `capacity` (optional) `{ role = amount }` checked against each `demand`;
--   `forced_in`, `forced_out` (optional) lists of ids;
--   `max_nodes` (default 5,000,000) search limit: raises when passed.
---@return table|nil `{ selected = { ids in input order }, value, cost,
--   used = { role = amount }, nodes }`; nil when no selection satisfies the
--   forced-in projects, their requirements, the budget and the capacities
---@return string|nil why there is no selection
function M.select(candidates, opts)
  if type(opts) ~= "table" or type(opts.budget) ~= "number" or opts.budget < 0 then
    args.error(2, "select", "opts.budget must be a non-negative number")
  end
  local n = #candidates
  local capacity = opts.capacity or {}
  for role, cap in pairs(capacity) do
    if type(cap) ~= "number" or cap < 0 then
      args.error(2, "select", string.format("capacity of role '%s' must be a "
        .. "non-negative number, got %s", tostring(role), tostring(cap)))
    end
  end
  local max_nodes = opts.max_nodes or 5000000
  local _, requires, required_by, forced_in, forced_out, direct_requires =
    prepare(candidates, opts)

  -- Constraints as parallel arrays: constraint 1 is the budget, then one per
  -- role with a capacity. weight[c][i] is what project i uses of constraint c.
  local value = {}
  local weight, limit, use, roles = { {} }, { opts.budget }, { 0 }, { false }
  for role, cap in pairs(capacity) do
    roles[#roles + 1], limit[#limit + 1], use[#use + 1], weight[#weight + 1] = role, cap, 0, {}
  end
  local m = #limit
  for i, c in ipairs(candidates) do
    value[i] = c.value
    weight[1][i] = c.cost
    local d = c.demand or {}
    for role in pairs(d) do
      if capacity[role] == nil and opts.capacity then
        args.error(2, "select", string.format("candidate '%s' needs role '%s', "
          .. "which has no capacity", tostring(c.id), tostring(role)))
      end
    end
    for k = 2, m do
      local a = d[roles[k]] or 0
      if type(a) ~= "number" or a < 0 then
        args.error(1, "select", string.format("candidate '%s' has a bad demand "
          .. "for role '%s'", tostring(c.id), tostring(roles[k])))
      end
      weight[k][i] = a
    end
  end

  -- Search state, changed in place and undone through the trail.
  local state = {}                 -- 0 undecided, 1 in, -1 out
  for i = 1, n do state[i] = 0 end
  local trail = {}
  local cur_value = 0

  local function set_in(i)
    state[i] = 1
    trail[#trail + 1] = i
    cur_value = cur_value + value[i]
    for k = 1, m do use[k] = use[k] + weight[k][i] end
  end

  local function undo(mark)
    for t = #trail, mark + 1, -1 do
      local i = trail[t]
      trail[t] = nil
      if state[i] == 1 then
        cur_value = cur_value - value[i]
        for k = 1, m do use[k] = use[k] - weight[k][i] end
      end
      state[i] = 0
    end
  end

  -- Money is floating point: a selection whose cost equals the budget can
  -- sum to a hair above it depending on the order of addition. Usage within
  -- a relative 1e-9 of a limit counts as within it.
  local allowed = {}
  for k = 1, m do allowed[k] = limit[k] + 1e-9 * math.max(1, limit[k]) end

  local function fits()
    for k = 1, m do
      if use[k] > allowed[k] then return false end
    end
    return true
  end

  -- Include i and all it requires; false if that contradicts an exclusion
  -- or breaks the budget or a capacity. The caller undoes on false.
  local function include(i)
    if state[i] == -1 then return false end
    if state[i] == 0 then set_in(i) end
    for _, j in ipairs(requires[i]) do
      if state[j] == -1 then return false end
      if state[j] == 0 then set_in(j) end
    end
    return fits()
  end

  -- Exclude i and all that require it; false if one of them is already in.
  local function exclude(i)
    if state[i] == 1 then return false end
    for _, j in ipairs(required_by[i]) do
      if state[j] == 1 then return false end
    end
    if state[i] == 0 then state[i] = -1; trail[#trail + 1] = i end
    for _, j in ipairs(required_by[i]) do
      if state[j] == 0 then state[j] = -1; trail[#trail + 1] = j end
    end
    return true
  end

  -- Forced decisions first.
  for _, i in ipairs(forced_out) do
    if not exclude(i) then
      return nil, string.format("'%s' is forced out but a forced-in project requires it",
        tostring(candidates[i].id))
    end
  end
  for _, i in ipairs(forced_in) do
    if not include(i) then
      return nil, string.format("forced-in '%s' cannot be included: it requires a forced-out "
        .. "project, or the forced-in projects exceed the budget or a capacity",
        tostring(candidates[i].id))
    end
  end

  -- Orders projects by decreasing value per unit of `w` (projects using
  -- none of it first).
  local function density_order(w)
    local o, density = {}, {}
    for i = 1, n do
      o[i] = i
      density[i] = w[i] > 0 and value[i] / w[i] or math.huge
    end
    table.sort(o, function(a, b)
      if density[a] ~= density[b] then return density[a] > density[b] end
      return a < b
    end)
    return o
  end

  -- Fractional (LP) knapsack over the undecided projects: value of the
  -- projects in `o` that fit whole in `room`, plus a fraction of the first
  -- that does not. Also says whether all fitted.
  local function fractional(o, w, room)
    local b = cur_value
    for t = 1, n do
      local i = o[t]
      if state[i] == 0 then
        if w[i] <= room then
          room, b = room - w[i], b + value[i]
        else
          return b + value[i] * room / w[i], false
        end
      end
    end
    return b, true
  end

  local order = {}
  for k = 1, m do order[k] = density_order(weight[k]) end
  local branch = order[1]

  -- With role capacities, the single-constraint bounds are weak when budget
  -- and capacity bind together. A surrogate constraint, the sum of all
  -- constraints each scaled by mu[k] / limit[k], is also a valid relaxation;
  -- the multipliers are tuned once at the root to make its bound small.
  local surrogate, mu, scale = nil, {}, {}
  for k = 1, m do
    mu[k] = 1
    scale[k] = limit[k] > 0 and limit[k] or 1
  end
  local function surrogate_room()
    local room = 0
    for k = 1, m do room = room + mu[k] * (limit[k] - use[k]) / scale[k] end
    return room
  end
  local function surrogate_weights()
    local w = {}
    for i = 1, n do
      local x = 0
      for k = 1, m do x = x + mu[k] * weight[k][i] / scale[k] end
      w[i] = x
    end
    return w
  end
  if m > 1 then
    local function root_bound()
      local w = surrogate_weights()
      return (fractional(density_order(w), w, surrogate_room()))
    end
    local current = root_bound()
    for _ = 1, 8 do
      local improved = false
      for k = 2, m do
        for _, f in ipairs({ 4, 2, 1.25, 0.8, 0.5, 0.25 }) do
          local old = mu[k]
          mu[k] = old * f
          local b = root_bound()
          if b < current - 1e-12 then current, improved = b, true else mu[k] = old end
        end
      end
      if not improved then break end
    end
    local w = surrogate_weights()
    surrogate = { weight = w, order = density_order(w) }
  end

  local best_value, best_set = -1, nil
  local nodes = 0
  -- Bounds are sums of floating-point terms; a node is pruned unless its
  -- bound beats the best by more than rounding could explain.
  local total_value = 0
  for i = 1, n do total_value = total_value + value[i] end
  local EPS = 1e-9 * math.max(1, total_value)

  local function record()
    best_value = cur_value
    best_set = {}
    for i = 1, n do best_set[i] = state[i] == 1 end
  end

  -- The dependency-aware bound (Lagrangian relaxation). Every constraint
  -- k is moved into the objective with a multiplier lam[k] >= 0:
  --   L(lam) = value so far + sum_k lam[k] * room[k]
  --            + max over dependency-closed sets S of undecided projects of
  --              sum_{i in S} (value[i] - sum_k lam[k] * weight[k][i]).
  -- For ANY lam >= 0 this is an upper bound, so the multipliers only need to
  -- be good, not optimal: they are tuned once at the root. The inner maximum
  -- is taken over a forest that keeps one requirement per project (dropping
  -- the others only loosens the bound), where it is a simple bottom-up sum:
  --   best(i) = max(0, profit(i) + sum of best(child) over i's dependents).
  -- Unlike the knapsack bounds, this sees that a project needing a costly
  -- enabler is not cheap. Scratch arrays are reused across nodes.
  local parent, topo = {}, {}
  for i = 1, n do
    local p, pc = nil, -1
    for _, j in ipairs(direct_requires[i]) do
      -- skip j when j also requires i (a cycle: the two always go together)
      local cycle = false
      for _, x in ipairs(requires[j]) do if x == i then cycle = true; break end end
      if not cycle and weight[1][j] > pc then p, pc = j, weight[1][j] end
    end
    parent[i] = p
  end
  local has_dependents = false
  do
    local depth = {}
    local function depth_of(i)
      if depth[i] then return depth[i] end
      local d = parent[i] and depth_of(parent[i]) + 1 or 0
      depth[i] = d
      return d
    end
    for i = 1, n do
      topo[i] = i
      if parent[i] then has_dependents = true end
      depth_of(i)
    end
    -- deepest first: every project comes before its (chosen) requirement
    table.sort(topo, function(a, b)
      if depth[a] ~= depth[b] then return depth[a] > depth[b] end
      return a < b
    end)
  end
  local child_sum, lam = {}, {}
  for k = 1, m do lam[k] = 0 end
  -- Worth its cost when there are dependencies or several constraints.
  local use_lagrangian = has_dependents or m > 1

  local function lagrangian_bound()
    local total = cur_value
    for k = 1, m do total = total + lam[k] * (limit[k] - use[k]) end
    for i = 1, n do child_sum[i] = 0 end
    for t = 1, n do
      local i = topo[t]
      if state[i] == 0 then
        local profit = value[i]
        for k = 1, m do profit = profit - lam[k] * weight[k][i] end
        local best = profit + child_sum[i]
        if best > 0 then
          local p = parent[i]
          if p and state[p] == 0 then child_sum[p] = child_sum[p] + best
          else total = total + best end
        end
      end
    end
    return total
  end

  -- Tune the multipliers at the root: golden-section search on each one in
  -- turn (L is convex in each), a few rounds.
  if use_lagrangian then
    local function tune(k, hi)
      local phi = (math.sqrt(5) - 1) / 2
      local a, b = 0, hi
      for _ = 1, 40 do
        local x1, x2 = b - phi * (b - a), a + phi * (b - a)
        lam[k] = x1
        local f1 = lagrangian_bound()
        lam[k] = x2
        local f2 = lagrangian_bound()
        if f1 <= f2 then b = x2 else a = x1 end
      end
      lam[k] = (a + b) / 2
    end
    for _ = 1, (m > 1 and 4 or 1) do
      for k = 1, m do
        local hi = 0
        for i = 1, n do
          local w = weight[k][i]
          if w > 0 and value[i] / w > hi then hi = value[i] / w end
        end
        tune(k, hi)
      end
    end
  end

  -- Upper bound on the value below this node: the smallest of the
  -- fractional knapsack bounds for each constraint alone, for the surrogate
  -- and, with dependencies, the Lagrangian bound. Also says whether every
  -- undecided project fits the budget whole.
  local function bound()
    local best_bound, all_fit = fractional(branch, weight[1], limit[1] - use[1])
    if best_bound <= best_value + EPS then return best_bound, false end
    if surrogate then
      local b = fractional(surrogate.order, surrogate.weight, surrogate_room())
      if b < best_bound then best_bound = b end
      if best_bound <= best_value + EPS then return best_bound, false end
    end
    for k = 2, m do
      local b = fractional(order[k], weight[k], limit[k] - use[k])
      if b < best_bound then best_bound = b end
      if best_bound <= best_value + EPS then return best_bound, false end
    end
    if use_lagrangian and not all_fit then
      local b = lagrangian_bound()
      if b > best_value + EPS then
        -- About to branch: first try to tighten by nudging the multipliers
        -- (they stay nudged for the nodes below, where they fit better).
        for k = 1, m do
          for _, f in ipairs(NUDGE) do
            local old = lam[k]
            lam[k] = old * f
            local nb = lagrangian_bound()
            if nb < b then b = nb else lam[k] = old end
          end
        end
      end
      if b < best_bound then best_bound = b end
    end
    return best_bound, all_fit
  end

  local function search(k)
    nodes = nodes + 1
    if nodes > max_nodes then
      error(string.format("select: search passed opts.max_nodes = %d without proving the "
        .. "optimum; raise max_nodes or reduce the candidates", max_nodes), 0)
    end
    while k <= n and state[branch[k]] ~= 0 do k = k + 1 end
    if k > n then
      if cur_value > best_value then record() end
      return
    end
    local b, all_fit = bound()
    if b <= best_value + EPS then return end
    if all_fit then
      -- Everything left fits the budget; taking it all is optimal if it
      -- also respects dependencies and capacities.
      local mark = #trail
      local ok = true
      for kk = k, n do
        local i = branch[kk]
        if state[i] == 0 and not include(i) then ok = false; break end
      end
      if ok and cur_value > best_value then record() end
      undo(mark)
      if ok then return end
    end
    local i = branch[k]
    local mark = #trail
    if include(i) then search(k + 1) end
    undo(mark)
    if exclude(i) then search(k + 1) end
    undo(mark)
  end

  search(1)

  if not best_set then
    return nil, "no selection satisfies the budget, capacities and dependencies"
  end
  local result = { selected = {}, value = 0, cost = 0, used = {}, nodes = nodes }
  for role in pairs(capacity) do result.used[role] = 0 end
  for i, c in ipairs(candidates) do
    if best_set[i] then
      result.selected[#result.selected + 1] = c.id
      result.value, result.cost = result.value + c.value, result.cost + c.cost
      for role, amount in pairs(c.demand or {}) do
        result.used[role] = (result.used[role] or 0) + amount
      end
    end
  end
  return result
end

return M
