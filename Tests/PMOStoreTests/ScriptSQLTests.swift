import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// `ScriptSQL`: what script SQL (`scriptRead`: `pmo.sql` and the module's reads) may run, on a connection of its own.
final class ScriptSQLTests: XCTestCase {
    var store: PortfolioStore!

    override func setUpWithError() throws {
        store = try PortfolioStore.demo(projects: 3)
    }

    func refusal(_ sql: String, _ arguments: [SQLValue] = [], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try store.query(sql, arguments)
            XCTFail("not refused: \(sql)", file: file, line: line)
            return ""
        } catch let e as ScriptSQLRefusal {
            return e.reason
        } catch {
            XCTFail("\(sql): not a refusal: \(error)", file: file, line: line)
            return ""
        }
    }

    func testReadsWithListedFunctionsRun() throws {
        let r = try store.query("""
            WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3)
            SELECT count(*) AS c, max(x) AS m, lower('AB') AS l, json_extract('{"a":2}', '$.a') AS j,
                   date('2026-01-31', '+1 day') AS d, '{"b":3}' ->> '$.b' AS k,
                   (SELECT count(*) FROM projects) AS p, row_number() OVER () AS rn
            FROM n
            """)
        XCTAssertEqual(r.rows.first, [.integer(3), .integer(3), .text("ab"), .integer(2), .text("2026-02-01"), .integer(3), .integer(3), .integer(1)])
    }

    func testSchemaPragmasRun() throws {
        XCTAssertEqual(try store.query("PRAGMA table_info(portfolios)").rows.first?[1], .text("id"))
    }

    func testTheTokenizerFunctionIsRefused() {
        XCTAssertEqual(refusal("SELECT fts3_tokenizer('evil', x'4141414141410000')"), "the function fts3_tokenizer is not allowed in script SQL")
    }

    func testLoadExtensionIsRefused() {
        XCTAssertEqual(refusal("SELECT load_extension('/tmp/x.so')"), "the function load_extension is not allowed in script SQL")
    }

    func testCreatingAVirtualTableIsRefused() {
        XCTAssertTrue(refusal("CREATE VIRTUAL TABLE temp.t USING fts3(x)").hasPrefix("CREATE (of a table, view, index, trigger or virtual table) is not allowed"))
    }

    func testReadingAVirtualTableIsRefused() {
        for sql in ["SELECT * FROM json_each('[1]')", "SELECT count(*) FROM dbstat", "SELECT * FROM pragma_table_info('projects')"] {
            XCTAssertTrue(refusal(sql).contains("virtual table"), sql)
        }
    }

    func testWritesAreRefusedAndChangeNothing() throws {
        for sql in ["DELETE FROM projects", "UPDATE projects SET name = 'x'", "INSERT INTO portfolios (id, name) VALUES ('Z', 'Z')",
                    "CREATE TABLE t (x)", "DROP TABLE projects", "ATTACH '/tmp/pmo-attack.sqlite' AS a", "BEGIN",
                    "PRAGMA query_only = 0", "PRAGMA writable_schema = 1"] {
            XCTAssertTrue(refusal(sql).contains("not allowed"), sql)
        }
        XCTAssertEqual(try store.counts()["projects"], 3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/pmo-attack.sqlite"))
    }

    func testArgumentsMustMatchTheParametersInNumber() {
        XCTAssertEqual(refusal("SELECT ?"), "the statement has 1 parameter, and 0 values were given")
        XCTAssertEqual(refusal("SELECT 1", [.integer(5)]), "the statement has 0 parameters, and 1 value was given")
    }

    func testAValueLongerThanTheCapIsTooBigBeforeItIsMade() throws {
        XCTAssertThrowsError(try store.scriptRead(maxValueBytes: 1000) { db in
            try Row.fetchAll(db, sql: "SELECT zeroblob(999999999)")
        }) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_TOOBIG, "\(error)")
        }
        XCTAssertThrowsError(try store.scriptRead(maxValueBytes: 1000) { db in
            try Row.fetchAll(db, sql: "SELECT randomblob(1000000000)")
        })
        // And the cap is the read's own: the next read has SQLite's limit again.
        XCTAssertEqual(try store.scriptRead { db in try Int.fetchOne(db, sql: "SELECT length(zeroblob(5000))") }, 5000)
    }

    func testAFileStoresScriptConnectionRefusesWritesToo() throws {
        let path = try temporaryFolder(self) + "/a.sqlite"
        let file = try PortfolioStore(path: path)
        try file.write { tx in try tx.insert(Portfolio(id: "P", name: "P")) }
        XCTAssertThrowsError(try file.query("DELETE FROM portfolios"))
        XCTAssertEqual(try file.query("SELECT id FROM portfolios").rows, [[.text("P")]])
    }
}
