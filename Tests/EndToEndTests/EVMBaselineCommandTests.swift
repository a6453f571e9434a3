import Foundation
import XCTest

/// The workspace's `evm.baseline`: every entry point measures against it, the sandbox too.
final class EVMBaselineCommandTests: EndToEndCase {
    /// The demo re-baselines some projects under number 1 with 110% of the budget.
    let rebaselined = """
        for _, p in ipairs(pmo.projects()) do
          for _, b in ipairs(p:baselines()) do
            if b.number == 1 and b.task_id == nil then print(p.id, p.bac, p:evm().bac) return end
          end
        end
        """

    func useBaseline(_ n: Int) throws {
        let config = path("ws/pmo.config.lua")
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "evm = { baseline = 0 }", with: "evm = { baseline = \(n) }")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    func testTheDefaultIsBaselineZeroAndTheProjectsOwnBudget() throws {
        try demoWorkspace()
        try write(rebaselined, to: "ws/b.lua")
        let r = try pmo("run", "b.lua", in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        let fields = r.stdout.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(fields.count, 3, r.stdout)
        XCTAssertEqual(fields[1], fields[2], "p.bac and p:evm().bac are one number")
    }

    func testBaselineOneGivesItsBudgetInScriptsAndInTheSandbox() throws {
        try demoWorkspace()
        try write(rebaselined, to: "ws/b.lua")
        let before = try pmo("run", "b.lua", in: "ws").stdout
        try useBaseline(1)
        let plain = try pmo("run", "b.lua", in: "ws")
        let sandboxed = try pmo("run", "--sandbox", "b.lua", in: "ws")
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(sandboxed.status, 0, sandboxed.stderr)
        XCTAssertNotEqual(plain.stdout, before, "baseline 1 has another budget")
        XCTAssertEqual(sandboxed.stdout, plain.stdout, "the worker measures against the workspace's baseline too")
    }

    func testABaselineNumberOutsideZeroToTenIsRefusedWithItsLine() throws {
        try demoWorkspace(projects: 3)
        try useBaseline(11)
        let r = try pmo("eval", "return 1", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("pmo.config.lua:") && r.stderr.contains("evm.baseline") && r.stderr.contains("got 11"), r.stderr)
    }
}
