import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// The store as of a date, through the queries production runs: `EVMInputsQuery` (every
/// project's EVM inputs) and `PortfolioLoad.latestStatusSQL` (the latest status report of
/// each project), both on `scriptRead`, checked against the tests' own reads of the rows.
final class AsOfTests: XCTestCase {
    let march = Day("2026-03-31")!

    /// One project as the portfolio load sees it as of a date.
    struct Loaded {
        var evm: EVMInputs
        /// The date and overall RAG of its latest status report.
        var latestStatus: (date: String, overall: String)?
    }

    /// Every project as of `asOf`, with baseline number `baseline` in force, by id.
    func load(_ store: PortfolioStore, asOf: Day? = nil, baseline: Int = 0) throws -> [String: Loaded] {
        try store.scriptRead { db in
            var out: [String: Loaded] = [:]
            for inputs in try EVMInputsQuery.read(db, asOf: asOf, baseline: baseline) {
                out[inputs.projectId] = Loaded(evm: inputs)
            }
            for row in try Row.fetchAll(db, sql: PortfolioLoad.latestStatusSQL, arguments: [PortfolioLoad.latestStatusArgument(asOf)]) {
                out[row["project_id"]]?.latestStatus = (row["report_date"], row["overall"])
            }
            return out
        }
    }

    func testLatestStatusIsTheLastReportOnOrBeforeTheDate() throws {
        let store = try demoStore()
        let id = try reportingInMarch(store)
        XCTAssertEqual(try load(store, asOf: march)[id]?.latestStatus?.date, march.description)
        XCTAssertEqual(try load(store)[id]?.latestStatus?.date, DemoPortfolio.defaultStatusDate.description)
    }

    /// A demo project that was reporting earned value in March.
    func reportingInMarch(_ store: PortfolioStore) throws -> String {
        let id = try store.records(Project.self).map(\.id).first { id in
            try store.timephased(projectId: id).contains { $0.periodEnd == march && $0.ev != nil }
        }
        return try XCTUnwrap(id)
    }

    func testEarnedValueStopsAtTheDateButThePlanStaysWhole() throws {
        let store = try demoStore()
        let id = try reportingInMarch(store)
        let then = try XCTUnwrap(try load(store, asOf: march)[id]?.evm)
        let now = try XCTUnwrap(try load(store)[id]?.evm)
        XCTAssertEqual(then.dataDate, march)
        let row = try XCTUnwrap(try store.timephased(projectId: id).first { $0.periodEnd == march })
        XCTAssertEqual(then.ev, row.ev)
        XCTAssertEqual(then.ac, row.ac)
        // The plan is the same whole plan: the same planned duration.
        XCTAssertEqual(try then.schedule.get().pd, try now.schedule.get().pd)
    }

    func testBaselineInForceIsTheLatestSetOnOrBeforeTheDate() throws {
        let store = try PortfolioStore()
        try store.write { tx in
            try tx.insert(Project(id: "P", name: "P", phase: .execution, bac: 100))
            try tx.insert(Baseline(id: "P/B0", projectId: "P", number: 0, setOn: Day("2026-01-01")!, cost: 100))
            try tx.insert(Baseline(id: "P/B0-2", projectId: "P", number: 0, setOn: Day("2026-06-01")!, cost: 150))
        }
        XCTAssertEqual(try load(store, asOf: march)["P"]?.evm.bac, 100)
        XCTAssertEqual(try load(store, asOf: Day("2026-07-01")!)["P"]?.evm.bac, 150)
        XCTAssertEqual(try load(store)["P"]?.evm.bac, 150)
    }

    func testBaselineInForceIsTheWorkspacesNumberNotTheLatestOfAnyNumber() throws {
        let store = try PortfolioStore()
        try store.write { tx in
            try tx.insert(Project(id: "P", name: "P", phase: .execution, bac: 100))
            try tx.insert(Baseline(id: "P/B0", projectId: "P", number: 0, setOn: Day("2026-01-01")!,
                                   start: Day("2026-01-01")!, finish: Day("2026-12-31")!, cost: 100))
            try tx.insert(Baseline(id: "P/B1", projectId: "P", number: 1, setOn: Day("2026-06-01")!,
                                   start: Day("2026-01-01")!, finish: Day("2027-02-28")!, cost: 110))
        }
        let now = try XCTUnwrap(try load(store)["P"]?.evm)
        XCTAssertEqual([now.bac, now.baseline.map(Double.init)], [100, 0])
        XCTAssertEqual(now.finish, Day("2026-12-31"))
        let one = try XCTUnwrap(try load(store, baseline: 1)["P"]?.evm)
        XCTAssertEqual(one.bac, 110)
        XCTAssertEqual(one.finish, Day("2027-02-28"))
        XCTAssertEqual(try load(store, asOf: march, baseline: 1)["P"]?.evm.bac, 100, "not set yet in March: the project's own")
    }

    func testBulkLoadGivesTheLatestCumulativeValues() throws {
        let store = try demoStore()
        let id = try reportingInMarch(store)
        let evm = try XCTUnwrap(try load(store)[id]?.evm)
        let last = try XCTUnwrap(try store.timephased(projectId: id).last { $0.ev != nil })
        XCTAssertEqual(evm.pv, last.pv)
        XCTAssertEqual(evm.ev, last.ev)
        XCTAssertEqual(evm.ac, last.ac)
        XCTAssertEqual(evm.bac, try store.record(Project.self, id: id)?.bac)
    }

    func testBulkLoadHasEveryProject() throws {
        let store = try demoStore()
        XCTAssertEqual(try load(store).keys.sorted(), try store.records(Project.self).map(\.id))
    }

    func testFalseGreenIsVisibleInTheLoad() throws {
        let p = try XCTUnwrap(try load(try demoStore())[DemoPortfolio.falseGreenProjectId])
        XCTAssertEqual(p.latestStatus?.overall, "green")
        let ev = try XCTUnwrap(p.evm.ev), ac = try XCTUnwrap(p.evm.ac)
        XCTAssertLessThan(ev / ac, 0.9)
    }
}

final class ScriptQueryTests: XCTestCase {
    func testAQueryReturnsColumnsAndTypedValues() throws {
        let store = try demoStore()
        let r = try store.query("SELECT id, bac, priority FROM projects WHERE id = ?", [.text("PRJ-001")])
        XCTAssertEqual(r.columns, ["id", "bac", "priority"])
        XCTAssertEqual(r.rows.count, 1)
        XCTAssertEqual(r.rows[0][0], .text("PRJ-001"))
        guard case .real = r.rows[0][1] else { return XCTFail("bac is \(r.rows[0][1])") }
        guard case .integer = r.rows[0][2] else { return XCTFail("priority is \(r.rows[0][2])") }
    }

    func testTablesListParentsBeforeChildren() throws {
        let names = try PortfolioStore().reader.read { db in try StoreSchema.tables(db).map(\.name) }
        XCTAssertLessThan(names.firstIndex(of: "portfolios")!, names.firstIndex(of: "projects")!)
        XCTAssertLessThan(names.firstIndex(of: "projects")!, names.firstIndex(of: "status_reports")!)
        XCTAssertLessThan(names.firstIndex(of: "tasks")!, names.firstIndex(of: "timephased")!)
        XCTAssertFalse(names.contains("custom_fields"))
        XCTAssertFalse(names.contains("grdb_migrations"))
    }

    func testAQueryCannotWrite() throws {
        let store = try demoStore()
        XCTAssertThrowsError(try store.query("DELETE FROM projects"))
        XCTAssertEqual(try store.records(Project.self).count, 12)
    }
}
