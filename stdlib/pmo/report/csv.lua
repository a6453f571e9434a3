--- The CSV renderer: the document's tables, as RFC 4180 CSV.
--
-- Each table is a header row of column titles and its rows; when a report has
-- several tables they follow one another with one empty line between them.
-- KPI tiles come as a table (KPI, value, RAG, note) and charts as the table
-- of their data, in the document's order. Headings and paragraphs are text,
-- and so are the titles and notes of tables and charts, which CSV cannot
-- hold: `render` returns, after the text, a sentence saying what it left out
-- (`pmo run` prints it on stderr). Values are raw (numbers
-- in full precision in their shortest form, dates ISO, RAG as
-- green/amber/red) so a spreadsheet can compute with them. Lines end in CRLF,
-- as RFC 4180 says.
--
-- Escaping: a field holding a comma, a quote, CR or LF is quoted with quotes
-- doubled. A text field starting with `=`, `+`, `-`, `@`, tab or CR gets a
-- leading `'`, so that a spreadsheet shows it instead of running it as a
-- formula (OWASP, "CSV injection").
local fmt = require("pmo.format")
local chart = require("pmo.report.chart")

local M = {}

-- The shortest text that reads back as the same double; NaN and infinities empty.
local function number(v)
  return fmt.shortest(v) or ""
end

--- One CSV field.
function M.field(v)
  if v == nil then return "" end
  if type(v) == "number" then return number(v) end
  local s = tostring(v)
  if s:match("^[=+%-@\t\r]") then s = "'" .. s end
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function csv_table(columns, rows)
  local lines = {}
  local head = {}
  for j, c in ipairs(columns) do head[j] = M.field(c.title) end
  lines[1] = table.concat(head, ",")
  for i, row in ipairs(rows) do
    local fields = {}
    for j = 1, #columns do fields[j] = M.field(row[j]) end
    lines[i + 1] = table.concat(fields, ",")
  end
  return table.concat(lines, "\r\n") .. "\r\n"
end

local TILE_COLUMNS = { { title = "KPI" }, { title = "value" }, { title = "RAG" }, { title = "note" } }

--- The tables, tiles and chart data of the document as CSV text ("" when it
-- has none), and nil or a sentence naming what CSV left out (headings, paragraphs).
function M.render(doc)
  local parts = {}
  local sections, paragraphs, captions = 0, 0, 0
  local function caption(...)
    for i = 1, select("#", ...) do if select(i, ...) ~= nil then captions = captions + 1 end end
  end
  for _, b in ipairs(doc.blocks) do
    if b.type == "table" then
      parts[#parts + 1] = csv_table(b.columns, b.rows)
      caption(b.title, b.note)
    elseif b.type == "kpi_tiles" then
      local rows = {}
      for i, t in ipairs(b.tiles) do rows[i] = { t.label, t.value, t.rag, t.note } end
      parts[#parts + 1] = csv_table(TILE_COLUMNS, rows)
      caption(b.title)
    elseif b.type == "chart" then
      local columns, rows = chart.as_table(b.chart)
      parts[#parts + 1] = csv_table(columns, rows)
      caption(b.chart.title, b.chart.note)
    elseif b.type == "section" then
      sections = sections + 1
    elseif b.type == "paragraph" then
      paragraphs = paragraphs + 1
    end
  end
  local left = {}
  if sections > 0 then left[#left + 1] = string.format("%d heading%s", sections, sections == 1 and "" or "s") end
  if paragraphs > 0 then left[#left + 1] = string.format("%d paragraph%s", paragraphs, paragraphs == 1 and "" or "s") end
  if captions > 0 then
    left[#left + 1] = string.format("%d title%s and note%s of tables and charts", captions,
      captions == 1 and "" or "s", captions == 1 and "" or "s")
  end
  local notice
  if #left > 0 then
    notice = "csv holds the report's tables, KPI tiles and chart data; it cannot hold its "
      .. table.concat(left, ", ") .. " (use --format md, html or json for the whole report)"
  end
  return table.concat(parts, "\r\n"), notice
end

return M
