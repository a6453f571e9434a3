import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// Issue 20, item 6: records read from the store are read-only. They are shared by every
/// query of the session, so an assignment would change what later queries return while
/// p:evm() and pmo.sql still say otherwise; it raises instead, pointing to pmo.transaction.
final class RecordReadOnlyTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 5, seed: 1), today: Day("2026-11-27")).install(in: lua)
    }

    func run(_ code: String) throws -> [LuaValue] { try lua.run(code, name: "=test") }

    func message(_ code: String) -> String {
        do { _ = try run(code); return "no error" } catch { return (error as? LuaError)?.fullMessage ?? "\(error)" }
    }

    func testAssigningToAProjectFieldRaisesAndPointsToTransaction() {
        let m = message("local p = pmo.project('PRJ-001')\np.bac = 5")
        XCTAssertTrue(m.hasPrefix("test:2: cannot set field 'bac': Project PRJ-001 was read from the store and is read-only; change the store with pmo.transaction(function(tx) tx:update(record, { bac = ... }) end)"), m)
        XCTAssertFalse(m.contains("test:2: test:2:"), m)
    }

    func testAFailedAssignmentLeavesWhatLaterQueriesReturn() throws {
        let r = try run("""
            local p = pmo.project('PRJ-001')
            local before = p.bac
            pcall(function() p.bac = 5 end)
            return pmo.project('PRJ-001').bac == before, p:evm().bac == before
            """)
        XCTAssertEqual(r, [true, true])
    }

    func testANewFieldOnARecordIsRefusedToo() {
        XCTAssertTrue(message("pmo.risks()[1].note = 'x'").contains("cannot set field 'note': Risk"))
    }

    func testEveryKindsRecordsAreReadOnly() throws {
        let r = try run("""
            local refused, kinds = 0, 0
            for _, list in ipairs({ pmo.portfolios(), pmo.projects(), pmo.tasks(), pmo.milestones(), pmo.risks(),
                pmo.issues(), pmo.resources(), pmo.assignments(), pmo.baselines(), pmo.status_reports(),
                pmo.project('PRJ-001'):timephased(), { pmo.project('PRJ-001'):latest_status() }, { pmo.organisation() } }) do
              if list[1] then
                kinds = kinds + 1
                if not pcall(function() list[1].id = 'changed' end) then refused = refused + 1 end
              end
            end
            return kinds, refused
            """)
        XCTAssertEqual(r[0], r[1])
        XCTAssertGreaterThan(r[0].intValue ?? 0, 10)
    }

    func testPairsGoesOverARecordsFieldsOnly() throws {
        let r = try run("""
            local p, n, machinery = pmo.project('PRJ-001'), 0, 0
            for k, v in pairs(p) do
              n = n + 1
              if k:sub(1, 2) == '__' then machinery = machinery + 1 end
              assert(p[k] == v)
            end
            return n > 5, machinery, p.id, pmo.kind_of(p), tostring(p):match('^Project PRJ%-001') ~= nil
            """)
        XCTAssertEqual(r, [true, 0, "PRJ-001", "project", true])
    }

    func testARecordEncodesAsJSONWithItsFieldsAndDates() throws {
        let r = try run("""
            local p = pmo.project('PRJ-001')
            return require('pmo.report.json').encode(p), p.id, tostring(p.baseline_start)
            """)
        let text = r[0].stringValue ?? ""
        XCTAssertTrue(text.contains("\"id\":\"\(r[1].stringValue ?? "?")\""), text)
        XCTAssertTrue(text.contains("\"baseline_start\":\"\(r[2].stringValue ?? "?")\""), text)
        XCTAssertFalse(text.contains("__"), text)
    }

    func testATransactionStillChangesTheStoreAndLaterQueriesSeeIt() throws {
        let r = try run("""
            local p = pmo.project('PRJ-001')
            pmo.transaction(function(tx) tx:update(p, { name = 'Renamed' }) end)
            return pmo.project('PRJ-001').name
            """)
        XCTAssertEqual(r, ["Renamed"])
    }

    func testFiltersReadFieldsOfReadOnlyRecords() throws {
        let r = try run("""
            local all = pmo.projects()
            local phase = all[1].phase
            local n = 0
            for _, p in ipairs(all) do if p.phase == phase then n = n + 1 end end
            return #pmo.projects{ phase = phase } == n, #pmo.projects{ portfolio = all[1].portfolio_id } > 0
            """)
        XCTAssertEqual(r, [true, true])
    }
}
