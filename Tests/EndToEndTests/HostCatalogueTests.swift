import Foundation
import XCTest

/// Issue 21, finding 4: no value a script can pass reaches a Swift trap. Every function of the
/// `pmo` module, every method of its model objects and of a transaction, and `pmo.sql` with
/// every value bound, is called with a catalogue of unusual values (±2^63, ±huge, NaN, negative
/// and huge counts, a 1 MB string, wrong types, tables whose metamethods throw, Dates out of
/// range) in both trust levels of the real binary: each call is a Lua error or a result, and
/// the process ends normally. The order is fixed (names sorted), so every run is the same.
final class HostCatalogueTests: EndToEndCase {
    static let script = #"""
        local big = string.rep("x", 1 << 20)
        local throwing = setmetatable({}, {
          __index = function() error("boom: __index") end,
          __newindex = function() error("boom: __newindex") end,
          __pairs = function() error("boom: __pairs") end,
          __len = function() error("boom: __len") end,
          __tostring = function() error("boom: __tostring") end,
          __eq = function() error("boom: __eq") end,
          __lt = function() error("boom: __lt") end,
          __le = function() error("boom: __le") end,
          __concat = function() error("boom: __concat") end,
          __call = function() error("boom: __call") end,
        })
        local D = pmo.date.Date
        local values = {
          n = 40,
          nil, true, false, 0, -1, 1, 1.5, 2^63, -2^63, math.maxinteger, math.mininteger,
          math.huge, -math.huge, 0/0, 3e7, -3e7, 1 << 40, "", "PRJ-001", "2026-01-31", "\0\255",
          big, {}, {n = -1}, {n = 3e7}, {n = 0/0}, {n = math.huge}, {1, 2, 3}, {big, n = 1},
          throwing, setmetatable({ n = 1 << 40 }, D), setmetatable({ n = math.mininteger }, D),
          setmetatable({ n = 0/0 }, D), setmetatable({ n = "x" }, D), pmo.null,
          function() error("boom: function") end, coroutine.create(function() end),
          { id = big }, { [throwing] = 1 }, "9999-12-31",
        }
        local calls, failures, odd = 0, 0, 0
        local function try(f, ...)
          calls = calls + 1
          local ok, e = pcall(f, ...)
          pmo.asof(nil)
          if not ok then
            failures = failures + 1
            if type(e) ~= "string" then odd = odd + 1; print("non-string error", type(e)) end
          end
        end
        local function sorted_functions(t)
          local names = {}
          for name, f in pairs(t) do
            if type(f) == "function" and name:sub(1, 1) ~= "_" then names[#names + 1] = name end
          end
          table.sort(names)
          return names
        end

        -- The module's functions, with each value first, second, and both.
        for _, name in ipairs(sorted_functions(pmo)) do
          local f = pmo[name]
          for i = 1, values.n do
            local v = values[i]
            try(f, v)
            try(f, "PRJ-001", v)
            try(f, v, v)
          end
        end
        -- pmo.asof with a function, so that every read runs at each date.
        for i = 1, values.n do
          try(pmo.asof, values[i], function() return #pmo.projects(), pmo.risks(), pmo.project("PRJ-001"):evm() end)
        end
        -- Every value bound into SQL, alone and among others.
        for i = 1, values.n do
          local v = values[i]
          try(pmo.sql, "select ?", { v })
          try(pmo.sql, "select ?, ?", { n = 2, v })
          try(pmo.sql, "select ? as a, ?2 as b", { v, v })
          try(pmo.sql, "select * from projects where id = :id", { v })
          try(pmo.sql, "select 1", v)
        end
        -- Methods of each kind, on a real object and on each value as self.
        local kinds = {}
        for kname in pairs(pmo.kinds) do kinds[#kinds + 1] = kname end
        table.sort(kinds)
        local project = pmo.project("PRJ-001")
        for _, kname in ipairs(kinds) do
          local k = pmo.kinds[kname]
          local sample = (kname == "project" and project) or (pmo.sql("select * from " .. k.table .. " limit 1")[1]) or {}
          setmetatable(sample, k.mt)
          for _, mname in ipairs(sorted_functions(k.methods)) do
            local m = k.methods[mname]
            for i = 1, values.n do
              try(m, sample, values[i])
              try(m, values[i])
            end
          end
        end
        -- List methods on a real list.
        local list = pmo.projects()
        for _, mname in ipairs(sorted_functions(pmo.List)) do
          for i = 1, values.n do try(list[mname], list, values[i]) end
        end
        -- Transactions: each value as a field, a key, a kind and a table; and writes that
        -- reach the host with it.
        for _, op in ipairs({ "insert", "update", "delete" }) do
          for i = 1, values.n do
            local v = values[i]
            try(pmo.transaction, function(tx) tx[op](tx, v, v, v) end)
            try(pmo.transaction, function(tx) tx[op](tx, "project", v, { name = "x" }) end)
            try(pmo.transaction, function(tx) tx[op](tx, "risk", { id = v, project_id = "PRJ-001", title = "t" }) end)
          end
        end
        for i = 1, values.n do
          local v = values[i]
          try(pmo.transaction, function(tx) tx:update("project", "PRJ-001", { name = v }) end)
          try(pmo.transaction, function(tx) tx:update("project", "PRJ-001", { actual_finish = v }) end)
          try(pmo.transaction, function(tx) tx:update("project", "PRJ-001", { [v] = 1 }) end)
          try(pmo.transaction, function(tx) tx:update("project", { id = v }, { name = "y" }) end)
          try(pmo.transaction, function(tx) tx:update(project, { baseline_finish = v }) end)
          try(pmo.transaction, v)
        end
        print(string.format("catalogue done: %d calls, %d errors, %d odd", calls, failures, odd))
        """#

    func runCatalogue(_ arguments: [String]) throws -> PMOProcess.Outcome {
        XCTAssertEqual(try pmo("demo", "--projects", "3", "demo").status, 0)
        try Self.script.write(toFile: path("catalogue.lua"), atomically: true, encoding: .utf8)
        return try PMOProcess.run(["run"] + arguments + [path("catalogue.lua")], in: path("demo"))
    }

    func assertDone(_ r: PMOProcess.Outcome, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(last.hasPrefix("catalogue done: ") && last.hasSuffix(", 0 odd"), "\(last)\n\(r.stderr)", file: file, line: line)
    }

    func testEveryHostFunctionTakesTheCatalogueInAFullRun() throws {
        assertDone(try runCatalogue([]))
    }

    func testEveryHostFunctionTakesTheCatalogueInTheSandbox() throws {
        assertDone(try runCatalogue(["--sandbox", "--timeout", "600", "--instructions", "100000000000", "--memory", "1024"]))
    }
}
