import Foundation
import FuzzSupport
import PMOModel
import PMOScripting
import XCTest

/// Fuzzes the sandboxed script runner: random and mutated Lua goes to a worker with tight
/// limits, and every run must end in results or a clean, expected `SandboxError`. A crashed
/// worker, a protocol failure, or a run the parent could not stop is a finding: its source is
/// saved and the test fails. Each test runs a fixed seed and case count unless `PMO_FUZZ_SEED`,
/// `PMO_FUZZ_ITERATIONS` or `PMO_FUZZ_SECONDS` say otherwise (`FuzzRun`); see docs/fuzzing.md
/// for longer runs and replaying a finding.
final class SandboxFuzzTests: XCTestCase {
    /// Kinds a hostile program may legitimately end in.
    static let clean: Set<SandboxError.Kind> = [.syntax, .runtime, .memory, .timeout, .result, .refused, .killed]

    func testRandomAndMutatedSourceEndsInResultsOrACleanError() throws {
        let run = try FuzzRun(defaultSeed: 20261207, defaultIterations: 3000)
        print("fuzz: \(run) (replay with \(run.replay()))")

        var generator = LuaSourceGenerator(seed: run.seed)
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        let limits = SandboxLimits(memoryBytes: 16 << 20, instructions: 2_000_000, seconds: 0.2,
                                   killGraceSeconds: 0.1, printBytes: 1024, resultBytes: 1 << 20)
        var counts: [String: Int] = [:]
        let n = run.forEachCase { n in
            let source = generator.program()
            let hard = Date().addingTimeInterval(limits.seconds + limits.killGraceSeconds + 2)
            do {
                _ = try worker.run(SandboxRequest(.chunk(source: source, name: "=fuzz"), limits: limits))
                counts["ok", default: 0] += 1
            } catch let e as SandboxError {
                counts[e.kind.rawValue, default: 0] += 1
                if !Self.clean.contains(e.kind) { record(source, error: e, run: run, case: n) }
            } catch {
                XCTFail("case \(n): not a SandboxError: \(error) (replay with \(run.replay(upTo: n)))")
            }
            XCTAssertLessThan(Date(), hard, "case \(n) outlived the hard deadline (replay with \(run.replay(upTo: n))):\n\(source)")
        }
        print("fuzz: \(n) cases: \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        XCTAssertGreaterThan(n, 0)
    }

    /// Store access mixed into generated programs: reads, writes that must fail, and SQL that
    /// is hostile (endless, huge, writing, attaching).
    static let storeLines = [
        "local ps = pmo.projects() if ps[1] then ps[1].name = 'x' end",
        "pmo.sql('SELECT * FROM projects WHERE bac > ?', {0})",
        "pcall(pmo.sql, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')",
        "pmo.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, zeroblob(1000) FROM c')",
        "pcall(pmo.sql, 'DELETE FROM projects')",
        "pcall(pmo.sql, 'PRAGMA query_only = 0; DROP TABLE projects')",
        "pcall(pmo.sql, \"ATTACH DATABASE 'x.sqlite' AS x\")",
        "pcall(pmo.transaction, function(tx) for _, p in ipairs(pmo.projects()) do tx:delete(p) end end)",
        "coroutine.wrap(function() pmo.sql('SELECT 1') end)()",
        "pmo.sql(string.rep('SELECT 1 UNION ALL ', 10000) .. 'SELECT 1')",
        "for _, p in ipairs(pmo.projects()) do local e = p:evm() end",
    ]

    func testRandomSourceReadingTheStoreLeavesItUnchanged() throws {
        let run = try FuzzRun(defaultSeed: 20261208, defaultIterations: 500)
        print("fuzz with a store: \(run) (replay with \(run.replay()))")
        let store = try StoreFixture(self)
        var generator = LuaSourceGenerator(seed: run.seed)
        var pick = SplitMix64(seed: run.seed)
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        let limits = SandboxLimits(memoryBytes: 16 << 20, instructions: 2_000_000, seconds: 0.2,
                                   killGraceSeconds: 0.1, printBytes: 1024, resultBytes: 1 << 20)
        var counts: [String: Int] = [:]
        let n = run.forEachCase { n in
            let line = Self.storeLines[Int(pick.next() % UInt64(Self.storeLines.count))]
            let source = pick.next() % 2 == 0 ? line + "\n" + generator.program() : generator.program() + "\n" + line
            do {
                _ = try worker.run(SandboxRequest(.chunk(source: source, name: "=fuzz"), limits: limits, store: store.path))
                counts["ok", default: 0] += 1
            } catch let e as SandboxError {
                counts[e.kind.rawValue, default: 0] += 1
                if !Self.clean.contains(e.kind) { record(source, error: e, run: run, case: n) }
            } catch {
                XCTFail("case \(n): not a SandboxError: \(error) (replay with \(run.replay(upTo: n)))")
            }
        }
        print("fuzz with a store: \(n) cases: \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        store.assertUnchanged("\(n) fuzz cases (replay with \(run.replay(upTo: n)))")
    }

    /// Saves a finding where a developer can replay it, and fails naming the seed.
    func record(_ source: String, error: SandboxError, run: FuzzRun, case n: Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmo-fuzz-findings")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("seed-\(run.seed)-case-\(n).lua")
        try? source.write(to: file, atomically: true, encoding: .utf8)
        XCTFail("fuzz finding (\(error.kind.rawValue): \(error.message)); source saved to \(file.path); replay with \(run.replay(upTo: n))")
    }
}
