--- Earned schedule (ES): schedule performance measured in time, not money.
--
-- Source: Walt Lipke, "Schedule is Different", The Measurable News, March
-- 2003; terms as in Lipke & Henderson, "Earned Schedule: an emerging
-- enhancement to EVM" and the PMI Practice Standard for EVM (2nd ed.).
--
-- Inputs:
--
-- * `pv`: the cumulative planned value at the end of each period, an array
--   `{ PV_1, PV_2, ..., PV_n }`. PV_0 = 0 is implied (the plan starts at 0).
--   It must never decrease. Periods are whatever the plan uses (weeks, months).
-- * `ev`: cumulative earned value now (same currency as `pv`).
-- * `at`: actual time, the number of periods elapsed (may be fractional).
-- * `pd`: planned duration in periods; defaults to `#pv`.
--
-- All results are in periods. As in `pmo.evm`, anything that would divide by
-- zero is returned as nil.
--
--     local es = require("pmo.es")
--     local m = es.measures({ 100, 250, 450, 700, 900, 1000 }, 500, 4)
--     print(m.es, m.sv_t, m.spi_t, m.ieac_t)  --> 3.2  -0.8  0.8  7.5
local M = {}

--- Earned schedule.
--
-- ES = C + (EV − PV_C) / (PV_{C+1} − PV_C), where C is the number of whole
-- periods whose cumulative PV has been earned: the largest C with PV_C ≤ EV.
--
-- Edge cases, by rule rather than by accident:
--
-- * EV = 0 with a plan that starts with work: ES = 0.
-- * Flat PV segments (periods with nothing planned, e.g. a shutdown): C is
--   the *largest* period with PV_C ≤ EV (Lipke's count of increments with
--   EV ≥ PV), so earning the value planned before a plateau earns the whole
--   plateau; PV_{C+1} > PV_C is then guaranteed and there is no division by 0.
-- * EV ≥ PV_n (all planned value earned, EV ≥ BAC): ES = n, the planned
--   duration of the series; it never extrapolates past the plan.
--
-- @tparam {number,...} pv cumulative planned value per period
-- @tparam number ev cumulative earned value
-- @treturn number ES in periods
-- @treturn integer C, the number of whole periods earned
function M.earned_schedule(pv, ev)
  local n = #pv
  local c, prev = 0, 0
  -- One linear scan over the whole series: plans have tens to a few hundred
  -- periods, and the same scan checks that PV never decreases.
  for i = 1, n do
    local v = pv[i]
    if v < prev then
      error(string.format("bad argument #1 to 'earned_schedule' (cumulative PV decreases "
        .. "at period %d: %s after %s)", i, tostring(v), tostring(prev)), 2)
    end
    if v <= ev then c = i end
    prev = v
  end
  if c == n then return n, n end
  local pv_c = c > 0 and pv[c] or 0
  return c + (ev - pv_c) / (pv[c + 1] - pv_c), c
end

--- Schedule variance in time. SV(t) = ES − AT; negative: behind schedule.
-- Source: Lipke (2003).
-- @tparam number es_value earned schedule, periods
-- @tparam number at actual time, periods
-- @treturn number SV(t), periods
function M.sv_t(es_value, at) return es_value - at end

--- Schedule performance index in time. SPI(t) = ES / AT; nil when AT = 0.
-- Source: Lipke (2003).
-- @tparam number es_value earned schedule, periods
-- @tparam number at actual time, periods
-- @treturn number|nil SPI(t)
function M.spi_t(es_value, at)
  if at == 0 then return nil end
  return es_value / at
end

--- Independent estimate at completion, in time. IEAC(t) = PD / SPI(t);
-- nil when SPI(t) is nil or 0 (nothing earned yet: no basis for a forecast).
-- Source: Lipke (2003); Lipke & Henderson.
-- @tparam number pd planned duration, periods
-- @tparam number|nil spi_t SPI(t)
-- @treturn number|nil forecast duration, periods
function M.ieac_t(pd, spi_t)
  if spi_t == nil or spi_t == 0 then return nil end
  return pd / spi_t
end

--- To-complete schedule performance index.
-- TSPI = (PD − ES) / (PD − AT), or (PD − ES) / (ED − AT) against an estimated
-- duration ED. nil when the denominator is 0 or negative: once AT has reached
-- the duration it is measured against, no efficiency can finish within it;
-- pass `ed` (for example IEAC(t)) to get a meaningful index.
-- Source: Lipke & Henderson, "Earned Schedule: an emerging enhancement to EVM".
-- @tparam number pd planned duration
-- @tparam number es_value earned schedule
-- @tparam number at actual time
-- @tparam[opt] number ed estimated duration to measure against; defaults to `pd`
-- @treturn number|nil TSPI
function M.tspi(pd, es_value, at, ed)
  local left = (ed or pd) - at
  if left <= 0 then return nil end
  return (pd - es_value) / left
end

--- Every earned-schedule measure at one status date.
--
-- Fills `out` (or a new table) with `es, c, at, pd, sv_t, spi_t, ieac_t, tspi`;
-- undefined values are set to nil so one table can be reused without
-- allocation. `tspi` is measured against PD.
--
-- @tparam {number,...} pv cumulative planned value per period
-- @tparam number ev cumulative earned value now
-- @tparam number at actual time, periods elapsed
-- @tparam[opt] number pd planned duration; defaults to `#pv`
-- @tparam[opt] table out table to fill; returned
-- @treturn table out
function M.measures(pv, ev, at, pd, out)
  if type(pv) ~= "table" then
    error("bad argument #1 to 'measures' (table of cumulative PV expected, got "
      .. type(pv) .. ")", 2)
  end
  if type(ev) ~= "number" then
    error("bad argument #2 to 'measures' (number expected for EV, got " .. type(ev) .. ")", 2)
  end
  if type(at) ~= "number" or at < 0 then
    error("bad argument #3 to 'measures' (non-negative number expected for AT, got "
      .. tostring(at) .. ")", 2)
  end
  local es_value, c = M.earned_schedule(pv, ev)
  return M.measures_at(es_value, c, at, pd or #pv, out)
end

--- The measures of `measures` from an earned schedule already located: what
-- `p:es()` uses, the host having found ES and C while reading the curves
-- (the same search as `earned_schedule`).
--
-- @tparam number es_value earned schedule, periods
-- @tparam integer c whole periods earned
-- @tparam number at actual time, periods elapsed
-- @tparam number pd planned duration
-- @tparam[opt] table out table to fill; returned
-- @treturn table out
function M.measures_at(es_value, c, at, pd, out)
  out = out or {}
  local spi_t = M.spi_t(es_value, at)
  out.es, out.c, out.at, out.pd = es_value, c, at, pd
  out.sv_t = es_value - at
  out.spi_t = spi_t
  out.ieac_t = M.ieac_t(pd, spi_t)
  out.tspi = M.tspi(pd, es_value, at)
  return out
end

return M
