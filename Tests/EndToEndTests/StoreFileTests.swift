import Foundation
import XCTest

/// Issue 21, findings 8 and 9, on the real binary: commands that only read leave the store file
/// byte-for-byte as it was, so does a failed import; a second writer waits for the first, then
/// says who is writing (exit 3), and nothing is lost.
final class StoreFileTests: EndToEndCase {
    var store: String { path("demo/data/pmo.sqlite") }

    /// A demo workspace at demo/, its store closed (the WAL checkpointed into the file).
    func makeDemo(projects: Int = 4) throws {
        let r = try pmo("demo", "--projects", "\(projects)", "demo")
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: store)) }

    func testEvalLeavesTheStoreFileByteForByte() throws {
        try makeDemo()
        let before = try bytes()
        let r = try pmo("eval", "return 1", in: "demo")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try bytes() == before, "pmo eval 'return 1' changed the store file")
    }

    func testReadingCommandsLeaveTheStoreFileByteForByte() throws {
        try makeDemo()
        let before = try bytes()
        for arguments in [["eval", "#pmo.projects()"], ["run", "scripts/evm-report.lua"], ["check"],
                          ["export", "--format", "json", "out"], ["eval", "pmo.sql('select count(*) from risks')"]] {
            _ = try PMOProcess.run(arguments, in: path("demo"))
            XCTAssertTrue(try bytes() == before, "\(arguments.joined(separator: " ")) changed the store file")
        }
    }

    func testAFailedImportLeavesTheStoreFileByteForByte() throws {
        try makeDemo()
        let before = try bytes()
        try FileManager.default.createDirectory(atPath: path("bad"), withIntermediateDirectories: true)
        try Data("id,name\nNEWP,New\n".utf8).write(to: URL(fileURLWithPath: path("bad/portfolios.csv")))
        try Data("id,project_id,report_date,overall\nS9,PRJ-001,2026-13-01,red\n".utf8)
            .write(to: URL(fileURLWithPath: path("bad/status_reports.csv")))
        let r = try pmo("import", "../bad", in: "demo")
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(try bytes() == before, "a failed import changed the store file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: store + "-writer"), "the writer's note was left behind")
    }

    // MARK: two writers

    /// Starts `pmo import BIG` into demo/ in the background and returns once it holds the
    /// write lock (its note next to the store names it).
    func startLongImport() throws -> (Process, Pipe) {
        XCTAssertEqual(try pmo("demo", "--projects", "1000", "big").status, 0)
        let process = Process()
        process.executableURL = PMOProcess.binary
        process.arguments = ["import", "../big/data/csv"]
        process.currentDirectoryURL = URL(fileURLWithPath: path("demo"))
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: store + "-writer"), process.isRunning, Date() < deadline {
            usleep(20_000)
        }
        return (process, err)
    }

    func setBusyTimeout(_ seconds: Double) throws {
        let config = path("demo/pmo.config.lua")
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "return {\n", with: "return {\n  store_busy_timeout = \(seconds),\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    func smallBundle(_ id: String) throws -> String {
        let folder = path("small-\(id)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("id,name\n\(id),Small \(id)\n".utf8).write(to: URL(fileURLWithPath: folder + "/portfolios.csv"))
        return folder
    }

    func testASecondWriterGivesUpAfterTheBusyTimeoutSayingWhoWrites() throws {
        // An empty store: the big import adds everything, so it cannot collide with the demo.
        XCTAssertEqual(try pmo("init", "demo").status, 0)
        try setBusyTimeout(0.3)
        let small = try smallBundle("ZZ-1")
        let (first, firstErr) = try startLongImport()
        XCTAssertTrue(first.isRunning, "the first import ended before the second writer could try")
        let start = Date()
        let r = try pmo("import", small, in: "demo")
        let waited = Date().timeIntervalSince(start)
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0, String(decoding: firstErr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("pmo: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("the store is busy: another pmo is writing (import of ../big/data/csv, pid \(first.processIdentifier))"), r.stderr)
        XCTAssertGreaterThanOrEqual(waited, 0.3, "it did not wait")
        // Nothing lost: the first import is whole, and the second can now run.
        let count = try pmo("eval", "#pmo.projects()", in: "demo")
        XCTAssertEqual(count.stdout, "1000\n", count.stderr)
        XCTAssertEqual(try pmo("import", small, in: "demo").status, 0)
    }

    func testASecondWriterWaitsForTheFirstAndThenWrites() throws {
        XCTAssertEqual(try pmo("init", "demo").status, 0)
        try setBusyTimeout(120)
        let small = try smallBundle("ZZ-2")
        let (first, _) = try startLongImport()
        XCTAssertTrue(first.isRunning, "the first import ended before the second writer could try")
        let r = try pmo("import", small, in: "demo")
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(r.status, 0, r.stderr)
        let check = try pmo("eval", "#pmo.projects() .. ' ' .. pmo.portfolio('ZZ-2').name", in: "demo")
        XCTAssertEqual(check.stdout, "1000 Small ZZ-2\n", check.stderr)
    }

    func testAScriptsTransactionWaitsThenFailsSayingWhoWrites() throws {
        XCTAssertEqual(try pmo("init", "demo").status, 0)
        try setBusyTimeout(0.3)
        let (first, _) = try startLongImport()
        XCTAssertTrue(first.isRunning, "the first import ended before the script could try")
        let r = try pmo("eval", """
            local ok, e = pcall(pmo.transaction, function(tx) tx:insert("portfolio", { id = "ZZ-3", name = "Z" }) end)
            return ok, e
            """, in: "demo")
        first.waitUntilExit()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("false\t"), r.stdout)
        XCTAssertTrue(r.stdout.contains("the store is busy: another pmo is writing (import of ../big/data/csv"), r.stdout)
    }
}
