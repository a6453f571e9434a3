import Foundation
import XCTest

/// scripts/schedule-health.lua as a new user runs it: on the demo workspace, and on a plan
/// imported from MS Project into a fresh workspace (the project's own fixture, and a real
/// plan of ../shared/data when it is there).
final class ScheduleHealthTests: EndToEndCase {
    static let script = PMOProcess.script("schedule-health.lua")

    /// `pmo init plan && pmo import FILE && pmo run scripts/schedule-health.lua ARGS`.
    func runOnImported(_ file: String, _ arguments: String...) throws -> PMOProcess.Outcome {
        XCTAssertEqual(try pmo("init", "plan").status, 0)
        let imported = try pmo("import", file, in: "plan")
        XCTAssertEqual(imported.status, 0, imported.stderr)
        return try PMOProcess.run(["run", Self.script] + arguments, in: path("plan"))
    }

    func fixture(_ name: String) -> String {
        PMOProcess.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/schedule-health/\(name)").path
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    // MARK: An imported plan (Fixtures/schedule-health/office-move.xml, its numbers worked by hand there)

    func testOnAnImportedPlanItStatesTheCriticalPathAndTheFinishAgainstTheBaseline() throws {
        let r = try runOnImported(fixture("office-move.xml"))
        XCTAssertEqual(r.status, 0, r.stderr)
        // The terminal wraps paragraphs: read it as one line.
        let text = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(text.contains("critical path 23.0 working days, finish 2026-04-01 against a baseline finish of 2026-03-30 (+2 days)"), r.stdout)
    }

    func testOnAnImportedPlanItNamesTheLeadAndTheOpenEnd() throws {
        let r = try runOnImported(fixture("office-move.xml"))
        XCTAssertEqual(r.status, 0, r.stderr)
        // Pack follows Plan layout with a 1-day lead; Update website has no successor.
        let failed = try XCTUnwrap(r.stdout.components(separatedBy: "Failed checks").dropFirst().first)
        let checks = try XCTUnwrap(failed.components(separatedBy: "Worst offenders").first)
        XCTAssertTrue(checks.contains("2 Leads"), checks)
        XCTAssertTrue(checks.contains("1 Logic"), checks)
        XCTAssertFalse(checks.contains("5 Hard constraints"), checks)
        XCTAssertTrue(failed.contains("office-move/T9"), failed)
    }

    func testOnAnImportedPlanTheHTMLHasItsGantt() throws {
        let r = try runOnImported(fixture("office-move.xml"), "--format", "html")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(count("<svg", in: r.stdout) - count("class=\"chart gantt\"", in: r.stdout), 1, "one bar chart besides the Gantt")
        XCTAssertEqual(count("class=\"chart gantt\"", in: r.stdout), 1)
        // Seven tasks, two summaries, one milestone; critical: Choose site, Sign lease, Plan
        // layout, Order furniture, Move day (the fixture's critical path).
        XCTAssertEqual(count("class=\"bar", in: r.stdout), 7)
        XCTAssertEqual(count("class=\"bar critical\"", in: r.stdout), 5)
        XCTAssertEqual(count("class=\"summary", in: r.stdout), 2)
        XCTAssertEqual(count("class=\"milestone", in: r.stdout), 1)
        XCTAssertEqual(count("class=\"status\"><title>status date", in: r.stdout), 1)
    }

    func testOnASharedMSProjectPlanItRunsAndDrawsTheGantt() throws {
        let file = PMOProcess.sharedData("mspdi-networks/commercial-construction-project-plan.xml")
        guard FileManager.default.fileExists(atPath: file) else {
            throw XCTSkip("\(file) is absent (third-party test data lives in ../shared/data, outside the repository)")
        }
        let r = try runOnImported(file, "--format", "html")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(count("class=\"chart gantt\"", in: r.stdout), 1)
        XCTAssertGreaterThan(count("class=\"bar", in: r.stdout), 40)
    }

    // MARK: The demo

    func testOnTheDemoItAssessesEveryActiveProject() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", Self.script], in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        // 30 of the demo's 40 projects are active (initiation to closing).
        XCTAssertTrue(r.stdout.contains("30 active projects"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Projects failing each check"), r.stdout)
    }

    func testOnTheDemoSomeProjectsPassEveryDCMACheckAndOthersFailSome() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", Self.script, "--format", "json"], in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let blocks = try XCTUnwrap(document["blocks"] as? [[String: Any]])
        let tiles = try XCTUnwrap(blocks.first { $0["type"] as? String == "kpi_tiles" }?["tiles"] as? [[String: Any]])
        let clean = try XCTUnwrap(tiles.first { $0["label"] as? String == "Passing all 14 DCMA checks" }?["value"] as? Int)
        XCTAssertGreaterThan(clean, 0)
        XCTAssertLessThan(clean, 30)
        // Each of the fourteen checks finds a project to fail in the demo: the table of projects
        // failing each check has no zero in its first fourteen rows.
        let table = try XCTUnwrap(blocks.first { $0["type"] as? String == "table" })
        let rows = try XCTUnwrap(table["rows"] as? [[String: Any]])
        let failing = rows.prefix(14).compactMap { $0["failed"] as? Int }
        XCTAssertEqual(failing.count, 14)
        XCTAssertFalse(failing.contains(0), "\(failing)")
    }

    func testOnTheDemoTheGanttOptionDrawsTheNamedProject() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", Self.script, "--gantt", "PRJ-003", "--format", "html"], in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Gantt: PRJ-003"), r.stdout)
        // PRJ-003's network: 5 phases over 16 work packages and 5 milestones.
        XCTAssertEqual(count("class=\"bar", in: r.stdout), 16)
        XCTAssertEqual(count("class=\"summary", in: r.stdout), 5)
        XCTAssertEqual(count("class=\"milestone", in: r.stdout), 5)
    }

    func testAnUnknownOptionIsAUsageError() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", Self.script, "--colour"], in: path("ws"))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("usage: schedule-health.lua"), r.stderr)
    }
}
