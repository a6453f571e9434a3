import LuaKit
import XCTest

/// `LuaTableBuilder`: tables made on the stack of a Swift function, by slot.
final class TableBuilderTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
    }

    func testRowsShareTheirHeldKeysAndTheCallReturnsOnlyTheResult() throws {
        lua.register("rows") { call in
            let b = try LuaTableBuilder(call, reserving: 4)
            let id = b.hold("id")
            let bac = b.hold("bac")
            let list = b.holdTable(array: 3)
            for n in 1...3 {
                b.newTable(fields: 2)
                b.push(id); b.push(string: "P\(n)"); b.setField()
                b.push(bac); b.push(number: Double(n) * 1.5); b.setField()
                b.append(to: list, at: n)
            }
            b.finish(returning: list)
            return 1
        }
        let r = try lua.run("""
            local t, extra = rows('ignored'), select('#', rows())
            return #t, t[2].id, t[3].bac, extra
            """)
        XCTAssertEqual(r, [.integer(3), .string("P2"), .number(4.5), .integer(1)])
    }

    func testHeldFieldsAreReadRawAndAMissingOneSaysSo() throws {
        lua.register("probe") { call in
            let b = try LuaTableBuilder(call, reserving: 4)
            let present = b.hold(field: "a", of: b.argument(1))
            let missing = b.hold(field: "b", of: b.argument(1))   // __index is not consulted
            b.push(boolean: !present.isNil && missing.isNil)
            b.finish(returning: b.top)
            return 1
        }
        XCTAssertEqual(try lua.run("return probe(setmetatable({a = 1}, {__index = function() error('ran') end}))"), [.boolean(true)])
    }

    func testAMetatableSetByTheBuilderRunsNoMetamethodAndSticks() throws {
        lua.register("make") { call in
            let b = try LuaTableBuilder(call, reserving: 3)
            let mt = b.argument(1)
            b.newTable()
            b.setMetatable(mt)
            b.finish(returning: b.top)
            return 1
        }
        XCTAssertEqual(try lua.run("""
            local mt = {__newindex = function() error('read-only') end}
            local t = make(mt)
            return getmetatable(t) == mt, pcall(function() t.x = 1 end)
            """).prefix(2), [.boolean(true), .boolean(false)])
    }

    func testStringBytesReadAStringAndConvertNoNumber() throws {
        lua.register("bytes") { call in
            let b = try LuaTableBuilder(call, reserving: 1)
            let s = b.stringBytes(at: b.argument(1)).map { String(decoding: $0, as: UTF8.self) }
            b.push(string: s ?? "none")
            b.finish(returning: b.top)
            return 1
        }
        XCTAssertEqual(try lua.run("return bytes('abc'), bytes(42)"), [.string("abc"), .string("none")])
        // The number was not turned into a string in place.
        XCTAssertEqual(try lua.run("local n = 42; bytes(n); return math.type(n)"), [.string("integer")])
    }

    func testACacheGivesBackTheSameValueForTheSameNumber() throws {
        lua.register("shared") { call in
            let b = try LuaTableBuilder(call, reserving: 4)
            let cache = b.holdTable()
            let list = b.holdTable()
            for (i, n) in [7, 8, 7].enumerated() {
                if !b.pushCached(cache, Int64(n)) {
                    b.newTable()
                    b.cacheTop(in: cache, at: Int64(n))
                }
                b.append(to: list, at: i + 1)
            }
            b.finish(returning: list)
            return 1
        }
        XCTAssertEqual(try lua.run("local t = shared(); return t[1] == t[3], t[1] == t[2]"), [.boolean(true), .boolean(false)])
    }

    func testReservingMoreThanTheStackCanHoldIsALuaError() {
        lua.register("greedy") { call in
            _ = try LuaTableBuilder(call, reserving: 2_000_000)
            return 0
        }
        XCTAssertThrowsError(try lua.run("greedy()")) { error in
            XCTAssertTrue("\(error)".contains("the Lua stack is full"), "\(error)")
        }
    }
}
