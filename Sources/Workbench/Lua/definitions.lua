-- The workspace's KPI and rule definitions in a session (Check/SessionDefinitions.swift).
-- Installs the loader `pmo.kpi` runs on first use (the searcher of trusted libraries'
-- modules is library_searcher.lua, installed before). `trusted` lists the trusted libraries
-- as {name, roots, modules}; `sandboxed` the metadata of each untrusted library's
-- definitions; `remote` evaluates some of them in the worker.

local trusted, sandboxed, remote, rule_files, library_loader, warn = ...
local kpi = require("pmo.kpi")
kpi.on_load(function()
  for _, lib in ipairs(trusted()) do library_loader(lib.name, lib.roots, lib.modules) end
  local libraries, failed = sandboxed()
  for library, metas in ipairs(libraries) do
    for _, meta in ipairs(metas) do
      kpi.remote(meta, function(ids, asof, scope) return remote(library, ids, asof, scope) end)
    end
  end
  -- A library that failed leaves the others loaded; say so where no report will.
  if warn then
    for _, message in ipairs(failed) do io.stderr:write("pmo: ", message, "\n") end
  end
  for _, file in ipairs(rule_files) do
    local chunk, err = loadfile(file, "t")
    if not chunk then error(err, 0) end
    chunk()
  end
end)
