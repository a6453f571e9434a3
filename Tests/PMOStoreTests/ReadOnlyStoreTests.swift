import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// `PortfolioStore(readOnlyPath:)`, the sandbox worker's view of the store.
final class ReadOnlyStoreTests: XCTestCase {
    func makeStore() throws -> String {
        let path = try temporaryFolder(self) + "/a.sqlite"
        try PortfolioStore(path: path).write { tx in try tx.insert(Portfolio(id: "P", name: "P")) }
        return path
    }

    func testReadOnlyStoreReads() throws {
        XCTAssertEqual(try PortfolioStore(readOnlyPath: try makeStore()).records(Portfolio.self).map(\.id), ["P"])
    }

    func testReadOnlyStoreRefusesWritesThroughTheWriteAPI() throws {
        let store = try PortfolioStore(readOnlyPath: try makeStore())
        XCTAssertThrowsError(try store.write { tx in try tx.insert(Portfolio(id: "Q", name: "Q")) }) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_READONLY, "\(error)")
        }
        XCTAssertEqual(try store.records(Portfolio.self).map(\.id), ["P"])
    }

    func testReadOnlyStoreRefusesAttachAndVacuumInto() throws {
        let path = try makeStore()
        let other = (path as NSString).deletingLastPathComponent + "/other.sqlite"
        let store = try PortfolioStore(readOnlyPath: path)
        // Outside a transaction, where VACUUM would otherwise be allowed.
        for sql in ["ATTACH DATABASE ? AS o", "VACUUM INTO ?"] {
            XCTAssertThrowsError(try store.database.writeWithoutTransaction { db in
                try db.execute(sql: sql, arguments: [other])
            }) { error in
                XCTAssertTrue("\(error)".contains("too many attached databases"), "\(sql): \(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: other), sql)
        }
    }

    func testMissingFileIsNotCreated() throws {
        let path = try temporaryFolder(self) + "/absent.sqlite"
        XCTAssertThrowsError(try PortfolioStore(readOnlyPath: path)) { error in
            XCTAssertTrue("\(error)".contains("no store at"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testStoreAtAnOlderSchemaIsRefusedNotUpgraded() throws {
        let path = try temporaryFolder(self) + "/empty.sqlite"
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t(x)") }
        XCTAssertThrowsError(try PortfolioStore(readOnlyPath: path)) { error in
            XCTAssertTrue("\(error)".contains("schema"), "\(error)")
        }
        let tables = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") }
        XCTAssertEqual(tables, ["t"])
    }
}
