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

    /// A scan's lines grouped by project: id -> the lines between "project id" and "end".
    func sections(_ lines: [String]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        var current: String?
        for line in lines {
            if line.hasPrefix("project ") { current = String(line.dropFirst(8)); out[current!] = [] }
            else if line == "end" { current = nil }
            else if let current { out[current]!.append(line) }
        }
        return out
    }

    /// The copy is fresh and gives exactly what the rows give.
    func assertCopyMatchesRows(_ store: PortfolioStore, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertTrue(try isFresh(store), file: file, line: line)
        let packed = try scan(store)
        try markStale(store)
        XCTAssertEqual(packed, try scan(store), file: file, line: line)
    }

    func staleProjects(_ store: PortfolioStore) throws -> [String] {
        try store.database.read { db in try String.fetchAll(db, sql: "SELECT project_id FROM derived_stale_curves ORDER BY 1") }
    }

    func projectIds(_ store: PortfolioStore) throws -> [String] {
        try store.database.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT project_id FROM timephased WHERE task_id IS NULL ORDER BY 1") }
    }

    func testTheCopyIsFreshAfterAWrite() throws {
        XCTAssertTrue(try isFresh(try demoStore()))
    }

    func testTheCopyGivesTheScanOfTheRowsExactly() throws {
        let store = try demoStore()
        XCTAssertGreaterThan(try scan(store).count, 100)
        try assertCopyMatchesRows(store)
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

    func testAWriteOutsidePmoNotesOnlyTheProjectItChanged() throws {
        let store = try demoStore()
        let id = try projectIds(store)[3]
        try store.database.write { db in
            try db.execute(sql: "UPDATE timephased SET pv = pv + 1 WHERE project_id = ? AND task_id IS NULL", arguments: [id])
        }
        XCTAssertEqual(try staleProjects(store), [id])
        XCTAssertFalse(try isFresh(store))
    }

    func testAPmoWriteToOneProjectRepacksThatProjectAndNoOther() throws {
        let store = try demoStore()
        let ids = try projectIds(store)
        let (changed, planted, source) = (ids[1], ids[2], ids[3])
        // Give `planted` the blob of `source`, behind the triggers' back: only a rebuild of
        // `planted` would undo it.
        try store.database.write { db in
            try db.execute(sql: "UPDATE derived_project_curves SET periods = (SELECT periods FROM derived_project_curves WHERE project_id = ?) WHERE project_id = ?",
                           arguments: [source, planted])
        }
        try store.write { tx in
            try tx.db.execute(sql: "UPDATE timephased SET pv = pv + 7 WHERE project_id = ? AND task_id IS NULL", arguments: [changed])
        }
        XCTAssertTrue(try isFresh(store))
        let packed = sections(try scan(store))
        try markStale(store)
        let rows = sections(try scan(store))
        XCTAssertEqual(packed[changed], rows[changed])
        XCTAssertEqual(packed[planted], rows[source])
        XCTAssertNotEqual(packed[planted], rows[planted])
    }

    func testAProjectWhoseRowsAreAllDeletedLeavesTheCopy() throws {
        let store = try demoStore()
        let id = try projectIds(store)[0]
        try store.write { tx in
            try tx.db.execute(sql: "DELETE FROM timephased WHERE project_id = ? AND task_id IS NULL", arguments: [id])
        }
        XCTAssertTrue(try isFresh(store))
        XCTAssertFalse(try scan(store).contains("project \(id)"))
        XCTAssertEqual(try staleProjects(store), [])
    }

    func testAWriteThatChangesEveryProjectLeavesTheCopyEqualToTheRows() throws {
        let store = try demoStore()
        try store.write { tx in try tx.db.execute(sql: "UPDATE timephased SET ac = ac * 2 WHERE task_id IS NULL AND ac IS NOT NULL") }
        try assertCopyMatchesRows(store)
    }

    func testABulkInsertOfTimePhasedRowsMarksTheWholeCopyStaleNotEachProject() throws {
        let store = try demoStore()
        var dataset = Dataset()
        dataset.timephased = try projectIds(store).prefix(3).map {
            TimephasedValue(projectId: $0, periodEnd: Day("2031-01-31")!, pv: 1)
        }
        let (stale, fresh) = try store.write { tx -> (Int, Bool) in
            try tx.insert(dataset)
            return (try Int.fetchOne(tx.db, sql: "SELECT count(*) FROM derived_stale_curves")!,
                    try Bool.fetchOne(tx.db, sql: "SELECT fresh FROM derived_state")!)
        }
        XCTAssertEqual(stale, 0)
        XCTAssertFalse(fresh)
        try assertCopyMatchesRows(store)
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

    /// A store file at schema `version` holding the rows `sql` inserts; `then` runs after them
    /// in the same transaction.
    func oldStore(at version: String, _ sql: String, then: (Database) throws -> Void = { _ in }) throws -> String {
        let path = try temporaryFolder(self) + "/\(version).sqlite"
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: version)
        try queue.write { db in
            try db.execute(sql: sql)
            try then(db)
        }
        try queue.close()
        return path
    }

    func testAV2StoreIsUpgradedWithTheCopyBuilt() throws {
        let path = try oldStore(at: "v2", """
            INSERT INTO portfolios (id, name) VALUES ('PF', 'PF');
            INSERT INTO projects (id, name, portfolio_id, phase) VALUES ('P1', 'One', 'PF', 'execution');
            INSERT INTO timephased (project_id, period_end, pv, ev, ac) VALUES ('P1', '2026-01-31', 10, 8, 9);
            INSERT INTO timephased (project_id, period_end, pv) VALUES ('P1', '2026-02-28', 20);
            """)
        let store = try PortfolioStore(path: path)
        XCTAssertTrue(try isFresh(store))
        XCTAssertEqual(try scan(store), [
            "project P1", "  pv 2026-01-31 10.0", "  reported 2026-01-31 10.0 8.0 9.0", "  pv 2026-02-28 20.0", "end",
        ])
    }

    func testAV3StoreIsUpgradedToNoteStaleProjects() throws {
        let path = try oldStore(at: "v3", """
            INSERT INTO portfolios (id, name) VALUES ('PF', 'PF');
            INSERT INTO projects (id, name, portfolio_id, phase) VALUES ('P1', 'One', 'PF', 'execution');
            INSERT INTO projects (id, name, portfolio_id, phase) VALUES ('P2', 'Two', 'PF', 'execution');
            INSERT INTO timephased (project_id, period_end, pv, ev, ac) VALUES ('P1', '2026-01-31', 10, 8, 9);
            INSERT INTO timephased (project_id, period_end, pv) VALUES ('P2', '2026-01-31', 5);
            """) { db in
            // As pmo at v3 left it after a write: the copy rebuilt whole.
            try ProjectCurves.rebuildAll(db)
            try db.execute(sql: "UPDATE derived_state SET fresh = 1")
        }
        let store = try PortfolioStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Migrations.latest)
        XCTAssertTrue(try isFresh(store))
        try store.database.write { db in try db.execute(sql: "UPDATE timephased SET pv = 6 WHERE project_id = 'P2'") }
        XCTAssertEqual(try staleProjects(store), ["P2"])
        try store.write { tx in try tx.insert(Portfolio(id: "NEW", name: "New")) }
        XCTAssertEqual(try scan(store), [
            "project P1", "  pv 2026-01-31 10.0", "  reported 2026-01-31 10.0 8.0 9.0", "end",
            "project P2", "  pv 2026-01-31 6.0", "end",
        ])
    }

    func testTheCopyIsNotADataTable() throws {
        let store = try demoStore()
        let names = try store.database.read { db in try StoreSchema.tables(db).map(\.name) }
        XCTAssertFalse(names.contains { $0.hasPrefix("derived_") }, "\(names)")
        XCTAssertNil(try store.counts()[ProjectCurves.table])
    }
}
