--- The HTML renderer: one self-contained file that opens offline and prints well.
--
-- Everything is inline: the style sheet, the SVG charts; there are no
-- scripts, no external fonts, images or links to load, and a Content
-- Security Policy forbids the browser to fetch anything, so the file shows
-- the same on a laptop on a plane as in the mail. The print style sheet keeps
-- tiles, tables and charts whole on a page and prints the RAG colours.
--
-- Every piece of data passes through `escape`, so names holding `<`, `&` or
-- quotes show as text and cannot open an element or end an attribute.
local fmt = require("pmo.format")
local chart = require("pmo.report.chart")
local svg = require("pmo.report.svg")

local M = {}

M.escape = svg.escape
local esc = svg.escape

-- The style sheet. System fonts only: a font file would have to be inlined or
-- fetched, and the page must not fetch.
M.CSS = [[
:root { --ink: #1d232b; --muted: #5b6470; --rule: #d9dee4; --bg: #ffffff; --panel: #f6f8fa;
  --green: #1b5e20; --green-bg: #d8efd9; --amber: #6b4500; --amber-bg: #fbe3a6; --red: #7f1010; --red-bg: #f6cfcd; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 32px 48px; }
header.report { border-bottom: 3px solid var(--ink); padding-bottom: 10px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 4px; }
.meta { color: var(--muted); }
h2 { font-size: 19px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 18px 0 8px; }
p { max-width: 80ch; }
table { border-collapse: collapse; margin: 8px 0 4px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.note { color: var(--muted); font-size: 12px; margin: 2px 0 12px; }
.rag { display: inline-block; padding: 0 7px; border-radius: 9px; font-weight: 600; white-space: nowrap; }
.rag-green { color: var(--green); background: var(--green-bg); }
.rag-amber { color: var(--amber); background: var(--amber-bg); }
.rag-red { color: var(--red); background: var(--red-bg);
  background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgba(127,16,16,.12) 4px 6px); }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 10px 0 14px; }
.tile { border: 1px solid var(--rule); border-left: 6px solid #9aa3ad; border-radius: 6px; padding: 10px 12px; background: var(--panel); }
.tile.rag-green { border-left-color: #2e7d32; background: var(--panel); }
.tile.rag-amber { border-left-color: #c77c00; background: var(--panel); }
.tile.rag-red { border-left-color: #b71c1c; background: var(--panel); }
.tile .label { font-size: 12px; color: var(--muted); }
.tile .value { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile .status { font-size: 12px; font-weight: 600; }
.tile.rag-green .status { color: var(--green); }
.tile.rag-amber .status { color: var(--amber); }
.tile.rag-red .status { color: var(--red); }
.tile .sub { font-size: 11px; color: var(--muted); }
figure { margin: 12px 0 18px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; font-family: inherit; }
.scroll { overflow-x: auto; }
svg.gantt { max-width: none; }
svg .gantt-summary { font-weight: 600; }
svg .grid { stroke: #e6e9ed; stroke-width: 1; }
svg .zero, svg .axis { stroke: #6b7380; stroke-width: 1; }
svg .ref { stroke: #333; stroke-width: 1.2; stroke-dasharray: 5 4; }
svg .lane { stroke: #eceff2; stroke-width: 1; }
svg .tick { font-size: 11px; fill: #444; }
svg .legend { font-size: 12px; fill: #222; }
svg .axis-title { font-size: 12px; fill: #222; font-weight: 600; }
svg .cell { font-size: 11px; font-weight: 600; }
svg .count { font-size: 22px; font-weight: 700; }
svg .glyph { font-size: 12px; }
svg .short { font-size: 12px; fill: #8a2c00; font-weight: 600; }
svg .spare { font-size: 12px; fill: #0b4f2a; }
details { margin: 4px 0 0; color: var(--muted); }
details summary { cursor: pointer; font-size: 12px; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 11px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  /* Charts and tiles stay whole; a long table may span pages, repeating its header. */
  figure, .tiles, .tile, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  details { display: none; }
}
]]

local function rag_html(v)
  local k = fmt.rag_key(v)
  if not k then return nil end
  local r = fmt.RAG[k]
  return string.format('<span class="rag rag-%s">%s %s</span>', k, r.glyph, r.label)
end

local function table_html(columns, rows, currency, caption)
  local out = { "<table>" }
  if caption then out[#out + 1] = "<caption>" .. esc(caption) .. "</caption>" end
  local head = {}
  for j, c in ipairs(columns) do
    local num = c.right or fmt.numeric(c.format)
    head[j] = (num and '<th class="num" scope="col">' or '<th scope="col">') .. esc(c.title) .. "</th>"
  end
  out[#out + 1] = "<thead><tr>" .. table.concat(head) .. "</tr></thead>"
  out[#out + 1] = "<tbody>"
  for i, row in ipairs(rows) do
    local cells = {}
    for j, c in ipairs(columns) do
      local v = row[j]
      local num = c.right or fmt.numeric(c.format)
      local body = c.format == "rag" and rag_html(v)
        or esc(fmt.value(v, c.format, { currency = currency, bands = c.bands and c.bands[i] }))
      cells[j] = (num and '<td class="num">' or "<td>") .. body .. "</td>"
    end
    out[#out + 1] = "<tr>" .. table.concat(cells) .. "</tr>"
  end
  out[#out + 1] = "</tbody></table>"
  return table.concat(out, "\n")
end

local function tiles_html(b, currency)
  local out = {}
  if b.title then out[#out + 1] = "<h3>" .. esc(b.title) .. "</h3>" end
  out[#out + 1] = '<div class="tiles">'
  for _, t in ipairs(b.tiles) do
    local k = t.rag
    local status = k and (fmt.RAG[k].glyph .. " " .. fmt.RAG[k].label) or (t.rated and "not rated" or "")
    out[#out + 1] = string.format('<div class="tile%s"><div class="label">%s</div><div class="value">%s</div>'
      .. '<div class="status">%s</div>%s</div>', k and (" rag-" .. k) or "", esc(t.label),
      esc(fmt.value(t.value, t.format, { currency = currency, bands = t.bands })), esc(status),
      t.note and ('<div class="sub">' .. esc(t.note) .. "</div>") or "")
  end
  out[#out + 1] = "</div>"
  return table.concat(out, "\n")
end

-- A chart: the SVG, its caption and note, and its data as a table for those
-- who cannot see the picture (folded on screen, left out in print).
local function chart_html(c, id, currency)
  local out = { "<figure>" }
  if c.title then out[#out + 1] = "<figcaption>" .. esc(c.title) .. "</figcaption>" end
  -- A Gantt chart keeps its scale: wider than the page, it scrolls.
  local picture = svg.render(c, id)
  out[#out + 1] = c.kind == "gantt" and ('<div class="scroll">' .. picture .. "</div>") or picture
  if c.note then out[#out + 1] = '<p class="note">' .. esc(c.note) .. "</p>" end
  local columns, rows = chart.as_table(c)
  out[#out + 1] = "<details><summary>Data</summary>\n" .. table_html(columns, rows, currency) .. "\n</details>"
  out[#out + 1] = "</figure>"
  return table.concat(out, "\n")
end

-- Paragraphs: blank lines in the text start a new <p>.
local function paragraphs(text)
  local out = {}
  for part in (text:gsub("\r\n?", "\n") .. "\n\n"):gmatch("(.-)\n\n+") do
    if part:match("%S") then out[#out + 1] = "<p>" .. esc(part) .. "</p>" end
  end
  return table.concat(out, "\n")
end

--- The document as one HTML file.
function M.render(doc)
  local out = {
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    -- Nothing may be fetched: no network, no scripts; inline styles and data: images only.
    [[<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">]],
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="pmo.report">',
    "<title>" .. esc(doc.title) .. "</title>",
    "<style>" .. M.CSS .. "</style>",
    "</head>",
    "<body>",
    "<main>",
    '<header class="report">',
    "<h1>" .. esc(doc.title) .. "</h1>",
  }
  local meta = {}
  if doc.subtitle then meta[#meta + 1] = esc(doc.subtitle) end
  if doc.date then meta[#meta + 1] = "as of <time>" .. esc(doc.date) .. "</time>" end
  if doc.author then meta[#meta + 1] = esc(doc.author) end
  if #meta > 0 then out[#out + 1] = '<div class="meta">' .. table.concat(meta, " · ") .. "</div>" end
  out[#out + 1] = "</header>"
  local charts = 0
  for _, b in ipairs(doc.blocks) do
    if b.type == "section" then
      out[#out + 1] = "<h2>" .. esc(b.title) .. "</h2>"
    elseif b.type == "paragraph" then
      out[#out + 1] = paragraphs(b.text)
    elseif b.type == "table" then
      out[#out + 1] = table_html(b.columns, b.rows, doc.currency, b.title)
      if b.note then out[#out + 1] = '<p class="note">' .. esc(b.note) .. "</p>" end
    elseif b.type == "kpi_tiles" then
      out[#out + 1] = tiles_html(b, doc.currency)
    elseif b.type == "chart" then
      charts = charts + 1
      out[#out + 1] = chart_html(b.chart, "c" .. charts, doc.currency)
    end
  end
  out[#out + 1] = "</main>"
  out[#out + 1] = "</body>"
  out[#out + 1] = "</html>"
  return table.concat(out, "\n") .. "\n"
end

return M
