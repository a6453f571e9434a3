--- Reports: a document of sections, paragraphs, tables, KPI tiles and charts,
-- rendered to the terminal, Markdown, CSV, JSON or one self-contained HTML file.
--
--     local report = require("pmo.report")
--     local doc = report.new { title = "Portfolio health", date = pmo.today() }
--     doc:section("Projects")
--     doc:table(pmo.projects(), { "id", "name", "bac",
--       { "spi", title = "SPI", format = "ratio", value = function(p) return p:evm().spi end } })
--     doc:chart { kind = "scurve", project = pmo.project("PRJ-001") }
--     return doc       -- `pmo run this.lua --format html -o health.html`
--
-- The document is plain data: a table, a tile or a chart takes its values
-- when it is added, so rendering never calls back into the portfolio and the
-- same data always gives the same bytes (no clock, sorted JSON keys, fixed
-- number formats). A script hands its report to `pmo run` by returning it or
-- by calling `report.emit(doc)`; `pmo run --format F -o FILE` picks the format
-- and the destination.
local date = require("pmo.date")
local fmt = require("pmo.format")
local chart = require("pmo.report.chart")
local args = require("pmo.args")

local M = {}

--- The output formats and the module that renders each.
M.RENDERERS = {
  text = "pmo.report.text", md = "pmo.report.markdown", csv = "pmo.report.csv",
  json = "pmo.report.json", html = "pmo.report.html",
}

local Doc = {}
Doc.__index = Doc
Doc.__name = "Report"
M.Doc = Doc

--- A value as the document keeps it: numbers, strings and booleans as they
--- are, Dates as ISO text, anything else by its tostring.
---@param v any
---@return any
local function plain(v)
  local t = type(v)
  if v == nil or t == "number" or t == "string" or t == "boolean" then return v end
  if date.is_date(v) then return tostring(v) end
  return tostring(v)
end
M.plain = plain

--- A new, empty report. `opts`: `title` (required), `subtitle`, `date` (a Date
-- or "yyyy-mm-dd": the report never reads the clock itself), `author`,
-- `currency` (an ISO 4217 code such as "EUR", or a prefix for money such as
-- "€"; by default the organisation's currency).
---@param opts? table { title, subtitle, date, author, currency }
---@return Doc
--- e.g. local doc = report.new{ title = "Health" }; doc:table(pmo.projects(), { "id", "name", "bac" }); return doc
function M.new(opts)
  if type(opts) == "string" then opts = { title = opts } end
  args.check(1, "new", opts, "table")
  if type(opts.title) ~= "string" then
    args.error(1, "new", "field 'title' must be a string, got " .. args.typename(opts.title))
  end
  return setmetatable({
    title = opts.title, subtitle = opts.subtitle, author = opts.author,
    date = opts.date ~= nil and tostring(date.parse(opts.date, "date")) or nil,
    currency = opts.currency or fmt.currency(), blocks = {},
  }, Doc)
end

--- Whether `v` is a report document.
---@param v any
---@return boolean
function M.is_report(v) return getmetatable(v) == Doc end

local function add(doc, block)
  doc.blocks[#doc.blocks + 1] = block
  return doc
end

--- Starts a section with a heading. Returns the document, for chaining.
---@param title string
---@return Doc
function Doc:section(title)
  args.check(1, "section", title, "string")
  return add(self, { type = "section", title = title })
end

--- Adds a paragraph of plain text (never markup: every renderer escapes it).
---@param text string
---@return Doc
function Doc:paragraph(text)
  args.check(1, "paragraph", text, "string")
  return add(self, { type = "paragraph", text = text })
end

-- Columns of a table: "field", { "field", title =, format =, value = },
-- { key = "field", ... }, and after those the hash part (`spi = function(p)
-- ... end` or `spi = { ... }`) in sorted key order, so that the order never
-- depends on how Lua laid the table out.
local function columns_of(spec, sample)
  local cols = {}
  local function col(key, c)
    if type(c) == "function" then c = { value = c } end
    if type(c) ~= "table" then c = {} end
    local f = c.format
    if f ~= nil and not fmt.FORMATS[f] then
      args.error(2, "table", string.format("column '%s' has unknown format '%s'; use money, "
        .. "percent, share, ratio, date, rag, integer, count, number, days, hours or text", tostring(key),
        tostring(f)), 4)
    end
    cols[#cols + 1] = { key = key, title = c.title or tostring(key), format = f, value = c.value, bands = c.bands }
  end
  if spec == nil then
    -- No columns given: the sample row's own fields, sorted.
    local keys = {}
    for k, v in pairs(sample or {}) do
      if type(k) == "string" and (date.is_date(v) or (type(v) ~= "table" and type(v) ~= "function")) then
        keys[#keys + 1] = k
      end
    end
    table.sort(keys)
    for _, k in ipairs(keys) do col(k) end
    return cols
  end
  if type(spec) ~= "table" then args.type_error(2, "table", "table of columns", spec, 3) end
  for i = 1, #spec do
    local c = spec[i]
    if type(c) == "string" or type(c) == "number" then col(c)
    elseif type(c) == "table" then col(c.key or c[1] or i, c)
    else args.type_error(2, "table", "column names or tables", c, 3) end
  end
  local named = {}
  for k in pairs(spec) do
    if type(k) == "string" then named[#named + 1] = k end
  end
  table.sort(named)
  for _, k in ipairs(named) do col(k, spec[k]) end
  return cols
end

--- The bands a KPI result is rated against, for showing its value (the RAG
--- rule of pmo.format), or nil for anything else.
---@param r any a KPI result
---@return table|nil thresholds
local function bands_of(r)
  if type(r) ~= "table" or r.kind ~= "kpi" then return nil end
  local t = r.thresholds
  if type(t) ~= "table" then return nil end
  return { green = t.green, amber = t.amber, direction = r.direction }
end
M.bands_of = bands_of

-- A cell: the column's function, else the row's field (a method is called).
local function cell(row, c)
  if c.value then return c.value(row) end
  local v = row[c.key]
  if type(v) == "function" then return v(row) end
  return v
end

--- Adds a table. `rows`: a List or sequence of tables (model objects, KPI
-- results, plain rows). `columns`: names of fields, or column tables
-- `{ "key", title = "Title", format = "money", value = function(row) end }`;
-- formats: money, percent or share (a fraction), ratio, date, rag, integer or
-- count, number, days, hours, text (guessed from the field name or values
-- when not given); `bands = {green =, amber =, direction =}` shows the values
-- precisely enough never to contradict those thresholds (a KPI result's
-- `value` column gets its own KPI's). `opts`: `title` (a caption), `note`.
---@param rows table[]|List
---@param columns? table the columns: field names, or { key, title, format }
---@param opts? table
---@return Doc
function Doc:table(rows, columns, opts)
  if type(rows) ~= "table" then args.type_error(1, "table", "table of rows", rows) end
  opts = opts or {}
  local cols = columns_of(columns, rows[1])
  local out = {}
  for i = 1, #rows do
    local row = rows[i]
    local values = { n = #cols }
    for j, c in ipairs(cols) do values[j] = cell(row, c) end
    out[i] = values
  end
  local plain_cols = {}
  for j, c in ipairs(cols) do
    local raw = { n = #out }
    for i = 1, #out do raw[i] = out[i][j] end
    local f = c.format or fmt.guess(c.key, raw)
    plain_cols[j] = { key = tostring(c.key), title = c.title, format = f }
    -- Thresholds by row, for the RAG rule: the column's, or each KPI result's own.
    local by_row
    for i = 1, #out do
      local b = c.bands or (c.key == "value" and not c.value and bands_of(rows[i])) or nil
      if b then by_row = by_row or {}; by_row[i] = { green = b.green, amber = b.amber, direction = b.direction } end
    end
    plain_cols[j].bands = by_row
    for i = 1, #out do
      local v = out[i][j]
      if f == "rag" then v = fmt.rag_key(v) or plain(v) end
      out[i][j] = plain(v)
    end
  end
  return add(self, { type = "table", title = opts.title, note = opts.note, columns = plain_cols, rows = out })
end

-- A tile from a KPI result of pmo.kpi (evaluate or rollup) or a tile table.
local function tile_of(item)
  if type(item) ~= "table" then args.type_error(1, "kpi_tiles", "table of results or tiles", item, 3) end
  if item.label ~= nil then
    return { label = tostring(item.label), value = plain(item.value), format = item.format or fmt.guess(nil, { item.value }),
      rag = fmt.rag_key(item.rag), note = item.note and tostring(item.note) or nil, bands = item.bands }
  end
  -- The result's definition, for its unit: through require, which the sandbox has too (it
  -- has no `package`); a result with an id comes from pmo.kpi, already loaded then.
  local def
  if item.id ~= nil then
    local ok, kpi = pcall(require, "pmo.kpi")
    def = ok and type(kpi) == "table" and kpi.get(item.id) or nil
  end
  local f = fmt.of_unit(item.unit or (def and def.unit))
  local note
  if item.counts then          -- a roll-up of pmo.kpi: say how many members are in each RAG
    local counts = string.format("%d green, %d amber, %d red", item.counts.green, item.counts.amber, item.counts.red)
    note = item.level == "organisation" and counts
      or string.format("%s %s: %s", item.level or "", tostring(item.object_id), counts)
  elseif item.object_id ~= nil then
    note = tostring(item.object_id)
  end
  if item.error then note = "error: " .. tostring(item.error) end
  -- `rated`: a KPI without a rating says so; a plain figure has nothing to say.
  -- A result's own rating follows its thresholds (the RAG rule); a roll-up's follows its members.
  local bands = not item.counts and bands_of(item) or nil
  return { label = item.title or (def and def.title) or tostring(item.id), value = plain(item.value), format = f,
    rag = fmt.rag_key(item.rag), note = note, rated = true, bands = bands }
end

--- Adds a row of KPI tiles. `items`: results of `kpi.evaluate` or
-- `kpi.rollup`, or tiles `{ label =, value =, format =, rag =, note = }`.
---@param items table[]|List KPI results, or { title, value, rag }
---@param opts? table
---@return Doc
function Doc:kpi_tiles(items, opts)
  if type(items) ~= "table" then args.type_error(1, "kpi_tiles", "table of results or tiles", items) end
  local tiles = {}
  for i = 1, #items do tiles[i] = tile_of(items[i]) end
  return add(self, { type = "kpi_tiles", title = opts and opts.title, tiles = tiles })
end

--- Adds a chart. `spec.kind`: "bar", "line", "scurve", "heatmap",
-- "risk_matrix", "capacity", "timeline" or "gantt" (`{ kind = "gantt",
-- schedule = p:schedule() }`: bars, baselines, the critical path, milestones
-- and the status date; HTML draws it, the other formats give its table); the
-- other fields depend on the kind (see pmo.report.chart). The data is taken
-- now, as plain values.
---@param spec table { kind = "bar"|"line"|"scurve"|"heatmap", ... }
---@return Doc
function Doc:chart(spec)
  args.check(1, "chart", spec, "table")
  -- The normalisers raise plain messages; blame the script's line that called chart.
  local ok, c = pcall(chart.normalise, spec)
  if not ok then error(c, 2) end
  return add(self, { type = "chart", chart = c })
end

--- The document rendered in `format` ("text", "md", "csv", "json", "html").
-- `opts.colour`: colours and glyphs for a terminal (text only).
---@param format "text"|"md"|"csv"|"json"|"html"
---@param opts? table
---@return string
function Doc:render(format, opts)
  format = format or "text"
  local name = M.RENDERERS[format]
  if not name then
    args.error(1, "render", "format must be text, md, csv, json or html, got '" .. tostring(format) .. "'")
  end
  return require(name).render(self, opts or {})
end

Doc.__tostring = function(doc) return doc:render("text") end

--- Renders `doc`; the same as `doc:render(format, opts)`.
---@param doc Doc
---@param format "text"|"md"|"csv"|"json"|"html"
---@param opts? table
---@return string
function M.render(doc, format, opts)
  if not M.is_report(doc) then args.type_error(1, "render", "Report", doc) end
  return doc:render(format, opts)
end

local emitted   -- the document report.emit was given, for pmo run

--- Hands `doc` to `pmo run`, which renders it after the script ends in the
-- format of `--format` (text by default) to `-o FILE` or standard output.
-- Returning the document from the script does the same.
---@param doc Doc
function M.emit(doc)
  if not M.is_report(doc) then args.type_error(1, "emit", "Report", doc) end
  emitted = doc
  return doc
end

--- Called by `pmo run` when the script ends: the returned document (`result`),
-- else the emitted one, rendered; nil when the script made neither.
function M._output(result, format, opts)
  local doc = M.is_report(result) and result or emitted
  if not doc then return nil end
  return doc:render(format, opts)
end

--- Prints a table at once, aligned, as the terminal renderer draws it: for the
-- REPL and quick scripts. `report.table(pmo.projects(), {"id", "name", "bac"})`.
---@param rows table[]|List
---@param columns? table
---@param opts? table
function M.table(rows, columns, opts)
  local doc = M.new { title = "" }
  doc:table(rows, columns, opts)
  io.write(require("pmo.report.text").blocks(doc, { colour = opts and opts.colour }))
end

return M
