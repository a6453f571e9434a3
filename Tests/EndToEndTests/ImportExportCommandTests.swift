import Foundation
import XCTest

/// `pmo import` and `pmo export` on workspaces.
final class ImportExportCommandTests: EndToEndCase {
    func testImportGoesIntoTheWorkspaceStoreAndSummarisesWhatWasAdded() throws {
        try demoWorkspace("demo", projects: 6)
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        let r = try pmo("import", path("demo/data/csv"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("added 1 organisation, 3 portfolios, 6 programs, 6 projects"), r.stdout)
        XCTAssertEqual(try pmo("eval", "#pmo.projects()", in: "ws").stdout, "6\n")
    }

    func testImportDrawsNoProgressBarOnAPipe() throws {
        try demoWorkspace("demo", projects: 6)
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        let r = try pmo("import", path("demo/data/csv"), in: "ws")
        XCTAssertEqual(r.stderr, "")
        XCTAssertFalse(r.stdout.contains("\u{1B}["), r.stdout)
    }

    func testImportWithoutAWorkspaceOrStoreIsAUsageError() throws {
        try write("{}", to: "x.json")
        let r = try pmo("import", "x.json")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("pmo init"), r.stderr)
    }

    func testExportWritesTheWorkspaceStore() throws {
        try demoWorkspace(projects: 4)
        let r = try pmo("export", "--format", "json", path("out"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try String(contentsOfFile: path("out/pmo.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("PRJ-004"), String(json.prefix(200)))
    }

    func testExportIsTheSameOnEveryRun() throws {
        try demoWorkspace(projects: 4)
        XCTAssertEqual(try pmo("export", "--format", "json", path("a"), in: "ws").status, 0)
        XCTAssertEqual(try pmo("export", "--format", "json", path("b"), in: "ws").status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: path("a/pmo.json")), FileManager.default.contents(atPath: path("b/pmo.json")))
    }
}
