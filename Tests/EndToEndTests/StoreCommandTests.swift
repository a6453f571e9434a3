import Foundation
import XCTest

/// Drives the real `pmo` binary (`PMOProcess.binary`) with real files
/// and a real SQLite store.
final class StoreCommandTests: XCTestCase {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "pmo-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { [folder] in try? FileManager.default.removeItem(atPath: folder) }
    }

    func pmo(_ arguments: String...) throws -> Outcome {
        let binary = PMOProcess.binary
        try PMOProcess.requireBinary()
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    func contents(of sub: String) throws -> [String: Data] {
        let dir = folder + "/" + sub
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            result[name] = FileManager.default.contents(atPath: dir + "/" + name)
        }
        return result
    }

    func testDemoWritesAStoreAndACSVBundle() throws {
        let r = try pmo("demo", "--projects", "12", "demo")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/demo/data/pmo.sqlite"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/demo/data/csv/projects.csv"))
        XCTAssertTrue(r.stdout.contains("12 projects"), r.stdout)
    }

    func testDemoIsTheSameForTheSameSeed() throws {
        XCTAssertEqual(try pmo("demo", "--projects", "12", "--seed", "5", "a").status, 0)
        XCTAssertEqual(try pmo("demo", "--projects", "12", "--seed", "5", "b").status, 0)
        XCTAssertEqual(try contents(of: "a/data/csv"), try contents(of: "b/data/csv"))
    }

    func testDemoRefusesToOverwriteWithoutForce() throws {
        XCTAssertEqual(try pmo("demo", "--projects", "3", "d").status, 0)
        let again = try pmo("demo", "--projects", "3", "d")
        XCTAssertEqual(again.status, 2, "asking to overwrite is a usage error")
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)
        XCTAssertEqual(try pmo("demo", "--projects", "3", "--force", "d").status, 0)
    }

    func testExportThenImportGivesTheSameStore() throws {
        XCTAssertEqual(try pmo("demo", "--projects", "8", "demo").status, 0)
        XCTAssertEqual(try pmo("export", "--format", "csv", "out1", "--store", "demo/data/pmo.sqlite").status, 0)
        let imported = try pmo("import", "out1", "--store", "copy.sqlite")
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.contains("8 projects"), imported.stdout)
        XCTAssertEqual(try pmo("export", "--format", "csv", "out2", "--store", "copy.sqlite").status, 0)
        XCTAssertEqual(try contents(of: "out1"), try contents(of: "out2"))
    }

    func testJSONExportImportsIntoANamedStore() throws {
        XCTAssertEqual(try pmo("demo", "--projects", "4", "demo").status, 0)
        XCTAssertEqual(try pmo("export", "--format", "json", "json", "--store", "demo/data/pmo.sqlite").status, 0)
        let r = try pmo("import", "json/pmo.json", "--store", "copy.sqlite")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("4 projects"), r.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/copy.sqlite"))
    }

    func testBadInputExitsWithThreeNamingFileLineFieldAndValue() throws {
        try FileManager.default.createDirectory(atPath: folder + "/bad", withIntermediateDirectories: true)
        try Data("id,name,phase,bac\nP1,One,execution,100\nP2,Two,execution,12k\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/bad/projects.csv"))
        let r = try pmo("import", "bad", "--store", "x.sqlite")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("projects.csv:3: field 'bac', value '12k': not a number"), r.stderr)
    }

    func testFailedImportLeavesTheStoreUnchanged() throws {
        XCTAssertEqual(try pmo("demo", "--projects", "4", "demo").status, 0)
        XCTAssertEqual(try pmo("export", "--format", "json", "before", "--store", "demo/data/pmo.sqlite").status, 0)
        try FileManager.default.createDirectory(atPath: folder + "/bad", withIntermediateDirectories: true)
        try Data("id,name\nNEWP,New\n".utf8).write(to: URL(fileURLWithPath: folder + "/bad/portfolios.csv"))
        try Data("id,project_id,report_date,overall\nS9,PRJ-001,2026-13-01,red\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/bad/status_reports.csv"))
        XCTAssertEqual(try pmo("import", "bad", "--store", "demo/data/pmo.sqlite").status, 3)
        XCTAssertEqual(try pmo("export", "--format", "json", "after", "--store", "demo/data/pmo.sqlite").status, 0)
        XCTAssertEqual(try contents(of: "before"), try contents(of: "after"))
    }

    func testUndetectableFormatExitsWithThree() throws {
        try Data("hello".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let r = try pmo("import", "notes.txt", "--store", "x.sqlite")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("--format"), r.stderr)
    }

    func testImportsMSProjectXMLFromTheSharedCorpus() throws {
        let file = Self.root.deletingLastPathComponent().appendingPathComponent("shared/data/mspdi/sample.xml").path
        guard FileManager.default.fileExists(atPath: file) else {
            throw XCTSkip("\(file) is absent (third-party test data lives in ../shared/data)")
        }
        let r = try pmo("import", file, "--store", "x.sqlite")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("added 1 project,"), r.stdout)
    }

    func testMSPDITaskStartAfterFinishIsImportedWithAWarningOnStderr() throws {
        try Data("""
            <Project><Title>Backwards</Title><Tasks>
            <Task><UID>1</UID><Name>Pour slab</Name><Start>2024-03-08T08:00:00</Start><Finish>2024-03-05T17:00:00</Finish></Task>
            </Tasks></Project>
            """.utf8).write(to: URL(fileURLWithPath: folder + "/back.xml"))
        let r = try pmo("import", "back.xml", "--store", "x.sqlite")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("added 1 project, 1 task"), r.stdout)
        XCTAssertTrue(r.stderr.contains("pmo: warning: back.xml:2: /Project/Tasks[1]/Task[1]: task UID 1 'Pour slab': "
                                        + "Start 2024-03-08T08:00:00 is after Finish 2024-03-05T17:00:00; imported as given"), r.stderr)
    }

    func testMSPDITasksListInOutlineOrderNotAsText() throws {
        let tasks = (1...11).map { "<Task><UID>\($0)</UID><ID>\($0)</ID><Name>Step \($0)</Name><OutlineLevel>1</OutlineLevel></Task>" }
        try Data("<Project><Title>Steps</Title><Tasks>\(tasks.joined())</Tasks></Project>".utf8)
            .write(to: URL(fileURLWithPath: folder + "/plan.xml"))
        try Data("""
            local ids = {}
            for _, t in ipairs(pmo.project("plan"):tasks()) do ids[#ids + 1] = t.id end
            print(table.concat(ids, " "))
            """.utf8).write(to: URL(fileURLWithPath: folder + "/order.lua"))
        XCTAssertEqual(try pmo("import", "plan.xml", "--store", "x.sqlite").status, 0)
        let r = try pmo("run", "--store", "x.sqlite", "order.lua")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, (1...11).map { "plan/T\($0)" }.joined(separator: " ") + "\n")
    }

    func testProjectIdOptionRenamesADetectedMSPDIProject() throws {
        let file = Self.root.deletingLastPathComponent().appendingPathComponent("shared/data/mspdi/sample.xml").path
        guard FileManager.default.fileExists(atPath: file) else {
            throw XCTSkip("\(file) is absent (third-party test data lives in ../shared/data)")
        }
        XCTAssertEqual(try pmo("import", file, "--store", "x.sqlite").status, 0)
        let again = try pmo("import", file, "--project-id", "sample-copy", "--store", "x.sqlite")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try pmo("export", "--format", "json", "out", "--store", "x.sqlite").status, 0)
        let json = try String(contentsOfFile: folder + "/out/pmo.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"id\": \"sample-copy\""))
    }

    func testExportIntoAFileExitsWithThree() throws {
        XCTAssertEqual(try pmo("demo", "--projects", "2", "demo").status, 0)
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/taken"))
        let r = try pmo("export", "--format", "csv", "taken", "--store", "demo/pmo.sqlite")
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("pmo: "), r.stderr)
    }

    func testExportOfAMissingStoreExitsWithThree() throws {
        let r = try pmo("export", "--format", "csv", "out", "--store", "nothing.sqlite")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("nothing.sqlite"), r.stderr)
    }

    func testHelpShowsExamples() throws {
        for command in ["import", "export", "demo"] {
            let r = try pmo(command, "--help")
            XCTAssertTrue(r.stdout.contains("Examples:"), "\(command): \(r.stdout)")
        }
    }
}
