import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// `PortfolioStore.apply`: a list of row changes, checked against the schema and applied in
/// one transaction, all or nothing.
final class RowChangeTests: XCTestCase {
    var store: PortfolioStore!

    override func setUpWithError() throws {
        store = try demoStore(projects: 3)
    }

    func projectRow(_ id: String) throws -> Row? {
        try store.reader.read { db in try Row.fetchOne(db, sql: "SELECT name, phase, bac FROM projects WHERE id = ?", arguments: [id]) }
    }

    /// Every row of the tables these tests touch, to compare before and after.
    func contents() throws -> [Row] {
        try store.reader.read { db in
            try ["projects", "risks"].flatMap { try Row.fetchAll(db, sql: "SELECT * FROM \($0) ORDER BY id") }
        }
    }

    func refusal(_ changes: [RowChange], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let before = try contents()
        var message = ""
        XCTAssertThrowsError(try store.apply(changes), file: file, line: line) { error in
            XCTAssertTrue(error is RowChangeRefusal, "\(type(of: error)): \(error)", file: file, line: line)
            message = "\(error)"
        }
        XCTAssertEqual(try contents(), before, "the store changed", file: file, line: line)
        return message
    }

    func testChangesAreAppliedTogetherAndCounted() throws {
        let changed = try store.apply([
            RowChange(.update, table: "projects", key: [("id", .text("PRJ-001"))], fields: [("name", .text("Renamed")), ("bac", .integer(5000))]),
            RowChange(.update, table: "projects", key: [("id", .text("PRJ-002"))], fields: [("phase", .text("closing"))]),
        ])
        XCTAssertEqual(changed, 2)
        XCTAssertEqual(try projectRow("PRJ-001")?["name"], "Renamed")
        // An integer written to a REAL column is stored as a number, not as the integer's text.
        XCTAssertEqual(try projectRow("PRJ-001")?["bac"], 5000.0)
        XCTAssertEqual(try projectRow("PRJ-002")?["phase"], "closing")
    }

    func testAValueOutsideTheAllowedOnesRefusesTheWholeListNamingFieldValueAndAllowed() throws {
        let m = try refusal([
            RowChange(.update, table: "projects", key: [("id", .text("PRJ-001"))], fields: [("name", .text("Renamed"))]),
            RowChange(.update, table: "projects", key: [("id", .text("PRJ-002"))], fields: [("phase", .text("done"))]),
        ])
        XCTAssertEqual(m, "write operation #2 (update into projects id 'PRJ-002'): field 'phase' cannot take \"done\": not an allowed value (one of: initiation, planning, execution, closing, closed, cancelled expected); nothing was written")
    }

    func testAFailingStatementUndoesTheChangesBeforeIt() throws {
        let m = try refusal([
            RowChange(.update, table: "projects", key: [("id", .text("PRJ-001"))], fields: [("name", .text("Renamed"))]),
            RowChange(.insert, table: "risks", fields: [("id", .text("R-x")), ("project_id", .text("NO-SUCH")), ("title", .text("x")),
                                                         ("probability", .real(0.1)), ("impact_cost", .integer(1)), ("impact_score", .integer(1)), ("status", .text("open"))]),
        ])
        XCTAssertTrue(m.hasPrefix("insert #2 into risks failed, nothing was written: FOREIGN KEY"), m)
    }

    func testAnUpdateThatMatchesNoRowIsRefused() throws {
        let m = try refusal([RowChange(.update, table: "projects", key: [("id", .text("NOPE"))], fields: [("name", .text("x"))])])
        XCTAssertEqual(m, "update #1 into projects (id 'NOPE') matched no row, nothing was written")
    }

    func testAnUnknownTableIsRefused() throws {
        let m = try refusal([RowChange(.delete, table: "sqlite_master", key: [("name", .text("projects"))])])
        XCTAssertEqual(m, "write operation #1: no table 'sqlite_master' in the store")
    }

    func testAnUnknownFieldIsRefusedWithTheFieldsThereAre() throws {
        let m = try refusal([RowChange(.update, table: "projects", key: [("id", .text("PRJ-001"))], fields: [("colour", .text("red"))])])
        XCTAssertTrue(m.hasPrefix("update into projects: unknown field 'colour' (fields: id, name, "), m)
    }

    func testAnUpdateWithoutAKeyIsRefused() throws {
        let m = try refusal([RowChange(.update, table: "projects", fields: [("name", .text("x"))])])
        XCTAssertEqual(m, "update #1 into projects: no key")
    }
}
