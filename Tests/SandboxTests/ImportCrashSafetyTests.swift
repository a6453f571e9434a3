import Foundation
import FuzzSupport
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// Issue 9, crash safety: an import is one transaction, so a `pmo import` killed with SIGKILL
/// at any point leaves a consistent store holding either all of the import or none of it.
final class ImportCrashSafetyTests: XCTestCase {
    func testImportKilledAtRandomPointsIsAllOrNothing() throws {
        let folder = NSTemporaryDirectory() + "pmo-crash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let pmo = SandboxHarness.pmoExecutable

        // 300 projects: about 50,000 rows, an import of a second or more, so that most kills
        // land inside the transaction.
        XCTAssertEqual(try run(pmo, ["demo", "--projects", "300", folder + "/demo"]), 0)
        let bundle = folder + "/demo/data/csv"   // pmo demo writes a workspace: its CSV bundle
        // Every run starts from a copy of the same schema-only store.
        let empty = folder + "/empty.sqlite"
        do { _ = try PortfolioStore(path: empty) }
        let before = try PortfolioStore(readOnlyPath: empty).counts()

        let reference = folder + "/reference.sqlite"
        try FileManager.default.copyItem(atPath: empty, toPath: reference)
        let began = Date()
        XCTAssertEqual(try run(pmo, ["import", bundle, "--store", reference]), 0)
        let duration = Date().timeIntervalSince(began)
        let after = try PortfolioStore(readOnlyPath: reference).counts()
        XCTAssertNotEqual(after, before, "the reference import added nothing")

        // The kill times come from a seed: fixed unless PMO_FUZZ_SEED says otherwise (FuzzRun).
        // They are fractions of the measured import time, so where a kill lands still
        // depends on the machine; the seed makes the fractions replayable.
        let fuzz = try FuzzRun(defaultSeed: 20261209, defaultIterations: 20)
        print("crash safety: \(fuzz), uninterrupted import \(String(format: "%.2f", duration)) s")
        var random = SplitMix64(seed: fuzz.seed)
        var absent = 0, present = 0
        try fuzz.forEachCase { run in
            let i = run - 1
            let replay = fuzz.replay(upTo: run)
            let path = folder + "/run\(i).sqlite"
            try FileManager.default.copyItem(atPath: empty, toPath: path)
            // Up to 30% past the uninterrupted time, so that some kills land on or after the commit.
            let delay = Double(random.next() % 1000) / 1000 * duration * 1.3
            let process = try launch(pmo, ["import", bundle, "--store", path])
            usleep(useconds_t(delay * 1e6))
            // An import that already finished has nothing left to kill (and its pid may be reused).
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()

            // Opening for writing replays or discards the WAL, as the next `pmo` would.
            let store = try PortfolioStore(path: path)
            let check = try store.database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            XCTAssertEqual(check, ["ok"], "run \(i), killed after \(delay) s (\(replay))")
            let orphans = try store.database.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
            XCTAssertTrue(orphans.isEmpty, "run \(i): dangling references \(orphans) (\(replay))")
            let counts = try store.counts()
            if counts == before { absent += 1 } else if counts == after { present += 1 } else {
                XCTFail("run \(i), killed after \(delay) s: a partial import \(counts) (\(replay))")
            }
        }
        print("crash safety: \(absent) runs left nothing, \(present) the whole import")
        // Otherwise every kill came too late, and the test proved nothing.
        XCTAssertGreaterThan(absent, 0, "every kill came after the commit (\(fuzz.replay()))")
    }

    func launch(_ executable: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = try launch(executable, arguments)
        process.waitUntilExit()
        return process.terminationStatus
    }
}
