--- Earned value management (EVM).
--
-- Terms and formulas follow the PMI *Practice Standard for Earned Value
-- Management* (2nd ed., 2011) and the ANSI/EIA-748 vocabulary:
--
-- * BAC  budget at completion: the total planned budget.
-- * PV   planned value (BCWS): budget of the work scheduled to date.
-- * EV   earned value (BCWP): budget of the work actually done to date.
-- * AC   actual cost (ACWP): what the work done to date actually cost.
--
-- All four are cumulative amounts in the same currency (or hours).
--
-- Division by zero: whenever a formula would divide by zero the function
-- returns **nil**, never `inf` or `nan`. "Not defined yet" (no cost booked, so
-- no CPI) is then visibly different from a number, and a RAG rule that
-- compares `nil < 0.9` fails loudly instead of passing silently.
--
--     local evm = require("pmo.evm")
--     local m = evm.measures({ bac = 1000, pv = 500, ev = 400, ac = 450 })
--     print(m.cpi, m.spi, m.eac)   --> 0.888..  0.8  1125.0
local args = require("pmo.args")
local type, error = type, error

local M = {}

local function ratio(a, b)
  if b == 0 then return nil end
  return a / b
end

--- Schedule variance. SV = EV − PV. Negative: behind schedule (in money).
-- Source: PMI Practice Standard for EVM.
---@param ev number earned value
---@param pv number planned value
---@return number SV
function M.sv(ev, pv) return ev - pv end

--- Cost variance. CV = EV − AC. Negative: over cost.
-- Source: PMI Practice Standard for EVM.
---@param ev number earned value
---@param ac number actual cost
---@return number CV
function M.cv(ev, ac) return ev - ac end

--- Schedule performance index. SPI = EV / PV; nil when PV = 0.
-- Source: PMI Practice Standard for EVM.
---@param ev number earned value
---@param pv number planned value
---@return number|nil SPI
function M.spi(ev, pv) return ratio(ev, pv) end

--- Cost performance index. CPI = EV / AC; nil when AC = 0.
-- Source: PMI Practice Standard for EVM.
---@param ev number earned value
---@param ac number actual cost
---@return number|nil CPI
function M.cpi(ev, ac) return ratio(ev, ac) end

--- Estimate at completion assuming the cost efficiency to date continues.
-- EAC = BAC / CPI (= BAC × AC / EV); nil when CPI is nil or 0 (AC = 0 or EV = 0).
-- Source: PMI Practice Standard for EVM ("typical" variance).
---@param bac number budget at completion
---@param ev number earned value
---@param ac number actual cost
---@return number|nil EAC
function M.eac_cpi(bac, ev, ac)
  local cpi = ratio(ev, ac)
  if cpi == nil or cpi == 0 then return nil end
  return bac / cpi
end

--- Estimate at completion assuming the remaining work goes to plan.
-- EAC = AC + (BAC − EV). Always defined.
-- Source: PMI Practice Standard for EVM ("atypical" variance).
---@param bac number budget at completion
---@param ev number earned value
---@param ac number actual cost
---@return number EAC
function M.eac_plan(bac, ev, ac) return ac + (bac - ev) end

--- Estimate at completion when both cost and schedule efficiency weigh on
-- the remaining work. EAC = AC + (BAC − EV) / (CPI × SPI); nil when CPI or SPI
-- is nil or CPI × SPI = 0.
-- Source: PMI Practice Standard for EVM.
---@param bac number budget at completion
---@param pv number planned value
---@param ev number earned value
---@param ac number actual cost
---@return number|nil EAC
function M.eac_composite(bac, pv, ev, ac)
  local cpi, spi = ratio(ev, ac), ratio(ev, pv)
  if cpi == nil or spi == nil or cpi * spi == 0 then return nil end
  return ac + (bac - ev) / (cpi * spi)
end

--- Estimate at completion from a bottom-up estimate to complete.
-- EAC = AC + ETC; nil when no bottom-up ETC was given.
-- Source: PMI Practice Standard for EVM.
---@param ac number actual cost
---@param etc_bottom_up number|nil estimate to complete from a bottom-up re-estimate
---@return number|nil EAC
function M.eac_bottom_up(ac, etc_bottom_up)
  if etc_bottom_up == nil then return nil end
  return ac + etc_bottom_up
end

--- Estimate to complete. ETC = EAC − AC; nil when EAC is nil.
-- Source: PMI Practice Standard for EVM.
---@param eac number|nil estimate at completion
---@param ac number actual cost
---@return number|nil ETC
function M.etc(eac, ac)
  if eac == nil then return nil end
  return eac - ac
end

--- Variance at completion. VAC = BAC − EAC; negative: forecast overrun.
-- nil when EAC is nil. Source: PMI Practice Standard for EVM.
---@param bac number budget at completion
---@param eac number|nil estimate at completion
---@return number|nil VAC
function M.vac(bac, eac)
  if eac == nil then return nil end
  return bac - eac
end

--- To-complete performance index needed to finish within BAC.
-- TCPI = (BAC − EV) / (BAC − AC); nil once the budget is spent (AC ≥ BAC): no
-- efficiency can finish the remaining work within it, and the formula would
-- give a negative or infinite index.
-- Source: PMI Practice Standard for EVM.
---@param bac number budget at completion
---@param ev number earned value
---@param ac number actual cost
---@return number|nil TCPI
function M.tcpi_bac(bac, ev, ac)
  if ac >= bac then return nil end
  return (bac - ev) / (bac - ac)
end

--- To-complete performance index needed to finish within an EAC.
-- TCPI = (BAC − EV) / (EAC − AC); nil when EAC is nil or EAC ≤ AC.
-- Source: PMI Practice Standard for EVM.
---@param bac number budget at completion
---@param ev number earned value
---@param ac number actual cost
---@param eac number|nil estimate at completion
---@return number|nil TCPI
function M.tcpi_eac(bac, ev, ac, eac)
  if eac == nil or eac <= ac then return nil end
  return (bac - ev) / (eac - ac)
end

--- Percent complete, as a fraction 0..1: EV / BAC; nil when BAC = 0.
-- Source: PMI Practice Standard for EVM.
---@param ev number earned value (pass PV for "percent complete planned")
---@param bac number budget at completion
---@return number|nil fraction complete
function M.percent_complete(ev, bac) return ratio(ev, bac) end

--- Percent spent, as a fraction (above 1 once AC passes BAC): AC / BAC; nil when BAC = 0.
-- Source: PMI Practice Standard for EVM.
---@param ac number actual cost
---@param bac number budget at completion
---@return number|nil fraction spent
function M.percent_spent(ac, bac) return ratio(ac, bac) end

-- The EAC method `measures` uses for `eac`, `etc`, `vac` and `tcpi_eac`.
local EAC_FIELD = {
  cpi = "eac_cpi", plan = "eac_plan", composite = "eac_composite",
  bottom_up = "eac_bottom_up",
}

local function check_number(p, field, optional)
  local v = p[field]
  if type(v) == "number" or (optional and v == nil) then return v end
  args.error(1, "measures", string.format("field '%s' must be a number, got %s", field, type(v)), 3)
end

--- Whether the work is complete: all the budget earned (EV ≥ BAC).
-- At completion the PMI Practice Standard sets EAC = AC and ETC = 0.
---@param bac number budget at completion
---@param ev number earned value
---@return boolean
function M.complete(bac, ev) return ev >= bac end

--- Every EVM measure of one project at one status date.
--
-- Fills `out` (or a new table) with: `bac pv ev ac sv cv spi cpi eac_cpi
-- eac_plan eac_composite eac_bottom_up eac etc vac tcpi_bac tcpi_eac
-- percent_complete percent_spent eac_method complete`. Fields that are
-- undefined are set to nil, so one `out` table can be reused across thousands
-- of projects without stale values and without allocating.
--
-- `eac` (and with it `etc`, `vac`, `tcpi_eac`) is the estimate chosen by
-- `method`: "cpi" (default, BAC / CPI), "plan", "composite" or "bottom_up".
--
-- The rules at the edges (PMI Practice Standard for EVM, 2nd ed.; ANSI/EIA-748):
--
-- * No plan (BAC nil or not positive): every measure is nil; the inputs are kept.
-- * Complete (EV ≥ BAC, or `state` "closed"): EAC = AC exactly (every method),
--   ETC = 0, VAC = BAC − AC, and no TCPI: nothing is left to perform.
-- * TCPI to BAC is nil once the budget is spent (AC ≥ BAC): no efficiency can
--   finish the remaining work within it.
-- * `state` "cancelled": the work will not be finished, so there is no
--   forecast: EAC, ETC, VAC and the TCPIs are nil.
--
---@param p table `{ bac = number, pv = number, ev = number, ac = number,
--   etc_bottom_up = number|nil }`
---@param out? table table to fill; returned
---@param method? string EAC method (default "cpi")
---@param state? string the project's phase ("closed", "cancelled"; others are ongoing)
---@return table out
function M.measures(p, out, method, state)
  if type(p) ~= "table" then
    args.type_error(1, "measures", "table", p)
  end
  local bac, pv = check_number(p, "bac"), check_number(p, "pv")
  local ev, ac = check_number(p, "ev"), check_number(p, "ac")
  local etc_bu = check_number(p, "etc_bottom_up", true)
  method = method or "cpi"
  local eac_field = EAC_FIELD[method]
  if not eac_field then
    args.error(3, "measures", string.format("unknown EAC method '%s'; "
      .. "use cpi, plan, composite or bottom_up", tostring(method)))
  end
  out = out or {}
  out.bac, out.pv, out.ev, out.ac, out.eac_method = bac, pv, ev, ac, method
  if not (bac > 0) then
    out.sv, out.cv, out.spi, out.cpi, out.complete = nil, nil, nil, nil, nil
    out.eac_cpi, out.eac_plan, out.eac_composite, out.eac_bottom_up = nil, nil, nil, nil
    out.eac, out.etc, out.vac, out.tcpi_bac, out.tcpi_eac = nil, nil, nil, nil, nil
    out.percent_complete, out.percent_spent = nil, nil
    return out
  end
  out.sv, out.cv = ev - pv, ev - ac
  out.spi, out.cpi = ratio(ev, pv), ratio(ev, ac)
  out.percent_complete, out.percent_spent = ev / bac, ac / bac
  local complete = state == "closed" or M.complete(bac, ev)
  out.complete = complete
  if state == "cancelled" then
    out.eac_cpi, out.eac_plan, out.eac_composite, out.eac_bottom_up = nil, nil, nil, nil
    out.eac, out.etc, out.vac, out.tcpi_bac, out.tcpi_eac = nil, nil, nil, nil, nil
  elseif complete then
    out.eac_cpi, out.eac_plan, out.eac_composite, out.eac_bottom_up = ac, ac, ac, ac
    out.eac, out.etc, out.vac = ac, 0, bac - ac
    out.tcpi_bac, out.tcpi_eac = nil, nil
  else
    out.eac_cpi = M.eac_cpi(bac, ev, ac)
    out.eac_plan = ac + (bac - ev)
    out.eac_composite = M.eac_composite(bac, pv, ev, ac)
    out.eac_bottom_up = M.eac_bottom_up(ac, etc_bu)
    local eac = out[eac_field]
    out.eac = eac
    out.etc = M.etc(eac, ac)
    out.vac = M.vac(bac, eac)
    out.tcpi_bac = M.tcpi_bac(bac, ev, ac)
    out.tcpi_eac = M.tcpi_eac(bac, ev, ac, eac)
  end
  return out
end

return M
