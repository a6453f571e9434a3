import Foundation
import XCTest

/// The Lua stdlib's own specs (stdlib/spec/*_spec.lua), run by pmo.spec (the runner
/// `pmo lib test` uses) through the thin entry stdlib/spec/runner.lua: under the real `pmo`
/// binary, so `swift test` covers them against the embedded modules analysts get, and under
/// plain `lua5.4`, against the files on disk.
final class StdlibSpecTests: EndToEndCase {
    static let lua = "/usr/bin/lua5.4"

    /// Asserts a run passed, more than 100 tests ran, and the last line says nothing failed.
    func assertAllPassed(_ r: PMOProcess.Outcome, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr, file: file, line: line)
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let ran = (try? #/(\d+) passed, 0 failed, 0 errors, 0 pending/#.wholeMatch(in: last)).flatMap { Int($0.1) } ?? 0
        XCTAssertGreaterThan(ran, 100, "too few specs ran, or some failed: \(last)", file: file, line: line)
    }

    func testEveryStdlibSpecPassesUnderPmo() throws {
        assertAllPassed(try PMOProcess.run(["run", "stdlib/spec/runner.lua"], in: PMOProcess.root.path))
    }

    func testEveryStdlibSpecPassesUnderPlainLua() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.lua) else {
            throw XCTSkip("\(Self.lua) is not installed (tools/install-deps installs it)")
        }
        assertAllPassed(try PMOProcess.run(["stdlib/spec/runner.lua"], in: PMOProcess.root.path, executable: Self.lua))
    }

    /// The runner's list of specs is the folder's, and its report is `pmo lib test`'s, line
    /// for line: one runner, one report, whichever way the stdlib's specs are run.
    func testTheRunnerReportsWhatLibTestReportsOnTheStdlib() throws {
        let ours = try PMOProcess.run(["run", "stdlib/spec/runner.lua"], in: PMOProcess.root.path)
        let libTest = try PMOProcess.run(["lib", "test", "stdlib"], in: PMOProcess.root.path)
        XCTAssertEqual(libTest.status, 0, libTest.stdout + libTest.stderr)
        XCTAssertEqual(ours.stdout.replacingOccurrences(of: " stdlib/spec/", with: " spec/"), libTest.stdout)
    }

    func testAFailingSpecFailsTheRunWithItsFileAndLine() throws {
        try write("""
            describe("d", function()
              it("passes", function() assert.equal(1, 1) end)
              it("fails", function() assert.equal(1, 2) end)
            end)
            """, to: "bad_spec.lua")
        let r = try PMOProcess.run(["run", "stdlib/spec/runner.lua", path("bad_spec.lua")], in: PMOProcess.root.path)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("FAIL    \(path("bad_spec.lua")): d fails\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("bad_spec.lua:3: expected 1, got 2\n"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("1 passed, 1 failed, 0 errors, 0 pending\n"), r.stdout)
    }

    func testASpecThatRaisesFailsTheRunAsAnErrorWithItsFileAndLine() throws {
        try write("it('boom', function() local t; return t.x end)\n", to: "boom_spec.lua")
        let r = try PMOProcess.run(["run", "stdlib/spec/runner.lua", path("boom_spec.lua")], in: PMOProcess.root.path)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("boom_spec.lua:1: attempt to index a nil value (local 't')"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("0 passed, 0 failed, 1 errors, 0 pending\n"), r.stdout)
    }
}
