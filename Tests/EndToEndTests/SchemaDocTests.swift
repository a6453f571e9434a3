import Foundation
import XCTest

/// docs/schema.md is what `pmo schema-doc` prints (PMOStore's SchemaDoc, from the kinds'
/// declaration and the live schema): a change to either shows in the doc, or this fails.
final class SchemaDocTests: XCTestCase {
    func testCheckedInSchemaDocIsWhatPmoSchemaDocPrints() throws {
        let r = try PMOProcess.run(["schema-doc"], in: NSTemporaryDirectory())
        XCTAssertEqual(r.status, 0, r.stderr)
        let path = PMOProcess.root.appendingPathComponent("docs/schema.md").path
        let checkedIn = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(checkedIn == r.stdout,
                      "docs/schema.md differs from what the schema gives: run `pmo schema-doc > docs/schema.md` and commit it")
    }

    func testSchemaDocNamesEachKindsQueriesAndRelations() throws {
        let r = try PMOProcess.run(["schema-doc"], in: NSTemporaryDirectory())
        XCTAssertTrue(r.stdout.contains("Kind `risk` (Risk): `pmo.risks(filter)`, `pmo.risk(id)`"), r.stdout)
        XCTAssertTrue(r.stdout.contains("| `project:risks([filter])` | List of risk | risks.project_id |"), r.stdout)
    }
}
