-- Renders a finished script's report for `pmo run --format/-o` (ReportOutput.swift), called
-- with the script's first result, the format and whether to colour; nil when no pmo.report
-- was loaded.

local result, format, colour = ...
local report = package.loaded["pmo.report"]
if report == nil then return nil end
return report._output(result, format, { colour = colour })
