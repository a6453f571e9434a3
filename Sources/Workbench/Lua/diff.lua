-- `pmo diff` (ChangesReport.swift): what changed in the portfolio, as a report. Called with
-- "since" and a date, "import" and a revision number, or "last" (the last revision). Returns
-- the report document, which the runner renders in the format asked for.

local kind, value = ...
local spec = {}
if kind == "since" then
  spec.since = value
elseif kind == "import" then
  spec.import = math.tointeger(tonumber(value))
else
  local last = pmo.sql("select max(id) as n from revisions")[1].n
  if not last then
    io.stderr:write("pmo diff: the store has no revision yet (no import or transaction recorded since history began); use --since DATE\n")
    os.exit(1)
  end
  spec.import = last
end
local ok, changes = pcall(pmo.changes, spec)
if not ok then
  -- The message without the position of this chunk: it is about the options, not a script.
  io.stderr:write("pmo diff: ", (tostring(changes):gsub("^[^:]*:%d+: ", "")), "\n")
  os.exit(1)
end
return require("pmo.changes").report(changes, { date = pmo.today() })
