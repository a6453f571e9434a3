--- The terminal renderer: aligned tables, and on a terminal RAG glyphs and colours.
--
-- Plain (`opts.colour` false: a file, a pipe, NO_COLOR) the output is
-- ASCII-aligned text with RAG as words, fit for a diff or an e-mail. Charts
-- show as the table of their data; bar-like charts get a bar of blocks.
-- Control characters in the data (an ESC could drive the terminal) are shown
-- as `\027`-style escapes, and newlines inside a cell as spaces.
local fmt = require("pmo.format")
local chart = require("pmo.report.chart")

local M = {}

local COLOUR = { green = "\27[32m", amber = "\27[33m", red = "\27[31m" }
local BOLD, RESET = "\27[1m", "\27[0m"

-- Text safe to print: no control characters, one line.
local function clean(s)
  s = tostring(s):gsub("[\r\n\t]", " ")
  return (s:gsub("[%z\1-\31\127]", function(c) return string.format("\\%03d", c:byte()) end))
end
M.clean = clean

-- Display width: UTF-8 characters (the glyphs used here are one column wide).
local function width(s)
  return utf8.len(s) or #s
end

local function pad(s, w, right)
  local gap = string.rep(" ", math.max(0, w - width(s)))
  return right and gap .. s or s .. gap
end

-- A cell's text, and its text with colour when colour is on.
local function cell_text(v, f, opts, bands)
  if f == "rag" then
    local k = fmt.rag_key(v)
    if k then
      local r = fmt.RAG[k]
      if opts.colour then return r.glyph .. " " .. r.label, COLOUR[k] .. r.glyph .. " " .. r.label .. RESET end
      return r.label:upper(), nil
    end
  end
  return clean(fmt.value(v, f, { currency = opts.currency, missing = "-", bands = bands })), nil
end

-- An aligned table: header, rule, rows; numbers right-aligned.
local function draw_table(columns, rows, opts, out)
  local texts, coloured, widths = {}, {}, {}
  for j, c in ipairs(columns) do widths[j] = width(clean(c.title)) end
  for i, row in ipairs(rows) do
    texts[i], coloured[i] = {}, {}
    for j, c in ipairs(columns) do
      local t, ct = cell_text(row[j], c.format, opts, c.bands and c.bands[i])
      texts[i][j], coloured[i][j] = t, ct
      if width(t) > widths[j] then widths[j] = width(t) end
    end
  end
  local head, rule = {}, {}
  local function right(c) return c.right or fmt.numeric(c.format) end
  for j, c in ipairs(columns) do
    head[j] = pad(clean(c.title), widths[j], right(c))
    rule[j] = string.rep("-", widths[j])
  end
  local h = table.concat(head, "  "):gsub("%s+$", "")
  out[#out + 1] = opts.colour and (BOLD .. h .. RESET) or h
  out[#out + 1] = table.concat(rule, "  ")
  for i = 1, #rows do
    local line = {}
    for j, c in ipairs(columns) do
      -- Pad by the plain text's width: escape sequences take no columns.
      local gap = string.rep(" ", widths[j] - width(texts[i][j]))
      local t = coloured[i][j] or texts[i][j]
      line[j] = right(c) and gap .. t or t .. gap
    end
    out[#out + 1] = (table.concat(line, "  "):gsub("%s+$", ""))
  end
end

-- Wraps a paragraph at `cols` columns on spaces.
local function wrap(text, cols)
  local lines, line = {}, ""
  for word in clean(text):gmatch("%S+") do
    if line ~= "" and width(line) + 1 + width(word) > cols then
      lines[#lines + 1] = line
      line = word
    else
      line = line == "" and word or (line .. " " .. word)
    end
  end
  if line ~= "" then lines[#lines + 1] = line end
  return lines
end

local BAR_WIDTH = 30

-- Bar charts and capacity get a column of blocks scaled to the largest value.
local function with_bars(c, columns, rows)
  local idx = c.kind == "capacity" and 3 or 2      -- demand, or the first series
  if c.kind ~= "bar" and c.kind ~= "capacity" then return columns, rows end
  local max = 0
  for _, row in ipairs(rows) do
    for j = 2, (c.kind == "capacity" and 3 or #c.series + 1) do
      if type(row[j]) == "number" and row[j] > max then max = row[j] end
    end
  end
  if max <= 0 then return columns, rows end
  columns[#columns + 1] = { key = "bar", title = "", format = "text" }
  for _, row in ipairs(rows) do
    local v = type(row[idx]) == "number" and math.max(row[idx], 0) or 0
    local n = math.floor(v / max * BAR_WIDTH + 0.5)
    local bar = string.rep("#", n)
    if c.kind == "capacity" then
      -- Demand as #, with | marking where capacity ends.
      local cap = math.floor(math.max(row[2] or 0, 0) / max * BAR_WIDTH + 0.5)
      bar = bar .. string.rep(" ", math.max(0, cap - n))
      bar = bar:sub(1, cap) .. "|" .. bar:sub(cap + 1)
    end
    row[#columns] = bar
    row.n = #columns
  end
  return columns, rows
end

--- The blocks of `doc` as lines of text (no title): for `report.table`.
function M.blocks(doc, opts)
  opts = opts or {}
  opts.currency = opts.currency or doc.currency
  local out = {}
  local function blank() if #out > 0 and out[#out] ~= "" then out[#out + 1] = "" end end
  for _, b in ipairs(doc.blocks) do
    if b.type == "section" then
      blank()
      local t = clean(b.title)
      out[#out + 1] = opts.colour and (BOLD .. t .. RESET) or t
      out[#out + 1] = string.rep("-", width(t))
    elseif b.type == "paragraph" then
      blank()
      for _, l in ipairs(wrap(b.text, 78)) do out[#out + 1] = l end
    elseif b.type == "table" then
      blank()
      if b.title then out[#out + 1] = clean(b.title) end
      draw_table(b.columns, b.rows, opts, out)
      if b.note then out[#out + 1] = clean(b.note) end
    elseif b.type == "kpi_tiles" then
      blank()
      local columns = { { title = "KPI", format = "text" }, { title = "value", format = "text", right = true },
        { title = "RAG", format = "rag" }, { title = "", format = "text" } }
      local rows = {}
      for i, t in ipairs(b.tiles) do
        rows[i] = { t.label, fmt.value(t.value, t.format, { currency = opts.currency, bands = t.bands }), t.rag, t.note }
      end
      draw_table(columns, rows, opts, out)
    elseif b.type == "chart" then
      blank()
      local c = b.chart
      out[#out + 1] = clean(c.title or c.kind)
      local columns, rows = chart.as_table(c)
      columns, rows = with_bars(c, columns, rows)
      if chart.table_note(c) then out[#out + 1] = clean(chart.table_note(c)) end
      draw_table(columns, rows, opts, out)
      if c.note then out[#out + 1] = clean(c.note) end
    end
  end
  return table.concat(out, "\n") .. (#out > 0 and "\n" or "")
end

--- The whole document as terminal text.
function M.render(doc, opts)
  opts = opts or {}
  local head = {}
  local title = clean(doc.title)
  head[1] = opts.colour and (BOLD .. title .. RESET) or title
  head[2] = string.rep("=", width(title))
  local meta = {}
  if doc.subtitle then meta[#meta + 1] = clean(doc.subtitle) end
  if doc.date then meta[#meta + 1] = "as of " .. doc.date end
  if doc.author then meta[#meta + 1] = clean(doc.author) end
  if #meta > 0 then head[3] = table.concat(meta, " · ") end
  return table.concat(head, "\n") .. "\n\n" .. M.blocks(doc, opts)
end

return M
