-- How the printer (pmo.pretty) shows domain objects: a compact summary per object and table
-- columns per kind for lists of them, written in Lua so analysts can change them; figures read
-- as every writer shows them (pmo.format). Called with the pmo.pretty module, by
-- PMOREPLHost.registerSummaries and by pmo.pretty's preload in scripts (REPLPrinter.swift);
-- needs the `pmo` module installed.
local pretty = ...
local pmo, format = require("pmo"), require("pmo.format")
local function money(v) return format.value(v, "money", { missing = "-" }) end
local function ratio(v) return format.value(v, "ratio", { missing = "-" }) end
local columns = {
  project = { "id", "name", "phase", "manager", "bac" },
  portfolio = { "id", "name" }, program = { "id", "name", "portfolio_id" },
  risk = { "id", "project_id", "title", "probability", "impact_cost", "status" },
  status_report = { "project_id", "report_date", "overall", "summary" },
  resource = { "id", "name", "role", "capacity_hours" },
  milestone = { "id", "project_id", "name", "baseline_date", "forecast_date", "actual_date" },
}
for name, k in pairs(pmo.kinds) do
  local summary
  if name == "project" then
    summary = function(p)
      local e = p:evm()
      local stale = pmo.stale(p)
      return string.format("Project %s %q [%s] BAC %s CPI %s SPI %s", p.id, p.name or "", p.phase or "?",
        money(e.bac), ratio(e.cpi), ratio(e.spi)) .. (stale and " [stale: " .. stale .. "]" or "")
    end
  else
    summary = function(o) return tostring(o) end
  end
  pretty.register(k.mt, summary, columns[name])
end

-- A field whose name says its unit reads in it, as every writer shows it (RAG values stay
-- the words they are); a pmo.sql result's columns come in its select's order.
pretty.units = function(key, v)
  local f = format.field_format(key)
  if not f or f == "rag" then return nil end
  return format.value(v, f)
end
pretty.query_columns = require("pmo.list").columns
