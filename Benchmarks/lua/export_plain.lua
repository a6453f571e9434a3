-- Writes the portfolio's EVM inputs as a plain Lua data file (a `return { ... }` of project
-- tables) for the plain-lua5.4 baselines. Usage: pmo run --store S export_plain.lua OUT.lua
local out = assert(io.open(arg[1], "w"))
out:write("return {\n")
local fmt = string.format
local function num(v) return v and fmt("%.17g", v) or "nil" end
for _, p in ipairs(pmo.projects()) do
  local e = p:evm()  -- the inputs below are what p:evm() reads
  out:write(fmt("{id=%q,portfolio_id=%q,phase=%q,bac=%s,pv=%s,ev=%s,ac=%s,status_date=%s,baseline_start=%s,baseline_finish=%s,forecast_finish=%s,",
    p.id, p.portfolio_id or "", p.phase, num(e.bac), num(e.pv), num(e.ev), num(e.ac),
    e.data_date and tostring(e.data_date.n) or "nil",
    p.baseline_start and tostring(p.baseline_start.n) or "nil",
    p.baseline_finish and tostring(p.baseline_finish.n) or "nil",
    (p.actual_finish or p.forecast_finish) and tostring((p.actual_finish or p.forecast_finish).n) or "nil"))
  local curve, ends = {}, {}
  for _, t in ipairs(p:timephased()) do
    curve[#curve + 1] = num(t.pv)
    ends[#ends + 1] = tostring(t.period_end.n)
  end
  out:write("pv_curve={", table.concat(curve, ","), "},period_ends={", table.concat(ends, ","), "}},\n")
end
out:write("}\n")
out:close()
