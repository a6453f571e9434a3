-- The REPL host's questions to the pmo modules when a store is open (PMOREPLHost.swift):
-- :help, :kpis and :rules, completion of KPI ids, and the session's as-of date. Returns a
-- table of functions; the host hands values over as their arguments, never as Lua text.
-- Reads the global `pmo` when called, once the host has installed it.
local M = {}

-- Completion may call the domain's read-only functions (pmo.readonly: queries, relations,
-- computed values) to complete on their results, and nothing else.
function M.allow_completion()
  require("pmo.complete").allow(pmo.readonly)
end

-- Sets the as-of date (a "yyyy-mm-dd" string, or nil for "now").
function M.asof(date)
  pmo.asof(date)
end

-- Every :help topic, function, method, module, KPI and rule, sorted by name, each as
-- { name, first line, whole text }: the stdlib's doc comments (pmo.doc), then the KPIs.
function M.help_topics()
  local out = require("pmo.doc").topics()
  local ok, kpi = pcall(require, "pmo.kpi")
  if ok and kpi.list then
    for _, d in ipairs(kpi.list()) do
      out[#out + 1] = { d.id, d.title or d.id, kpi.describe and kpi.describe(d.id) or (d.title or d.id) }
    end
  end
  return out
end

-- The help text for `name`, from the stdlib's doc comments (pmo.doc), or nil.
function M.help(name)
  return require("pmo.doc").lookup(name)
end

-- The definitions of one kind ("kpi" or "rule"), each as { id, title, detail }.
function M.listing(kind)
  local kpi = require("pmo.kpi")
  local out = {}
  for _, d in ipairs(kpi.list()) do
    if d.kind == kind then
      out[#out + 1] = { d.id, d.title or "", (d.unit or d.severity or "") .. (d.version and (" v" .. d.version) or "")
        .. (d.sandboxed and ", sandboxed" or "") }
    end
  end
  return out
end

-- The ids of every KPI and rule, for completion (none when pmo.kpi cannot load).
function M.kpi_ids()
  local ok, kpi = pcall(require, "pmo.kpi")
  local out = {}
  if ok and kpi.list then for _, d in ipairs(kpi.list()) do out[#out + 1] = d.id end end
  return out
end

-- The dates projects read before the as-of date changed still answer for.
function M.other_read_dates()
  return pmo._other_read_dates()
end

return M
