--- The Markdown renderer (GitHub-flavoured: pipe tables).
--
-- Every piece of data is escaped, so a project called `*Alpha* | <b>` shows
-- as those characters: Markdown's punctuation gets a backslash, `<` and `&`
-- become entities (Markdown passes raw HTML through), and a newline inside a
-- cell becomes a space, since a pipe table row is one line. Charts show as
-- the table of their data.
local fmt = require("pmo.format")
local chart = require("pmo.report.chart")

local M = {}

-- Markdown's inline punctuation (CommonMark 0.31 and GitHub's tables and
-- strikethrough): escaped wherever it stands.
local function escape_inline(s)
  s = tostring(s):gsub("\r\n?", "\n")
  s = s:gsub("[\\`*_%[%]|~]", "\\%0")
  s = s:gsub("&", "&amp;"):gsub("<", "&lt;")
  -- Control characters (an ESC would drive a terminal showing the file) as escapes.
  s = s:gsub("[%z\1-\8\11\12\14-\31\127]", function(c) return string.format("\\%03d", c:byte()) end)
  return s
end

--- Markdown text that reads literally. Inline markup characters are escaped
-- everywhere; a line's start only where it would begin a block (CommonMark):
-- `#` heading, `-`/`+`/`*` list item or `1.`/`1)` ordered item when followed
-- by a space or the end of the line, `>` quote, and lines of only `=` or `-`
-- (setext underline, thematic break). "PRJ-001", "-950" and "0.89" stay as
-- they are.
function M.escape(s)
  s = escape_inline(s)
  s = s:gsub("%f[^\n%z]([ ]*)([#+%-])([ \t\n])", "%1\\%2%3")
  s = s:gsub("%f[^\n%z]([ ]*)([#+%-])$", "%1\\%2")
  s = s:gsub("%f[^\n%z]([ ]*)>", "%1\\>")
  s = s:gsub("%f[^\n%z]([ ]*)([=%-]+[ ]*)%f[\n%z]", "%1\\%2")
  s = s:gsub("%f[^\n%z]([ ]*%d+)([.)])([ \t\n])", "%1\\%2%3")
  s = s:gsub("%f[^\n%z]([ ]*%d+)([.)])$", "%1\\%2")
  return s
end

-- One line of a table cell: a cell never starts a block, so only inline
-- punctuation is escaped, and a newline becomes a space.
local function cell(s)
  return (escape_inline(s):gsub("\n", " "))
end

local function rag_text(v)
  local k = fmt.rag_key(v)
  if not k then return nil end
  local r = fmt.RAG[k]
  return r.glyph .. " " .. r.label
end

local function table_lines(columns, rows, currency, out)
  local head, rule = {}, {}
  for j, c in ipairs(columns) do
    head[j] = cell(c.title == "" and " " or c.title)
    rule[j] = (c.right or fmt.numeric(c.format)) and "---:" or "---"
  end
  out[#out + 1] = "| " .. table.concat(head, " | ") .. " |"
  out[#out + 1] = "| " .. table.concat(rule, " | ") .. " |"
  for i, row in ipairs(rows) do
    local line = {}
    for j, c in ipairs(columns) do
      local v = row[j]
      line[j] = c.format == "rag" and rag_text(v)
        or cell(fmt.value(v, c.format, { currency = currency, bands = c.bands and c.bands[i] }))
    end
    out[#out + 1] = "| " .. table.concat(line, " | ") .. " |"
  end
end

--- The document as Markdown.
function M.render(doc)
  local out = { "# " .. cell(doc.title) }
  local meta = {}
  if doc.subtitle then meta[#meta + 1] = cell(doc.subtitle) end
  if doc.date then meta[#meta + 1] = "as of " .. doc.date end
  if doc.author then meta[#meta + 1] = cell(doc.author) end
  if #meta > 0 then out[#out + 1] = ""; out[#out + 1] = table.concat(meta, " · ") end
  for _, b in ipairs(doc.blocks) do
    out[#out + 1] = ""
    if b.type == "section" then
      out[#out + 1] = "## " .. cell(b.title)
    elseif b.type == "paragraph" then
      -- Blank lines inside stay paragraph breaks; everything else is literal.
      out[#out + 1] = M.escape(b.text)
    elseif b.type == "table" then
      if b.title then out[#out + 1] = "**" .. cell(b.title) .. "**"; out[#out + 1] = "" end
      table_lines(b.columns, b.rows, doc.currency, out)
      if b.note then out[#out + 1] = ""; out[#out + 1] = "_" .. cell(b.note) .. "_" end
    elseif b.type == "kpi_tiles" then
      local columns = { { title = "KPI", format = "text" }, { title = "value", format = "text", right = true },
        { title = "RAG", format = "rag" }, { title = "note", format = "text" } }
      local rows = {}
      for i, t in ipairs(b.tiles) do
        rows[i] = { t.label, fmt.value(t.value, t.format, { currency = doc.currency, bands = t.bands }), t.rag, t.note or "" }
      end
      table_lines(columns, rows, doc.currency, out)
    elseif b.type == "chart" then
      local c = b.chart
      out[#out + 1] = "**" .. cell(c.title or c.kind) .. "**"
      out[#out + 1] = ""
      local columns, rows = chart.as_table(c)
      if chart.table_note(c) then out[#out + 1] = "_" .. cell(chart.table_note(c)) .. "_"; out[#out + 1] = "" end
      table_lines(columns, rows, doc.currency, out)
      if c.note then out[#out + 1] = ""; out[#out + 1] = "_" .. cell(c.note) .. "_" end
    end
  end
  return table.concat(out, "\n") .. "\n"
end

return M
