import Foundation
import XCTest

/// `pmo run --sandbox`: failures are reported on stderr with status 1, and it never hangs.
final class PmoRunSandboxTests: XCTestCase {
    func pmo(_ arguments: [String], script: String, in folder: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).lua")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SandboxHarness.pmoExecutable)
        p.arguments = ["run", "--sandbox"] + arguments + [file.path]
        if let folder { p.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testPrintedOutputGoesToStdout() throws {
        let r = try pmo([], script: "print('hello', 1 + 1)")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, "hello\t2\n")
    }

    func testTimeoutExitsWithStatus1() throws {
        let r = try pmo(["--timeout", "0.2"], script: "while true do end")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("time limit exceeded"), r.err)
    }

    func testHangWithHooksOffIsKilledAndExitsWithStatus1() throws {
        let start = Date()
        let r = try pmo(["--timeout", "0.2"], script: "xpcall(error, function() while true do end end)")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("was killed"), r.err)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    func testForbiddenLibraryIsAClearError() throws {
        let r = try pmo([], script: "io.open('/etc/passwd')")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("attempt to index a nil value (global 'io')"), r.err)
    }

    func testStoreOptionGivesTheScriptAReadOnlyStore() throws {
        let store = try StoreFixture(self)
        let r = try pmo(["--store", store.path], script: """
            print(#pmo.projects())
            print(pcall(pmo.transaction, function(tx) tx:delete("project", "\(store.projectIDs[0])") end))
            """)
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init), "\(store.projectIDs.count)")
        XCTAssertTrue(r.out.contains("false") && r.out.contains("read-only view of the store"), r.out)
        store.assertUnchanged("pmo run --sandbox --store")
    }

    func testNullIsSQLsNullInASandboxedScriptToo() throws {
        let store = try StoreFixture(self)
        let r = try pmo(["--store", store.path], script: """
            print(pmo.sql("SELECT ? IS NULL AS yes", { pmo.null })[1].yes, require("pmo.null") == pmo.null)
            """)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "1\ttrue\n")
    }

    func testTheWorkspaceStoreIsReadWithoutTheOption() throws {
        let store = try StoreFixture(self)
        // The fixture's folder made a workspace whose store is the fixture's file.
        try "return { store = \"pmo.sqlite\" }\n".write(toFile: store.folder + "/pmo.config.lua", atomically: true, encoding: .utf8)
        let r = try pmo([], script: "print(#pmo.projects())", in: store.folder)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "\(store.projectIDs.count)\n")
    }

    func testWithoutAStoreFileTheScriptHasNoPmoGlobal() throws {
        // The pmo module and its dependencies load only when there is a store to bind them to.
        let empty = NSTemporaryDirectory() + "pmo-run-empty-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let r = try pmo([], script: "print(#pmo.projects())", in: empty)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("attempt to index a nil value (global 'pmo')"), r.err)
    }

    func testWorkerSubcommandIsHiddenFromHelp() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SandboxHarness.pmoExecutable)
        p.arguments = ["--help"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertTrue(text.contains("run"), text)
        XCTAssertFalse(text.contains("__worker"), text)
    }

    func testLimitOptionsNeedSandbox() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SandboxHarness.pmoExecutable)
        p.arguments = ["run", "--timeout", "1", "x.lua"]
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 2, "a usage error: pmo maps ArgumentParser's validation failures to the documented status 2")
    }
}
