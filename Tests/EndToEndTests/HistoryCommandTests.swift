import Foundation
import HistorySupport
import XCTest

/// The store's history through the real binary: `pmo diff` in each format, the weekly pack
/// script, and `pmo check --asof` and the REPL's `:asof` seeing the portfolio as it was known.
/// The history is made by `HistoryFixture`, which stands for the history writer.
final class HistoryCommandTests: EndToEndCase {
    /// A demo workspace of 3 projects whose revision 1 (known on 2026-10-05) moved a task's
    /// finish 20 days later, made PRJ-001's EV of September tiny, and added a risk.
    func workspaceWithHistory() throws -> String {
        let ws = try demoWorkspace("ws", projects: 3)
        try HistoryFixture(path: ws + "/data/pmo.sqlite").revision(knownOn: "2026-10-05", [
            .update("tasks", key: ["PRJ-001/T2"], set: ["forecast_finish": "2026-10-20"]),
            .update("timephased", key: ["PRJ-001", nil, "2026-09-30"], set: ["ev": 1000.0]),
            .insert("risks", ["id": "PRJ-001/R99", "project_id": "PRJ-001", "title": "Vendor exit", "status": "open",
                              "probability": 0.5, "impact_cost": 1000.0]),
        ])
        return ws
    }

    func diff(_ arguments: String...) throws -> PMOProcess.Outcome {
        let ws = try workspaceWithHistory()
        let r = try PMOProcess.run(["diff"] + arguments, in: ws, environment: ["PMO_TODAY": "2026-10-06"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    func testDiffWithNoOptionShowsWhatTheLastRevisionChanged() throws {
        let r = try diff()
        XCTAssertTrue(r.stdout.contains("what revision 1 changed, as of 2026-10-05"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Tasks slipped (1)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("New risks (1)"), r.stdout)
    }

    func testDiffAsMarkdownListsTheSlipInDays() throws {
        let r = try diff("--since", "2026-10-01", "--format", "md")
        XCTAssertTrue(r.stdout.contains("| PRJ-001 | PRJ-001/T2 | Design | 2026-09-30 | 2026-10-20 | 20 |"), r.stdout)
    }

    func testDiffAsHTMLDrawsTheSlipChart() throws {
        let r = try diff("--import", "1", "--format", "html", "-o", "changes.html")
        let html = try String(contentsOfFile: path("ws/changes.html"), encoding: .utf8)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(html.contains("<svg"), html)
        XCTAssertTrue(html.contains("Slip in days (positive = later)"), html)
    }

    func testDiffAsCSVHoldsTheTables() throws {
        let r = try diff("--import", "1", "--format", "csv")
        XCTAssertTrue(r.stdout.contains("PRJ-001,PRJ-001/T2,Design,2026-09-30,2026-10-20,20"), r.stdout)
    }

    func testDiffAsJSONIsTheReportDocument() throws {
        let r = try diff("--import", "1", "--format", "json")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(doc?["subtitle"] as? String, "what revision 1 changed, as of 2026-10-05")
    }

    func testDiffOfARevisionTheStoreDoesNotHaveFailsNamingIt() throws {
        let ws = try workspaceWithHistory()
        let r = try PMOProcess.run(["diff", "--import", "5"], in: ws)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("no revision 5 in the store"), r.stderr)
    }

    func testDiffOnAStoreWithoutHistoryAsksForADate() throws {
        let ws = try demoWorkspace("plain", projects: 2)
        let r = try PMOProcess.run(["diff"], in: ws)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("use --since DATE"), r.stderr)
    }

    func testDiffRefusesSinceAndImportTogether() throws {
        let ws = try demoWorkspace("plain", projects: 2)
        let r = try PMOProcess.run(["diff", "--since", "2026-01-01", "--import", "1"], in: ws)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("give --since or --import, not both"), r.stderr)
    }

    func testTheWeeklyPackListsTheWeeksSlipAndNewRisk() throws {
        let ws = try workspaceWithHistory()
        let r = try PMOProcess.run(["run", "scripts/weekly-changes.lua", "--format", "md"], in: ws, environment: ["PMO_TODAY": "2026-10-06"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("The portfolio as known on 2026-09-29 against now"), r.stdout)
        XCTAssertTrue(r.stdout.contains("| PRJ-001 | PRJ-001/T2 | Design | 2026-09-30 | 2026-10-20 | 20 |"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Vendor exit"), r.stdout)
    }

    func testCheckAsofADateBeforeARevisionJudgesThePortfolioAsItWasKnown() throws {
        let ws = try workspaceWithHistory()
        func cpi(_ asof: String) throws -> String {
            let r = try PMOProcess.run(["check", "--asof", asof, "--format", "json"], in: ws)
            let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let results = doc?["results"] as? [[String: Any]] ?? []
            let found = results.first { $0["id"] as? String == "pmo.evm.cpi" && $0["object_id"] as? String == "PRJ-001" }
            return "\(found?["value"] ?? "none")"
        }
        // No period ends between the two dates: only the revision known on 2026-10-05 differs.
        let before = try cpi("2026-10-01"), after = try cpi("2026-10-05")
        XCTAssertNotEqual(before, after)
        XCTAssertLessThan(Double(after) ?? 1, 0.01)
    }

    func testASandboxedScriptSeesThePastToo() throws {
        let ws = try workspaceWithHistory()
        let r = try PMOProcess.run(["run", "--sandbox", "--timeout", "30", "--memory", "256", "-"], in: ws, stdin: """
            print(pmo.asof('2026-10-01', function() return tostring(pmo.task('PRJ-001/T2').forecast_finish) end))
            """)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "2026-09-30\n")
    }

    func testTheREPLsAsofSeesATaskAsItWasKnown() throws {
        let ws = try workspaceWithHistory()
        let r = try PMOProcess.run(["repl"], in: ws, stdin: ":asof 2026-10-01\nprint(pmo.task('PRJ-001/T2').forecast_finish)\n:asof 2026-10-05\nprint(pmo.task('PRJ-001/T2').forecast_finish)\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        let printed = r.stdout.split(separator: "\n").filter { $0.hasPrefix("2026-") }
        XCTAssertEqual(printed, ["2026-09-30", "2026-10-20"], r.stdout)
    }
}
