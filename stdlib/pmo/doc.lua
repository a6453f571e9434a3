--- The stdlib's doc comments, read: what `:help` shows, `docs/api.md` and the LuaLS
--- definition files in `types/` (`tools/gen-docs` writes both) are made here from the one
--- source, the comments where each function is defined.
---
--- A doc comment is the run of comment lines right above a function's definition whose
--- first line starts with `---` (later lines may be `---` or `--`): its text says what the
--- function does; `---@param name type desc` and `---@return type desc` (LuaCATS) give the
--- signature's types; a line `e.g. CODE` is an example. A module's doc is the comment its
--- file starts with. The functions are found alive (the `pmo` table, each kind's methods,
--- every stdlib module's exported table and classes) and tied to their comment by
--- `debug.getinfo`, so nothing here lists them by hand. A function a generator makes for
--- many names (`pmo.<plural>`, `p:risks()`) has one comment with placeholders: `{x}` is the
--- generator's local `x` (a string upvalue of the function, `_` read as a space; any other
--- `{x}` stays as written), `{x.name}` a field of a table upvalue, `{Kind(x)}` the title of
--- the kind `x` is or names (these two an error when there is none).
local M = {}

-- Modules a user does not require: the report renderers (report.render dispatches to them),
-- this module's source table, and pmo itself (walked as `pmo`).
local function internal(module)
  return module == "pmo.init" or module == "pmo.sources" or module:match("^pmo%.report%.") ~= nil
end

-- Module name ("pmo.evm", "pmo.init") -> source text, from the stdlib searcher.
local function sources()
  local ok, s = pcall(require, "pmo.sources")
  if not ok then error("pmo.doc: the embedded stdlib's sources are not available here", 3) end
  return s
end

local function split_lines(text)
  local out = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end

-- The parsed doc comment of lines[first..last] (each a comment line).
local function parse_block(lines, first, last)
  local d = { text = {}, params = {}, returns = {}, examples = {} }
  local last_tag   -- the @param or @return an indented line below it continues
  for i = first, last do
    local body = lines[i]:gsub("^%s*%-%-%-?", "", 1)
    local tag, rest = body:match("^@(%w+)%s*(.*)$")
    if not tag and last_tag and body:match("^%s%s") then
      last_tag.desc = last_tag.desc .. " " .. body:match("^%s*(.-)%s*$")
    elseif tag == "param" then
      local name, ty, desc = rest:match("^([%w_%.]+%??)%s+(%S+)%s*(.*)$")
      if name then last_tag = { name = name, type = ty, desc = desc }; d.params[#d.params + 1] = last_tag end
    elseif tag == "return" then
      local ty, desc = rest:match("^(%S+)%s*(.*)$")
      if ty then last_tag = { type = ty, desc = desc }; d.returns[#d.returns + 1] = last_tag end
    elseif tag then
      d[tag] = rest
    else
      body = body:gsub("^ ", "", 1)
      local example = body:match("^%s*e%.g%.%s+(.*)$")
      last_tag = nil
      if example then d.examples[#d.examples + 1] = example
      else d.text[#d.text + 1] = body end
    end
  end
  while #d.text > 0 and d.text[#d.text]:match("^%s*$") do table.remove(d.text) end
  return d
end

local parsed = {}

--- The doc comments of one stdlib module: `{ module = doc | nil, at = { [line] = doc } }`, `at`
--- keyed by the line of the definition each comment is above.
---@param module string a stdlib module name, e.g. "pmo.evm"
---@return table
function M.parse(module)
  if parsed[module] then return parsed[module] end
  local text = sources()[module]
  if not text then error("pmo.doc: no stdlib module '" .. tostring(module) .. "'", 2) end
  local lines = split_lines(text)
  local out = { at = {} }
  -- The module's doc: the comment the file starts with.
  local n = 0
  while lines[n + 1] and lines[n + 1]:match("^%-%-") do n = n + 1 end
  if n > 0 and lines[1]:match("^%-%-%-") then out.module = parse_block(lines, 1, n) end
  for i = 2, #lines do
    if not lines[i]:match("^%s*%-%-") and lines[i]:match("%S") then
      local top = i
      while top > 1 and lines[top - 1]:match("^%s*%-%-") do top = top - 1 end
      -- The doc part: from the first `---` line of the comment run.
      local first
      for j = top, i - 1 do
        if lines[j]:match("^%s*%-%-%-") and not lines[j]:match("^%s*%-%-%-%-") then first = j; break end
      end
      if first and not (first == 1 and out.module and top == 1) then out.at[i] = parse_block(lines, first, i - 1) end
    end
  end
  parsed[module] = out
  return out
end

-- The stdlib module a function was defined in, from its chunk name ("@stdlib/pmo/evm.lua").
local function module_of(info)
  local path = info.source:match("^@stdlib/(.+)%.lua$")
  return path and path:gsub("/", ".") or nil
end

-- The text of `s` with its placeholders filled from f's upvalues; nil when one is unknown.
local function fill(s, f)
  if not s:find("{", 1, true) then return s end
  local up = {}
  for i = 1, 255 do
    local name, value = debug.getupvalue(f, i)
    if not name then break end
    up[name] = value
  end
  local unknown
  local out = s:gsub("{([%w_]+)%(([%w_]+)%)}", function(fn, x)
    local kinds = rawget(_G, "pmo") and pmo.kinds
    local v = up[x]
    if type(v) == "string" and kinds then v = kinds[v] end
    if fn == "Kind" and type(v) == "table" and type(v.title) == "string" then return v.title end
    unknown = fn .. "(" .. x .. ")"
  end):gsub("{([%a_][%w_]*)%.([%a_][%w_]*)}", function(x, field)
    if type(up[x]) == "table" and type(up[x][field]) == "string" then return (up[x][field]:gsub("_", " ")) end
    unknown = x .. "." .. field
  end):gsub("{([%a_][%w_]*)}", function(x)
    -- Not an upvalue: literal text (`{ phase = "x" }` in an example), left as it is.
    if type(up[x]) == "string" then return (up[x]:gsub("_", " ")) end
  end)
  if unknown then return nil end
  return out
end

local function filled_list(items, f, fields)
  local out = {}
  for _, item in ipairs(items) do
    local copy = {}
    for _, k in ipairs(fields) do
      copy[k] = item[k] and fill(item[k], f)
      if item[k] and not copy[k] then return nil end
    end
    out[#out + 1] = copy
  end
  return out
end

--- The doc of Lua function `f` (its comment, placeholders filled), or nil and why not.
---@param f function
---@return table|nil doc { text, params, returns, examples, module, line }
---@return string|nil why
function M.of(f)
  local info = debug.getinfo(f, "Su")
  local module = module_of(info)
  if not module then return nil, "not defined in the stdlib (" .. info.short_src .. ")" end
  local d = M.parse(module).at[info.linedefined]
  if not d then return nil, "no doc comment above stdlib/" .. module:gsub("%.", "/") .. ".lua:" .. info.linedefined end
  if #d.text == 0 then
    return nil, "the doc comment above stdlib/" .. module:gsub("%.", "/") .. ".lua:" .. info.linedefined .. " says nothing (only tags)"
  end
  local out = { module = module, line = info.linedefined, text = {}, examples = {} }
  for i, line in ipairs(d.text) do
    out.text[i] = fill(line, f)
    if not out.text[i] then return nil, "an unknown placeholder in the doc comment at stdlib/" .. module:gsub("%.", "/") .. ".lua:" .. info.linedefined end
  end
  for i, e in ipairs(d.examples) do out.examples[i] = fill(e, f) end
  out.params = filled_list(d.params, f, { "name", "type", "desc" })
  out.returns = filled_list(d.returns, f, { "type", "desc" })
  if not out.params or not out.returns then return nil, "an unknown placeholder in a tag at stdlib/" .. module .. ":" .. info.linedefined end
  -- The parameters' names, from the function itself.
  out.names = {}
  for i = 1, info.nparams or 0 do out.names[i] = debug.getlocal(f, i) end
  out.vararg = info.isvararg
  return out
end

-- ---------------------------------------------------------------------------
-- The catalogue: every public function, found alive.

local function short(module) return module:match("([%w_]+)$") end

-- The receiver names people type for a class's methods (`p:evm`, `l:filter`).
local receivers = { p = "Project", project = "Project", l = "List", list = "List", r = "Result",
  d = "Date", doc = "Doc" }

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do if type(k) == "string" then keys[#keys + 1] = k end end
  table.sort(keys)
  return keys
end

local function public(k, v) return type(v) == "function" and not k:match("^_") end

-- A class's methods: its own functions and those of its __index table.
local function class_methods(cls)
  local out = {}
  local idx = rawget(cls, "__index")
  for _, t in ipairs({ type(idx) == "table" and idx ~= cls and idx or {}, cls }) do
    for k, v in pairs(t) do
      if type(k) == "string" and public(k, v) then out[k] = v end
    end
  end
  return out
end

local catalogue

--- Every public function: `pmo`'s own, each kind's record methods, and each stdlib module's
--- exported functions and classes (`List`, `Date`, `Result`, `Doc`), as a sorted list of
--- `{ owner, name, sep, f, full, doc | nil, why | nil }` (sep "." for a function, ":" for a
--- method); owners: "pmo", a kind's title ("Project"), a module ("pmo.kpi"), a class ("List").
---@return table[]
function M.catalogue()
  if catalogue then return catalogue end
  local out = {}
  local function add(owner, name, sep, f, prefix, group)
    local d, why = M.of(f)
    out[#out + 1] = { owner = owner, name = name, sep = sep, f = f, doc = d, why = why,
      full = (prefix or owner) .. sep .. name, group = group or owner }
  end
  local pmo = rawget(_G, "pmo") or require("pmo")
  for _, k in ipairs(sorted_keys(pmo)) do
    if public(k, pmo[k]) then add("pmo", k, ".", pmo[k]) end
  end
  for _, kname in ipairs(sorted_keys(pmo.kinds)) do
    local kind = pmo.kinds[kname]
    for _, m in ipairs(sorted_keys(kind.methods)) do
      if public(m, kind.methods[m]) then add(kind.title, m, ":", kind.methods[m], nil, "records") end
    end
  end
  local seen_class = {}
  for _, module in ipairs(sorted_keys(sources())) do
    if not internal(module) then
      -- A module that fails to load would drop out of the docs and of the docs test unseen.
      local ok, t = pcall(require, module)
      if not ok then error("pmo.doc: stdlib module " .. module .. " does not load: " .. tostring(t), 2) end
      if type(t) == "table" then
        for _, k in ipairs(sorted_keys(t)) do
          local v = t[k]
          if public(k, v) then
            add(module, k, ".", v, short(module), module)
          elseif type(v) == "table" and k:match("^%u") and not seen_class[v] and next(class_methods(v)) then
            seen_class[v] = true
            local ms = class_methods(v)
            for _, m in ipairs(sorted_keys(ms)) do add(k, m, ":", ms[m], nil, module) end
          end
        end
      end
    end
  end
  catalogue = out
  return out
end

--- The public functions without a doc comment, each as "name: why" (what the docs test checks).
---@return string[]
function M.missing()
  local out = {}
  for _, e in ipairs(M.catalogue()) do
    if not e.doc then out[#out + 1] = e.full .. ": " .. e.why end
  end
  return out
end

-- ---------------------------------------------------------------------------
-- Text: signatures and help.

--- How a call is written: "pmo.projects([filter]) -> List".
---@param e table a catalogue entry
---@return string
local function signature(e)
  local d = e.doc or { names = {}, params = {}, returns = {} }
  local optional = {}
  for _, p in ipairs(d.params or {}) do
    if p.name:sub(-1) == "?" then optional[p.name:sub(1, -2)] = true end
  end
  local names = {}
  for i, n in ipairs(d.names or {}) do
    if not (i == 1 and e.sep == ":") then   -- a method's first parameter is its receiver
      names[#names + 1] = optional[n] and ("[" .. n .. "]") or n
    end
  end
  if d.vararg then names[#names + 1] = "..." end
  -- A function declared f(...) names its arguments in @param.
  if d.vararg and #names == 1 and #(d.params or {}) > 0 then
    names = {}
    for _, p in ipairs(d.params) do
      local n = p.name:gsub("%?$", "")
      names[#names + 1] = p.name:sub(-1) == "?" and ("[" .. n .. "]") or n
    end
  end
  local call = e.full .. "(" .. table.concat(names, ", ") .. ")"
  local rets = {}
  for _, r in ipairs(d.returns or {}) do rets[#rets + 1] = r.type end
  if #rets > 0 then call = call .. " -> " .. table.concat(rets, ", ") end
  return call
end
M.signature = signature

-- The help text of one function: signature, then its doc indented.
local function entry_text(e)
  local lines = { signature(e) }
  local d = e.doc
  if d then
    for _, l in ipairs(d.text) do lines[#lines + 1] = "  " .. l end
    for _, p in ipairs(d.params) do
      if p.desc ~= "" then lines[#lines + 1] = "  " .. p.name:gsub("%?$", "") .. ": " .. p.desc end
    end
    for _, r in ipairs(d.returns) do
      if r.desc ~= "" then lines[#lines + 1] = "  returns " .. r.type .. ": " .. r.desc end
    end
    for _, x in ipairs(d.examples) do lines[#lines + 1] = "  e.g. " .. x end
  end
  return table.concat(lines, "\n")
end

local function module_doc_text(module)
  local d = M.parse(module).module
  return d and table.concat(d.text, "\n") or module
end

-- The topics: prose that belongs to no one function (pmo.topics).
local function topics() return require("pmo.topics") end

-- Groups: "pmo", "records", each module; a group's help lists its functions.
local function group_entries(group)
  local out = {}
  for _, e in ipairs(M.catalogue()) do if e.group == group then out[#out + 1] = e end end
  return out
end

--- The first sentence of an entry's doc (up to ". " or the end of its first paragraph).
---@param e table a catalogue entry
---@return string
local function summary(e)
  if not e.doc then return "" end
  local para = {}
  for _, l in ipairs(e.doc.text) do
    if l:match("^%s*$") then break end
    para[#para + 1] = l:match("^%s*(.-)%s*$")
  end
  local text = table.concat(para, " ")
  return text:match("^(.-%.)%s") or text
end
M.summary = summary

local function group_text(group, title)
  local lines = { title }
  for _, e in ipairs(group_entries(group)) do
    local first = summary(e)
    lines[#lines + 1] = "  " .. signature(e) .. (first ~= "" and ("  " .. first) or "")
  end
  return table.concat(lines, "\n")
end

local function class_text(owner)
  local lines = {}
  for _, e in ipairs(M.catalogue()) do
    if e.owner == owner and e.sep == ":" then
      local first = summary(e)
      lines[#lines + 1] = "  " .. signature(e) .. (first ~= "" and ("  " .. first) or "")
    end
  end
  if #lines == 0 then return nil end
  return table.concat(lines, "\n")
end

local function kind_title(name)
  local kinds = rawget(_G, "pmo") and pmo.kinds
  if kinds and kinds[name] then return kinds[name].title end
  return nil
end

local function module_name(name)
  local src = sources()
  if src[name] and not internal(name) then return name end
  if src["pmo." .. name] and not internal("pmo." .. name) then return "pmo." .. name end
  return nil
end

--- The help text for a name as people type it ("pmo.projects", "projects", "p:evm", "evm",
--- "List", "pmo.kpi", "kpi.evaluate", "project", "dates"), or nil.
---@param name string
---@return string|nil
function M.lookup(name)
  if type(name) ~= "string" then return nil end
  local t = topics()
  if name == "pmo" then return (t.pmo or module_doc_text("pmo.init")) .. "\n" .. group_text("pmo", "Functions:") end
  if t[name] then return t[name] end
  -- What the name is: a function (`pmo.risk`, `kpi.evaluate`), a class or record kind (`List`,
  -- `risk`), a module (`pmo.risk`, `kpi`); a name that is more than one gets each, in that order.
  local found = {}
  for _, e in ipairs(M.catalogue()) do
    if e.full == name then found[#found + 1] = entry_text(e) end
  end
  local class = kind_title(name) or name
  local methods = class_text(class)
  if methods then
    local lines = { class .. " methods:", methods }
    if kind_title(name) or kind_title(class:lower()) then
      lines[#lines + 1] = "Fields: the columns of its table in docs/schema.md (see docs/api.md)."
    end
    found[#found + 1] = table.concat(lines, "\n")
  end
  local mod = module_name(name)
  if mod then
    local fns = group_entries(mod)
    local text = "require(\"" .. mod .. "\"): " .. module_doc_text(mod)
    found[#found + 1] = #fns > 0 and (text .. "\n" .. group_text(mod, "Functions:")) or text
  end
  if #found > 0 then return table.concat(found, "\n\n") end
  local owner, sep, member = name:match("^([%w_%.]+)([:.])([%w_]+)$")
  if owner then
    local wanted = receivers[owner] or kind_title(owner) or owner
    local wanted_mod = module_name(owner)
    for _, e in ipairs(M.catalogue()) do
      if e.name == member and (e.owner == wanted or (wanted_mod and e.owner == wanted_mod)) then return entry_text(e) end
    end
    if sep ~= ":" then return nil end
    name = member   -- `x:evm`: a method of whatever has it
  end
  -- A bare name: `pmo.<name>`, else every method or module function of that name.
  for _, e in ipairs(M.catalogue()) do
    if e.owner == "pmo" and e.name == name then return entry_text(e) end
  end
  for _, e in ipairs(M.catalogue()) do
    if e.name == name and e.sep == ":" and e.owner == "Project" then found[#found + 1] = entry_text(e) end
  end
  for _, e in ipairs(M.catalogue()) do
    if e.name == name and not (e.sep == ":" and e.owner == "Project") then found[#found + 1] = entry_text(e) end
  end
  if #found > 0 then return table.concat(found, "\n") end
  return nil
end

--- Every :help topic, as a sorted list of `{ name, summary, text }`: the prose topics, the
--- modules a user requires, the classes and record kinds, and each function of `pmo`.
---@return table[]
function M.topics()
  local names, seen = {}, {}
  local function add(n) if not seen[n] then seen[n] = true; names[#names + 1] = n end end
  for k in pairs(topics()) do add(k) end
  add("pmo")
  for _, e in ipairs(M.catalogue()) do
    if e.group ~= "pmo" and e.group ~= "records" then add(e.group) end
    if e.sep == ":" and e.group ~= "records" then add(e.owner) end
    if e.owner == "pmo" then add(e.full) end
  end
  local kinds = rawget(_G, "pmo") and pmo.kinds or {}
  for _, k in ipairs(sorted_keys(kinds)) do
    if next(kinds[k].methods) then add(k) end
  end
  table.sort(names)
  local out = {}
  for _, n in ipairs(names) do
    local text = M.lookup(n)
    if text then out[#out + 1] = { n, (text:match("^[^\n]*")), text } end
  end
  return out
end

-- ---------------------------------------------------------------------------
-- docs/api.md and types/pmo/*.lua.

-- The fields of a kind's records, from the live schema: the table's columns (in order) and,
-- from its CREATE TABLE text, each one's Lua type (DATE a Date, INTEGER an integer, REAL a
-- number, TEXT a string, or the union of its allowed values when a CHECK lists them) and
-- whether it may be NULL (a nil field). `{ name, type, optional }` each.
local function fields_of(kind)
  local ok, _, columns = pcall(pmo.sql, "SELECT * FROM " .. kind.table .. " LIMIT 0")
  if not ok then error("pmo.doc: cannot read the columns of " .. kind.table .. ": " .. tostring(_), 2) end
  local create = pmo.sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", { kind.table })[1]
  local text = "\n" .. (create and create.sql or "")
  local out = {}
  for _, name in ipairs(columns) do
    -- A column added by ALTER TABLE (v6's tasks.outline_position, v8's) follows a comma,
    -- several on one line: `cost REAL\n, outline_position INTEGER, deadline DATE)`; its
    -- declaration ends at the first comma outside parentheses.
    local rest = text:match("[\n,]%s*" .. name .. "%s+([^\n]*)") or ""
    local depth, stop = 0, #rest + 1
    for i = 1, #rest do
      local c = rest:sub(i, i)
      if c == "(" then depth = depth + 1
      elseif c == ")" then
        if depth == 0 then stop = i; break end
        depth = depth - 1
      elseif c == "," and depth == 0 then stop = i; break end
    end
    local decl = rest:sub(1, stop - 1)
    local sqltype = (decl:match("^(%a+)") or ""):upper()
    local lua = ({ DATE = "Date", INTEGER = "integer", REAL = "number", TEXT = "string" })[sqltype] or "any"
    local allowed = decl:match("CHECK%s*%(%s*" .. name .. "%s+IN%s*%(([^%)]*)%)")
    if allowed then
      local values = {}
      for v in allowed:gmatch("'([^']*)'") do values[#values + 1] = '"' .. v .. '"' end
      if #values > 0 then lua = table.concat(values, "|") end
    end
    out[#out + 1] = { name = name, type = lua, optional = not decl:find("NOT NULL", 1, true) }
  end
  return out
end

local function md_entry(lines, e)
  lines[#lines + 1] = "### `" .. signature(e) .. "`"
  lines[#lines + 1] = ""
  local d = e.doc
  if d then
    lines[#lines + 1] = table.concat(d.text, "\n")
    if #d.params > 0 or #d.returns > 0 then
      lines[#lines + 1] = ""
      for _, p in ipairs(d.params) do
        lines[#lines + 1] = "- `" .. p.name .. "` (`" .. p.type .. "`)" .. (p.desc ~= "" and (": " .. p.desc) or "")
      end
      for _, r in ipairs(d.returns) do
        lines[#lines + 1] = "- returns `" .. r.type .. "`" .. (r.desc ~= "" and (": " .. r.desc) or "")
      end
    end
    for _, x in ipairs(d.examples) do
      lines[#lines + 1] = ""
      lines[#lines + 1] = "```lua\n" .. x .. "\n```"
    end
  end
  lines[#lines + 1] = ""
end

-- Indented code (four spaces) in a module doc stays code in Markdown; the rest is prose.
local function md_prose(text) return (text:gsub("\n%s*\n", "\n\n")) end

--- `docs/api.md`: the API reference, every module, class, record kind and function.
---@return string
function M.markdown()
  local lines = { "# The pmo Lua API", "",
    "Generated by `tools/gen-docs` from the doc comments in `stdlib/pmo/` (do not edit by hand;",
    "a test fails when this file and the comments differ). At the prompt, `:help NAME` shows",
    "the same text.", "" }
  local groups, seen = {}, {}
  for _, e in ipairs(M.catalogue()) do
    if not seen[e.group] then seen[e.group] = true; groups[#groups + 1] = e.group end
  end
  lines[#lines + 1] = "## Contents\n"
  for _, g in ipairs(groups) do
    local title = g == "records" and "Records" or ("`" .. g .. "`")
    lines[#lines + 1] = "- [" .. title .. "](#" .. (g == "records" and "records" or g:gsub("%.", "")) .. ")"
  end
  lines[#lines + 1] = "- [Topics](#topics)"
  lines[#lines + 1] = ""
  for _, g in ipairs(groups) do
    if g == "records" then
      lines[#lines + 1] = "## Records\n"
      lines[#lines + 1] = "Each kind's records carry the columns of its table as fields (from the live schema; see"
        .. " docs/schema.md) and these methods.\n"
      for _, kname in ipairs(sorted_keys(pmo.kinds)) do
        local kind = pmo.kinds[kname]
        lines[#lines + 1] = "### " .. kind.title .. " (`" .. kname .. "`, table `" .. kind.table .. "`)\n"
        local fs = {}
        for _, f in ipairs(fields_of(kind)) do
          local ty = f.type:find("|", 1, true) and ("one of " .. f.type:gsub("|", ", ")) or f.type
          fs[#fs + 1] = "- `" .. f.name .. "` " .. ty .. (f.optional and " or nil" or "")
        end
        lines[#lines + 1] = "Fields:\n\n" .. table.concat(fs, "\n") .. "\n"
        for _, e in ipairs(M.catalogue()) do
          if e.group == "records" and e.owner == kind.title then md_entry(lines, e) end
        end
      end
    else
      local mod = g == "pmo" and "pmo.init" or g
      lines[#lines + 1] = "## " .. g .. "\n"
      lines[#lines + 1] = md_prose(module_doc_text(mod)) .. "\n"
      for _, e in ipairs(M.catalogue()) do
        if e.group == g then md_entry(lines, e) end
      end
    end
  end
  lines[#lines + 1] = "## Topics\n"
  local t = topics()
  for _, k in ipairs(sorted_keys(t)) do
    lines[#lines + 1] = "### " .. k .. "\n\n```\n" .. t[k] .. "\n```\n"
  end
  return (table.concat(lines, "\n"):gsub("\n\n\n+", "\n\n"))
end

-- A LuaLS stub of one function: its doc, tags and an empty body.
local function luals_function(lines, e, path)
  local d = e.doc
  if d then
    for _, l in ipairs(d.text) do lines[#lines + 1] = "--- " .. l end
    for _, x in ipairs(d.examples) do lines[#lines + 1] = "--- e.g. `" .. x .. "`" end
    for _, p in ipairs(d.params) do
      lines[#lines + 1] = "---@param " .. p.name .. " " .. p.type .. (p.desc ~= "" and (" " .. p.desc) or "")
    end
    for _, r in ipairs(d.returns) do
      lines[#lines + 1] = "---@return " .. r.type .. (r.desc ~= "" and (" " .. r.desc) or "")
    end
  end
  local names = {}
  if d and d.vararg and #d.params > 0 and #(d.names or {}) == 0 then
    for _, p in ipairs(d.params) do names[#names + 1] = (p.name:gsub("%?$", "")) end
  else
    for i, n in ipairs(d and d.names or {}) do
      if not (i == 1 and e.sep == ":") then names[#names + 1] = n end
    end
    if d and d.vararg then names[#names + 1] = "..." end
  end
  lines[#lines + 1] = "function " .. path .. e.sep .. e.name .. "(" .. table.concat(names, ", ") .. ") end"
  lines[#lines + 1] = ""
end

local function luals_comment(lines, text)
  for _, l in ipairs(split_lines(text)) do lines[#lines + 1] = ("--- " .. l):gsub("%s+$", "") end
end

--- The LuaLS definition files (`---@meta`): file name under types/ -> text. `types/pmo/init.lua`
--- holds the global `pmo` and the record classes; each module has its own file, so that
--- `require "pmo.kpi"` finds its types.
---@return table<string, string>
function M.luals()
  local files = {}
  local header = "---@meta\n-- Generated by tools/gen-docs from the doc comments in stdlib/pmo/ (do not edit).\n"
  -- pmo and the records.
  local lines = { header }
  luals_comment(lines, module_doc_text("pmo.init"))
  lines[#lines + 1] = "---@class pmo"
  -- pmo's values other than functions: a stdlib module (pmo.date) typed as that module, a
  -- class (pmo.Date) as the class, anything else (kinds, null, readonly) as what it is.
  local modules = {}
  for name in pairs(sources()) do
    local v = package.loaded[name]
    if v ~= nil and not internal(name) then modules[v] = name end
  end
  local classes = {}
  for _, e in ipairs(M.catalogue()) do if e.sep == ":" then classes[e.owner] = true end end
  for _, k in ipairs(sorted_keys(pmo)) do
    local v = pmo[k]
    if type(v) ~= "function" and not k:match("^_") then
      local ty = modules[v] or (classes[k] and type(v) == "table" and k) or type(v)
      if v == package.loaded["pmo.null"] then ty = "any SQL's NULL where nil cannot say it (see :help pmo.null)"
      elseif modules[v] then ty = modules[v] .. " require(\"" .. modules[v] .. "\")" end
      lines[#lines + 1] = "---@field " .. k .. " " .. ty
    end
  end
  lines[#lines + 1] = "pmo = {}\n"
  for _, e in ipairs(M.catalogue()) do
    if e.group == "pmo" then luals_function(lines, e, "pmo") end
  end
  for _, kname in ipairs(sorted_keys(pmo.kinds)) do
    local kind = pmo.kinds[kname]
    lines[#lines + 1] = "--- A " .. kname:gsub("_", " ") .. " record (table `" .. kind.table .. "`): read-only; change it with pmo.transaction."
    lines[#lines + 1] = "---@class " .. kind.title
    for _, f in ipairs(fields_of(kind)) do
      lines[#lines + 1] = "---@field " .. f.name .. (f.optional and "? " or " ") .. f.type
    end
    lines[#lines + 1] = "local " .. kind.title .. " = {}\n"
    for _, e in ipairs(M.catalogue()) do
      if e.group == "records" and e.owner == kind.title then luals_function(lines, e, kind.title) end
    end
  end
  -- Type names the tags use that no class defines (EVM, ES: tables of measures), as tables.
  local defined, used = {}, {}
  for _, kname in ipairs(sorted_keys(pmo.kinds)) do defined[pmo.kinds[kname].title] = true end
  for _, e in ipairs(M.catalogue()) do
    if e.sep == ":" then defined[e.owner] = true end
    for _, t in ipairs(e.doc and e.doc.params or {}) do for n in t.type:gmatch("%f[%w_]%u[%w_]*") do used[n] = true end end
    for _, t in ipairs(e.doc and e.doc.returns or {}) do for n in t.type:gmatch("%f[%w_]%u[%w_]*") do used[n] = true end end
  end
  for _, n in ipairs(sorted_keys(used)) do
    if not defined[n] then lines[#lines + 1] = "---@alias " .. n .. " table" end
  end
  lines[#lines + 1] = ""
  lines[#lines + 1] = "return pmo"
  files["pmo/init.lua"] = table.concat(lines, "\n") .. "\n"
  -- Each module, with its classes.
  local groups, seen = {}, {}
  for _, e in ipairs(M.catalogue()) do
    if e.group ~= "pmo" and e.group ~= "records" and not seen[e.group] then seen[e.group] = true; groups[#groups + 1] = e.group end
  end
  for _, g in ipairs(groups) do
    local var = short(g)
    local l = { header }
    luals_comment(l, module_doc_text(g))
    l[#l + 1] = "---@class " .. g
    l[#l + 1] = "local " .. var .. " = {}\n"
    local classes = {}
    for _, e in ipairs(M.catalogue()) do
      if e.group == g and e.sep == ":" and not classes[e.owner] then
        classes[e.owner] = true
        l[#l + 1] = "---@class " .. e.owner
        l[#l + 1] = "local " .. e.owner .. " = {}"
        l[#l + 1] = var .. "." .. e.owner .. " = " .. e.owner .. "\n"
      end
      if e.group == g then luals_function(l, e, e.sep == ":" and e.owner or var) end
    end
    l[#l + 1] = "return " .. var
    files[g:gsub("%.", "/") .. ".lua"] = table.concat(l, "\n") .. "\n"
  end
  return files
end

--- Writes docs/api.md and types/ under `root` (the repository), what `tools/gen-docs` runs.
---@param root string the repository's folder
---@return string[] the files written, relative to root
function M.write(root)
  local written = {}
  local function put(rel, text)
    local path = root .. "/" .. rel
    local dir = path:match("^(.*)/[^/]*$")
    os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'")
    local f = assert(io.open(path, "w"))
    f:write(text)
    f:close()
    written[#written + 1] = rel
  end
  put("docs/api.md", M.markdown())
  local files = M.luals()
  for _, name in ipairs(sorted_keys(files)) do put("types/" .. name, files[name]) end
  return written
end

return M
