import PMOModel
import PMOStore
import XCTest

final class AsOfTests: XCTestCase {
    let march = Day("2026-03-31")!

    func testLatestStatusIsTheLastReportOnOrBeforeTheDate() throws {
        let store = try demoStore()
        let id = try reportingInMarch(store)
        XCTAssertEqual(try store.portfolio(asOf: march).project(id)?.latestStatus?.reportDate, march)
        XCTAssertEqual(try store.portfolio().project(id)?.latestStatus?.reportDate, DemoPortfolio.defaultStatusDate)
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
        let then = try XCTUnwrap(try store.portfolio(asOf: march).project(id))
        let now = try XCTUnwrap(try store.portfolio().project(id))
        XCTAssertEqual(then.evm.dataDate, march)
        let row = try XCTUnwrap(try store.timephased(projectId: id).first { $0.periodEnd == march })
        XCTAssertEqual(then.evm.ev, row.ev)
        XCTAssertEqual(then.evm.ac, row.ac)
        // The plan is the same whole plan: the same planned duration.
        XCTAssertEqual(try then.evm.schedule.get().pd, try now.evm.schedule.get().pd)
    }

    func testTimephasedAsOfBlanksLaterActuals() throws {
        let store = try demoStore()
        let rows = try store.timephased(projectId: try reportingInMarch(store), asOf: march)
        XCTAssertTrue(rows.filter { $0.periodEnd > march }.allSatisfy { $0.ev == nil && $0.ac == nil })
        XCTAssertTrue(rows.filter { $0.periodEnd <= march }.allSatisfy { $0.ev != nil })
    }

    func testStatusReportsAsOfExcludeLaterReports() throws {
        let store = try demoStore()
        let reports = try store.statusReports(projectId: try reportingInMarch(store), asOf: march)
        XCTAssertEqual(reports.last?.reportDate, march)
    }

    func testBaselineInForceIsTheLatestSetOnOrBeforeTheDate() throws {
        let store = try PortfolioStore()
        try store.write { tx in
            try tx.insert(Project(id: "P", name: "P", phase: .execution, bac: 100))
            try tx.insert(Baseline(id: "P/B0", projectId: "P", number: 0, setOn: Day("2026-01-01")!, cost: 100))
            try tx.insert(Baseline(id: "P/B0-2", projectId: "P", number: 0, setOn: Day("2026-06-01")!, cost: 150))
        }
        XCTAssertEqual(try store.baselines(asOf: march, inForce: true).map(\.cost), [100])
        XCTAssertEqual(try store.baselines(inForce: true).map(\.cost), [150])
        XCTAssertEqual(try store.portfolio(asOf: march).project("P")?.evm.bac, 100)
        XCTAssertEqual(try store.portfolio(asOf: Day("2026-07-01")!).project("P")?.evm.bac, 150)
        XCTAssertEqual(try store.portfolio().project("P")?.evm.bac, 150)
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
        let now = try XCTUnwrap(try store.portfolio().project("P")?.evm)
        XCTAssertEqual([now.bac, now.baseline.map(Double.init)], [100, 0])
        XCTAssertEqual(now.finish, Day("2026-12-31"))
        let one = try XCTUnwrap(try store.portfolio(baseline: 1).project("P")?.evm)
        XCTAssertEqual(one.bac, 110)
        XCTAssertEqual(one.finish, Day("2027-02-28"))
        XCTAssertEqual(try store.portfolio(asOf: march, baseline: 1).project("P")?.evm.bac, 100, "not set yet in March: the project's own")
    }

    func testBulkLoadGivesTheLatestCumulativeValues() throws {
        let store = try demoStore()
        let id = try reportingInMarch(store)
        let p = try XCTUnwrap(try store.portfolio().project(id))
        let last = try XCTUnwrap(try store.timephased(projectId: id).last { $0.ev != nil })
        XCTAssertEqual(p.evm.pv, last.pv)
        XCTAssertEqual(p.evm.ev, last.ev)
        XCTAssertEqual(p.evm.ac, last.ac)
        XCTAssertEqual(p.evm.bac, p.project.bac)
    }

    func testBulkLoadHasEveryProject() throws {
        let store = try demoStore()
        XCTAssertEqual(try store.portfolio().projects.map(\.project), try store.records(Project.self))
    }

    func testFalseGreenIsVisibleInTheSnapshot() throws {
        let p = try XCTUnwrap(try demoStore().portfolio().project(DemoPortfolio.falseGreenProjectId))
        XCTAssertEqual(p.latestStatus?.overall, .green)
        let ev = try XCTUnwrap(p.evm.ev), ac = try XCTUnwrap(p.evm.ac)
        XCTAssertLessThan(ev / ac, 0.9)
    }
}

final class SQLQueryTests: XCTestCase {
    func testQueryReturnsColumnsAndTypedValues() throws {
        let store = try demoStore()
        let r = try store.query("SELECT id, bac, priority FROM projects WHERE id = ?", [.text("PRJ-001")])
        XCTAssertEqual(r.columns, ["id", "bac", "priority"])
        XCTAssertEqual(r.rows.count, 1)
        XCTAssertEqual(r.rows[0][0], .text("PRJ-001"))
        guard case .real = r.rows[0][1] else { return XCTFail("bac is \(r.rows[0][1])") }
        guard case .integer = r.rows[0][2] else { return XCTFail("priority is \(r.rows[0][2])") }
    }

    func testTablesListParentsBeforeChildren() throws {
        let names = try PortfolioStore().tables().map(\.name)
        XCTAssertLessThan(names.firstIndex(of: "portfolios")!, names.firstIndex(of: "projects")!)
        XCTAssertLessThan(names.firstIndex(of: "projects")!, names.firstIndex(of: "status_reports")!)
        XCTAssertLessThan(names.firstIndex(of: "tasks")!, names.firstIndex(of: "timephased")!)
        XCTAssertFalse(names.contains("custom_fields"))
        XCTAssertFalse(names.contains("grdb_migrations"))
    }

    func testQueryCannotWrite() throws {
        let store = try demoStore()
        XCTAssertThrowsError(try store.query("DELETE FROM projects"))
        XCTAssertEqual(try store.records(Project.self).count, 12)
    }
}
