-- Installs the `pmo` module in a session's state (PMOSession.install, PMOSession.swift), once
-- the stdlib's searcher is in place. Returns a table of functions.
local M = {}

-- The Date metatable and the pmo.null value, which the Swift host needs to make dates and
-- NULLs.
function M.types()
  return require("pmo.date").Date, (require("pmo.null"))
end

-- Binds the pmo module to the host's native functions (PMOHost); returns the module.
function M.attach(host)
  local pmo = require("pmo")
  pmo._attach(host)
  return pmo
end

return M
