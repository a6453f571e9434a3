import Foundation
import XCTest

/// Every example script in scripts/ runs as it is on the demo workspace, through the real
/// binary, and reports what the demo portfolio holds (the demo is deterministic, so the
/// figures asserted here are the portfolio's, not luck).
final class ExampleScriptTests: EndToEndCase {
    func run(_ script: String, _ arguments: String...) throws -> PMOProcess.Outcome {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", PMOProcess.script(script)] + arguments, in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    func testThePortfolioReportSandboxedPrintsWhatItPrintsUnsandboxed() throws {
        // A script that returns a report prints it under --sandbox too, and the report's
        // tiles and heat map find their KPIs' units without `package` (the sandbox has none).
        try demoWorkspace()
        let script = PMOProcess.script("portfolio-report.lua")
        let plain = try PMOProcess.run(["run", script], in: path("ws"))
        let sandboxed = try PMOProcess.run(["run", "--sandbox", "--timeout", "60", "--memory", "512", script], in: path("ws"))
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(sandboxed.status, 0, sandboxed.stderr)
        XCTAssertTrue(plain.stdout.hasPrefix("Portfolio report"), plain.stdout)
        XCTAssertEqual(sandboxed.stdout, plain.stdout)
    }

    func testPortfolioHealthNamesTheFalseGreen() throws {
        let r = try run("portfolio-health.lua")
        XCTAssertTrue(r.stdout.contains("Portfolio health as of 2026-09-30"), r.stdout)
        XCTAssertTrue(r.stdout.contains("False greens (reported green, figures red): 6"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PRJ-003  Secure Archive 3"), r.stdout)
    }

    func testPortfolioHealthListsEveryPortfolio() throws {
        let r = try run("portfolio-health.lua")
        for id in ["DIGITAL", "GROWTH", "OPERATIONS"] {
            XCTAssertTrue(r.stdout.contains("\n\(id) "), "\(id) missing: \(r.stdout)")
        }
    }

    func testEVMReportPutsTheWorstCPIFirstAndTotalsTheExecutingProjects() throws {
        let r = try run("evm-report.lua")
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("PRJ-") }
        XCTAssertEqual(rows.count, 17, r.stdout)
        XCTAssertTrue(rows.first?.contains("0.73") ?? false, r.stdout)
        XCTAssertTrue(r.stdout.contains("\ntotal "), r.stdout)
        XCTAssertTrue(r.stdout.contains("15 of 17 projects forecast an overrun"), r.stdout)
    }

    func testEVMReportFiltersByPortfolio() throws {
        let r = try run("evm-report.lua", "GROWTH")
        XCTAssertTrue(r.stdout.contains("6 projects in execution of GROWTH"), r.stdout)
    }

    func testLateMilestonesShowsSlipsAgainstTheBaseline() throws {
        let r = try run("late-milestones.lua")
        XCTAssertTrue(r.stdout.contains("PRJ-011 Open Identity 11"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Project closed               baseline 2027-03-31  forecast 2027-10-31  +214 days"), r.stdout)
        XCTAssertTrue(r.stdout.contains("32 milestones slipped and 1 overdue, in 11 projects."), r.stdout)
    }

    func testLateMilestonesCountsAPassedIncompleteMilestoneAsOverdue() throws {
        // PRJ-020's "Project closed" was due on its baseline, 2026-06-30, and is not done.
        let r = try run("late-milestones.lua")
        XCTAssertTrue(r.stdout.contains("\nPRJ-020 Lean Portal 20 (Yusuf Rossi), 1 overdue, 4 slipped,"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  Project closed               OVERDUE: baseline date 2026-06-30 passed 92 days ago, not done (forecast 2027-01-31)"), r.stdout)
    }

    func testLateMilestonesGivesTheWorstSlipInDaysPositiveLate() throws {
        let r = try run("late-milestones.lua")
        XCTAssertTrue(r.stdout.hasPrefix("Late milestones as of 2026-09-30 (tolerance 0 days; slips in days, positive = late)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PRJ-003 Secure Archive 3 (Hugo Moreau), 4 slipped, 307 days in all, worst +123 days\n"), r.stdout)
    }

    func testLateMilestonesRejectsABadToleranceWithStatusTwo() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", PMOProcess.script("late-milestones.lua"), "soon"], in: path("ws"))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("usage: late-milestones.lua"), r.stderr)
    }

    func testCapacityVsDemandReportsRolesShortAndOverbookedPeople() throws {
        let r = try run("capacity-vs-demand.lua", "2")
        XCTAssertTrue(r.stdout.contains("hours, 2026-10 to 2026-11"), r.stdout)
        XCTAssertTrue(r.stdout.contains("role-months short of capacity"), r.stdout)
        XCTAssertTrue(r.stdout.contains("person-months booked above capacity"), r.stdout)
        XCTAssertTrue(r.stdout.contains("business analyst     2026-10"), r.stdout)
    }

    /// An MS Project plan whose two people have no group (MSPDI's role), with work in
    /// October and November 2026, the two months after the demo's as-of date.
    static let planWithoutGroups = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Project xmlns="http://schemas.microsoft.com/project">
        <Name>move.xml</Name><Title>Warehouse Move</Title>
        <StartDate>2026-10-01T08:00:00</StartDate><FinishDate>2026-11-30T17:00:00</FinishDate>
        <Tasks>
        <Task><UID>0</UID><Name>Warehouse Move</Name><Summary>1</Summary></Task>
        <Task><UID>1</UID><Name>Pack</Name><Start>2026-10-05T08:00:00</Start><Finish>2026-10-30T17:00:00</Finish></Task>
        <Task><UID>2</UID><Name>Move</Name><Start>2026-11-02T08:00:00</Start><Finish>2026-11-27T17:00:00</Finish></Task>
        </Tasks>
        <Resources>
        <Resource><UID>1</UID><Name>Alex Porter</Name><Type>1</Type><MaxUnits>1.00</MaxUnits></Resource>
        <Resource><UID>2</UID><Name>Sam Carter</Name><Type>1</Type><MaxUnits>0.50</MaxUnits></Resource>
        </Resources>
        <Assignments>
        <Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Start>2026-10-05T08:00:00</Start><Finish>2026-10-30T17:00:00</Finish><Work>PT200H0M0S</Work></Assignment>
        <Assignment><UID>2</UID><TaskUID>2</TaskUID><ResourceUID>2</ResourceUID><Start>2026-11-02T08:00:00</Start><Finish>2026-11-27T17:00:00</Finish><Work>PT60H0M0S</Work></Assignment>
        </Assignments>
        </Project>
        """

    func testCapacityVsDemandCountsPeopleWithoutAGroupUnderNoRole() throws {
        try demoWorkspace()
        try write(Self.planWithoutGroups, to: "move.xml")
        // Known on the demo workspace's as-of date, so its reads show the plan (docs/history.md).
        let imported = try pmo("import", path("move.xml"), "--known-on", "2026-09-30", in: "ws")
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let r = try PMOProcess.run(["run", PMOProcess.script("capacity-vs-demand.lua"), "2"], in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        // October: Alex's 40 h and Sam's 20 h a week over 22 working days; Alex's 200 h of packing.
        XCTAssertTrue(r.stdout.contains("(no role)            2026-10        264       200        64    76%"), r.stdout)
        // November: 21 working days; Sam's 60 h of moving.
        XCTAssertTrue(r.stdout.contains("(no role)            2026-11        252        60       192    24%"), r.stdout)
    }

    func testComplianceAuditFailsMissingGateEvidenceAndExitsOne() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", PMOProcess.script("compliance-audit.lua"), "--quiet"], in: path("ws"))
        XCTAssertEqual(r.status, 1, "failed controls make the audit exit 1")
        XCTAssertTrue(r.stdout.contains("FAIL phase gate evidence        PRJ-036: phase execution is missing"), r.stdout)
        XCTAssertTrue(r.stdout.contains("30 projects checked"), r.stdout)
        XCTAssertFalse(r.stdout.contains("  ok   "), "--quiet shows failures only")
    }

    func testComplianceAuditSaysOnStderrWhyItExitsOne() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", PMOProcess.script("compliance-audit.lua")], in: path("ws"))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("compliance-audit: exit status 1: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("failed controls in "), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("(listed above); any failed control fails the audit\n"), r.stderr)
    }

    func testComplianceAuditCountsInTheRightNumberAndNeverSaysAllZero() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", PMOProcess.script("compliance-audit.lua")], in: path("ws"))
        XCTAssertFalse(r.stdout.contains(" 1 risks"), r.stdout)
        XCTAssertFalse(r.stdout.contains("all 0 "), r.stdout)
        XCTAssertFalse(r.stdout.contains(" 1 days"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PRJ-002: risk register has 1 risk\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PRJ-004: no gate artifacts required for phase initiation"), r.stdout)
    }

    func testPrioritisationFundsTheBestSetWithinTheBudget() throws {
        let r = try run("prioritise.lua", "5228500")
        XCTAssertTrue(r.stdout.contains("Prioritisation of 8 candidates, budget 5228500"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Funded 3 projects: total score 10.00"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PRJ-038  Mobile CRM 38                      4.40      4527000  defer"), r.stdout)
    }

    /// The rank column's order: funded first, then deferred.
    func decisions(_ stdout: String) -> [(id: String, decision: String)] {
        stdout.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 6, words[1].hasPrefix("PRJ-"), Int(words[0]) != nil else { return nil }
            return (String(words[1]), String(words.last!))
        }
    }

    func testPrioritisationRanksNoDeferredProjectAboveAFundedOne() throws {
        let r = try run("prioritise.lua", "5228500")
        let rows = decisions(r.stdout)
        XCTAssertEqual(rows.count, 8, r.stdout)
        let firstDeferred = try XCTUnwrap(rows.firstIndex { $0.decision == "defer" })
        XCTAssertTrue(rows[firstDeferred...].allSatisfy { $0.decision == "defer" }, r.stdout)
        XCTAssertEqual(rows.first?.id, "PRJ-031", r.stdout)
        XCTAssertTrue(r.stdout.contains("   4 PRJ-038  Mobile CRM 38"), r.stdout)
    }

    func testPrioritisationGivesEveryDeferralItsReason() throws {
        let r = try run("prioritise.lua", "5228500")
        let deferred = decisions(r.stdout).filter { $0.decision == "defer" }.map(\.id)
        XCTAssertEqual(deferred.count, 5, r.stdout)
        for id in deferred {
            XCTAssertTrue(r.stdout.contains("\n  \(id)  with it, the best set scores "), "\(id) has no reason: \(r.stdout)")
        }
        XCTAssertTrue(r.stdout.contains("  PRJ-038  with it, the best set scores 4.40 against 10.00 without it (its cost of 4527000 leaves 701500 for the others)"), r.stdout)
    }

    func testRiskHeatMapCountsOpenRisksOnTheGrid() throws {
        let r = try run("risk-heatmap.lua")
        XCTAssertTrue(r.stdout.contains("53 open risks in 30 projects"), r.stdout)
        XCTAssertTrue(r.stdout.contains("likely               3     4     2    1!    7!"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PRJ-011  Open Identity 11"), r.stdout)
    }

    func testFlowMetricsOnTheDemoWorkItems() throws {
        let r = try run("flow-metrics.lua", "PRJ-002")
        XCTAssertTrue(r.stdout.contains("PRJ-002 Global Onboarding 2: 12 items, 8 resolved, WIP 4"), r.stdout)
        XCTAssertTrue(r.stdout.contains("lead time over 8 resolved items (n = 8): 50% within 13 d, 85% within 21 d (95th needs 20)"), r.stdout)
    }

    func testFlowMetricsThroughputWindowEndsAtTheAsOfDate() throws {
        // PRJ-003's last item was resolved in 2026-04; the window is still the six months to 2026-09.
        let r = try run("flow-metrics.lua", "PRJ-003")
        XCTAssertTrue(r.stdout.contains("throughput per month: 2026-04 1, 2026-05 0, 2026-06 0, 2026-07 0, 2026-08 0, 2026-09 0"), r.stdout)
    }

    func testFlowMetricsGivesNoPercentilesOfASingleItem() throws {
        let r = try run("flow-metrics.lua", "PRJ-003")
        XCTAssertTrue(r.stdout.contains("lead time over 1 resolved item (n = 1): 36 d, too few for percentiles (50th needs 2, 85th needs 7, 95th needs 20)"), r.stdout)
        XCTAssertFalse(r.stdout.contains("within 36 d"), r.stdout)
    }

    func testFlowMetricsListsOnlyActiveProjects() throws {
        let r = try run("flow-metrics.lua")
        // The demo's work items of cancelled and closed projects.
        for id in ["PRJ-007", "PRJ-016", "PRJ-026", "PRJ-032", "PRJ-037", "PRJ-039"] {
            XCTAssertFalse(r.stdout.contains("\n\(id) "), "\(id) is not active: \(r.stdout)")
        }
        XCTAssertTrue(r.stdout.hasPrefix("Flow metrics as of 2026-09-30: 140 work items of 13 active projects\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("(6 projects closed or cancelled left out: no work in progress there)"), r.stdout)
    }

    func testFlowMetricsSaysAClosedProjectHasNoWorkInProgress() throws {
        let r = try run("flow-metrics.lua", "PRJ-032")
        XCTAssertEqual(r.stdout, "PRJ-032 is closed: flow metrics cover active projects only (initiation to closing).\n")
    }

    func testFlowMetricsOnTheImportedJiraSample() throws {
        let file = PMOProcess.sharedData("jira/poinz-jira-export.csv")
        guard FileManager.default.fileExists(atPath: file) else {
            throw XCTSkip("\(file) is absent (third-party test data lives in ../shared/data)")
        }
        try demoWorkspace()
        // Known on the demo workspace's as-of date, so its reads show the items (docs/history.md).
        let imported = try pmo("import", file, "--format", "jira", "--allow-no-project", "--known-on", "2026-09-30", in: "ws")
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stderr.contains("Jira project key 'SMRGR': 4 work items (the first on this line) stored without a project"), imported.stderr)
        let r = try PMOProcess.run(["run", PMOProcess.script("flow-metrics.lua"), "(no project)"], in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("(no project): 4 items, 0 resolved, WIP 4"), r.stdout)
        XCTAssertTrue(r.stdout.hasPrefix("Flow metrics as of 2026-09-30: 4 work items in no project\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("oldest: SMRGR-2151"), r.stdout)
    }

    // MARK: current-state.lua

    func testCurrentStateRecommendsAControlTowerForTheDemoCitingItsFigures() throws {
        let r = try run("current-state.lua")
        XCTAssertTrue(r.stdout.contains("Control tower (PMBOK Guide 6th ed., 2.4.4.3: a controlling PMO)."), r.stdout)
        XCTAssertTrue(r.stdout.contains("gives its type a point: control tower 4,\nresource pool 2, weather station 1."), r.stdout)
        // Each reason names the figure it comes from, and the figures table gives that figure.
        XCTAssertTrue(r.stdout.contains("control tower    failure rate 70% is above 15%: enforce a common method and phase gates       figure failure_rate"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nfailure_rate           70% (7 of 10 finished)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("control tower    late rate 33% is above 30%"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nlate_rate              33% (1 of 3 completed)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("resource pool    resource conflicts per project 0.63 are above 0.50"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nresource_conflicts     19 of 24 people"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\ncompliance_gaps        11% (16 of 150 checks failed)"), r.stdout)
    }

    func testCurrentStateGivesTheMaturityOfEachDimensionFromTheFiguresWithoutASurvey() throws {
        let r = try run("current-state.lua")
        XCTAssertTrue(r.stdout.contains("no survey: levels from the figures only"), r.stdout)
        XCTAssertTrue(r.stdout.contains("methodology  1 initial     failure_rate = 70% gives level 1 (no survey)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("governance   2 repeatable  compliance_gaps = 11% gives level 2 (no survey)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("tools        unknown       unknown: no survey answers and no figure for this dimension"), r.stdout)
    }

    func testCurrentStateRendersAsHTML() throws {
        try demoWorkspace()
        let r = try PMOProcess.run(["run", PMOProcess.script("current-state.lua"), "--format", "html", "-o", "state.html"], in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: path("ws/state.html"), encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>") || html.lowercased().hasPrefix("<!doctype html>"), String(html.prefix(80)))
        XCTAssertTrue(html.contains("Current-state analysis"), html)
        XCTAssertTrue(html.contains("Control tower (PMBOK Guide 6th ed., 2.4.4.3: a controlling PMO)"), html)
        XCTAssertTrue(html.contains("failure rate 70% is above 15%"), html)
        XCTAssertTrue(html.contains("70% (7 of 10 finished)"), html)
    }

    func testCurrentStateTakesTheSampleSurvey() throws {
        let r = try run("current-state.lua", PMOProcess.script("current-state-survey.csv"))
        XCTAssertTrue(r.stdout.contains("current-state-survey.csv, 25 answers from 5 respondents"), r.stdout)
        XCTAssertTrue(r.stdout.contains("tools        3 defined     survey says 3 (no figure to check it)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("methodology  1 initial     survey says 3, capped at 1 by failure_rate = 70%"), r.stdout)
        XCTAssertTrue(r.stdout.contains("resources    1 initial     survey says 1; conflicts_per_project = 0.63 supports up to 1"), r.stdout)
    }

    func testCurrentStateRejectsAnAnswerOutOfRangeNamingLineAndField() throws {
        try demoWorkspace()
        try write("dimension,answer\nmethodology,3\ntools,7\n", to: "ws/bad.csv")
        let r = try PMOProcess.run(["run", PMOProcess.script("current-state.lua"), "bad.csv"], in: path("ws"))
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "current-state: bad survey: bad.csv:3: field 'answer': '7' is not a whole number 1..5\n")
        XCTAssertEqual(r.stdout, "")
    }

    func testCurrentStateRejectsAnUnknownDimensionNamingLineAndField() throws {
        try demoWorkspace()
        try write("respondent,dimension,answer\nana,methodology,3\n\nbo,governence,2\n", to: "ws/bad.csv")
        let r = try PMOProcess.run(["run", PMOProcess.script("current-state.lua"), "bad.csv"], in: path("ws"))
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "current-state: bad survey: bad.csv:4: field 'dimension': 'governence' is not one of methodology, governance, tools, resources, reporting\n")
    }

    func testCurrentStateRejectsASurveyWithoutAnAnswerColumn() throws {
        try demoWorkspace()
        try write("dimension;answer\nmethodology;3\n", to: "ws/bad.csv")
        let r = try PMOProcess.run(["run", PMOProcess.script("current-state.lua"), "bad.csv"], in: path("ws"))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("current-state: bad survey: bad.csv:1: no 'dimension' column"), r.stderr)
    }

    /// A three-project demo whose figures put governance at level 2 (2 of 15 checks fail) and
    /// resources at level 2: one point each, a tie the control tower wins.
    func smallDemo() throws {
        try demoWorkspace(projects: 3)
    }

    func testCurrentStateRecommendationFollowsTheFigures() throws {
        try smallDemo()
        let before = try PMOProcess.run(["run", PMOProcess.script("current-state.lua")], in: path("ws"))
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertTrue(before.stdout.contains("Control tower (PMBOK"), before.stdout)
        // Back in initiation, PRJ-002 owes no business case: 1 of 15 checks fails, governance reaches
        // level 3, and only the resource pool's point is left.
        let moved = try PMOProcess.run(["run", "-"], in: path("ws"),
            stdin: #"pmo.transaction(function(tx) tx:update(pmo.project("PRJ-002"), { phase = "initiation" }) end)"#)
        XCTAssertEqual(moved.status, 0, moved.stderr)
        let after = try PMOProcess.run(["run", PMOProcess.script("current-state.lua")], in: path("ws"))
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stdout.contains("Resource pool (PMBOK Guide 6th ed., 2.4.4.3: a directive PMO)."), after.stdout)
        XCTAssertTrue(after.stdout.contains("compliance_gaps        7% (1 of 15 checks failed)"), after.stdout)
    }

    func testCurrentStateRecommendationFollowsTheSurvey() throws {
        try smallDemo()
        let moved = try PMOProcess.run(["run", "-"], in: path("ws"),
            stdin: #"pmo.transaction(function(tx) tx:update(pmo.project("PRJ-002"), { phase = "initiation" }) end)"#)
        XCTAssertEqual(moved.status, 0, moved.stderr)
        // Stakeholders who see no method and no governance: two points for the control tower.
        try write("dimension,answer\nmethodology,1\nmethodology,2\ngovernance,1\n", to: "ws/survey.csv")
        let r = try PMOProcess.run(["run", PMOProcess.script("current-state.lua"), "survey.csv"], in: path("ws"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Control tower (PMBOK Guide 6th ed., 2.4.4.3: a controlling PMO)."), r.stdout)
        XCTAssertTrue(r.stdout.contains("control tower  methodology maturity 1 is at most 2"), r.stdout)
        XCTAssertTrue(r.stdout.contains("control tower  governance maturity 1 is at most 2"), r.stdout)
    }

    func testAScriptRunsDirectlyThroughItsShebang() throws {
        try demoWorkspace()
        var path = PMOProcess.binary.deletingLastPathComponent().path
        if let inherited = ProcessInfo.processInfo.environment["PATH"] { path += ":" + inherited }
        let script = PMOProcess.script("evm-report.lua")
        let r = try PMOProcess.run([], in: self.path("ws"), environment: ["PATH": path], executable: script)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Earned value as of 2026-09-30"), r.stdout)
    }
}
