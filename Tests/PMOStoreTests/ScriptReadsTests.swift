import GRDB
import PMOModel
import PMOStore
import XCTest

/// `ScriptReads`: the statements of the `pmo` module's reads by kind, run through the one
/// read entry point scripts have (`scriptRead`).
final class ScriptReadsTests: XCTestCase {
    let march = Day("2026-03-31")!

    func reportDates(_ store: PortfolioStore, asOf: Day?) throws -> [String] {
        try store.scriptRead { db in
            try Row.fetchAll(try ScriptReads.rows(of: "status_reports", knownOn: "report_date", asOf: asOf, in: db)).map { $0["report_date"] }
        }
    }

    func testRowsAsOfADateLeaveOutTheRowsKnownLater() throws {
        let store = try demoStore()
        let all = try reportDates(store, asOf: nil)
        let then = try reportDates(store, asOf: march)
        XCTAssertTrue(all.contains { $0 > "2026-03-31" }, "the demo has reports after March")
        XCTAssertEqual(then.sorted(), all.filter { $0 <= "2026-03-31" }.sorted())
    }

    func testRowsAreInTheOrderOfTheFirstColumn() throws {
        let store = try demoStore()
        let ids: [String] = try store.scriptRead { db in
            try Row.fetchAll(try ScriptReads.rows(of: "risks", knownOn: nil, asOf: nil, in: db)).map { $0["id"] }
        }
        XCTAssertFalse(ids.isEmpty)
        XCTAssertEqual(ids, ids.sorted())
    }

    func testRowsOfATableTheStoreDoesNotHaveAreRefused() throws {
        let store = try demoStore()
        XCTAssertThrowsError(try store.scriptRead { db in try ScriptReads.rows(of: "projects; DROP TABLE risks", knownOn: nil, asOf: nil, in: db) }) { error in
            XCTAssertEqual("\(error)", "no table 'projects; DROP TABLE risks' in the store")
        }
    }

    func testAsOfOnAColumnTheTableDoesNotHaveIsRefused() throws {
        let store = try demoStore()
        XCTAssertThrowsError(try store.scriptRead { db in try ScriptReads.rows(of: "risks", knownOn: "1 OR 1", asOf: self.march, in: db) }) { error in
            XCTAssertEqual("\(error)", "no column '1 OR 1' in table 'risks'")
        }
    }

    func testAProjectsTimephasedRowsCarryTheirRowid() throws {
        let store = try demoStore()
        let rows = try store.scriptRead { db in try Row.fetchAll(try ScriptReads.projectTimephased("PRJ-001", in: db)) }
        XCTAssertFalse(rows.isEmpty)
        XCTAssertTrue(rows.allSatisfy { ($0["rowid"] as Int64?) != nil && ($0["task_id"] as String?) == nil })
    }
}
