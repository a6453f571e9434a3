--- The CSV renderer: the document's tables, as RFC 4180 CSV.
--
-- Each table is a header row of column titles and its rows; when a report has
-- several tables they follow one another with one empty line between them
-- (tiles, charts and text are not tables and are left out). Values are raw
-- (numbers unformatted, dates ISO, RAG as green/amber/red) so a spreadsheet
-- can compute with them. Lines end in CRLF, as RFC 4180 says.
--
-- Escaping: a field holding a comma, a quote, CR or LF is quoted with quotes
-- doubled. A text field starting with `=`, `+`, `-`, `@`, tab or CR gets a
-- leading `'`, so that a spreadsheet shows it instead of running it as a
-- formula (OWASP, "CSV injection").
local M = {}

local function number(v)
  if math.type(v) == "integer" then return tostring(v) end
  if v ~= v or v == math.huge or v == -math.huge then return "" end
  -- Enough digits to read back the same double, no exponent for ordinary figures.
  local s = string.format("%.15g", v)
  if tonumber(s) ~= v then s = string.format("%.17g", v) end
  return s
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

--- The tables of the document as CSV text ("" when it has none).
function M.render(doc)
  local parts = {}
  for _, b in ipairs(doc.blocks) do
    if b.type == "table" then
      local lines = {}
      local head = {}
      for j, c in ipairs(b.columns) do head[j] = M.field(c.title) end
      lines[1] = table.concat(head, ",")
      for i, row in ipairs(b.rows) do
        local fields = {}
        for j = 1, #b.columns do fields[j] = M.field(row[j]) end
        lines[i + 1] = table.concat(fields, ",")
      end
      parts[#parts + 1] = table.concat(lines, "\r\n") .. "\r\n"
    end
  end
  return table.concat(parts, "\r\n")
end

return M
