-- Makes `require(NAME)` in a script's state load the REPL's printer on first use, with the
-- domain's summaries registered when they are given (REPLPrinter.preload, REPLPrinter.swift).
-- Called with the module's name, pretty.lua's source and chunk name, then the summaries'
-- source (nil: no domain) and chunk name.

local modulename, source, name, summaries, summariesname = ...
local load, assert = load, assert   -- as they are now, whatever a script does later
package.preload[modulename] = function()
  local pretty = assert(load(source, name, "t"))()
  if summaries then assert(load(summaries, summariesname, "t"))(pretty) end
  return pretty
end
