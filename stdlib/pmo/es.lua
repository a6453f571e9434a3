--- Earned schedule (ES): schedule performance measured in time, not money.
--
-- Source: Walt Lipke, "Schedule is Different", The Measurable News, March
-- 2003; terms as in Lipke & Henderson, "Earned Schedule: an emerging
-- enhancement to EVM" and the PMI Practice Standard for EVM (2nd ed.).
--
-- Time is real time, in days from the plan's start (the baseline start; the
-- end of day d is at d − start + 1), so months of unequal length weigh by
-- their length:
--
-- * ES, earned schedule: when the current EV was planned to be earned.
--   ES = t_C + (EV − PV_C) / (PV_C+1 − PV_C) × (t_C+1 − t_C), C being the last
--   point of the plan whose cumulative PV does not exceed EV; a flat stretch
--   of the plan is earned whole once the value before it is; EV at or above
--   the plan's value at completion gives ES = PD (never past the plan).
-- * AT, actual time: to the data date (or the actual finish, if earlier).
-- * PD, planned duration: to the baseline finish. Periods stored after it
--   (a late project's curve padded at BAC) are not part of the plan, so a
--   late finish shows SPI(t) = PD / AT < 1 at completion.
--
-- The store locates ES as it reads each project's PV curve (the one
-- implementation, `EarnedSchedule` in PMOModel); this module holds the
-- measures that follow from ES, AT and PD. `p:es()` gives them for a project.
-- As in `pmo.evm`, anything that would divide by zero is nil.
--
--     local es = require("pmo.es")
--     local m = es.measures(96, 120, 360)
--     print(m.sv_t, m.spi_t, m.ieac_t)  --> -24  0.8  450.0
local args = require("pmo.args")
local type, error = type, error

local M = {}

--- Schedule variance in time. SV(t) = ES − AT; negative: behind schedule.
-- Source: Lipke (2003).
---@param es_value number earned schedule, days
---@param at number actual time, days
---@return number SV(t), days
function M.sv_t(es_value, at) return es_value - at end

--- Schedule performance index in time. SPI(t) = ES / AT; nil when AT = 0.
-- Source: Lipke (2003).
---@param es_value number earned schedule, days
---@param at number actual time, days
---@return number|nil SPI(t)
function M.spi_t(es_value, at)
  if at == 0 then return nil end
  return es_value / at
end

--- Independent estimate at completion, in time. IEAC(t) = PD / SPI(t);
-- nil when SPI(t) is nil or 0 (nothing earned yet: no basis for a forecast).
-- Source: Lipke (2003); Lipke & Henderson.
---@param pd number planned duration, days
---@param spi_t number|nil SPI(t)
---@return number|nil forecast duration, days
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
---@param pd number planned duration
---@param es_value number earned schedule
---@param at number actual time
---@param ed? number estimated duration to measure against; defaults to `pd`
---@return number|nil TSPI
function M.tspi(pd, es_value, at, ed)
  local left = (ed or pd) - at
  if left <= 0 then return nil end
  return (pd - es_value) / left
end

--- Every earned-schedule measure at one status date.
--
-- Fills `out` (or a new table) with `es, at, pd, sv_t, spi_t, ieac_t, tspi`,
-- all in days but the two indices; undefined values are set to nil so one
-- table can be reused without allocation. `tspi` is measured against PD.
--
---@param es_value number earned schedule, days
---@param at number actual time, days
---@param pd number planned duration, days
---@param out? table table to fill; returned
---@return table out
function M.measures(es_value, at, pd, out)
  local bad = (type(es_value) ~= "number" or es_value < 0) and 1 or (type(at) ~= "number" or at < 0) and 2
    or (type(pd) ~= "number" or pd < 0) and 3
  if bad then
    args.error(bad, "measures", "non-negative number of days expected, got "
      .. tostring(select(bad, es_value, at, pd)))
  end
  out = out or {}
  local spi_t = M.spi_t(es_value, at)
  out.es, out.at, out.pd = es_value, at, pd
  out.sv_t = es_value - at
  out.spi_t = spi_t
  out.ieac_t = M.ieac_t(pd, spi_t)
  out.tspi = M.tspi(pd, es_value, at)
  return out
end

return M
