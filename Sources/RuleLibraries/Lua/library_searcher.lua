-- The searcher of trusted rule libraries' modules (LibraryRuntime.install, and
-- SessionDefinitions.install for a workspace's libraries), called with `find(name)`, which
-- returns a module's source and chunk name, or nil.

local find = ...
table.insert(package.searchers, 3, function(name)
  local src, where = find(name)
  if not src then return where end   -- nil: a module no library owns, nothing to add
  local f, err = load(src, where, "t")
  if not f then error(err, 0) end
  return f, where
end)
