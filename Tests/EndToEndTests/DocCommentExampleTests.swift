import Foundation
import XCTest

/// The `e.g.` examples of the stdlib's doc comments (what `:help` and docs/api.md show) run as
/// written on the demo workspace, through the real binary.
final class DocCommentExampleTests: EndToEndCase {
    /// Runs every example of the catalogue in one `pmo run`: each as an expression if it is
    /// one, else as a statement, with the names the examples use (`p`, `kpi`, `report`...)
    /// bound; prints "N examples" and one "FAIL name: example: error" line per failure.
    static let runner = """
        local doc = require("pmo.doc")
        local names = { kpi = require("pmo.kpi"), report = require("pmo.report"), list = require("pmo.list"),
          date = require("pmo.date"), format = require("pmo.format"), evm = require("pmo.evm"), es = require("pmo.es"),
          p = pmo.projects()[1], l = pmo.projects() }
        local env = setmetatable(names, { __index = _G })
        local ran = 0
        for _, e in ipairs(doc.catalogue()) do
          for _, example in ipairs(e.doc and e.doc.examples or {}) do
            local f = load("return " .. example, "=" .. e.full, "t", env) or load(example, "=" .. e.full, "t", env)
            local ok, err = false, "does not compile"
            if f then ok, err = pcall(f) end
            if not ok then print("FAIL " .. e.full .. ": " .. example .. ": " .. tostring(err)) end
            ran = ran + 1
          end
        end
        print(ran .. " examples")
        """

    func testEveryDocCommentExampleRunsOnTheDemo() throws {
        let ws = try demoWorkspace()
        try write(Self.runner, to: "ws/examples.lua")
        let r = try PMOProcess.run(["run", "examples.lua"], in: ws)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("FAIL ") }.joined(separator: "\n"), "")
        let count = lines.last.flatMap { Int($0.split(separator: " ").first ?? "") } ?? 0
        XCTAssertGreaterThanOrEqual(count, 10, r.stdout)
    }
}
