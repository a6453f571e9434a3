import Foundation
import XCTest

/// The worked examples of docs/kpis.md (its ```` ```lua example ```` blocks) are tests: each
/// runs as it is, through the real binary, on a demo workspace, and asserts what the page says.
final class DocsExampleTests: EndToEndCase {
    /// The examples of a Markdown page, in order, with the line each starts on.
    static func examples(in file: String) throws -> [(line: Int, code: String)] {
        let text = try String(contentsOfFile: PMOProcess.root.appendingPathComponent(file).path, encoding: .utf8)
        var out: [(Int, String)] = [], current: [String]?, start = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line == "```lua example" {
                current = []
                start = i + 2
            } else if current != nil, line == "```" {
                out.append((start, current!.joined(separator: "\n")))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return out
    }

    func testTheKPIPageHasWorkedExamples() throws {
        XCTAssertGreaterThanOrEqual(try Self.examples(in: "docs/kpis.md").count, 6)
    }

    func testEveryExampleOfTheKPIPageRunsAndHoldsOnTheDemo() throws {
        let ws = try demoWorkspace()
        for (line, code) in try Self.examples(in: "docs/kpis.md") {
            try write(code, to: "ws/example.lua")
            let r = try PMOProcess.run(["run", "example.lua"], in: ws)
            XCTAssertEqual(r.status, 0, "docs/kpis.md, the example at line \(line) failed:\n\(r.stderr)")
        }
    }

    func testAnExampleThatAssertsSomethingFalseFailsTheTest() throws {
        // The harness is able to fail: an example whose assertion does not hold exits 1.
        let ws = try demoWorkspace()
        try write("assert(#require('pmo.kpi').list() == 0, 'no KPIs')", to: "ws/example.lua")
        let r = try PMOProcess.run(["run", "example.lua"], in: ws)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("no KPIs"), r.stderr)
    }
}
