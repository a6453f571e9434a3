import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// The packed copy of the project-level time-phased rows (`ProjectCurves`): the load reads
/// it only while it matches the rows, and every way of changing the rows is seen.
final class ProjectCurvesTests: XCTestCase {
    /// Everything a scan tells its visitor, as lines.
    struct Recorder: ProjectTimephasedVisitor {
        var lines: [String] = []
        mutating func beginProject(_ id: UnsafeBufferPointer<UInt8>) { lines.append("project \(String(decoding: id, as: UTF8.self))") }
        mutating func plannedValue(_ periodEnd: Day, _ pv: Double) { lines.append("  pv \(periodEnd) \(pv)") }
        mutating func reported(_ periodEnd: Day, pv: Double, ev: Double, ac: Double?) {
            lines.append("  reported \(periodEnd) \(pv) \(ev) \(ac.map { "\($0)" } ?? "nil")")
        }
        mutating func endProject() { lines.append("end") }
    }

    func scan(_ store: PortfolioStore, asOf: Day? = nil) throws -> [String] {
        var recorder = Recorder()
        try store.database.read { db in try PortfolioLoad.scanProjectTimephased(db, asOf: asOf, into: &recorder) }
        return recorder.lines
    }

    func isFresh(_ store: PortfolioStore) throws -> Bool {
        try store.database.read { db in try ProjectCurves.isFresh(db) }
    }

    /// Marks the copy stale the way a write the triggers do not see would leave it, so the
    /// next scan reads the rows themselves.
    func markStale(_ store: PortfolioStore) throws {
        try store.database.write { db in try db.execute(sql: "UPDATE derived_state SET fresh = 0") }
    }

    func testTheCopyIsFreshAfterAWrite() throws {
        XCTAssertTrue(try isFresh(try demoStore()))
    }

    func testTheCopyGivesTheScanOfTheRowsExactly() throws {
        let store = try demoStore()
        let packed = try scan(store)
        try markStale(store)
        let rows = try scan(store)
        XCTAssertGreaterThan(packed.count, 100)
        XCTAssertEqual(packed, rows)
    }

    func testTheCopyGivesTheScanOfTheRowsExactlyAsOfADate() throws {
        let store = try demoStore()
        let asOf = Day("2026-03-31")!
        let packed = try scan(store, asOf: asOf)
        try markStale(store)
        XCTAssertEqual(packed, try scan(store, asOf: asOf))
    }

    func testAWriteOutsidePmoMarksTheCopyStaleAndTheLoadSeesIt() throws {
        let store = try demoStore()
        let (project, period) = try store.database.read { db in
            try Row.fetchOne(db, sql: "SELECT project_id, period_end FROM timephased WHERE task_id IS NULL AND ev IS NOT NULL LIMIT 1")
                .map { ($0[0] as String, $0[1] as String) }!
        }
        // Straight through the connection, as the sqlite3 shell would: no PortfolioStore.write.
        try store.database.write { db in
            try db.execute(sql: "UPDATE timephased SET ev = 12345.5 WHERE project_id = ? AND period_end = ? AND task_id IS NULL",
                           arguments: [project, period])
        }
        XCTAssertFalse(try isFresh(store))
        XCTAssertTrue(try scan(store).contains { $0.hasPrefix("  reported \(period) ") && $0.contains(" 12345.5 ") })
    }

    func testAnInsertedProjectPeriodMarksTheCopyStale() throws {
        let store = try demoStore()
        try store.database.write { db in
            try db.execute(sql: """
                INSERT INTO timephased (project_id, task_id, period_end, pv) \
                SELECT id, NULL, '2031-01-31', 1 FROM projects ORDER BY id LIMIT 1
                """)
        }
        XCTAssertFalse(try isFresh(store))
    }

    func testDeletingAProjectMarksTheCopyStaleThroughTheCascade() throws {
        let store = try demoStore()
        let id = try store.database.read { db in try String.fetchOne(db, sql: "SELECT project_id FROM timephased WHERE task_id IS NULL LIMIT 1")! }
        try store.database.write { db in try db.execute(sql: "DELETE FROM projects WHERE id = ?", arguments: [id]) }
        XCTAssertFalse(try isFresh(store))
        XCTAssertFalse(try scan(store).contains("project \(id)"))
    }

    func testATaskLevelRowLeavesTheCopyFresh() throws {
        let store = try demoStore()
        try store.database.write { db in
            try db.execute(sql: "UPDATE timephased SET pv = pv + 1 WHERE rowid = (SELECT min(rowid) FROM timephased WHERE task_id IS NOT NULL)")
        }
        XCTAssertTrue(try isFresh(store))
    }

    func testAPmoWriteRebuildsAStaleCopyBeforeItCommits() throws {
        let store = try demoStore()
        let before = try scan(store)
        try markStale(store)
        try store.write { tx in try tx.insert(Portfolio(id: "NEW", name: "New")) }
        XCTAssertTrue(try isFresh(store))
        XCTAssertEqual(try scan(store), before)
    }

    func testAFailedPmoWriteLeavesTheCopyAsItWas() throws {
        let store = try demoStore()
        let before = try scan(store)
        XCTAssertThrowsError(try store.write { tx in
            try tx.db.execute(sql: "DELETE FROM timephased WHERE task_id IS NULL")
            throw DataError(file: "test", reason: "stop")
        })
        XCTAssertTrue(try isFresh(store))
        XCTAssertEqual(try scan(store), before)
    }

    func testAV2StoreIsUpgradedWithTheCopyBuilt() throws {
        let path = try temporaryFolder(self) + "/v2.sqlite"
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v2")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO portfolios (id, name) VALUES ('PF', 'PF');
                INSERT INTO projects (id, name, portfolio_id, phase) VALUES ('P1', 'One', 'PF', 'execution');
                INSERT INTO timephased (project_id, period_end, pv, ev, ac) VALUES ('P1', '2026-01-31', 10, 8, 9);
                INSERT INTO timephased (project_id, period_end, pv) VALUES ('P1', '2026-02-28', 20);
                """)
        }
        try queue.close()
        let store = try PortfolioStore(path: path)
        XCTAssertTrue(try isFresh(store))
        XCTAssertEqual(try scan(store), [
            "project P1", "  pv 2026-01-31 10.0", "  reported 2026-01-31 10.0 8.0 9.0", "  pv 2026-02-28 20.0", "end",
        ])
    }

    func testTheCopyIsNotADataTable() throws {
        let store = try demoStore()
        let names = try store.database.read { db in try StoreSchema.tables(db).map(\.name) }
        XCTAssertFalse(names.contains { $0.hasPrefix("derived_") }, "\(names)")
        XCTAssertNil(try store.counts()[ProjectCurves.table])
    }
}
