-- Adds a package.searchers entry, right after package.preload, that finds the embedded stdlib's
-- modules (Stdlib.install, Stdlib.swift). Called with the sources by module name and the
-- function naming a module's chunk.

local sources, chunkname = ...
-- `require "pmo.sources"`: a copy of the sources by module name, for pmo.doc, which reads
-- the doc comments in them (`:help`, docs/api.md, the LuaLS definitions).
package.preload["pmo.sources"] = function()
  local copy = {}
  for k, v in pairs(sources) do copy[k] = v end
  return copy
end
table.insert(package.searchers, 2, function(name)
  local file = sources[name] and name or (sources[name .. ".init"] and name .. ".init")
  -- Only the pmo namespace is the stdlib's to speak of: for any other name require's
  -- message stays Lua's own.
  if not file then
    if name == "pmo" or name:sub(1, 4) == "pmo." then return "no embedded module '" .. name .. "'" end
    return nil
  end
  local f, err = load(sources[file], chunkname(file), "t")
  if not f then error(err, 2) end
  return f, ":embedded:" .. name
end)
