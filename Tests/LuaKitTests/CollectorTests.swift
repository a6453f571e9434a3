import LuaKit
import XCTest

/// The collector settings a host can choose.
final class CollectorTests: XCTestCase {
    /// How far the heap grows past what a full collection left alive, while a loop makes
    /// garbage, as a multiple of it.
    func peakGrowth(_ lua: LuaState) throws -> Double {
        let r = try lua.run("""
            local live = {}
            for i = 1, 20000 do live[i] = { i, i } end
            collectgarbage("collect")
            local base = collectgarbage("count")
            local peak = base
            for i = 1, 300000 do
              local t = { i, i, i }
              if i % 100 == 0 then local c = collectgarbage("count") if c > peak then peak = c end end
            end
            return peak / base
            """, name: "=t")
        return try XCTUnwrap(r.first?.doubleValue)
    }

    func testTheCollectorPauseLetsTheHeapGrowThatFarBeforeACycle() throws {
        let lua = try LuaState()
        lua.setCollectorPause(400)
        let growth = try peakGrowth(lua)
        XCTAssertGreaterThan(growth, 3.5)
        XCTAssertLessThan(growth, 4.5)
    }

    func testLuasDefaultPauseLetsTheHeapDouble() throws {
        let growth = try peakGrowth(try LuaState())
        XCTAssertGreaterThan(growth, 1.5)
        XCTAssertLessThan(growth, 2.5)
    }

    /// Allocates garbage in steps of about 1 MB (small tables) until a collection cycle ends,
    /// up to `limit` MB; returns how many MB were allocated by then (nil: none ended).
    func megabytesBeforeACycleEnds(_ lua: LuaState, limit: Int) throws -> Int? {
        let r = try lua.run("""
            local ended = false
            setmetatable({}, { __gc = function() ended = true end })
            for mb = 1, \(limit) do
              for i = 1, 16384 do local t = { i } end   -- about 64 bytes each
              if ended then return mb end
            end
            return nil
            """, name: "=t")
        return r.first?.intValue
    }

    func testAPostponedCollectorRunsNoCycleWhileLessThanThatIsAllocated() throws {
        let lua = try LuaState()
        lua.postponeCollector(kilobytes: 32 * 1024)
        XCTAssertNil(try megabytesBeforeACycleEnds(lua, limit: 24))
    }

    func testAPostponedCollectorRunsOnceThatMuchIsAllocated() throws {
        let lua = try LuaState()
        lua.postponeCollector(kilobytes: 8 * 1024)
        let mb = try XCTUnwrap(try megabytesBeforeACycleEnds(lua, limit: 64))
        XCTAssertGreaterThan(mb, 7)
    }

    func testACollectorNotPostponedEndsACycleWithinTheFirstMegabytes() throws {
        let mb = try XCTUnwrap(try megabytesBeforeACycleEnds(try LuaState(), limit: 64))
        XCTAssertLessThan(mb, 4)
    }
}
