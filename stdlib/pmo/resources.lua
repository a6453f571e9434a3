--- Resource management: utilisation, capacity against demand, over-allocation.
--
-- Amounts are in one unit throughout (hours, days or FTE); periods are any
-- string or number key the caller uses consistently ("2026-01", "2026-W05").
local args = require("pmo.args")

local M = {}

--- Utilisation: the share of available time that is booked.
-- Formula: utilisation = booked / available; nil when available = 0.
-- Source: common resource-management definition (PMI, *The Standard for
-- Portfolio Management*, resource capacity).
---@param booked number hours (or days) booked
---@param available number hours (or days) available
---@return number|nil fraction; above 1 means over-booked
function M.utilisation(booked, available)
  if available == 0 then return nil end
  return booked / available
end

local function add(totals, key1, key2, field, amount)
  local row = totals[key1]
  if not row then row = {}; totals[key1] = row end
  local cell = row[key2]
  if not cell then cell = { capacity = 0, demand = 0 }; row[key2] = cell end
  cell[field] = cell[field] + amount
end

--- The role under which people and demand without a role are counted. An
-- MSPDI plan's resources often have no group (their role) and a CSV may leave
-- the column empty; their hours are still capacity and demand, so they are
-- counted under this one explicit bucket rather than dropped or refused.
-- pmo.measures uses the same label.
M.NO_ROLE = "(no role)"

local function check_row(row, i, argn, fname)
  if type(row.hours) ~= "number" or row.period == nil then
    args.error(argn, fname, string.format("row %d needs a period and a "
      .. "number 'hours'", i), 3)
  end
end

--- Capacity against demand by role and period.
--
-- Balance = capacity − demand: positive is a surplus, negative a deficit.
-- Rows for the same role and period are summed; a row without a role counts
-- under `M.NO_ROLE` ("(no role)").
---@param capacity table[] `{ { role = "dev", period = "2026-01", hours = 320 }, ... }`
---@param demand table[] same shape: hours needed by the portfolio
---@return table[] `{ { role, period, capacity, demand, balance }, ... }`
--   sorted by role then period
---@return table deficits only, same shape, sorted worst first
function M.capacity_vs_demand(capacity, demand)
  local totals = {}
  for i, r in ipairs(capacity) do
    check_row(r, i, 1, "capacity_vs_demand")
    add(totals, r.role == nil and M.NO_ROLE or r.role, r.period, "capacity", r.hours)
  end
  for i, r in ipairs(demand) do
    check_row(r, i, 2, "capacity_vs_demand")
    add(totals, r.role == nil and M.NO_ROLE or r.role, r.period, "demand", r.hours)
  end
  local rows, deficits = {}, {}
  for role, periods in pairs(totals) do
    for period, cell in pairs(periods) do
      local row = { role = role, period = period, capacity = cell.capacity,
        demand = cell.demand, balance = cell.capacity - cell.demand }
      rows[#rows + 1] = row
      if row.balance < 0 then deficits[#deficits + 1] = row end
    end
  end
  table.sort(rows, function(a, b)
    if a.role ~= b.role then return tostring(a.role) < tostring(b.role) end
    return tostring(a.period) < tostring(b.period)
  end)
  table.sort(deficits, function(a, b)
    if a.balance ~= b.balance then return a.balance < b.balance end
    if a.role ~= b.role then return tostring(a.role) < tostring(b.role) end
    return tostring(a.period) < tostring(b.period)
  end)
  return rows, deficits
end

--- People booked above their capacity in a period.
--
-- A person is over-allocated in a period when allocated > capacity ×
-- `opts.threshold` (default 1.0, i.e. any booking beyond 100 %).
---@param assignments table[] `{ { person = "ana", period = "2026-01",
--   project = "PRJ-1", hours = 80 }, ... }` (summed per person and period)
---@param capacity table hours available per person: either
--   `{ ana = 140 }` (same every period) or `{ ana = { ["2026-01"] = 120 } }`
---@param opts? table `{ threshold = 1.0, default_capacity = nil }`;
--   a person missing from `capacity` raises unless `default_capacity` is given
---@return table[] `{ { person, period, allocated, capacity, ratio }, ... }`
--   sorted by ratio, highest first (ratio nil when capacity is 0: always over)
function M.over_allocated(assignments, capacity, opts)
  local threshold = opts and opts.threshold or 1.0
  local default = opts and opts.default_capacity
  local load = {}
  for i, a in ipairs(assignments) do
    if type(a.hours) ~= "number" or a.person == nil or a.period == nil then
      args.error(1, "over_allocated", string.format("assignment %d needs person, "
        .. "period and a number 'hours'", i))
    end
    local row = load[a.person]
    if not row then row = {}; load[a.person] = row end
    row[a.period] = (row[a.period] or 0) + a.hours
  end
  local over = {}
  for person, periods in pairs(load) do
    for period, allocated in pairs(periods) do
      local cap = capacity[person]
      if type(cap) == "table" then cap = cap[period] end
      if cap == nil then cap = default end
      if cap == nil then
        args.error(2, "over_allocated", string.format("no capacity for '%s' in "
          .. "period '%s'; add it or pass opts.default_capacity", tostring(person),
          tostring(period)))
      end
      if allocated > cap * threshold then
        over[#over + 1] = { person = person, period = period, allocated = allocated,
          capacity = cap, ratio = M.utilisation(allocated, cap) }
      end
    end
  end
  table.sort(over, function(a, b)
    local ra, rb = a.ratio or math.huge, b.ratio or math.huge
    if ra ~= rb then return ra > rb end
    if a.person ~= b.person then return tostring(a.person) < tostring(b.person) end
    return tostring(a.period) < tostring(b.period)
  end)
  return over
end

return M
