import Foundation
import XCTest

/// The REPL fed from a pipe (`pmo < analysis.lua`): no prompts, no banner, only results.
final class REPLPipeTests: XCTestCase {
    private func runPiped(_ input: String) throws -> (out: String, err: String, status: Int32) {
        try PMOBinary.require()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PMOBinary.path)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    func testPipedInputPrintsOnlyResults() throws {
        let r = try runPiped("local x = 2\nfor i = 1, 2 do\n  x = x * 3\nend\nx + 24\n")
        XCTAssertEqual(r.out, "42\n")
        XCTAssertEqual(r.err, "")
        XCTAssertEqual(r.status, 0)
    }

    func testPipedInputWithAnErrorGoesOnAndExitsWithOne() throws {
        let r = try runPiped("error('first')\nprint('second')\n")
        XCTAssertEqual(r.out, "second\n")
        XCTAssertTrue(r.err.contains("REPL[1]:1: first"), r.err)
        XCTAssertEqual(r.status, 1)
    }

    func testQuitAfterAFailureStillExitsWithOne() throws {
        let r = try runPiped("error('first')\n:quit\nprint('never')\n")
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.status, 1)
    }

    func testChangingTheAsofDateSaysProjectsReadBeforeAreStale() throws {
        // Issue 22: a project fetched before `:asof` keeps answering for its own date, and says so.
        let r = try runPiped("local p = pmo.project('PRJ-003')\n:asof 2026-06-30\np\n")
        // (The demo portfolio's date is 2026-09-30.)
        XCTAssertTrue(r.out.contains("projects read before keep answering as of 2026-09-30"), r.out)
        XCTAssertTrue(r.out.contains("PRJ-003") && r.out.contains("[stale: read as of 2026-09-30, the session is as of 2026-06-30]"), r.out)
        XCTAssertEqual(r.status, 0, r.err)
    }

    func testPipedInputEndingInsideABlockReportsIt() throws {
        let r = try runPiped("for i = 1, 2 do\n")
        XCTAssertTrue(r.err.contains("'end' expected"), r.err)
        XCTAssertEqual(r.status, 1)
    }
}
