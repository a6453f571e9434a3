-- The REPL's pretty printer: any Lua value as text a person can read at a glance.
--
--   pretty.format({ b = 2, a = "x", 10, 20 })   --> { 10, 20, a = "x", b = 2 }
--
-- Tables: keys sorted (numbers, then strings, then the rest), the list part without keys,
-- nesting cut at `options.depth`, each table cut at `options.items` entries, cycles shown as
-- <cycle>. A list of records (tables sharing one metatable, or all with the same keys) prints
-- as an aligned table. Strings are quoted; numbers are formatted for reading (see `number`),
-- so the REPL shows 1,234,567.89 where `print` would show 1234567.891, and a field whose
-- name says what it holds reads in its unit when the host formats units (`M.units`):
-- `bac = €832,000`, `cpi = 0.78`, `probability = 35.0%`.
--
-- A host teaches it its domain: compact summaries for its objects (`register`), fields in
-- their units (`M.units(key, value)`) and a query result's columns in its select's order
-- (`M.query_columns(rows)`); each hook returns nil to leave a value to the defaults.
-- Nothing here raises on strange values: __tostring and summaries run under pcall.
local M = {}

-- `width` is the line width text is laid out for: nil (the default) follows the screen, which
-- the REPL sets before each result from the terminal's width (`M.screen`, 96 when unknown);
-- a number fixes it.
M.options = { depth = 3, items = 40, rows = 25, width = nil, columns = 8, string = 4000 }
M.screen = 96

-- The width results are laid out for: options.width when set, else the screen's.
local function linewidth()
  local w = math.tointeger(M.options.width) or math.tointeger(M.screen) or 96
  return w >= 20 and w or 20
end
M.linewidth = linewidth

local summaries = setmetatable({}, { __mode = "k" })   -- metatable -> function(v) -> string
local columns = setmetatable({}, { __mode = "k" })     -- metatable -> list of field names

-- Registers how values with metatable `mt` print: `summary(v)` returns a one-line string;
-- `cols` (optional) names the fields shown when a list of them prints as a table.
function M.register(mt, summary, cols)
  summaries[mt] = summary
  columns[mt] = cols
end

local keywords = {}
for k in ([[and break do else elseif end false for function goto if in local nil not or
  repeat return then true until while]]):gmatch("%a+") do keywords[k] = true end

local escapes = { ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r", ['"'] = '\\"', ["\\"] = "\\\\" }

-- A string as a Lua literal that reads back to the same bytes; past `options.string` bytes
-- it is cut, and the literal says how much is missing (`print` shows it all).
function M.quote(s)
  local cut = ""
  if #s > M.options.string then
    cut = string.format("... (%d more bytes)", #s - M.options.string)
    s = s:sub(1, M.options.string)
  end
  local body = s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\%03d", c:byte())
  end)
  return '"' .. body .. '"' .. cut
end

local function group(digits)
  local s = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (s:gsub("^,", ""))
end

-- Numbers for reading: integers from 10,000 up grouped by thousands with ","; floats with at
-- most six significant digits below 1000 (0.923457), from 1000 up grouped with at most two
-- decimals (1,234,567.89; a whole one without a point: 832,000), in exponent form when tiny
-- or huge. A float below 1000 always shows a point or an exponent, so 3.0 and 3 stay distinct.
function M.number(n)
  if math.type(n) == "integer" then
    if n > -10000 and n < 10000 then return tostring(n) end
    local sign, digits = tostring(n):match("^(-?)(%d+)$")
    return sign .. group(digits)
  end
  if n ~= n then return "nan" end
  if n == math.huge then return "inf" end
  if n == -math.huge then return "-inf" end
  local a = math.abs(n)
  if a ~= 0 and (a >= 1e15 or a < 1e-4) then return string.format("%.6g", n) end
  if a >= 1000 then
    local sign, int, frac = string.format("%.2f", n):match("^(-?)(%d+)%.(%d+)$")
    frac = frac:gsub("0+$", "")
    return sign .. group(int) .. (frac == "" and "" or ("." .. frac))
  end
  local s = string.format("%.6g", n)
  if not s:find("[.eni]") then s = s .. ".0" end
  return s
end

-- A field's number in its unit (`bac = €832,000`), when the host gave a formatter: the hook
-- `M.units(key, value)` returns the text, or nil to show the number as any other.
local function unit_format(key, v)
  if type(v) ~= "number" or type(key) ~= "string" or type(M.units) ~= "function" then return nil end
  local ok, s = pcall(M.units, key, v)
  return ok and type(s) == "string" and s or nil
end
M.field = unit_format

local function safe_tostring(v)
  local ok, s = pcall(tostring, v)
  if ok and type(s) == "string" then return s end
  return "<" .. type(v) .. ": __tostring failed>"
end

local rank = { number = 1, string = 2 }

local function before(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    local ra, rb = rank[ta] or 3, rank[tb] or 3
    if ra ~= rb then return ra < rb end
    return ta < tb
  end
  if ta == "number" or ta == "string" then return a < b end
  return safe_tostring(a) < safe_tostring(b)
end

local function width(s)
  return utf8.len(s) or #s
end

local function describe_function(f)
  local info = debug and debug.getinfo and debug.getinfo(f, "S")
  if not info or info.what == "C" then return "function: builtin" end
  return string.format("function <%s:%d>", info.short_src, info.linedefined)
end

-- A record whose metatable is its own row (the row indexes itself and holds the fields: a
-- read-only record) is registered by the row's metatable.
local function selfindexed(mt)
  return type(mt) == "table" and rawget(mt, "__index") == mt
end

-- The metatable a value's printing is registered under: its own, or its row's for a record.
local function class(v)
  local mt = getmetatable(v)
  if selfindexed(mt) then
    local kind = getmetatable(mt)
    if kind ~= nil and (summaries[kind] or columns[kind]) then return kind end
  end
  return mt
end

-- The table holding a value's own fields: the row of a record, else the table itself; and
-- whether keys named like metamethods (`__index`) are the row's machinery, to be skipped.
local function own(t)
  local mt = getmetatable(t)
  if selfindexed(mt) and next(t) == nil then return mt, true end
  return t, false
end

-- The field keys of `t` (see `own`), as `next` gives them.
local function fieldkeys(t)
  local row, skip = own(t)
  local keys = {}
  for k in next, row do
    if not (skip and type(k) == "string" and k:sub(1, 2) == "__") then keys[#keys + 1] = k end
  end
  return keys, row
end

-- The one-line form registered for the value's metatable, or given by its __tostring.
local function summary(v)
  local mt = getmetatable(v)
  if type(mt) ~= "table" then return nil end
  local f = summaries[class(v)]
  if f then
    local ok, s = pcall(f, v)
    if ok and type(s) == "string" then return s end
    return nil
  end
  if rawget(mt, "__tostring") then return safe_tostring(v) end
  return nil
end

-- Scalars and summaries; nil for a table that needs the full treatment.
local function atom(v)
  local t = type(v)
  if t == "string" then return M.quote(v) end
  if t == "number" then return M.number(v) end
  if t == "function" then return describe_function(v) end
  if t == "table" then return summary(v) end
  if t == "userdata" then return summary(v) or safe_tostring(v) end
  return safe_tostring(v)
end

-- The length of the list part 1..n, stopping at the first nil.
local function listlength(t)
  local n = 0
  while rawget(t, n + 1) ~= nil do n = n + 1 end
  return n
end

local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

-- The columns of a list of records, or nil when `t` is not one. Records share a metatable
-- (and no summary gets in the way), or are plain tables all with the same string keys.
local function recordcolumns(t, n)
  -- A query result's rows in its select's order, one row too (the host knows them).
  if type(M.query_columns) == "function" and n >= 1 and count(t) == n then
    local ok, order = pcall(M.query_columns, t)
    if ok and type(order) == "table" then return order end
  end
  if n < 2 or count(t) ~= n then return nil end
  local first = rawget(t, 1)
  if type(first) ~= "table" then return nil end
  local mt = class(first)
  local keys, shape = {}, {}
  for _, k in ipairs((fieldkeys(first))) do
    if type(k) ~= "string" then return nil end
    keys[#keys + 1] = k
    shape[k] = true
  end
  if #keys == 0 and not (mt and columns[mt]) then return nil end
  for i = 2, n do
    local row = rawget(t, i)
    if type(row) ~= "table" or class(row) ~= mt then return nil end
    if not (mt and columns[mt]) then
      local rowkeys = fieldkeys(row)
      for _, k in ipairs(rowkeys) do if not shape[k] then return nil end end
      if #rowkeys ~= #keys then return nil end
    end
  end
  if mt and columns[mt] then return columns[mt] end
  table.sort(keys)
  return keys
end

local function field(t, k) return t[k] end

-- `s` cut to `w` columns, the last one an ellipsis when something was cut.
local function fit(s, w)
  if width(s) <= w then return s end
  if utf8.len(s) then return s:sub(1, utf8.offset(s, w) - 1) .. "…" end
  return s:sub(1, w - 1) .. "…"
end

-- A list of records as an aligned table: a header, one row per record, numbers right-aligned.
local function grid(t, n, cols, indent)
  local shown = math.min(n, M.options.rows)
  local ncols = math.min(#cols, M.options.columns)
  local head = { "#" }
  for c = 1, ncols do head[c + 1] = cols[c] end
  local rows, right, widths = { head }, {}, {}
  for i = 1, shown do
    local row, rec = { tostring(i) }, rawget(t, i)
    for c = 1, ncols do
      -- Through __index, so a record's computed fields count too; a failing one shows "?".
      local ok, v = pcall(field, rec, cols[c])
      if not ok then v = "?" end
      local cell
      if type(v) == "string" then cell = v:gsub("%c", " ")
      elseif type(v) == "table" then cell = summary(v) or ("{" .. count(v) .. "}")
      elseif v == nil then cell = ""
      else cell = unit_format(cols[c], v) or atom(v) end
      if type(v) == "number" then right[c + 1] = true end
      row[c + 1] = cell
    end
    rows[#rows + 1] = row
  end
  right[1] = true
  for _, row in ipairs(rows) do
    for c = 1, ncols + 1 do widths[c] = math.max(widths[c] or 0, width(row[c] or "")) end
  end
  -- Fit the line (linewidth(): the terminal's width in the REPL). A row wider than the
  -- terminal wraps, splitting a number across two lines, so text columns give way first, the
  -- widest first (cut with "…", down to 8 columns or their heading's width); numbers never, and
  -- when text alone cannot make room the last columns are left out and counted.
  local avail = linewidth() - width(indent)
  local last = ncols + 1
  local function total()
    local t = 2 * (last - 1)
    for c = 1, last do t = t + widths[c] end
    return t
  end
  while total() > avail do
    local widest
    for c = 2, last do
      if not right[c] and widths[c] > math.max(8, width(head[c]))
        and (not widest or widths[c] > widths[widest]) then widest = c end
    end
    if widest then
      -- A column at a time, so the widest give way until they are as wide as the next.
      widths[widest] = widths[widest] - 1
    elseif last > 2 then
      last = last - 1
    else
      break
    end
  end
  local lines = {}
  for r, row in ipairs(rows) do
    local parts = {}
    for c = 1, last do
      local cell = fit(row[c] or "", widths[c])
      local pad = string.rep(" ", widths[c] - width(cell))
      parts[c] = (right[c] and r > 1) and (pad .. cell) or (cell .. pad)
    end
    lines[#lines + 1] = indent .. (table.concat(parts, "  "):gsub("%s+$", ""))
  end
  if n > shown then lines[#lines + 1] = indent .. string.format("... (%d more rows)", n - shown) end
  if #cols > last - 1 then
    local more = #cols - (last - 1)
    lines[#lines + 1] = indent .. string.format("(%d more column%s)", more, more == 1 and "" or "s")
  end
  return table.concat(lines, "\n")
end

local format

local function keytext(k, seen, depth, indent)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") and not keywords[k] then return k end
  return "[" .. format(k, seen, depth, indent) .. "]"
end

local function tabletext(t, seen, depth, indent)
  local name = type(getmetatable(t)) == "table" and rawget(getmetatable(t), "__name")
  local prefix = type(name) == "string" and (name .. " ") or ""
  if depth >= M.options.depth then
    return prefix .. (next(t) == nil and "{}" or "{...}")
  end
  local n = listlength(t)
  local cols = recordcolumns(t, n)
  if cols then
    return prefix .. string.format("%d records\n", n) .. grid(t, n, cols, indent .. "  ")
  end
  local keys = {}
  for k in next, t do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, before)
  seen[t] = true
  local parts, limit, inner = {}, M.options.items, indent .. "  "
  for i = 1, math.min(n, limit) do parts[#parts + 1] = format(rawget(t, i), seen, depth + 1, inner) end
  for _, k in ipairs(keys) do
    if #parts >= limit then break end
    local v = rawget(t, k)
    parts[#parts + 1] = keytext(k, seen, depth + 1, inner) .. " = "
      .. (unit_format(k, v) or format(v, seen, depth + 1, inner))
  end
  seen[t] = nil
  local total = n + #keys
  if total > #parts then parts[#parts + 1] = string.format("... (%d more)", total - #parts) end
  if #parts == 0 then return prefix .. "{}" end
  local line = prefix .. "{ " .. table.concat(parts, ", ") .. " }"
  if not line:find("\n") and width(indent) + width(line) <= linewidth() then return line end
  -- Too long for one line: short entries share lines (a long list of numbers stays compact),
  -- anything longer gets a line of its own.
  local lines, current = {}, nil
  for _, part in ipairs(parts) do
    local short = width(part) <= 24 and not part:find("\n")
    if current and short and width(inner) + width(current) + width(part) + 2 <= linewidth() then
      current = current .. ", " .. part
    else
      if current then lines[#lines + 1] = current end
      current = part
    end
    if not short then lines[#lines + 1] = current; current = nil end
  end
  if current then lines[#lines + 1] = current end
  return prefix .. "{\n" .. inner .. table.concat(lines, ",\n" .. inner) .. "\n" .. indent .. "}"
end

-- `seen` holds the tables on the path from the root: meeting one again is a cycle.
format = function(v, seen, depth, indent)
  local a = atom(v)
  if a then return a end
  if seen[v] then return "<cycle>" end
  return tabletext(v, seen, depth, indent)
end

-- The text of one value.
function M.format(v)
  return format(v, {}, 0, "")
end

-- The text of a list of results, as the REPL prints them: side by side when they fit on a
-- line, else one per line.
--
-- A result that is a string of several lines (an explanation, a rendered report, a file's
-- text) prints as its text, line by line, as `print` would show it: a quoted literal full of
-- \n is unreadable. A one-line string stays quoted, so "42" and 42 still differ, and a
-- string inside a table is always quoted. `pretty.format` always quotes. A final newline is
-- left out, and control bytes other than newline and tab show as \ddd escapes (so a stored
-- text cannot move the cursor or recolour the terminal).
local function text_escape(c)
  if c == "\n" or c == "\t" then return c end
  return string.format("\\%03d", c:byte())
end

function M.results(...)
  local texts, n, multiline = {}, select("#", ...), false
  for i = 1, n do
    local v = (select(i, ...))
    if type(v) == "string" and v:find("\n") then
      texts[i] = (v:gsub("\n$", ""):gsub("[%c]", text_escape))
    else
      texts[i] = M.format(v)
    end
    if texts[i]:find("\n") then multiline = true end
  end
  return table.concat(texts, multiline and "\n" or "\t")
end

-- Prints results as the REPL prints them (nothing for none) and returns `last` when there
-- are none, else the first of them: what the REPL's `_` then holds. Scripts written by the
-- REPL's :save call it for each expression the session printed: `_ = show(_, expr)`.
function M.show(last, ...)
  if select("#", ...) == 0 then return last end
  io.write(M.results(...), "\n")
  return (...)
end

return M
