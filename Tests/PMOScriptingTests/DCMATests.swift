import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// `pmo.dcma`: each check of the DCMA 14-point assessment (and GAO's best-practice checks) on
/// a plan built to pass it and one built to fail it, imported with the MSPDI importer from
/// Tests/PMOStoreTests/Fixtures/dcma/. Each fixture's comment says what it holds; the counts
/// below are worked out by hand from it (standard calendar, Monday to Friday):
/// - clean.xml passes every check: 3 counted tasks (Build, Test, Docs), 5 links into them and
///   the Finish milestone, 6 activities, 2 due by the status date and both finished.
/// - logic.xml fails the structure checks: 6 counted tasks A-F, 7 links of which 6 go into
///   incomplete activities (Start->Phase goes into a summary task), 8 incomplete activities.
/// - float.xml fails the float and critical path checks: 3 counted tasks (Long, Wrap, Side).
/// - progress.xml fails the progress checks: 8 activities, 4 due, 3 finished.
final class DCMATests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PMOStoreTests/Fixtures/dcma")

    /// A session on a store holding the fixtures `names` (each imported as project `name`).
    func session(_ names: [String], settings: [String: LuaData] = [:]) throws -> LuaState {
        let store = try PortfolioStore()
        for name in names {
            _ = try MSPDIImporter().importFile(at: Self.fixtures.appendingPathComponent(name + ".xml").path, into: store)
        }
        let lua = try LuaState()
        let session = PMOSession(store: store, today: Day("2026-03-13"))
        session.settings = settings
        try session.install(in: lua)
        return lua
    }

    struct Check: Equatable {
        var passed: Bool
        var count: Int
        var denominator: Int?
        var offenders: String
    }

    /// Check `id` of the fixture's assessment, with `opts` (Lua source) for `p:dcma`.
    func check(_ fixture: String, _ id: String, opts: String = "nil", settings: [String: LuaData] = [:]) throws -> (Check, metric: Double?) {
        let lua = try session([fixture], settings: settings)
        let values = try lua.run("""
            local dcma = require("pmo.dcma")
            local c = dcma.check(pmo.project("\(fixture)"):dcma(\(opts)), "\(id)")
            return c.passed, c.count, c.denominator, table.concat(c.offenders, " "), c.metric
            """, name: "=test")
        let c = Check(passed: values[0] == .boolean(true), count: values[1].intValue ?? -1,
                      denominator: values[2].intValue, offenders: values[3].stringValue ?? "?")
        return (c, values.count > 4 ? values[4].doubleValue : nil)
    }

    func passes(_ fixture: String, _ id: String, count: Int = 0, of denominator: Int?) throws {
        let (c, _) = try check(fixture, id)
        XCTAssertEqual(c, Check(passed: true, count: count, denominator: denominator, offenders: ""))
    }

    // MARK: 1. Logic

    func testLogicPassesWhenEveryCountedTaskHasAPredecessorAndASuccessor() throws {
        try passes("clean", "logic", of: 3)
    }

    func testLogicCountsTheTasksWithoutAPredecessorOrASuccessor() throws {
        let (c, metric) = try check("logic", "logic")
        XCTAssertEqual(c, Check(passed: false, count: 2, denominator: 6, offenders: "logic/T3 logic/T8"))
        XCTAssertEqual(metric ?? 0, 2.0 / 6, accuracy: 1e-9)
    }

    // MARK: 2-4. Leads, lags, relationship types

    func testLeadsPassWithNoNegativeLag() throws {
        try passes("clean", "leads", of: 5)
    }

    func testLeadsCountTheLinksWithANegativeLag() throws {
        XCTAssertEqual(try check("logic", "leads").0, Check(passed: false, count: 1, denominator: 6, offenders: "logic/T5"))
    }

    func testLagsPassWithNoPositiveLag() throws {
        try passes("clean", "lags", of: 5)
    }

    func testLagsCountTheLinksWithAPositiveLag() throws {
        XCTAssertEqual(try check("logic", "lags").0, Check(passed: false, count: 1, denominator: 6, offenders: "logic/T4"))
    }

    func testRelationshipTypesPassWhenEveryLinkIsFinishToStart() throws {
        let (c, metric) = try check("clean", "relationship_types")
        XCTAssertEqual(c, Check(passed: true, count: 0, denominator: 5, offenders: ""))
        XCTAssertEqual(metric, 1)
    }

    func testRelationshipTypesFailBelowNinetyPercentFinishToStart() throws {
        let (c, metric) = try check("logic", "relationship_types")
        XCTAssertEqual(c, Check(passed: false, count: 2, denominator: 6, offenders: "logic/T6 logic/T8"))
        XCTAssertEqual(metric ?? 0, 4.0 / 6, accuracy: 1e-9)
    }

    // MARK: 5. Hard constraints

    func testHardConstraintsPassWithNone() throws {
        try passes("clean", "hard_constraints", of: 3)
    }

    func testHardConstraintsCountStartNoLaterThan() throws {
        XCTAssertEqual(try check("logic", "hard_constraints").0, Check(passed: false, count: 1, denominator: 6, offenders: "logic/T7"))
    }

    // MARK: 6-7. Float

    func testHighFloatPassesWithTenDaysOfFloat() throws {
        try passes("clean", "high_float", of: 3)
    }

    /// Side (5 days beside Long's 60 and Wrap's 5) has 60 working days of float.
    func testHighFloatCountsATaskWithSixtyDaysOfFloat() throws {
        XCTAssertEqual(try check("float", "high_float").0, Check(passed: false, count: 1, denominator: 3, offenders: "float/T4"))
    }

    func testNegativeFloatPassesWithNone() throws {
        try passes("clean", "negative_float", of: 3)
    }

    /// Long finishes on 2026-05-22, a week after its deadline.
    func testNegativeFloatCountsATaskLateForItsDeadline() throws {
        XCTAssertEqual(try check("float", "negative_float").0, Check(passed: false, count: 1, denominator: 3, offenders: "float/T2"))
    }

    // MARK: 8. High duration

    func testHighDurationPassesWithTasksOfTenDaysOrLess() throws {
        try passes("clean", "high_duration", of: 3)
    }

    /// E's baseline runs 60 working days; F has no baseline and is not counted.
    func testHighDurationCountsASixtyDayBaseline() throws {
        XCTAssertEqual(try check("logic", "high_duration").0, Check(passed: false, count: 1, denominator: 5, offenders: "logic/T7"))
    }

    // MARK: 9. Invalid dates

    func testInvalidDatesPassWhenForecastsFollowAndActualsPrecedeTheStatusDate() throws {
        try passes("clean", "invalid_dates", of: 6)
    }

    /// Permits is forecast to start before the status date without having started; Order
    /// started after it.
    func testInvalidDatesCountAForecastBeforeAndAnActualAfterTheStatusDate() throws {
        XCTAssertEqual(try check("progress", "invalid_dates").0,
                       Check(passed: false, count: 2, denominator: 8, offenders: "progress/T4 progress/T5"))
    }

    /// As of the status date (2026-03-13; the store as imported) the engine does not know
    /// Order's actual start (2026-03-16, later): its entry has none. Check 9 reads the stored actuals, so Order still
    /// counts as an actual date after the status date.
    func testInvalidDatesSeeAnActualAfterTheAsOfDateThatTheScheduleLeavesOut() throws {
        let lua = try session(["progress"])
        let values = try lua.run("""
            local dcma = require("pmo.dcma")
            local rev = pmo.sql("select max(id) as r from revisions")[1].r
            return pmo.asof({ revision = rev, date = "2026-03-13" }, function()
              local p = pmo.project("progress")
              local c = dcma.check(p:dcma(), "invalid_dates")
              return p:schedule():task("progress/T5").actual_start == nil, c.count, table.concat(c.offenders, " ")
            end)
            """, name: "=test")
        XCTAssertEqual(values, [.boolean(true), .integer(2), .string("progress/T4 progress/T5")])
    }

    // MARK: 10. Resources

    func testResourcesPassWhenEveryTaskHasAnAssignmentCostOrWork() throws {
        try passes("clean", "resources", of: 3)
    }

    func testResourcesCountATaskWithNoResourceCostOrWork() throws {
        XCTAssertEqual(try check("logic", "resources").0, Check(passed: false, count: 1, denominator: 6, offenders: "logic/T7"))
    }

    // MARK: 11. Missed tasks

    func testMissedTasksPassWhenWhatWasDueFinishedOnTime() throws {
        try passes("clean", "missed_tasks", of: 2)
    }

    /// Design finished four days late; Permits, due on the status date, has not started.
    func testMissedTasksCountALateFinishAndAnUnfinishedTask() throws {
        XCTAssertEqual(try check("progress", "missed_tasks").0,
                       Check(passed: false, count: 2, denominator: 4, offenders: "progress/T2 progress/T4"))
    }

    // MARK: 12. Critical path test

    func testTheCriticalPathTestMovesTheFinishBySixHundredDays() throws {
        let (c, metric) = try check("clean", "critical_path_test")
        XCTAssertEqual(c, Check(passed: true, count: 0, denominator: 1, offenders: ""))
        XCTAssertEqual(metric ?? 0, 600, accuracy: 1e-6)
    }

    /// Delaying Long by 600 days leaves Wrap on its must-start-on date: the finish moves 660 - 65.
    func testTheCriticalPathTestFailsWhenAConstraintAbsorbsTheDelay() throws {
        let (c, metric) = try check("float", "critical_path_test")
        XCTAssertEqual(c, Check(passed: false, count: 1, denominator: 1, offenders: "float/T2"))
        XCTAssertEqual(metric ?? 0, 595, accuracy: 1e-6)
    }

    // MARK: 13. CPLI

    /// 15 working days to go (2026-03-09 to 03-27), finishing on the baseline finish.
    func testCPLIIsOneOnAPlanFinishingOnItsBaseline() throws {
        let (c, metric) = try check("clean", "cpli")
        XCTAssertTrue(c.passed)
        XCTAssertEqual(c.denominator, 15)
        XCTAssertEqual(metric ?? 0, 1, accuracy: 1e-9)
    }

    /// 65 working days to the finish (2026-03-02 to 05-29), 5 after the baseline finish.
    func testCPLIFailsFiveDaysLateOnSixtyFive() throws {
        let (c, metric) = try check("float", "cpli")
        XCTAssertFalse(c.passed)
        XCTAssertEqual(c.denominator, 65)
        XCTAssertEqual(metric ?? 0, 60.0 / 65, accuracy: 1e-9)
    }

    // MARK: 14. BEI

    func testBEIIsOneWhenEverythingDueIsFinished() throws {
        let (c, metric) = try check("clean", "bei")
        XCTAssertEqual(c, Check(passed: true, count: 0, denominator: 2, offenders: ""))
        XCTAssertEqual(metric, 1)
    }

    func testBEIDividesTheFinishedByTheDue() throws {
        let (c, metric) = try check("progress", "bei")
        XCTAssertEqual(c, Check(passed: false, count: 1, denominator: 4, offenders: "progress/T4"))
        XCTAssertEqual(metric ?? 0, 0.75, accuracy: 1e-9)
    }

    // MARK: GAO best practices

    func testSummaryLinksPassWhenNoSummaryTaskIsLinked() throws {
        try passes("clean", "summary_links", of: 1)
    }

    func testSummaryLinksCountALinkedSummaryTask() throws {
        XCTAssertEqual(try check("logic", "summary_links").0, Check(passed: false, count: 1, denominator: 1, offenders: "logic/T2"))
    }

    func testStartToFinishLinksPassWithNone() throws {
        try passes("clean", "start_to_finish", of: 6)
    }

    func testStartToFinishLinksAreCounted() throws {
        XCTAssertEqual(try check("logic", "start_to_finish").0, Check(passed: false, count: 1, denominator: 7, offenders: "logic/T8"))
    }

    func testOpenEndsPassWhenOnlyTheStartAndFinishMilestonesAreOpen() throws {
        try passes("clean", "open_ends", of: 4)
    }

    func testOpenEndsCountTasksOpenBesideTheMilestones() throws {
        XCTAssertEqual(try check("logic", "open_ends").0, Check(passed: false, count: 2, denominator: 8, offenders: "logic/T3 logic/T8"))
    }

    func testNoBaselinePassesWhenEveryActivityIsBaselined() throws {
        try passes("clean", "no_baseline", of: 4)
    }

    func testNoBaselineCountsAnActivityWithoutBaselineDates() throws {
        XCTAssertEqual(try check("logic", "no_baseline").0, Check(passed: false, count: 1, denominator: 8, offenders: "logic/T8"))
    }

    func testNetworkProblemsPassOnANetworkThatSchedules() throws {
        try passes("clean", "network_problems", of: nil)
    }

    func testNetworkProblemsNameATaskWithoutDuration() throws {
        XCTAssertEqual(try check("progress", "network_problems").0,
                       Check(passed: false, count: 1, denominator: nil, offenders: "progress/T8"))
    }

    // MARK: Thresholds and options

    func testAThresholdGivenInTheCallChangesTheVerdict() throws {
        XCTAssertTrue(try check("logic", "lags", opts: "{ thresholds = { lags = 0.2 } }").0.passed)
    }

    func testTheWorkspaceThresholdsReachTheAssessment() throws {
        XCTAssertTrue(try check("logic", "lags", settings: ["dcma": .object(["lags": .number(0.2)])]).0.passed)
    }

    func testTheCallsThresholdOverridesTheWorkspaces() throws {
        let c = try check("logic", "lags", opts: "{ thresholds = { lags = 0 } }", settings: ["dcma": .object(["lags": .number(0.2)])])
        XCTAssertFalse(c.0.passed)
    }

    /// Side's 60 days of float are not more than 60.
    func testTheHighFloatLimitInDaysIsAThreshold() throws {
        XCTAssertTrue(try check("float", "high_float", opts: "{ thresholds = { high_float_days = 60 } }").0.passed)
    }

    func testLevelOfEffortTasksAreNotCounted() throws {
        XCTAssertEqual(try check("logic", "hard_constraints", opts: "{ level_of_effort = '^E$' }").0,
                       Check(passed: true, count: 0, denominator: 5, offenders: ""))
    }

    func testTheWorkspacesLevelOfEffortPatternIsUsed() throws {
        let c = try check("logic", "hard_constraints", settings: ["dcma": .object(["level_of_effort": .string("^E$")])])
        XCTAssertEqual(c.0.denominator, 5)
    }

    func testAnUnknownThresholdIsAnError() throws {
        XCTAssertThrowsError(try check("clean", "logic", opts: "{ thresholds = { logics = 0.1 } }")) { error in
            XCTAssertTrue("\(error)".contains("no threshold 'logics'"), "\(error)")
        }
    }

    func testTheExplanationNamesTheOffendersAndTheThreshold() throws {
        let lua = try session(["logic"])
        let text = try lua.run("""
            return require("pmo.dcma").check(pmo.project("logic"):dcma(), "logic").explain
            """, name: "=test").first?.stringValue ?? ""
        XCTAssertEqual(text, "2 of 6 counted tasks (33.3%) miss a predecessor or a successor; threshold <= 5.0%: logic/T3, logic/T8")
    }

    func testTheResultCountsPassedAndFailedChecks() throws {
        let lua = try session(["clean"])
        let values = try lua.run("local r = pmo.project('clean'):dcma() return r.passed, r.failed, #r.checks", name: "=test")
        XCTAssertEqual(values.map(\.intValue), [19, 0, 19])
    }

    func testTheFourteenAloneWithGaoFalse() throws {
        let lua = try session(["clean"])
        XCTAssertEqual(try lua.run("return #pmo.project('clean'):dcma{ gao = false }.checks", name: "=test").first?.intValue, 14)
    }

    // MARK: Portfolio and rules

    /// The critical path test's delayed schedules are read without their entries
    /// (`opts.tasks = false`): the same figures, no task.
    func testASchedulesFiguresWithoutItsEntriesAreTheFullSchedulesFigures() throws {
        let lua = try session(["float"])
        let values = try lua.run("""
            local schedule = require("pmo.schedule")
            local full = schedule.portfolio(nil, { delay = { ["float/T2"] = 600 } }).float
            local bare = schedule.portfolio(nil, { delay = { ["float/T2"] = 600 }, tasks = false }).float
            return #bare.tasks, bare.length_days == full.length_days, tostring(bare.finish) == tostring(full.finish), #full.tasks
            """, name: "=test")
        XCTAssertEqual(values, [.integer(0), .boolean(true), .boolean(true), .integer(5)])
    }

    func testThePortfolioAssessesEveryProjectAsEachAlone() throws {
        let lua = try session(["clean", "logic", "float", "progress"])
        let same = try lua.run("""
            local dcma = require("pmo.dcma")
            local all = dcma.portfolio()
            local n, same = 0, true
            for _, p in ipairs(pmo.projects()) do
              n = n + 1
              local one = p:dcma()
              for i, c in ipairs(one.checks) do
                local o = all[p.id].checks[i]
                if o.passed ~= c.passed or o.count ~= c.count or o.metric ~= c.metric then same = false end
              end
            end
            return n, same
            """, name: "=test")
        XCTAssertEqual(same, [.integer(4), .boolean(true)])
    }

    func testAnEvaluationOfEveryDefinitionLeavesTheOnRequestAssessmentOut() throws {
        let lua = try session(["logic"])
        let values = try lua.run("""
            local kpi = require("pmo.kpi")
            local dcma = 0
            for _, r in ipairs(kpi.evaluate()) do if r.id:find("^pmo%.dcma%.") then dcma = dcma + 1 end end
            return dcma, #kpi.evaluate({ "pmo.dcma.logic", "pmo.gao.open_ends" })
            """, name: "=test")
        XCTAssertEqual(values, [.integer(0), .integer(2)])
    }

    func testTheStandardRuleFailsAsAWarningWithTheExplanation() throws {
        let lua = try session(["logic"])
        let values = try lua.run("""
            local r = require("pmo.kpi").evaluate("pmo.dcma.logic", pmo.project("logic"))[1]
            return r.passed, r.severity, r.message
            """, name: "=test")
        XCTAssertEqual(values[0], .boolean(false))
        XCTAssertEqual(values[1].stringValue, "warning")
        XCTAssertTrue(values[2].stringValue?.hasSuffix("logic/T3, logic/T8") ?? false, "\(values[2])")
    }
}
