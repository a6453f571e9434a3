import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// A file store's connections: a read-only one for reads, the writer opened on first write.
final class StoreLifetimeTests: XCTestCase {
    func makeStore() throws -> String {
        let path = try temporaryFolder(self) + "/a.sqlite"
        try PortfolioStore(path: path).write { tx in try tx.insert(Portfolio(id: "P", name: "P")) }
        return path
    }

    func testAConnectionTakenFromAStoreOutlivesTheStore() throws {
        // Found by AddressSanitizer: a store that closed its connections when it went away
        // left `PortfolioStore(...).database` pointing at a closed connection.
        let path = try makeStore()
        var store: PortfolioStore? = try PortfolioStore(readOnlyPath: path)
        let database = try store!.database
        store = nil
        XCTAssertEqual(try database.read { db in try String.fetchAll(db, sql: "SELECT id FROM portfolios") }, ["P"])
        var file: PortfolioStore? = try PortfolioStore(path: path)
        let reader = file!.reader
        file = nil
        XCTAssertEqual(try reader.read { db in try String.fetchAll(db, sql: "SELECT id FROM portfolios") }, ["P"])
    }

    func testAWriteIsInTheStoreFileItselfOnceItReturns() throws {
        // With its read-only connection open, the writer is not the last connection to close;
        // the write must not stay in the -wal file alone.
        let path = try makeStore()
        let store = try PortfolioStore(path: path)
        XCTAssertEqual(try store.records(Portfolio.self).count, 1)
        try store.write { tx in try tx.insert(Portfolio(id: "Q", name: "Q")) }
        let copy = try temporaryFolder(self) + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        XCTAssertEqual(try DatabaseQueue(path: copy).read { db in try String.fetchAll(db, sql: "SELECT id FROM portfolios ORDER BY id") }, ["P", "Q"])
    }

    func testOpeningAnExistingStoreOpensNoWriter() throws {
        let path = try makeStore()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let store = try PortfolioStore(path: path)
            XCTAssertEqual(try store.records(Portfolio.self).map(\.id), ["P"])
            XCTAssertEqual(try store.query("SELECT count(*) FROM portfolios").rows, [[.integer(1)]])
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }
}
