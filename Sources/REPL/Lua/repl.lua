-- The REPL's own questions to its state (REPLModuleWatch.swift for :reload, REPL+Commands.swift
-- for :fields), asked through protected calls. Returns a table of functions.
local M = {}

-- The standard libraries are skipped: a stray ./table.lua must never replace `table` on :reload.
local standard = { _G = true, package = true, coroutine = true, table = true, io = true,
  os = true, string = true, math = true, utf8 = true, debug = true }

-- The file of each loaded module found on package.path, by module name: package.searchpath
-- only, never require.
function M.loaded_files()
  local out = {}
  if type(package) ~= "table" or not package.searchpath then return out end
  for name in pairs(package.loaded) do
    if type(name) == "string" and not standard[name] then
      local path = package.searchpath(name, package.path)
      if path then out[name] = path end
    end
  end
  return out
end

-- Requires module `name` again, from its file.
function M.reload(name)
  package.loaded[name] = nil
  return require(name)
end

-- A value's type as people name it when its metatable has a `__name` (Date, List, Report);
-- else nil.
function M.type_name(value)
  local mt = getmetatable(value)
  if type(mt) == "table" and type(rawget(mt, "__name")) == "string" then return rawget(mt, "__name") end
end

return M
