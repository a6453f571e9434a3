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
}
