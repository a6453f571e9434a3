import GRDB
import PMOModel
@testable import PMOStore
import XCTest

final class StoreOpeningTests: XCTestCase {
    func testNewFileStoreIsAtTheLatestSchema() throws {
        let store = try PortfolioStore(path: try temporaryFolder(self) + "/a.sqlite")
        XCTAssertEqual(try store.schemaVersion(), Migrations.latest)
    }

    func testFileStoreRunsInWALMode() throws {
        let store = try PortfolioStore(path: try temporaryFolder(self) + "/a.sqlite")
        XCTAssertEqual(try store.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }, "wal")
    }

    func testForeignKeysAreEnforced() throws {
        let store = try PortfolioStore()
        XCTAssertThrowsError(try store.write { tx in
            try tx.insert(StatusReport(id: "S1", projectId: "NOPE", reportDate: Day("2026-01-31")!, overall: .green))
        })
    }

    func testReopeningKeepsTheData() throws {
        let path = try temporaryFolder(self) + "/a.sqlite"
        try PortfolioStore(path: path).write { tx in try tx.insert(Portfolio(id: "P", name: "P")) }
        XCTAssertEqual(try PortfolioStore(path: path).records(Portfolio.self).map(\.id), ["P"])
    }

    func testOpeningAnOlderStoreUpgradesIt() throws {
        // A SQLite file with no migrations applied is the oldest store there is.
        let path = try temporaryFolder(self) + "/old.sqlite"
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        let store = try PortfolioStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Migrations.latest)
        XCTAssertEqual(try store.counts()["projects"], 0)
    }

    func testAV1StoreIsUpgradedToTheLatestKeepingItsData() throws {
        let path = try temporaryFolder(self) + "/v1.sqlite"
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in try db.execute(sql: "INSERT INTO portfolios (id, name) VALUES ('P', 'P')") }
        try queue.close()
        let store = try PortfolioStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Migrations.latest)
        XCTAssertEqual(try store.records(Portfolio.self).map(\.id), ["P"])
    }

    func testThePortfolioLoadReadsTheTimephasedIndexAlone() throws {
        let store = try PortfolioStore.demo(projects: 3)
        let plan = try store.database.read { db in
            try String.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT project_id, period_end, pv, ev, ac FROM timephased
                INDEXED BY timephased_project_total WHERE task_id IS NULL ORDER BY project_id, period_end
                """, adapter: SuffixRowAdapter(fromIndex: 3))
        }
        XCTAssertEqual(plan, ["SCAN timephased USING COVERING INDEX timephased_project_total"])
    }

    func testRefusesAStoreWrittenByANewerVersion() throws {
        let path = try temporaryFolder(self) + "/a.sqlite"
        try PortfolioStore(path: path).database.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        XCTAssertThrowsError(try PortfolioStore(path: path)) { error in
            XCTAssertTrue("\(error)".contains("newer version of pmo (it has schema migrations v99"), "\(error)")
        }
        XCTAssertThrowsError(try PortfolioStore(readOnlyPath: path)) { error in
            XCTAssertTrue("\(error)".contains("newer version of pmo"), "\(error)")
        }
    }

    func testAReadOnlyStoreReadsButRefusesWrites() throws {
        let path = try temporaryFolder(self) + "/a.sqlite"
        try PortfolioStore(path: path).write { tx in try tx.insert(Portfolio(id: "P", name: "P")) }
        let store = try PortfolioStore(readOnlyPath: path)
        XCTAssertEqual(try store.records(Portfolio.self).map(\.id), ["P"])
        XCTAssertThrowsError(try store.write { tx in try tx.insert(Portfolio(id: "Q", name: "Q")) })
    }

    func testAReadOnlyStoreMustExist() throws {
        let path = try temporaryFolder(self) + "/none.sqlite"
        XCTAssertThrowsError(try PortfolioStore(readOnlyPath: path)) { error in
            XCTAssertTrue("\(error)".contains("no store at"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testAReadOnlyStoreCannotBeUpgraded() throws {
        let path = try temporaryFolder(self) + "/old.sqlite"
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "PRAGMA journal_mode = WAL; CREATE TABLE notes (text TEXT)") }
        XCTAssertThrowsError(try PortfolioStore(readOnlyPath: path)) { error in
            XCTAssertTrue("\(error)".contains("the store's schema is not the one this pmo reads"), "\(error)")
        }
    }

    func testRefusesAFileThatIsNotAStore() throws {
        let folder = try temporaryFolder(self)
        let path = try write(String(repeating: "not a database ", count: 200), to: "junk.sqlite", in: folder)
        XCTAssertThrowsError(try PortfolioStore(path: path)) { error in
            XCTAssertTrue("\(error)".contains("junk.sqlite"), "\(error)")
        }
    }
}
