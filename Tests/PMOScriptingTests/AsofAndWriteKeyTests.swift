import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// Issue 21, finding 10: `pmo.asof(d, fn)` with a yielding `fn`, and a write whose field key
/// is not a string.
final class AsofAndWriteKeyTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 3, seed: 1), today: Day("2026-11-27")).install(in: lua)
    }

    func run(_ code: String) throws -> [LuaValue] { try lua.run(code, name: "=test") }

    func message(_ code: String) -> String {
        do { _ = try run(code); return "no error" } catch { return (error as? LuaError)?.fullMessage ?? "\(error)" }
    }

    func testAsofIsNotLeftSwitchedByACoroutineAbandonedInsideIt() throws {
        let r = try run("""
            local co = coroutine.create(function()
              pmo.asof('2026-03-31', function() coroutine.yield() end)
            end)
            assert(coroutine.resume(co))
            co = nil
            collectgarbage()
            return pmo.asof()
            """)
        XCTAssertEqual(r, [.nil])
    }

    func testAsofHoldsInsideTheFunctionOnBothSidesOfAYieldButNotBetween() throws {
        let r = try run("""
            local seen = {}
            local step = coroutine.wrap(function()
              pmo.asof('2026-03-31', function()
                seen[1] = tostring(pmo.asof())
                coroutine.yield()
                seen[2] = tostring(pmo.asof())
              end)
            end)
            step()
            local between = pmo.asof()
            step()
            return seen[1], seen[2], between == nil, pmo.asof() == nil
            """)
        XCTAssertEqual(r, ["2026-03-31", "2026-03-31", true, true])
    }

    func testAsofPassesValuesAcrossYieldsAndReturnsTheFunctionsResults() throws {
        let r = try run("""
            local step = coroutine.wrap(function()
              return pmo.asof('2026-03-31', function()
                local x = coroutine.yield('first')
                return x * 2, 'done'
              end)
            end)
            local a = step()
            local b, c = step(21)
            return a, b, c
            """)
        XCTAssertEqual(r, ["first", 42, "done"])
    }

    func testAsofStillRaisesTheFunctionsError() {
        XCTAssertTrue(message("pmo.asof('2026-03-31', function() error('inside', 0) end)").contains("inside"))
        XCTAssertEqual(try run("return pmo.asof()"), [.nil])
    }

    func testANonStringFieldKeyInAWriteIsNamedWithoutOptional() {
        let m = message("pmo.transaction(function(tx) tx:update('project', 'PRJ-001', { [{}] = 1 }) end)")
        XCTAssertTrue(m.contains("a field name must be a string, got a table"), m)
        XCTAssertFalse(m.contains("Optional"), m)
    }

    func testATableDescribesItselfAsLuaDoes() throws {
        let d = try XCTUnwrap(run("return {}").first).description
        XCTAssertTrue(d.hasPrefix("table: 0x"), d)
        XCTAssertFalse(d.contains("Optional"), d)
    }
}
