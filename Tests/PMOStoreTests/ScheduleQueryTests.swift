import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// `ScheduleQuery` on a small store made here, every expected minute worked out by hand:
/// - P1 starts 2026-03-02 (a Monday), 420 minutes a day, status date 2026-03-20, on its
///   calendar P1/C1: Monday to Friday 09:00-12:00 and 13:00-17:00 (420 minutes a day). Task
///   T8 has its own calendar P1/C2: every day of the week 08:00-16:00 (480 minutes).
/// - P2 has no dates of its own, no minutes per day and no calendar (the standard one).
final class ScheduleQueryTests: XCTestCase {
    var store: PortfolioStore!

    override func setUpWithError() throws {
        store = try PortfolioStore()
        var data = Dataset()
        var p1 = Project(id: "P1", name: "One", phase: .execution)
        p1.forecastStart = Day("2026-03-02")
        p1.minutesPerDay = 420
        p1.statusDate = Day("2026-03-20")
        p1.calendarId = "P1/C1"
        data.projects.append(p1)
        data.projects.append(Project(id: "P2", name: "Two", phase: .planning))
        data.calendars = [WorkCalendar(id: "P1/C1", projectId: "P1", name: "Office", isBase: true),
                          WorkCalendar(id: "P1/C2", projectId: "P1", name: "Site", isBase: true)]
        for day in 1...7 {
            let weekday = (2...6).contains(day)
            data.calendarWeekDays.append(CalendarWeekDay(id: "P1/C1/D\(day)", calendarId: "P1/C1", dayType: day, working: weekday))
            if weekday {
                data.calendarTimes.append(CalendarTime(id: "P1/C1/D\(day)/T1", weekDayId: "P1/C1/D\(day)", fromMinute: 540, toMinute: 720))
                data.calendarTimes.append(CalendarTime(id: "P1/C1/D\(day)/T2", weekDayId: "P1/C1/D\(day)", fromMinute: 780, toMinute: 1020))
            }
            data.calendarWeekDays.append(CalendarWeekDay(id: "P1/C2/D\(day)", calendarId: "P1/C2", dayType: day, working: true))
            data.calendarTimes.append(CalendarTime(id: "P1/C2/D\(day)/T1", weekDayId: "P1/C2/D\(day)", fromMinute: 480, toMinute: 960))
        }

        func task(_ n: Int, _ project: String = "P1", _ set: (inout WBSTask) -> Void = { _ in }) {
            var t = WBSTask(id: "\(project)/T\(n)", projectId: project, name: "Task \(n)", outlinePosition: n)
            set(&t)
            data.tasks.append(t)
        }
        task(1) {
            $0.durationDays = 2
            $0.remainingDurationDays = 0.5
            $0.constraintType = .startNoEarlierThan
            $0.constraintDate = Day("2026-03-03")
            $0.deadline = Day("2026-03-31")
            $0.actualStart = Day("2026-03-05")
            $0.actualFinish = Day("2026-03-12")
            $0.percentComplete = 75
            $0.wbs = "1"
            $0.baselineStart = Day("2026-03-02")
        }
        task(2) {
            $0.durationDays = 1.5
            $0.durationFormat = "ed"
            $0.remainingDurationDays = 1
        }
        task(3) { $0.forecastStart = Day("2026-03-02"); $0.forecastFinish = Day("2026-03-04") }
        task(4) { $0.baselineStart = Day("2026-03-06"); $0.baselineFinish = Day("2026-03-09") }
        task(5) { $0.isMilestone = true }
        task(6)
        task(7) {
            $0.isManual = true
            $0.durationDays = 3
            $0.forecastStart = Day("2026-03-10")
            $0.forecastFinish = Day("2026-03-12")
        }
        task(8) {
            $0.calendarId = "P1/C2"
            $0.forecastStart = Day("2026-03-06")
            $0.forecastFinish = Day("2026-03-09")
        }
        task(9) { $0.isSummary = true }
        task(1, "P2") { $0.forecastStart = Day("2026-03-07"); $0.forecastFinish = Day("2026-03-10"); $0.durationDays = 2 }
        task(2, "P2") { $0.forecastStart = Day("2026-03-12"); $0.durationDays = 1 }

        func link(_ from: Int, _ to: Int, _ set: (inout TaskLink) -> Void = { _ in }) {
            var l = TaskLink(projectId: "P1", predecessorId: "P1/T\(from)", successorId: "P1/T\(to)")
            set(&l)
            data.taskLinks.append(l)
        }
        link(1, 3) { $0.lagDays = 1; $0.lagAmount = 1; $0.lagUnit = .workingDays }
        link(3, 4) { $0.lagDays = 2; $0.lagAmount = 2; $0.lagUnit = .elapsedDays }
        link(4, 5) { $0.lagDays = 1; $0.lagAmount = 50; $0.lagUnit = .percent }
        link(4, 8) { $0.lagDays = -0.25; $0.lagAmount = -25; $0.lagUnit = .elapsedPercent; $0.type = .finishToFinish }
        link(2, 3) { $0.lagDays = 1 }   // no unit: a row from before v8
        link(1, 2) { $0.type = .startToStart }
        data.taskLinks.append(TaskLink(projectId: "P2", predecessorId: "P2/T1", successorId: "P2/T2"))
        try store.write { tx in _ = try tx.insert(data) }
    }

    func read(_ ids: [String]? = nil, asOf: Day? = nil) throws -> [ScheduleQuery.Project] {
        try store.scriptRead { db in try ScheduleQuery.read(db, projectIds: ids, asOf: asOf) }
    }

    func project(_ id: String, asOf: Day? = nil) throws -> ScheduleQuery.Project {
        try XCTUnwrap(try read(asOf: asOf).first { $0.network.projectId == id })
    }

    func task(_ id: String, asOf: Day? = nil) throws -> ScheduleTask {
        let p = try project(String(id.prefix(2)), asOf: asOf)
        return try XCTUnwrap(p.network.tasks.first { $0.id == id })
    }

    func link(_ from: String, _ to: String) throws -> ScheduleLink {
        try XCTUnwrap(try project("P1").network.links.first { $0.predecessorId == "P1/\(from)" && $0.successorId == "P1/\(to)" })
    }

    func testEveryProjectIsReadInIdOrderWithItsTasksInOutlineOrder() throws {
        let all = try read()
        XCTAssertEqual(all.map(\.network.projectId), ["P1", "P2"])
        XCTAssertEqual(all[0].network.tasks.map(\.id), (1...9).map { "P1/T\($0)" })
        XCTAssertEqual(all[1].network.tasks.map(\.id), ["P2/T1", "P2/T2"])
        XCTAssertEqual(all[0].details.map(\.name), (1...9).map { "Task \($0)" })
    }

    func testOnlyTheProjectsAskedAreRead() throws {
        let only = try read(["P2", "NOPE"])
        XCTAssertEqual(only.map(\.network.projectId), ["P2"])
        XCTAssertEqual(only[0].network.links.map(\.successorId), ["P2/T2"])
    }

    /// Past the limit of ids bound one by one, the read filters every row instead.
    func testManyIdsSelectTheSameProjectsAsFew() throws {
        let ids = ["P1"] + (0..<ScheduleQuery.boundIdLimit).map { "X\($0)" }
        let many = try read(ids)
        XCTAssertEqual(many.map(\.network.projectId), ["P1"])
        XCTAssertEqual(many[0].network.tasks.count, 9)
        XCTAssertNotNil(many[0].calendars.timeline(for: "P1/C2"))
    }

    func testTheCalendarsAreThoseOfTheProjectsRead() throws {
        XCTAssertNotNil(try project("P1").calendars.timeline(for: "P1/C1"))
        XCTAssertNil(try read(["P2"])[0].calendars.timeline(for: "P1/C1"))
    }

    func testTheProjectStartsAtItsCalendarsFirstWorkingMinuteOfItsStartDay() throws {
        let p = try project("P1").network
        XCTAssertEqual(p.start.description, "2026-03-02T09:00")
        XCTAssertEqual(p.minutesPerDay, 420)
        XCTAssertEqual(p.calendarId, "P1/C1")
    }

    /// v11: a forecast start at 10:30 (MS Project's `StartDate` time) starts there, on a
    /// working minute of P1/C1 (09:00-12:00).
    func testAProjectStartingAtATimeOfDayStartsAtThatMinute() throws {
        try store.database.write { db in try db.execute(sql: "UPDATE projects SET forecast_start_minute = 630 WHERE id = 'P1'") }
        XCTAssertEqual(try project("P1").network.start.description, "2026-03-02T10:30")
    }

    /// 12:15 falls in P1/C1's break (12:00-13:00): the start moves to the next working minute.
    func testAProjectStartingAtANonWorkingMinuteStartsAtTheNextWorkingMinute() throws {
        try store.database.write { db in try db.execute(sql: "UPDATE projects SET forecast_start_minute = 735 WHERE id = 'P1'") }
        XCTAssertEqual(try project("P1").network.start.description, "2026-03-02T13:00")
    }

    /// P2 has no date: its earliest task start, Saturday 2026-03-07, moves to Monday 08:00 on
    /// the standard calendar; no minutes per day is 480.
    func testAProjectWithoutDatesStartsAtItsEarliestTaskOnItsNextWorkingMinute() throws {
        let p = try project("P2").network
        XCTAssertEqual(p.start.description, "2026-03-09T08:00")
        XCTAssertEqual(p.minutesPerDay, 480)
        XCTAssertNil(p.calendarId)
    }

    func testADurationIsItsDaysOfTheProjectsMinutesPerDay() throws {
        XCTAssertEqual(try task("P1/T1").durationMinutes, 840)
        XCTAssertEqual(try task("P1/T1").isElapsed, false)
    }

    func testAnElapsedDurationCounts24HourDays() throws {
        let t = try task("P1/T2")
        XCTAssertEqual(t.durationMinutes, 2160)
        XCTAssertTrue(t.isElapsed)
        XCTAssertEqual(t.remainingMinutes, 1440)
    }

    func testRemainingDurationIsInTheDaysOfTheDuration() throws {
        XCTAssertEqual(try task("P1/T1").remainingMinutes, 210)
    }

    /// Monday to Wednesday on P1/C1: three days of 420 minutes.
    func testATaskWithoutDurationWorksFromItsForecastStartToFinishInclusive() throws {
        XCTAssertEqual(try task("P1/T3").durationMinutes, 1260)
    }

    /// Friday and Monday (the weekend is not worked on P1/C1).
    func testATaskWithoutDurationOrForecastDatesUsesItsBaselineDates() throws {
        XCTAssertEqual(try task("P1/T4").durationMinutes, 840)
    }

    /// Friday to Monday on P1/C2, which works every day 480 minutes: four days.
    func testATaskWithoutDurationCountsOnItsOwnCalendar() throws {
        XCTAssertEqual(try task("P1/T8").durationMinutes, 1920)
    }

    func testAMilestoneWithoutDurationOrDatesIsZeroMinutes() throws {
        XCTAssertEqual(try task("P1/T5").durationMinutes, 0)
    }

    func testATaskWithoutDurationOrDatesHasNone() throws {
        XCTAssertNil(try task("P1/T6").durationMinutes)
        XCTAssertNil(try task("P1/T9").durationMinutes)   // a summary: the engine rolls it up
    }

    func testAManualTasksForecastDatesAreItsManualDates() throws {
        let t = try task("P1/T7")
        XCTAssertTrue(t.isManual)
        XCTAssertEqual(t.manualStart, Day("2026-03-10"))
        XCTAssertEqual(t.manualFinish, Day("2026-03-12"))
        XCTAssertNil(try task("P1/T3").manualStart)
    }

    func testConstraintDeadlineProgressAndCalendarAreCopied() throws {
        let t = try task("P1/T1")
        XCTAssertEqual(t.constraint, .startNoEarlierThan)
        XCTAssertEqual(t.constraintDate, Day("2026-03-03"))
        XCTAssertEqual(t.deadline, Day("2026-03-31"))
        XCTAssertEqual(t.actualStart, Day("2026-03-05"))
        XCTAssertEqual(t.actualFinish, Day("2026-03-12"))
        XCTAssertEqual(t.percentComplete, 75)
        XCTAssertEqual(try task("P1/T8").calendarId, "P1/C2")
        XCTAssertNil(try task("P1/T1").calendarId)
    }

    func testAWorkingDayLagIsDaysOfTheProjectsMinutesPerDay() throws {
        let l = try link("T1", "T3")
        XCTAssertEqual(l.lagMinutes, 420)
        XCTAssertFalse(l.isElapsed)
        XCTAssertNil(l.percent)
    }

    func testAnElapsedDayLagCounts24HourDays() throws {
        let l = try link("T3", "T4")
        XCTAssertEqual(l.lagMinutes, 2880)
        XCTAssertTrue(l.isElapsed)
    }

    func testAPercentLagIsLeftToTheEngineAsItsPercent() throws {
        let l = try link("T4", "T5")
        XCTAssertEqual(l.percent, 50)
        XCTAssertEqual(l.lagMinutes, 0)
        XCTAssertFalse(l.isElapsed)
        let e = try link("T4", "T8")
        XCTAssertEqual(e.percent, -25)
        XCTAssertTrue(e.isElapsed)
        XCTAssertEqual(e.type, .finishToFinish)
    }

    func testALagWithoutUnitIsDaysOf480Minutes() throws {
        XCTAssertEqual(try link("T2", "T3").lagMinutes, 480)
    }

    func testTheStatusDateIsTheProjects() throws {
        XCTAssertEqual(try project("P1").network.statusDate, Day("2026-03-20"))
    }

    func testAsOfAnEarlierDateTheStatusDateIsThatDate() throws {
        let p = try project("P1", asOf: Day("2026-03-10"))
        XCTAssertEqual(p.network.statusDate, Day("2026-03-10"))
        XCTAssertEqual(p.storedStatusDate, Day("2026-03-20"))
    }

    func testAsOfADateActualDatesAfterItAreNotYetKnown() throws {
        let t = try task("P1/T1", asOf: Day("2026-03-10"))
        XCTAssertEqual(t.actualStart, Day("2026-03-05"))
        XCTAssertNil(t.actualFinish)
    }
}
