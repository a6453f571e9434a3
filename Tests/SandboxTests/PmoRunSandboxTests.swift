import Foundation
import XCTest

/// `pmo run --sandbox`: failures are reported on stderr with status 1, and it never hangs.
final class PmoRunSandboxTests: XCTestCase {
    func pmo(_ arguments: [String], script: String) throws -> (status: Int32, out: String, err: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).lua")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SandboxHarness.pmoExecutable)
        p.arguments = ["run", "--sandbox"] + arguments + [file.path]
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
