--- The `pmo` module: the portfolio as a scripting API.
--
-- Every entity of the store reaches Lua as a read-only record of its fields (the
-- column names of docs/schema.md: `p.id`, `p.bac`, `p.baseline_finish`...)
-- with one set of methods per kind, which give the relations (`p:risks()`,
-- `p:evm()`, `portfolio:projects()`). Records are shared by every query of the
-- session, so assigning to one is an error: the store, and what queries
-- return, change only through `pmo.transaction`.
--
--     local late = pmo.projects{ phase = "execution" }
--       :filter(function(p) return (p:evm().spi or 1) < 0.9 end)
--       :sort_by(function(p) return p:evm().sv end)
--
-- Queries read the store as of `pmo.asof()` (nil: everything recorded), and
-- cache what they read until the next write, so asking twice is cheap.
-- `:help pmo` in the REPL lists everything; the docs are the `---` comments where each
-- function is defined (pmo.doc reads them; docs/api.md and types/ are made from them).
local date = require("pmo.date")
local list = require("pmo.list")
local evm = require("pmo.evm")
local es = require("pmo.es")
local args = require("pmo.args")
local schedule = require("pmo.schedule")

local getmetatable, setmetatable, rawget, type = getmetatable, setmetatable, rawget, type

local M = {}
M.date, M.list, M.Date, M.List = date, list, date.Date, list.List
M.null = require("pmo.null")
M.schedule = schedule

local host            -- native functions, set by _attach (see PMOHost.swift)
local asof_date       -- the session's as-of Date, nil for "now"
local asof_revision   -- the revision the session reads the store after (pmo.asof{revision = n}), nil: by date
local cache = {}      -- as-of key -> { kind name -> loaded data }
-- project -> its record: the EVM inputs, the cache it was loaded into (c), and its p:evm()
-- and p:es() once made (see load_projects)
local owner = setmetatable({}, { __mode = "k" })

local build   -- makes the kinds, their queries and relations from the host's declaration (below)

--- Binds the module to the host functions of an open store (called by pmo itself), and
-- builds the kinds from the declaration the host hands over (`h.kinds()`, PMOStore's Kinds).
function M._attach(h)
  host = h
  build(h.kinds())
end

local function need_host(fname)
  if not host then error("pmo." .. fname .. ": no store is open (use pmo run or the REPL)", 3) end
end


-- ---------------------------------------------------------------------------
-- Kinds: each entity kind with its table, its "known on" date column (what
-- as-of hides) and its metatable. They are declared once, in PMOStore (Kinds.swift), with
-- their relations derived from the schema's foreign keys; the host hands the declaration
-- over when it attaches the module, and `build` (at the end) makes them here.

local kinds = {}
M.kinds = kinds
local kind_by_mt = {}   -- a kind's metatable -> its name
-- The methods of each kind by its name, made on first mention: the module's own (p:evm(),
-- r:projects()...) are defined below before the kinds exist; the relations join them.
local methods = setmetatable({}, { __index = function(t, name)
  local m = {}
  rawset(t, name, m)
  return m
end })

--- The functions that only read: queries, relations and computed values. They change
-- nothing (not the store, not the session's date, not their arguments), and given plain data
-- (strings, numbers, booleans, tables of them: no function) they run no code of the caller's.
-- So the REPL's completion may call them, with such arguments, to complete on what they
-- return (`pmo.project("PRJ-003"):<Tab>`, as IPython completes through calls it can evaluate
-- safely). A set (function -> true), filled where each one is defined; anything not in it
-- (pmo.transaction, pmo.asof, pmo.sql, List methods...) is never called by completion.
M.readonly = setmetatable({}, { __mode = "k" })
local function readonly(f)
  M.readonly[f] = true
  return f
end

local function kind(name, spec)
  spec.name = name
  spec.methods = methods[name]
  local label_field = spec.label
  spec.mt = {
    __name = spec.title,
    __index = spec.methods,
    __tostring = function(o)
      local label = label_field and o[label_field]
      if o.id and label then return string.format("%s %s (%s)", spec.title, o.id, label) end
      if o.id then return spec.title .. " " .. tostring(o.id) end
      return spec.title
    end,
  }
  kinds[name] = spec
  kind_by_mt[spec.mt] = name
  return spec
end

-- ---------------------------------------------------------------------------
-- Records. A record is an empty table whose metatable is its row: the row holds the fields,
-- `__index` (the row itself, so that `p.bac` is one table hop, done by Lua's VM) and the
-- record's metamethods, and has the kind's metatable, so a method is one hop further.
-- Assigning to a record runs `__newindex`, which refuses and points to pmo.transaction; the
-- rows are shared by every query of the session (and by the cache), which is why they may
-- not change under it. `pairs(p)` goes over the fields. The host seals the rows as it
-- pushes them (LuaRows.Seal), from the kind's seal made here, with room for two more keys: a
-- project's row keeps its record (`__rec`, see load_projects) and its latest status report
-- (`__status`) where a lookup finds them at once.

local SEAL_KEYS = { __index = true, __newindex = true, __tostring = true, __pairs = true, __name = true,
  __rec = true, __status = true }

local function fields_next(row, k)
  local v
  repeat k, v = next(row, k) until not SEAL_KEYS[k]
  return k, v
end

local function record_pairs(r) return fields_next, getmetatable(r), nil end

-- The row of a record (its metatable, which holds the fields), or nil for anything else.
local function row_of(v)
  local row = getmetatable(v)
  if type(row) == "table" and rawget(row, "__index") == row then return row end
  return nil
end
M._row_of = row_of

-- The seal of kind `k`: what LuaRows.Seal puts in each row. Made on first use, when every
-- method and metamethod of the kind is in place.
local function seal_of(k)
  local seal = k.seal
  if seal then return seal end
  local title = k.title
  seal = {
    mt = k.mt,
    __name = title,
    __tostring = k.mt.__tostring,
    __pairs = record_pairs,
    __newindex = function(r, key)
      local label = r.id ~= nil and (title .. " " .. tostring(r.id)) or title
      error(string.format("cannot set field '%s': %s was read from the store and is read-only; "
        .. "change the store with pmo.transaction(function(tx) tx:update(record, { %s = ... }) end)",
        tostring(key), label, tostring(key)), 2)
    end,
  }
  k.seal = seal
  return seal
end

-- Seals a row made in Lua (see seal_of).
local function seal(row, k)
  local s = seal_of(k)
  row.__index, row.__newindex, row.__name, row.__tostring, row.__pairs = row, s.__newindex, s.__name, s.__tostring, s.__pairs
  setmetatable(row, k.mt)
  return setmetatable({}, row)
end

--- The kind (`"project"`, `"risk"`...) of a model object, or nil.
---@param v any
---@return string|nil kind
function M.kind_of(v)
  local row = row_of(v)
  if row then return kind_by_mt[getmetatable(row)] end
  local mt = getmetatable(v)
  return mt ~= nil and kind_by_mt[mt] or nil
end

-- ---------------------------------------------------------------------------
-- Loading, with a cache per as-of date.

local function asof_key()
  local key = asof_date and asof_date.n or "now"
  if asof_revision then return key .. "@" .. asof_revision end
  return key
end

-- The text of the session's state, for messages: "2026-06-30", "now", "2026-06-30 after revision 3".
local function state_text(d, rev)
  local text = d and tostring(d) or "now (no as-of date)"
  if rev then text = (d and tostring(d) or "now") .. " after revision " .. rev end
  return text
end

local function cached()
  local key = asof_key()
  local c = cache[key]
  if not c then c = { _asof = asof_date, _revision = asof_revision, _key = key }; cache[key] = c end
  return c
end

local generation = 0
local function invalidate() cache = {}; generation = generation + 1 end

--- A key that changes whenever what queries return may change (another as-of
--- date, a committed transaction): key your own caches of derived values with it.
---@return string
function M.cache_key() return tostring(asof_key()) .. "#" .. generation end

-- Every row of a kind as of the date of cache `c` (default: the session's), ordered by its
-- first column (tasks: by project, then outline position; ScriptReads.order).
local function load_kind(k, c)
  c = c or cached()
  local rows = c[k.name]
  if rows then return rows end
  rows = host.rows(k.table, k.known_on, c._asof, seal_of(k), c._revision)
  list.of(rows)
  c[k.name] = rows
  return rows
end

-- The rows of a kind grouped by one column (e.g. risks by project_id), as of the date of
-- cache `c` (default: the session's).
local function index_kind(k, column, c)
  c = c or cached()
  local key = k.name .. "\0" .. column
  local index = c[key]
  if index then return index end
  index = {}
  local rows = load_kind(k, c)
  for i = 1, #rows do
    local row = rows[i]
    local v = row[column]
    if v ~= nil then
      local g = index[v]
      if not g then g = {}; index[v] = g end
      g[#g + 1] = row
    end
  end
  c[key] = index
  return index
end

-- Projects come through the bulk path with their records, one a project, by position: the
-- store's EVM inputs as of the date (EVMInputsQuery: PV/EV/AC at the data date, earned
-- schedule in days, the baseline in force), to which the module adds the cache `c` it was
-- loaded into, and p:evm() and p:es() once made. The project's row keeps it (`__rec`), so one
-- raw lookup finds all of them. The host gives each project row the budget, start and finish of the baseline in
-- force, so that `p.bac` and `p:evm().bac` are one number.
-- Latest status reports are read on the first p:latest_status() (see load_statuses).
local function load_projects()
  local c = cached()
  if c.projects then return c.projects end
  local projects, records = host.portfolio(asof_date, seal_of(kinds.project), asof_revision)
  for i = 1, #projects do
    local rec = records[i]
    rec.c = c
    getmetatable(projects[i]).__rec = rec
  end
  c.projects = list.of(projects)
  return c.projects
end

-- The projects of cache `c` by id, made on first need (pmo.project(id), the status
-- reports): a script that goes through the list never pays for it.
local function project_index(c)
  local index = c.project_index
  if index then return index end
  index = {}
  local projects = c.projects
  for i = 1, #projects do
    local p = projects[i]
    index[p.id] = p
  end
  c.project_index = index
  return index
end

-- The record of a project (see load_projects): for a project table that was not loaded,
-- a record of its own with no EVM inputs.
local function record_of(p)
  -- A record's row has its own __rec; a plain project table's metatable is the kind's, whose
  -- methods have none.
  local row = getmetatable(p)
  local rec = row and row.__rec or owner[p]
  if not rec then
    rec = {}
    owner[p] = rec
  end
  return rec
end

-- The latest status report of every project of cache `c`, as of its date.
local function load_statuses(c)
  local index = project_index(c)
  local rows = host.latest_statuses(c._asof, seal_of(kinds.status_report), c._revision)
  for i = 1, #rows do
    local s = rows[i]
    local p = index[s.project_id]
    if p then getmetatable(p).__status = s end
  end
  c.statuses_loaded = true
end

-- A project answers for the date it was read as of: its fields, p:evm(), p:es(), its status
-- and its relations are one picture of the portfolio. The cache it was loaded into (nil for a
-- project table that was not loaded, which answers for the session's date).
local function cache_of(p)
  local row = getmetatable(p)
  local rec = row and row.__rec or owner[p]
  return rec and rec.c
end

--- Why a record no longer shows what the session would read now, or nil: a project read as
--- of another date than the session's (`:asof`, `pmo.asof(d)`), or read before a change to
--- the store. Such a project keeps answering for what it was read as of (its fields,
--- relations and p:evm()); read it again (`pmo.project(id)`) for the session's date.
---@param record table a record a query returned
---@return string|nil why
--- e.g. pmo.stale(p)
function M.stale(record)
  local c = cache_of(record)
  if not c then return nil end
  local now = asof_key()
  if c._key ~= now then
    return string.format("read as of %s, the session is as of %s", state_text(c._asof, c._revision),
      state_text(asof_date, asof_revision))
  end
  if cache[now] ~= c then return "read before the last change to the store" end
  return nil
end

local function copy(rows)
  local out = {}
  for i = 1, #rows do out[i] = rows[i] end
  return list.of(out)
end

-- ---------------------------------------------------------------------------
-- Filters: a predicate function, or a table of field = wanted value.

-- The id of the entity of kind `kname` whose id or name is `v`.
local function resolve(kname, v)
  local k = kinds[kname]
  if not k or type(v) ~= "string" then return v end
  local rows = kname == "project" and load_projects() or load_kind(k)
  -- The id, then the name; each exactly, then ignoring case ("Digital" finds DIGITAL).
  local lower = v:lower()
  for _, field in ipairs({ "id", "name" }) do
    for i = 1, #rows do
      if rows[i][field] == v then return rows[i].id end
    end
    for i = 1, #rows do
      local f = rows[i][field]
      if type(f) == "string" and f:lower() == lower then return rows[i].id end
    end
  end
  return v
end

local function matches(value, wanted)
  local t = type(wanted)
  if t == "function" then return wanted(value) and true or false end
  if t == "table" and getmetatable(wanted) == nil then
    for i = 1, #wanted do
      if value == wanted[i] then return true end
    end
    return false
  end
  return value == wanted
end

-- The columns of a store table as a set, with the allowed values of its enumerated columns
-- (host.columns), read once a session.
local schema_of = {}
local function table_schema(tbl)
  local s = schema_of[tbl]
  if s then return s end
  local columns, _, allowed = host.columns(tbl)
  s = { names = columns or {}, set = {}, allowed = allowed or {} }
  for _, c in ipairs(s.names) do s.set[c] = true end
  schema_of[tbl] = s
  return s
end

-- A filter on a field the rows do not have, or for a value the field can never hold
-- (`phase = "Execution"`), would quietly match nothing: it is an error naming the field
-- and what is allowed.
local function check_filter_field(tbl, fname, field, wanted)
  local schema = table_schema(tbl)
  local column = schema.set[field] and field or (schema.set[field .. "_id"] and field .. "_id")
  if not column then
    args.error(1, fname, string.format("%s has no field '%s'; its fields: %s",
      tbl, field, table.concat(schema.names, ", ")), 4)   -- the query's caller (its call to filtered is a tail call)
  end
  local allowed = schema.allowed[column]
  if not allowed then return end
  local function check(v)
    if type(v) ~= "string" then return end
    for i = 1, #allowed do if allowed[i] == v then return end end
    args.error(1, fname, string.format("%s '%s' is not one of: %s",
      field, v, table.concat(allowed, ", ")), 5)
  end
  if type(wanted) == "table" and getmetatable(wanted) == nil then
    for i = 1, #wanted do check(wanted[i]) end
  else
    check(wanted)
  end
end

-- Turns a filter argument into a predicate (nil: no filter) for rows of store table `tbl`.
local function predicate(filter, fname, tbl)
  if filter == nil then return nil end
  local t = type(filter)
  if t == "function" then return filter end
  if t ~= "table" then args.type_error(1, fname, "table or function", filter, 3) end
  local checks = {}
  for field, wanted in pairs(filter) do
    if type(field) ~= "string" then
      args.error(1, fname, "filter keys must be field names, got " .. type(field), 3)
    end
    if tbl then check_filter_field(tbl, fname, field, wanted) end
    -- `portfolio = "Digital"` matches portfolio_id by the portfolio's id or name.
    local id_field = field .. "_id"
    if kinds[field] and type(wanted) == "string" then wanted = resolve(field, wanted) end
    -- The row's own field, never a method of the same name (p.portfolio is a method).
    checks[#checks + 1] = function(item)
      local row = row_of(item) or item
      local v = rawget(row, field)
      if v == nil then v = rawget(row, id_field) end
      return matches(v, wanted)
    end
  end
  return function(item)
    for i = 1, #checks do
      if not checks[i](item) then return false end
    end
    return true
  end
end

local function filtered(rows, filter, fname, tbl)
  local keep = predicate(filter, fname, tbl)
  if not keep then return copy(rows) end
  local out, n = {}, 0
  for i = 1, #rows do
    if keep(rows[i]) then n = n + 1; out[n] = rows[i] end
  end
  return list.of(out)
end

-- ---------------------------------------------------------------------------
-- Queries.

--- Every project (as of the session date), optionally filtered (see :help filters).
---@param filter? table|function field = wanted value, or f(item) -> boolean
---@return List|Project[]
--- e.g. pmo.projects{ portfolio = "Digital", phase = "execution" }
function M.projects(filter)
  need_host("projects")
  return filtered(load_projects(), filter, "projects", "projects")
end

--- The project with this id; nil and "no project 'X'" when there is none.
---@param id string
---@return Project|nil
---@return string|nil message
function M.project(...)
  local id = ...
  if type(id) ~= "string" then args.type_error(1, "project", "string", id, 2, select("#", ...) > 0) end
  need_host("project")
  load_projects()
  local p = project_index(cached())[id]
  if p then return p end
  return nil, "no project '" .. id .. "'"
end
readonly(M.projects)
readonly(M.project)

-- pmo.<plural>(filter) and pmo.<singular>(id) for the other kinds.
local function query_pair(kname, plural)
  local k = kinds[kname]
  --- Every {k.name} (as of the session date), optionally filtered (see :help filters).
  ---@param filter? table|function field = wanted value, or f(item) -> boolean
  ---@return List|{Kind(k)}[]
  M[plural] = function(filter)
    need_host(plural)
    return filtered(load_kind(k), filter, plural, k.table)
  end
  --- The {kname} with this id; nil and a message ("no {kname} 'ID'") when there is none.
  ---@param id string
  ---@return {Kind(kname)}|nil
  ---@return string|nil message
  M[kname] = function(...)
    local id = ...
    if type(id) ~= "string" then args.type_error(1, kname, "string", id, 2, select("#", ...) > 0) end
    need_host(kname)
    local rows = load_kind(k)
    for i = 1, #rows do
      if rows[i].id == id then return rows[i] end
    end
    return nil, "no " .. kname:gsub("_", " ") .. " '" .. id .. "'"
  end
  readonly(M[plural])
  readonly(M[kname])
end


-- pmo.<name>() for a kind whose table has one row (the organisation, the PMO itself): that
-- row, or nil when the store has none.
local function query_one(kname)
  local k = kinds[kname]
  --- The {kname}: the one row of its table (the organisation is the PMO itself: name,
  --- pmo_type, currency, fiscal year start), or nil when the store has none.
  ---@return {Kind(kname)}|nil
  M[kname] = readonly(function()
    need_host(kname)
    return load_kind(k)[1]
  end)
end

--- Rows of a read-only SQL statement, `?` parameters bound (never spliced). Returns a List of
--- row tables (printed in the select's column order) and the column names. Tables and
--- columns: docs/schema.md.
---@param text string one read-only SQL statement
---@param params? table the values of its `?` parameters, in order
---@return List rows
---@return string[] columns
--- e.g. pmo.sql("select phase, count(*) as n from projects where bac > ? group by phase", {1e6})
function M.sql(...)
  local text, params = ...
  if type(text) ~= "string" then args.type_error(1, "sql", "string", text, 2, select("#", ...) > 0) end
  if params ~= nil and type(params) ~= "table" then args.type_error(2, "sql", "table", params) end
  need_host("sql")
  local rows, columns = host.sql(text, params, nil, asof_date, asof_revision)
  return list.with_columns(list.of(rows), columns), columns
end

--- Today's date; PMO_TODAY=yyyy-mm-dd fixes it for reproducible runs.
---@return Date
function M.today()
  need_host("today")
  return host.today()
end
readonly(M.today)

--- The workspace's settings of a section of pmo.config.lua that scripts read, as a fresh
-- table, or nil when it sets none: "dcma" (the DCMA assessment's thresholds and
-- level_of_effort pattern, which pmo.dcma applies over its defaults).
---@param section string
---@return table|nil
--- e.g. (pmo.settings("dcma") or {}).logic
function M.settings(section)
  if type(section) ~= "string" then args.type_error(1, "settings", "string", section) end
  if not host then return nil end
  return host.settings(section)
end
readonly(M.settings)

local FIRST_DAY, LAST_DAY = date.from_civil(1, 1, 1), date.from_civil(9999, 12, 31)

--- Time travel. `pmo.asof(d, fn)` runs `fn` with every query seeing the
--- portfolio as of date `d` (status reports, baselines, EV/AC up to it) and as it was
--- known on `d`: when imports or transactions recorded after `d` changed the store, every
--- query (and `pmo.sql`) sees the rows as they were before them (docs/history.md). It
--- returns what `fn` returns; `pmo.asof(d)` sets the session's date (nil: now);
--- `pmo.asof()` returns it. `d` may also be `{ revision = n, date = d }`: the store right
--- after revision n (0: before the first), as of `d` (default: the revision's `known_on`).
---@param date? Date|string|table the date, a Date or "yyyy-mm-dd", or { revision = n, date = d }; nil for now
---@param fn? function runs with every query as of `date`
---@return any ... what `fn` returns; with no `fn`, the session's date
--- e.g. pmo.asof("2026-06-30", function() return pmo.project("PRJ-001"):evm().spi end)
function M.asof(...)
  local n = select("#", ...)
  local d, fn = ...
  if n == 0 then return asof_date end
  local new_revision
  if type(d) == "table" and not date.is_date(d) then
    local rev = d.revision
    if math.type(rev) ~= "integer" or rev < 0 then
      args.error(1, "asof", "field 'revision' must be a revision number (0 or more), got " .. tostring(rev))
    end
    new_revision = rev
    d = d.date
    if d == nil and rev > 0 then
      need_host("asof")
      local known = host.sql("select known_on from revisions where id = ?", { rev })[1]
      if not known then args.error(1, "asof", "no revision " .. rev .. " in the store") end
      d = known.known_on
    end
  end
  local new = d ~= nil and date.parse(d, "asof") or nil
  -- The store's dates are years 1 to 9999 (what yyyy-mm-dd can say); a day number beyond
  -- them (2^40, math.mininteger, NaN, 1.5) is refused here, where the script can see why.
  if new ~= nil then
    local day = math.tointeger(new.n)
    if day == nil or day < FIRST_DAY or day > LAST_DAY then
      args.error(1, "asof", "date out of range: from 0001-01-01 to 9999-12-31")
    end
  end
  if fn == nil then
    asof_date, asof_revision = new, new_revision
    return new
  end
  if type(fn) ~= "function" then args.type_error(2, "asof", "function", fn) end
  -- `fn` runs in a coroutine of its own, so the date is switched only while `fn` itself runs:
  -- when it yields, the caller's date comes back before the yield goes out, and a coroutine
  -- abandoned there leaves nothing switched (a to-be-closed variable would not run then).
  local co = coroutine.create(fn)
  local sent = table.pack()    -- what the next resume hands fn
  while true do
    local outer, outer_revision = asof_date, asof_revision
    asof_date, asof_revision = new, new_revision
    local results = table.pack(coroutine.resume(co, table.unpack(sent, 1, sent.n)))
    asof_date, asof_revision = outer, outer_revision
    if not results[1] then error(results[2], 0) end
    if coroutine.status(co) == "dead" then return table.unpack(results, 2, results.n) end
    sent = table.pack(coroutine.yield(table.unpack(results, 2, results.n)))
  end
end

--- What changed between two states of the store: `pmo.changes{ since = d }` (the
--- portfolio as known on `d` against now), `{ import = n }` (what revision n, an import or
--- a transaction, changed) or `{ from = d1, to = d2 }`. Projects added and removed, tasks
--- slipped (days, positive = later), baselines set or changed, scope (BAC) changes, new,
--- closed and re-scored risks, RAG changes and status reports filed, each by the stdlib's
--- own measure on the two states (`pmo.asof`); see `:help pmo.changes` for the fields, and
--- `require("pmo.changes").report(c)` for the report `pmo diff` prints.
---@param spec table { since = d } | { import = n } | { from = d, to = d }
---@return table changes
--- e.g. #pmo.changes{ since = "2026-01-01" }.tasks_slipped
function M.changes(spec)
  need_host("changes")
  local function known_on(rev)
    local row = host.sql("select known_on from revisions where id = ?", { rev })[1]
    return row and date.parse(row.known_on, "known_on") or nil
  end
  return require("pmo.changes").between(spec, host.changes, known_on)
end

-- ---------------------------------------------------------------------------
-- Writes.

local Tx = {}
Tx.__index = Tx
Tx.__name = "Transaction"

local function table_of(kname, fname)
  local k = kinds[kname]
  if not k then
    args.error(1, fname, "unknown kind '" .. tostring(kname) .. "'", 3)
  end
  return k.table
end

-- The key columns of a table, with their values taken from `from`.
local function key_of(tbl, from, fname)
  local _, pk = host.columns(tbl)
  local key = {}
  for _, column in ipairs(pk) do
    local v = from[column]
    if v == nil then
      error(string.format("%s: no value for key field '%s' of %s", fname, column, tbl), 3)
    end
    key[column] = v
  end
  return key
end

--- `tx:insert(kind, fields)`: queue a new row, e.g. `tx:insert("risk", {id = "R9", project_id = "P1", ...})`.
function Tx:insert(kname, fields)
  if type(fields) ~= "table" then args.type_error(2, "insert", "table", fields) end
  local ops = self.ops
  ops[#ops + 1] = { op = "insert", table = table_of(kname, "insert"), fields = fields }
end

--- `tx:update(obj, fields)` or `tx:update(kind, id, fields)`: queue changes to a row.
function Tx:update(what, a, b)
  local tbl, key, fields
  if type(what) == "string" then
    tbl = table_of(what, "update")
    key, fields = type(a) == "table" and a or { id = a }, b
  else
    local kname = M.kind_of(what) or args.type_error(1, "update", "model object or kind", what, 2, true)
    tbl = kinds[kname].table
    key, fields = key_of(tbl, what, "update"), a
  end
  if type(fields) ~= "table" then args.type_error(type(what) == "string" and 3 or 2, "update", "table", fields) end
  local ops = self.ops
  ops[#ops + 1] = { op = "update", table = tbl, key = key, fields = fields }
end

--- `tx:delete(obj)` or `tx:delete(kind, id)`: queue a row's removal.
function Tx:delete(what, id)
  local tbl, key
  if type(what) == "string" then
    tbl = table_of(what, "delete")
    key = type(id) == "table" and id or { id = id }
  else
    local kname = M.kind_of(what) or args.type_error(1, "delete", "model object or kind", what, 2, true)
    tbl = kinds[kname].table
    key = key_of(tbl, what, "delete")
  end
  local ops = self.ops
  ops[#ops + 1] = { op = "delete", table = tbl, key = key }
end

--- Writes, all or nothing. Runs `fn(tx)`; the writes it queues (tx:insert(kind, fields),
--- tx:update(record, fields) or tx:update(kind, id, fields), tx:delete(record) or
--- tx:delete(kind, id)) are committed together only if it returns without error, and any
--- error (in `fn` or in a write) leaves the store exactly as it was. Each field is checked
--- against the schema (type, allowed values, bounds: no text in a number, no NaN, no
--- negative BAC, no impossible date); a refused value names the field, the value and what
--- is allowed. Clear a field with pmo.null. Returns what `fn` returns.
---@param fn fun(tx: table): ...
---@return any ... what `fn` returns
--- e.g. pmo.transaction(function(tx) tx:update(pmo.project("PRJ-001"), { phase = "closing" }) end)
function M.transaction(fn)
  if type(fn) ~= "function" then args.type_error(1, "transaction", "function", fn) end
  need_host("transaction")
  local tx = setmetatable({ ops = {} }, Tx)
  local results = table.pack(pcall(fn, tx))
  if not results[1] then error(results[2], 0) end
  if #tx.ops > 0 then
    -- Known from the session's as-of date (docs/history.md), so that reads as of it show it.
    local ok, err = pcall(host.write, tx.ops, asof_date and tostring(asof_date) or nil)
    if not ok then error(err, 2) end
    invalidate()
  end
  return table.unpack(results, 2, results.n)
end

-- ---------------------------------------------------------------------------
-- Relations and computed values, as methods.

-- obj:<name>(filter) lists the rows of kind `kname` whose `column` is obj.id.
local function has_many(owner_kind, name, kname, column)
  --- The {kname} records whose {column} is this {owner_kind}'s id (as of its date), optionally
  --- filtered (see :help filters).
  ---@param filter? table|function field = wanted value, or f(item) -> boolean
  ---@return List|{Kind(kname)}[]
  methods[owner_kind][name] = readonly(function(self, filter)
    local rows = index_kind(kinds[kname], column, owner_kind == "project" and cache_of(self) or nil)[self.id] or {}
    return filtered(rows, filter, name, kinds[kname].table)
  end)
end

-- obj:<name>() is the row of kind `kname` whose id is obj[column].
local function belongs_to(owner, name, kname, column)
  --- The {kname} this record's {column} names, or nil.
  ---@return {Kind(kname)}|nil
  methods[owner][name] = readonly(function(self)
    local id = self[column]
    if id == nil then return nil end
    if kname == "project" then return (M.project(id)) end
    return (M[kname](id))
  end)
end


-- Projects of a portfolio or program come from the bulk list.
local function projects_where(owner_kind, name, column)
  --- The projects whose {column} is this {owner_kind}'s id (as of the session date), optionally
  --- filtered (see :help filters).
  ---@param filter? table|function field = wanted value, or f(item) -> boolean
  ---@return List|Project[]
  methods[owner_kind][name] = readonly(function(self, filter)
    local rows = {}
    local all = load_projects()
    for i = 1, #all do
      if all[i][column] == self.id then rows[#rows + 1] = all[i] end
    end
    return filtered(rows, filter, name, "projects")
  end)
end

--- The projects a resource is assigned to.
---@return List|Project[]
function methods.resource.projects(self)
  local seen, out = {}, {}
  for _, a in ipairs(self:assignments()) do
    if not seen[a.project_id] then
      seen[a.project_id] = true
      out[#out + 1] = M.project(a.project_id)
    end
  end
  return list.of(out)
end

-- Working time on a calendar (pmo.worktime): cal:is_working(d) is worktime.is_working(cal, d).
local worktime = require("pmo.worktime")
-- The rules are the host's (PMOModel's CalendarRules), asked with the store state the
-- calendar is read in (its record's cache, else the session's).
worktime._bind(function(...) return host.worktime(...) end, function(cal)
  need_host("worktime")
  local c = cache_of(cal) or cached()
  if not c._worktime then c._worktime = host.worktime_key() end
  return c._worktime, c._asof, c._revision
end)
for _, name in ipairs({ "is_working", "working_times", "working_days", "working_minutes", "add_working_minutes" }) do
  methods.calendar[name] = readonly(worktime[name])
end

local P = methods.project

-- A project read as of another date than the session's says so when printed.
local function mark_stale_projects()
  local project_tostring = kinds.project.mt.__tostring
  kinds.project.mt.__tostring = function(p)
    local why = M.stale(p)
    if why then return project_tostring(p) .. " [stale: " .. why .. "]" end
    return project_tostring(p)
  end
end

--- The dates (as text, "now" for no as-of date) other than the session's for which
-- projects were read and may still be held by the caller: what `:asof` warns about.
function M._other_read_dates()
  local out, now = {}, asof_key()
  for key, c in pairs(cache) do
    if key ~= now and c.projects then
      out[#out + 1] = c._revision and state_text(c._asof, c._revision) or c._asof and tostring(c._asof) or "now"
    end
  end
  table.sort(out)
  return out
end

--- The latest status report dated on or before the as-of date, or nil.
---@return StatusReport|nil
function P.latest_status(self)
  local c = cache_of(self)
  if c and not c.statuses_loaded then load_statuses(c) end
  local row = getmetatable(self)
  return type(row) == "table" and rawget(row, "__status") or nil
end

--- Baseline number `n` (0 by default) of the project as a whole: the one in
--- force at the as-of date (the latest set on or before it), or nil.
---@param n? integer the baseline number, 0 by default
---@return Baseline|nil
function P.baseline(self, n)
  n = n or 0
  local found
  for _, b in ipairs(self:baselines()) do
    if b.number == n and b.task_id == nil and (found == nil or (b.set_on or date.new(-1e9)) >= (found.set_on or date.new(-1e9))) then
      found = b
    end
  end
  return found
end

--- The project's time-phased PV/EV/AC (cumulative, per period), project level
--- only; with an as-of date, EV and AC of later periods are blanked. Each row
--- also has its `rowid` (the table has no key of its own), so that
--- `tx:update(row, {...})` and `tx:delete(row)` find it.
---@return List
function P.timephased(self)
  local rows = host.timephased(self.id)
  local k = kinds.timephased
  local c = cache_of(self)
  local on = c and c._asof or (not c and asof_date) or nil
  for i = 1, #rows do
    local r = rows[i]
    if on and r.period_end > on then r.ev, r.ac = nil, nil end
    rows[i] = seal(r, k)
  end
  return list.of(rows)
end

--- Strategic scores as a table criterion -> score.
---@return table<string, number>
function P.scores(self)
  local out = {}
  for _, s in ipairs(index_kind(kinds.strategic_score, "project_id")[self.id] or {}) do
    out[s.criterion] = s.score
  end
  return out
end

--- Custom fields (unknown columns kept at import) as a table name -> text.
---@return table<string, string>
function P.custom(self)
  local out = {}
  local c = cache_of(self)
  local on, rev = c and c._asof or (not c and asof_date) or nil, c and c._revision or (not c and asof_revision) or nil
  for _, row in ipairs(host.custom_fields("projects", self.id, on, rev)) do
    out[row.name] = row.value
  end
  return out
end

local W = methods.work_item

--- Custom fields of the work item: the columns of its Jira export the model has no column
--- for (`Issue id`, `Updated`, `Resolution`, `Comment`, `Comment (2)`... for a repeated
--- column), kept at import under their header, as a table name -> text.
---@return table<string,string>
--- e.g. pmo.work_items()[1]:custom()
function W.custom(self)
  local out = {}
  for _, row in ipairs(host.custom_fields("work_items", self.id)) do
    out[row.name] = row.value
  end
  return out
end

--- Every sprint the work item was in, in the tracker's order (its `sprints` field holds
--- them one a line; `sprint` is the last), as a List of names: empty when it was in none.
---@return List|string[]
--- e.g. #pmo.work_items()[1]:sprint_list()   -- how many sprints it was carried through
function W.sprint_list(self)
  local out = {}
  for name in (self.sprints or ""):gmatch("[^\n]+") do out[#out + 1] = name end
  return list.of(out)
end

--- Earned value of the project (PMI Practice Standard for EVM; pmo.evm) at its
-- data date, as of the session date: bac, pv, ev, ac, sv, cv, spi, cpi, eac
-- (BAC/CPI) and the other EACs, etc, vac, tcpi_bac, tcpi_eac, percent_complete,
-- percent_spent, complete; and where they come from: `baseline` (the number of
-- the baseline in force, nil when the project's own fields stand in),
-- `baseline_set_on`, `status_date` (the project's), `data_date` (the end of
-- the last period with EV reported) and `stale` (true when the data date is
-- before the status date: the figures are older than the status). A closed
-- project is complete (EAC = AC); a cancelled one has no forecast. Without a
-- budget or EV every measure is nil. Earned schedule is p:es(). The table is
-- computed once and shared: copy it before changing it. The baseline in force is the
-- workspace's evm.baseline (0 by default).
---@return EVM
--- e.g. pmo.project("PRJ-001"):evm().cpi
function P.evm(self)
  local rec = record_of(self)
  local m = rec.evm
  if m then return m end
  -- Every key the measures set, named here so the table is made at its final
  -- size (a nil field in a constructor counts towards the size, and is not set).
  local sd, dd = rec.status_date, rec.data_date
  m = {
    status_date = sd, data_date = dd, baseline = rec.baseline,
    baseline_set_on = rec.baseline_set_on, stale = sd and dd and dd.n < sd.n, bac = nil, pv = nil, ev = nil, ac = nil,
    sv = nil, cv = nil, spi = nil, cpi = nil, eac = nil, eac_method = nil, eac_cpi = nil,
    eac_plan = nil, eac_composite = nil, eac_bottom_up = nil, etc = nil, vac = nil,
    tcpi_bac = nil, tcpi_eac = nil, percent_complete = nil, percent_spent = nil, complete = nil,
  }
  rec.bac = self.bac
  if rec.bac and rec.pv and rec.ev and rec.ac then
    evm.measures(rec, m, nil, self.phase)
  else
    m.bac, m.pv, m.ev, m.ac = rec.bac, rec.pv, rec.ev, rec.ac
  end
  rec.evm = m
  return m
end

--- Earned schedule (Lipke; pmo.es) of the project at its data date, as of the
-- session date, in days from the baseline start: es, at, pd, sv_t, spi_t,
-- ieac_t, tspi, and `es_date` (the day the plan reached the earned value);
-- with the `ev`, `status_date` and `data_date` they come from. PD ends at the
-- baseline finish (`p.baseline_finish`, the baseline in force's). nil measures
-- and a `note` saying why when there is no plan, no planned dates or no EV.
-- The store locates ES as it reads the curves (EarnedSchedule, the one
-- implementation). Computed once and shared, like p:evm().
---@return ES
function P.es(self)
  local rec = record_of(self)
  local m = rec.es
  if m then return m end
  m = {
    status_date = rec.status_date, data_date = rec.data_date, ev = rec.ev, es_date = rec.es_date,
    note = rec.es_note, es = nil, at = nil, pd = nil, sv_t = nil, spi_t = nil, ieac_t = nil, tspi = nil,
  }
  if rec.es_days then
    es.measures(rec.es_days, rec.at_days, rec.pd_days, m)
  elseif not m.note then
    m.note = "no earned value reported"
  end
  rec.es = m
  return m
end

--- The project's schedule: its network scheduled by the critical path engine as of the
-- date the project was read as of (pmo.schedule, which lists the fields): `s.finish`,
-- `s.critical_path`, `s:task(id).total_float`... `opts.delay` (`{ [task_id] =
-- working_days }`) adds working days to those tasks' durations. Without opts the schedule
-- is computed once and shared, like p:evm(): copy it before changing it.
---@param opts? table `{ delay = { [task_id] = working_days } }`
---@return Schedule
--- e.g. pmo.project("PRJ-001"):schedule().finish
function P.schedule(self, opts)
  if opts ~= nil then return schedule.of(self, opts) end
  local rec = record_of(self)
  local s = rec.schedule
  if s == nil then
    s = schedule.of(self)
    rec.schedule = s
  end
  return s
end

-- The host's schedules (pmo.schedule): as of the date `record` was read as of, else the
-- session's; `...` the metatables the host gives the tables (PMOHost.schedule).
function M._schedule(ids, delay, record, ...)
  need_host("schedule")
  local c = record and cache_of(record)
  if c then return host.schedule(ids, delay, c._asof, c._revision, ...) end
  return host.schedule(ids, delay, asof_date, asof_revision, ...)
end

--- The DCMA 14-point schedule assessment of the project, with GAO's best-practice checks
-- (pmo.dcma; docs/dcma.md): `{ project_id, status_date, checks = List of { id, number, name,
-- metric, threshold, unit, passed, applicable, count, denominator, offenders, explain, source
-- }, passed, failed }`. `opts` as `dcma.portfolio`'s (thresholds, level_of_effort, checks,
-- gao). Assessing many projects, `require("pmo.dcma").portfolio(projects)` computes their
-- schedules in one engine call.
---@param opts? table
---@return table
--- e.g. pmo.project("PRJ-001"):dcma().failed
function P.dcma(self, opts)
  return require("pmo.dcma").of(self, opts)
end

readonly(methods.resource.projects)
readonly(W.custom)
readonly(W.sprint_list)
for _, name in ipairs({ "latest_status", "baseline", "timephased", "scores", "custom", "evm", "es", "schedule", "dcma" }) do
  readonly(P[name])
end

-- ---------------------------------------------------------------------------
-- The kinds from the declaration (PMOHost hands PMOStore's Kinds over as plain data):
-- `decl.kinds`, each { name, table, title, plural, lookup ("list", "one" or "none"), label,
-- as_of }, and `decl.relations`, each { kind, name, target, column, many }, one or two per
-- foreign key of the schema. Made once a state: records already made keep their kind's
-- metatable.
build = function(decl)
  if next(kinds) then return end
  for _, d in ipairs(decl.kinds) do
    kind(d.name, { title = d.title, table = d.table, plural = d.plural, lookup = d.lookup, label = d.label,
      known_on = d.as_of, relations = {} })
  end
  -- Queries: pmo.projects and pmo.project are the bulk path's (above).
  for _, d in ipairs(decl.kinds) do
    if d.lookup == "list" and d.name ~= "project" then query_pair(d.name, d.plural)
    elseif d.lookup == "one" then query_one(d.name) end
  end
  -- Relations; a method of the module's own of the same name comes first.
  for _, r in ipairs(decl.relations) do
    local k = kinds[r.kind]
    k.relations[#k.relations + 1] = r
    if methods[r.kind][r.name] == nil then
      if not r.many then belongs_to(r.kind, r.name, r.target, r.column)
      elseif r.target == "project" then projects_where(r.kind, r.name, r.column)
      else has_many(r.kind, r.name, r.target, r.column) end
    end
  end
  mark_stale_projects()
end

return M
