import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// `pmo.schedule` and `p:schedule()` on a store made here, the dates worked out by hand on
/// the standard calendar (Monday to Friday, 08:00-12:00 and 13:00-17:00, 480 minutes a day):
/// - P starts Monday 2026-03-02, status date 2026-02-27 (nothing done yet). A (2 days) drives B (3 days) and C
///   (1 day); B drives the milestone M. A runs Monday-Tuesday, B Wednesday-Friday and C
///   Wednesday; M sits at Friday 17:00, the finish. C may slip to Friday: 2 days of float.
/// - Q has a loop (X -> Y -> X) and a task with no duration and no dates (Z).
/// - R has no task and a status date, 2026-03-20, for the reads as of an earlier date.
final class ScheduleLuaTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        let store = try PortfolioStore()
        var data = Dataset()
        var p = Project(id: "P", name: "Plan", phase: .execution)
        p.forecastStart = Day("2026-03-02")
        p.statusDate = Day("2026-02-27")
        data.projects = [p, Project(id: "Q", name: "Loop", phase: .planning, forecastStart: Day("2026-03-02")),
                         Project(id: "R", name: "Later", phase: .planning, forecastStart: Day("2026-03-02"), statusDate: Day("2026-03-20"))]
        func task(_ id: String, _ days: Double?, in project: String = "P", _ set: (inout WBSTask) -> Void = { _ in }) {
            var t = WBSTask(id: "\(project)/\(id)", projectId: project, name: "Task \(id)", outlinePosition: data.tasks.count + 1)
            t.durationDays = days
            set(&t)
            data.tasks.append(t)
        }
        task("A", 2) { $0.wbs = "1"; $0.baselineStart = Day("2026-03-02"); $0.constraintType = .asSoonAsPossible }
        task("B", 3)
        task("C", 1)
        task("M", 0) { $0.isMilestone = true }
        task("X", 1, in: "Q")
        task("Y", 1, in: "Q")
        task("Z", nil, in: "Q")
        for (from, to) in [("A", "B"), ("A", "C"), ("B", "M")] {
            data.taskLinks.append(TaskLink(projectId: "P", predecessorId: "P/\(from)", successorId: "P/\(to)"))
        }
        for (from, to) in [("X", "Y"), ("Y", "X")] {
            data.taskLinks.append(TaskLink(projectId: "Q", predecessorId: "Q/\(from)", successorId: "Q/\(to)"))
        }
        try store.write { tx in _ = try tx.insert(data) }
        lua = try LuaState()
        try PMOSession(store: store, today: Day("2026-03-25")).install(in: lua)
    }

    func run(_ code: String) throws -> LuaValue { try lua.run(code, name: "=test").first ?? .nil }

    func text(_ code: String) throws -> String? { try run(code).stringValue }

    func error(_ code: String) -> String {
        do {
            _ = try lua.run(code, name: "=test")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testTheScheduleStartsAndFinishesOnTheCriticalPath() throws {
        XCTAssertEqual(try text("local s = pmo.project('P'):schedule() return s.start_at .. ' ' .. s.finish_at"),
                       "2026-03-02T08:00 2026-03-06T17:00")
        XCTAssertEqual(try text("local s = pmo.project('P'):schedule() return tostring(s.start) .. ' ' .. tostring(s.finish)"),
                       "2026-03-02 2026-03-06")
        XCTAssertEqual(try run("return pmo.project('P'):schedule().length_days").doubleValue, 5)
        XCTAssertEqual(try run("return pmo.project('P'):schedule().minutes_per_day").intValue, 480)
        XCTAssertEqual(try text("return pmo.project('P'):schedule().project_id"), "P")
    }

    func testTheCriticalPathListsItsEntries() throws {
        XCTAssertEqual(try text("return table.concat(pmo.project('P'):schedule().critical_paths[1], ' ')"), "P/A P/B P/M")
        XCTAssertEqual(try text("return table.concat(pmo.project('P'):schedule().critical_path:map('id'), ' ')"), "P/A P/B P/M")
    }

    func testTasksAreAListOfEntriesInOutlineOrder() throws {
        XCTAssertEqual(try text("return table.concat(pmo.project('P'):schedule().tasks:map('id'), ' ')"), "P/A P/B P/C P/M")
    }

    func testAnEntryOnTheCriticalPathHasNoFloat() throws {
        let fields = try text("""
            local t = pmo.project('P'):schedule():task('P/A')
            return table.concat({ t.early_start_at, t.early_finish_at, t.late_start_at, t.late_finish_at,
              tostring(t.total_float), tostring(t.free_float), tostring(t.critical), tostring(t.open_start), tostring(t.open_finish) }, ' ')
            """)
        XCTAssertEqual(fields, "2026-03-02T08:00 2026-03-03T17:00 2026-03-02T08:00 2026-03-03T17:00 0.0 0.0 true true false")
    }

    func testAnEntryOffTheCriticalPathHasItsFloatInDaysAndMinutes() throws {
        let fields = try text("""
            local t = pmo.project('P'):schedule():task('P/C')
            return table.concat({ tostring(t.early_start), t.early_finish_at, t.late_start_at, t.late_finish_at,
              tostring(t.total_float), tostring(t.total_float_minutes), tostring(t.free_float), tostring(t.critical),
              tostring(t.open_finish) }, ' ')
            """)
        XCTAssertEqual(fields, "2026-03-04 2026-03-04T17:00 2026-03-06T08:00 2026-03-06T17:00 2.0 960 2.0 false true")
    }

    func testAnEntryCopiesTheTasksFields() throws {
        let fields = try text("""
            local t = pmo.project('P'):schedule():task('P/A')
            return table.concat({ t.name, t.wbs, tostring(t.baseline_start), t.constraint_type, tostring(t.duration_days),
              tostring(t.is_summary), tostring(t.is_milestone), tostring(t.is_manual) }, ' ')
            """)
        XCTAssertEqual(fields, "Task A 1 2026-03-02 ASAP 2.0 false false false")
        XCTAssertEqual(try run("return pmo.project('P'):schedule():task('P/M').is_milestone"), .boolean(true))
    }

    func testAnEntrysTaskIsTheTaskRecord() throws {
        XCTAssertEqual(try text("return pmo.project('P'):schedule():task('P/B'):task().name"), "Task B")
        XCTAssertEqual(try text("return pmo.kind_of(pmo.project('P'):schedule():task('P/B'):task())"), "task")
    }

    func testAnUnknownTaskHasNoEntry() throws {
        XCTAssertEqual(try run("return pmo.project('P'):schedule():task('P/nope')"), .nil)
    }

    /// A's 2 days become 3: everything after it moves one working day, past the weekend.
    func testADelayMovesTheFinishByItsWorkingDays() throws {
        XCTAssertEqual(try text("return pmo.project('P'):schedule{ delay = { ['P/A'] = 1 } }.finish_at"), "2026-03-09T17:00")
        XCTAssertEqual(try run("return pmo.project('P'):schedule{ delay = { ['P/A'] = 1 } }.length_days").doubleValue, 6)
    }

    /// C has 2 days of float: a day's delay leaves the finish where it was.
    func testADelayWithinFloatLeavesTheFinish() throws {
        XCTAssertEqual(try text("return pmo.schedule.of(pmo.project('P'), { delay = { ['P/C'] = 1 } }).finish_at"), "2026-03-06T17:00")
    }

    func testADelayDoesNotChangeTheSharedSchedule() throws {
        XCTAssertEqual(try text("""
            local p = pmo.project('P')
            local before = p:schedule()
            p:schedule{ delay = { ['P/A'] = 1 } }
            return tostring(rawequal(before, p:schedule())) .. ' ' .. before.finish_at
            """), "true 2026-03-06T17:00")
    }

    func testThePortfolioFormSchedulesEveryProjectByItsId() throws {
        XCTAssertEqual(try text("""
            local ids = {}
            for id, s in pairs(pmo.schedule.portfolio()) do ids[#ids + 1] = id .. '=' .. s.project_id end
            table.sort(ids)
            return table.concat(ids, ' ')
            """), "P=P Q=Q R=R")
    }

    func testThePortfolioFormSchedulesTheProjectsGiven() throws {
        XCTAssertEqual(try text("""
            local all = pmo.schedule.portfolio(pmo.projects{ id = 'P' }, { delay = { ['P/A'] = 1 } })
            return tostring(all.Q) .. ' ' .. all.P.finish_at
            """), "nil 2026-03-09T17:00")
        XCTAssertEqual(try text("return pmo.schedule.portfolio({ 'Q' }).Q.project_id"), "Q")
    }

    func testTheStatusDateIsTheProjects() throws {
        XCTAssertEqual(try text("return tostring(pmo.project('R'):schedule().status_date)"), "2026-03-20")
    }

    func testAsOfAnEarlierDateTheStatusDateIsThatDate() throws {
        XCTAssertEqual(try text("return pmo.asof('2026-03-10', function() return tostring(pmo.project('R'):schedule().status_date) end)"),
                       "2026-03-10")
        XCTAssertEqual(try text("""
            return pmo.asof('2026-03-10', function() return tostring(pmo.schedule.portfolio().R.status_date) end)
            """), "2026-03-10")
    }

    /// A project read as of a date keeps answering for it, as p:evm() does.
    func testAProjectReadAsOfADateIsScheduledAsOfIt() throws {
        XCTAssertEqual(try text("""
            local p = pmo.asof('2026-03-10', function() return pmo.project('R') end)
            return tostring(p:schedule().status_date)
            """), "2026-03-10")
    }

    func testAProjectsProblemsAreSurfaced() throws {
        XCTAssertEqual(try text("""
            local out = {}
            for _, pr in ipairs(pmo.project('Q'):schedule().problems) do
              local ids = { table.unpack(pr.task_ids) }
              table.sort(ids)
              out[#out + 1] = pr.kind .. ':' .. table.concat(ids, ',')
            end
            table.sort(out)
            return table.concat(out, ' ')
            """), "cycle:Q/X,Q/Y no_duration:Q/Z")
        XCTAssertEqual(try run("return type(pmo.project('Q'):schedule().problems[1].message)"), .string("string"))
    }

    func testAProjectWithoutProblemsHasAnEmptyList() throws {
        XCTAssertEqual(try run("return #pmo.project('P'):schedule().problems").intValue, 0)
    }

    func testTheModuleIsReachableWithoutRequire() throws {
        XCTAssertEqual(try run("return rawequal(pmo.schedule, require('pmo.schedule'))"), .boolean(true))
    }

    func testOfAnUnknownProjectIsNil() throws {
        XCTAssertEqual(try run("return pmo.schedule.of('NOPE')"), .nil)
    }

    func testANonProjectIsABadArgument() {
        XCTAssertTrue(error("pmo.schedule.of(42)").contains("bad argument #1 to 'of' (project expected, got number)"), error("pmo.schedule.of(42)"))
        XCTAssertTrue(error("pmo.schedule.portfolio('P')").contains("bad argument #1 to 'portfolio'"))
        XCTAssertTrue(error("pmo.schedule.portfolio({ 42 })").contains("project expected at 1, got number"))
    }

    func testABadDelayIsABadArgument() {
        let notNumber = error("pmo.project('P'):schedule{ delay = { ['P/A'] = 'two' } }")
        XCTAssertTrue(notNumber.contains("bad argument #2 to 'of'") && notNumber.contains("'P/A'"), notNumber)
        let infinite = error("pmo.project('P'):schedule{ delay = { ['P/A'] = math.huge } }")
        XCTAssertTrue(infinite.contains("a finite number of working days expected"), infinite)
        let notTable = error("pmo.project('P'):schedule{ delay = 3 }")
        XCTAssertTrue(notTable.contains("opts.delay must be a table"), notTable)
    }

    func testADelayOfAnUnknownTaskIsABadArgument() {
        let message = error("pmo.project('P'):schedule{ delay = { ['Q/X'] = 1 } }")
        XCTAssertTrue(message.contains("bad argument #2 to 'of' (no task 'Q/X' in the projects scheduled)"), message)
    }

    func testAnUnknownOptionIsABadArgument() {
        let message = error("pmo.project('P'):schedule{ dealy = {} }")
        XCTAssertTrue(message.contains("unknown option 'dealy'"), message)
    }
}
