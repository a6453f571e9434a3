#!/usr/bin/env -S pmo run
-- The weekly "what moved" pack for a PMO director: what changed in the portfolio in the
-- last seven days (or since the date given), from the store's history (docs/history.md),
-- with the week's largest slips, scope changes and RAG moves first, then every change.
--
--   pmo run scripts/weekly-changes.lua                       -- the last 7 days
--   pmo run scripts/weekly-changes.lua 2026-06-01 --format html -o week.html
local report = require("pmo.report")
local changes_report = require("pmo.changes").report

local today = pmo.today()
local since = arg and arg[1] and pmo.date.parse(arg[1], "since") or today - 7
local c = pmo.changes { since = since }

local doc = report.new { title = "What moved this week", date = today,
  subtitle = string.format("The portfolio as known on %s against now", tostring(since)) }

-- The headline figures: one tile a category, counts as they are.
local late, early = 0, 0
for _, t in ipairs(c.tasks_slipped) do
  if t.days > 0 then late = late + 1 else early = early + 1 end
end
local scope = 0
for _, s in ipairs(c.scope) do scope = scope + (s.change or 0) end
doc:kpi_tiles {
  { label = "Tasks later", value = late, format = "count" }, { label = "Tasks earlier", value = early, format = "count" },
  { label = "BAC change", value = scope, format = "money" },
  { label = "RAG changes", value = #c.rag, format = "count" }, { label = "New risks", value = #c.risks_new, format = "count" },
  { label = "Status reports filed", value = #c.status_reports, format = "count" },
}

-- Projects that turned worse: RAG moved towards red.
local rank = { green = 1, amber = 2, red = 3 }
local worse = pmo.list.of({})
for _, r in ipairs(c.rag) do
  if (rank[r.after] or 0) > (rank[r.before] or 0) then worse[#worse + 1] = r end
end
doc:section("Turned worse (" .. #worse .. ")")
if #worse == 0 then doc:paragraph("No project's RAG turned worse.") else
  doc:table(worse, { "project_id", "name", { "before", format = "rag" }, { "after", format = "rag" } })
end

-- Then every change, as `pmo diff` lists them.
for _, block in ipairs(changes_report(c).blocks) do doc.blocks[#doc.blocks + 1] = block end
return doc
