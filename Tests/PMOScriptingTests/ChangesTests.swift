import Foundation
import HistorySupport
import LuaKit
import PMOModel
import PMOScripting
@testable import PMOStore
import XCTest

/// `pmo.changes` and `pmo.asof` over the store's history: each category of change, measured by
/// the stdlib on the two states. The history is made by `HistoryFixture`, which stands for
/// the history writer.
final class ChangesTests: XCTestCase {
    var lua: LuaState!
    var recorder: HistoryFixture!

    override func setUpWithError() throws {
        let folder = NSTemporaryDirectory() + "pmo-changes-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/pmo.sqlite"
        let store = try PortfolioStore(path: path)
        try store.write { tx in try tx.insert(DemoPortfolio(projects: 3, seed: 1).generate()) }
        recorder = try HistoryFixture(path: path)
        lua = try LuaState()
        try PMOSession(store: store, today: Day("2026-11-27")).install(in: lua)
    }

    func run(_ code: String) throws -> [LuaValue] { try lua.run(code, name: "=test") }

    func message(_ code: String) -> String {
        do { _ = try run(code); return "no error" } catch { return (error as? LuaError)?.message ?? "\(error)" }
    }

    func testAsofSeesATaskAsItWasKnownOnTheDate() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["forecast_finish": "2026-10-20"])])
        let r = try run("""
            return tostring(pmo.asof('2026-10-01', function() return pmo.task('PRJ-001/T2').forecast_finish end)),
              tostring(pmo.task('PRJ-001/T2').forecast_finish)
            """)
        XCTAssertEqual(r, ["2026-09-30", "2026-10-20"])
    }

    func testADateColumnReadInThePastIsStillADate() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["forecast_finish": "2026-10-20"])])
        let r = try run("return pmo.date.is_date(pmo.asof('2026-10-01', function() return pmo.task('PRJ-001/T2').forecast_finish end))")
        XCTAssertEqual(r, [true])
    }

    func testAProjectsCustomFieldsReadInThePastAreTheOnesKnownThen() throws {
        try recorder.revision(knownOn: "2026-10-05", [.insert("custom_fields", ["entity": "projects", "entity_id": "PRJ-001", "name": "Region", "value": "EMEA"])])
        let r = try run("""
            local function region() return pmo.project('PRJ-001'):custom().Region end
            return pmo.asof('2026-10-01', region) == nil, region()
            """)
        XCTAssertEqual(r, [true, "EMEA"])
    }

    func testSqlUnderAsofSeesThePast() throws {
        try recorder.revision(knownOn: "2026-10-05", [.insert("risks", ["id": "PRJ-001/R99", "project_id": "PRJ-001", "title": "New", "status": "open"])])
        let r = try run("""
            local q = "select count(*) as n from risks"
            return pmo.asof('2026-10-01', function() return pmo.sql(q)[1].n end) + 1 == pmo.sql(q)[1].n
            """)
        XCTAssertEqual(r, [true])
    }

    func testAsofARevisionSeesTheStoreRightAfterIt() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "First"])])
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Second"])])
        let r = try run("""
            local function name() return pmo.task('PRJ-001/T2').name end
            return pmo.asof({ revision = 1 }, name), tostring(pmo.asof({ revision = 1 }, pmo.asof)), pmo.asof({ revision = 0 }, name), name()
            """)
        XCTAssertEqual(r, ["First", "2026-10-05", "Design", "Second"])
    }

    func testAsofARevisionTheStoreDoesNotHaveIsAnError() {
        XCTAssertTrue(message("pmo.asof({ revision = 7 }, print)").contains("no revision 7 in the store"), message("pmo.asof({ revision = 7 }, print)"))
    }

    func testATaskWhoseFinishMovedLaterSlipsByPositiveDays() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["forecast_finish": "2026-10-20"])])
        let r = try run("""
            local s = pmo.changes{ since = '2026-10-01' }.tasks_slipped
            return #s, s[1].task_id, s[1].days, tostring(s[1].before), tostring(s[1].after)
            """)
        XCTAssertEqual(r, [1, "PRJ-001/T2", 20, "2026-09-30", "2026-10-20"])
    }

    func testATaskWhoseFinishMovedEarlierHasNegativeDays() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["forecast_finish": "2026-09-20"])])
        XCTAssertEqual(try run("return pmo.changes{ import = 1 }.tasks_slipped[1].days"), [-10])
    }

    func testAProjectAddedAndOneRemovedAreListed() throws {
        try recorder.revision(knownOn: "2026-10-05", [.insert("projects", ["id": "PRJ-009", "name": "New one", "portfolio_id": nil, "phase": "planning"])])
        try recorder.revision(knownOn: "2026-10-12", [.delete("projects", key: ["PRJ-009"])])
        let r = try run("""
            local a, b = pmo.changes{ import = 1 }, pmo.changes{ import = 2 }
            return #a.projects_added, a.projects_added[1].project_id, #a.projects_removed,
              #b.projects_removed, b.projects_removed[1].name
            """)
        XCTAssertEqual(r, [1, "PRJ-009", 0, 1, "New one"])
    }

    func testARebaselineIsABaselineSetAndAScopeChangeByTheBaselineInForce() throws {
        try recorder.revision(knownOn: "2026-10-05", [.insert("baselines", [
            "id": "PRJ-001/B0-2", "project_id": "PRJ-001", "number": 0, "set_on": "2026-10-05", "cost": 2_000_000.0,
            "start": "2026-01-01", "finish": "2027-12-31",
        ])])
        let r = try run("""
            local c = pmo.changes{ import = 1 }
            return #c.baselines, c.baselines[1].change, #c.scope, c.scope[1].before, c.scope[1].after, c.scope[1].change
            """)
        XCTAssertEqual(r, [1, "set", 1, 1_049_000.0, 2_000_000.0, 951_000.0])
    }

    func testABaselineWhoseCostChangedIsChanged() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("baselines", key: ["PRJ-001/B0"], set: ["cost": 1_100_000.0])])
        let r = try run("local c = pmo.changes{ import = 1 }; return c.baselines[1].change, c.baselines[1].cost_before, c.scope[1].after")
        XCTAssertEqual(r, ["changed", 1_049_000.0, 1_100_000.0])
    }

    func testNewClosedAndRescoredRisksAreListedByTheStdlibsOpenRiskAndExposure() throws {
        try recorder.revision(knownOn: "2026-10-05", [
            .insert("risks", ["id": "PRJ-001/R99", "project_id": "PRJ-001", "title": "New", "status": "open", "probability": 0.5, "impact_cost": 1000.0]),
            .update("risks", key: ["PRJ-001/R1"], set: ["status": "occurred"]),
            .update("risks", key: ["PRJ-001/R3"], set: ["probability": 0.1]),
        ])
        let r = try run("""
            local c = pmo.changes{ import = 1 }
            return #c.risks_new, c.risks_new[1].exposure, #c.risks_closed, c.risks_closed[1].risk_id,
              #c.risks_rescored, c.risks_rescored[1].risk_id, c.risks_rescored[1].exposure_after
            """)
        XCTAssertEqual(r, [1, 500.0, 1, "PRJ-001/R1", 1, "PRJ-001/R3", .number(0.1 * 124_269.59)])
    }

    func testAStatusReportFiledIsListedAndChangesTheProjectsRAG() throws {
        try recorder.revision(knownOn: "2026-10-31", [.insert("status_reports", [
            "id": "PRJ-001/S2026-10-31", "project_id": "PRJ-001", "report_date": "2026-10-31", "overall": "amber",
        ])])
        let r = try run("""
            local c = pmo.changes{ import = 1 }
            return #c.status_reports, c.status_reports[1].report_id, #c.rag, c.rag[1].before, c.rag[1].after
            """)
        XCTAssertEqual(r, [1, "PRJ-001/S2026-10-31", 1, "red", "amber"])
    }

    func testChangesSinceADateCountTheRowsTouchedByTable() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "X"]),
                                                      .update("tasks", key: ["PRJ-001/T3"], set: ["name": "Y"])])
        let r = try run("local c = pmo.changes{ from = '2026-10-01', to = '2026-10-06' }; return c.rows.tasks, c.from.revision, c.to.revision")
        XCTAssertEqual(r, [2, 0, 1])
    }

    func testChangesNeedExactlyOneRange() {
        XCTAssertTrue(message("pmo.changes{ since = '2026-01-01', import = 1 }").contains("give one of since"))
        XCTAssertTrue(message("pmo.changes{}").contains("give one of since"))
        XCTAssertTrue(message("pmo.changes{ import = 3 }").contains("no revision 3 in the store"))
        XCTAssertTrue(message("pmo.changes{ from = '2026-02-01', to = '2026-01-01' }").contains("is before 'from'"))
    }
}
