--- The JSON renderer: the whole document as data.
--
-- `{"title", "subtitle", "date", "currency", "blocks": [...]}`, each block with
-- its `type` (section, paragraph, table, kpi_tiles, chart) and its data; a
-- table's rows are objects keyed by column key. Keys are sorted and numbers
-- printed one fixed way, so the same report is the same bytes. NaN and
-- infinities, which JSON cannot hold, become null.
local fmt = require("pmo.format")
local date = require("pmo.date")

local M = {}

local ESC = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n",
  ["\r"] = "\\r", ["\t"] = "\\t" }

--- A JSON string literal. `<`, `>` and `&` are escaped too, so the text is
-- also safe inside an HTML `<script>` block.
function M.string(s)
  return '"' .. s:gsub('[%c"\\<>&]', function(c)
    return ESC[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

-- The shortest text that reads back as the same double; NaN and infinities null.
local function number(v)
  return fmt.shortest(v) or "null"
end

-- A table is an array when its keys are 1..n (n from `t.n` when present,
-- which keeps trailing nils as nulls).
local function array_length(t)
  local n = 0
  for k in pairs(t) do
    if k ~= "n" then
      if math.type(k) ~= "integer" or k < 1 then return nil end
      if k > n then n = k end
    end
  end
  if type(t.n) == "number" then n = math.max(n, t.n) end
  if n == 0 and next(t) ~= nil and t.n == nil then return nil end
  return n
end

--- JSON text of a Lua value (tables: arrays or objects with sorted keys).
function M.encode(v, seen)
  local t = type(v)
  if v == nil then return "null" end
  if t == "boolean" then return tostring(v) end
  if t == "number" then return number(v) end
  if t == "string" then return M.string(v) end
  if t ~= "table" then return M.string(tostring(v)) end
  -- A Date is its ISO text (its one field `n` would read as an array's length).
  if date.is_date(v) then return M.string(tostring(v)) end
  seen = seen or {}
  if seen[v] then error("report JSON: a table contains itself", 2) end
  seen[v] = true
  local out = {}
  local n = array_length(v)
  if n and (n > 0 or next(v) == nil or v.n ~= nil) then
    for i = 1, n do out[i] = M.encode(v[i], seen) end
    seen[v] = nil
    return "[" .. table.concat(out, ",") .. "]"
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  for i, k in ipairs(keys) do
    local value = v[k]
    if value == nil then value = v[tonumber(k)] end
    out[i] = M.string(k) .. ":" .. M.encode(value, seen)
  end
  seen[v] = nil
  return "{" .. table.concat(out, ",") .. "}"
end

-- A table block with rows as objects keyed by column key.
local function table_block(b)
  local rows = {}
  for i, row in ipairs(b.rows) do
    local obj = {}
    for j, c in ipairs(b.columns) do obj[c.key] = row[j] end
    rows[i] = obj
  end
  local columns = {}
  for j, c in ipairs(b.columns) do columns[j] = { key = c.key, title = c.title, format = c.format } end
  return { type = "table", title = b.title, note = b.note, columns = columns, rows = rows }
end

--- The document as JSON text, one line per block for readable diffs.
function M.render(doc)
  local blocks = {}
  for i, b in ipairs(doc.blocks) do
    blocks[i] = M.encode(b.type == "table" and table_block(b) or b)
  end
  local head = M.encode({ title = doc.title, subtitle = doc.subtitle, date = doc.date,
    author = doc.author, currency = doc.currency })
  -- title is required, so `head` is a non-empty object: splice the blocks in before its "}".
  return head:sub(1, -2) .. ',"blocks":[\n' .. table.concat(blocks, ",\n") .. "\n]}\n"
end

return M
