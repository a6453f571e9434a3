import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// Issue 22: a project answers for the date it was read as of (fields, relations, p:evm(),
/// p:timephased()), and says it is stale once the session's date or the store moved on.
final class RecordDateTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 40, seed: 1), today: Day("2026-11-27")).install(in: lua)
    }

    func run(_ code: String) throws -> [LuaValue] { try lua.run(code, name: "=test") }

    func testAProjectsRelationsAnswerForTheDateItWasReadAs() throws {
        // Risks raised after March are hidden as of March: a project read then lists the
        // risks known then, also after the session's date is cleared.
        let r = try run("""
            local march = pmo.asof('2026-03-31', function() return pmo.projects() end)
            local differs = 0
            for _, p in ipairs(march) do
              local then_ = pmo.asof('2026-03-31', function() return #pmo.project(p.id):risks() end)
              assert(#p:risks() == then_, p.id)
              if #pmo.project(p.id):risks() ~= then_ then differs = differs + 1 end
            end
            return differs
            """)
        XCTAssertGreaterThan(r.first?.intValue ?? 0, 0, "the demo should have risks raised after March")
    }

    func testATimephasedCurveOfAProjectReadAsOfADateBlanksLaterEarnedValue() throws {
        let r = try run("""
            local p = pmo.asof('2026-03-31', function() return pmo.project('PRJ-001') end)
            local later = 0
            for _, row in ipairs(p:timephased()) do
              if row.period_end > pmo.date.parse('2026-03-31') and row.ev ~= nil then later = later + 1 end
            end
            return later
            """)
        XCTAssertEqual(r, [0])
    }

    func testAProjectReadAsOfAnotherDateSaysItIsStaleWhenPrinted() throws {
        let r = try run("""
            local p = pmo.project('PRJ-001')
            local fresh = pmo.stale(p)
            pmo.asof('2026-06-30')
            return fresh, pmo.stale(p), tostring(p), pmo.stale(pmo.project('PRJ-001'))
            """)
        XCTAssertEqual(r[0], .nil)
        XCTAssertEqual(r[1].stringValue, "read as of now (no as-of date), the session is as of 2026-06-30")
        XCTAssertTrue(r[2].stringValue?.hasSuffix("[stale: read as of now (no as-of date), the session is as of 2026-06-30]") ?? false, "\(r[2])")
        XCTAssertEqual(r[3], .nil)
    }

    func testAProjectReadBeforeAWriteSaysItIsStale() throws {
        let r = try run("""
            local p = pmo.project('PRJ-001')
            pmo.transaction(function(tx) tx:update(p, { name = 'Renamed' }) end)
            return pmo.stale(p), p.name ~= 'Renamed', pmo.project('PRJ-001').name
            """)
        XCTAssertEqual(r, ["read before the last change to the store", true, "Renamed"])
    }
}
