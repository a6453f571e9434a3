import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// Small plans in the form MS Project saves them (MSPDI), written by hand, imported with the
/// real importer, read with `ScheduleQuery` and scheduled; the expected dates are worked by hand
/// on MS Project's Standard calendar (Monday to Friday, 08:00-12:00 and 13:00-17:00). The
/// project starts Monday 2026-01-05 08:00.
final class ScheduleFixtureTests: XCTestCase {
    static let workDay = "<DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>"
    static let lateDay = "<DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>13:00:00</FromTime><ToTime>21:00:00</ToTime></WorkingTime></WorkingTimes>"

    /// A calendar: Sunday and Saturday off, `day` on weekdays, then `exceptions`.
    static func calendar(uid: Int, name: String, day: String, exceptions: String = "") -> String {
        var weekDays = "<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>"
        for type in 2...6 { weekDays += "<WeekDay><DayType>\(type)</DayType>\(day)</WeekDay>" }
        weekDays += "<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>"
        return "<Calendar><UID>\(uid)</UID><Name>\(name)</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>\(weekDays)</WeekDays>\(exceptions)</Calendar>"
    }

    /// A holiday on `day` (yyyy-mm-dd) in MS Project 2007+'s form.
    static func holiday(_ day: String) -> String {
        "<Exceptions><Exception><TimePeriod><FromDate>\(day)T00:00:00</FromDate><ToDate>\(day)T23:59:00</ToDate></TimePeriod><Occurrences>1</Occurrences><Name>Holiday</Name><Type>1</Type><DayWorking>0</DayWorking></Exception></Exceptions>"
    }

    /// A task: `hours` of working duration (format 7, days), and whatever else `more` says.
    static func task(_ uid: Int, _ name: String, hours: Int, level: Int = 1, _ more: String = "") -> String {
        "<Task><UID>\(uid)</UID><ID>\(uid)</ID><Name>\(name)</Name><OutlineLevel>\(level)</OutlineLevel><Duration>PT\(hours)H0M0S</Duration><DurationFormat>7</DurationFormat>\(more)</Task>"
    }

    /// A predecessor link: MSPDI `Type` 0 FF, 1 FS, 2 SF, 3 SS; `LinkLag` in tenths of a minute.
    static func link(_ uid: Int, type: Int = 1, lag: Int = 0, format: Int = 7) -> String {
        "<PredecessorLink><PredecessorUID>\(uid)</PredecessorUID><Type>\(type)</Type><LinkLag>\(lag)</LinkLag><LagFormat>\(format)</LagFormat></PredecessorLink>"
    }

    /// Imports the plan and schedules it: each task's result by name, and the problems.
    func schedule(_ name: String, tasks: String, calendars: String? = nil, status: String? = nil) throws -> (tasks: [String: ScheduledTask], problems: [ScheduleProblem]) {
        let folder = try temporaryFolder(self)
        let statusDate = status.map { "<StatusDate>\($0)T17:00:00</StatusDate>" } ?? ""
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Project xmlns="http://schemas.microsoft.com/project"><Name>\(name).xml</Name><Title>\(name)</Title>
            <StartDate>2026-01-05T08:00:00</StartDate>\(statusDate)<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>
            <Calendars>\(calendars ?? Self.calendar(uid: 1, name: "Standard", day: Self.workDay))</Calendars>
            <Tasks>\(tasks)</Tasks></Project>
            """
        let path = try write(xml, to: "\(name).xml", in: folder)
        let store = try importedStore(path)
        let projects = try store.database.read { db in try ScheduleQuery.read(db, projectIds: nil) }
        let project = try XCTUnwrap(projects.first)
        let result = CriticalPath.schedule(project.network, calendars: project.calendars)
        var byName: [String: ScheduledTask] = [:]
        for (i, t) in result.tasks.enumerated() { byName[project.details[i].name] = t }
        return (byName, result.problems)
    }

    func at(_ s: String) -> Moment {
        let hm = s.dropFirst(11).split(separator: ":")
        return Moment(day: Day(String(s.prefix(10)))!, minuteOfDay: Int(hm[0])! * 60 + Int(hm[1])!)
    }

    func testLinkTypesAndLagsOfAnImportedPlan() throws {
        let t = Self.self
        let s = try schedule("links", tasks:
            t.task(1, "A", hours: 24)
            + t.task(2, "SS plus a day", hours: 16, t.link(1, type: 3, lag: 4800))
            + t.task(3, "FF", hours: 8, t.link(1, type: 0))
            + t.task(4, "FS less four hours", hours: 8, t.link(1, lag: -2400))
            + t.task(5, "FS plus three elapsed days", hours: 8, t.link(1, lag: 43200, format: 8))
            + t.task(6, "FS plus half of A", hours: 8, t.link(1, lag: 50, format: 19)))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(s.tasks["A"]?.earlyFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(s.tasks["SS plus a day"]?.earlyStart, at("2026-01-06T08:00"))
        XCTAssertEqual(s.tasks["FF"]?.earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(s.tasks["FS less four hours"]?.earlyStart, at("2026-01-07T13:00"))
        // Wednesday 17:00 plus 72 hours is Saturday 17:00: the next working minute is Monday's.
        XCTAssertEqual(s.tasks["FS plus three elapsed days"]?.earlyStart, at("2026-01-12T08:00"))
        // Half of A's three days, 12 working hours after Wednesday 17:00: Friday 12:00.
        XCTAssertEqual(s.tasks["FS plus half of A"]?.earlyStart, at("2026-01-09T13:00"))
    }

    func testConstraintsAndDeadlineOfAnImportedPlan() throws {
        let t = Self.self
        let s = try schedule("constraints", tasks:
            t.task(1, "SNET Wednesday", hours: 8, "<ConstraintType>4</ConstraintType><ConstraintDate>2026-01-07T08:00:00</ConstraintDate>")
            + t.task(2, "Deadline Tuesday", hours: 24, "<Deadline>2026-01-06T17:00:00</Deadline>")
            + t.task(3, "Five days", hours: 40)
            + t.task(4, "FNLT Wednesday", hours: 8, "<ConstraintType>7</ConstraintType><ConstraintDate>2026-01-07T17:00:00</ConstraintDate>")
            + t.task(5, "MSO Tuesday", hours: 8, "<ConstraintType>2</ConstraintType><ConstraintDate>2026-01-06T08:00:00</ConstraintDate>" + t.link(3)))
        XCTAssertEqual(s.tasks["SNET Wednesday"]?.earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(s.tasks["Deadline Tuesday"]?.totalFloatMinutes, -480)
        XCTAssertEqual(s.tasks["Deadline Tuesday"]?.isCritical, true)
        XCTAssertEqual(s.tasks["FNLT Wednesday"]?.lateFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(s.tasks["MSO Tuesday"]?.earlyStart, at("2026-01-06T08:00"))
        // Five days must finish before Tuesday 08:00 and cannot before Friday 17:00.
        XCTAssertEqual(s.tasks["Five days"]?.totalFloatMinutes, -4 * 480)
    }

    func testHolidayAndTaskCalendarOfAnImportedPlan() throws {
        let t = Self.self
        let calendars = t.calendar(uid: 1, name: "Standard", day: t.workDay, exceptions: t.holiday("2026-01-07"))
            + t.calendar(uid: 2, name: "Late shift", day: t.lateDay)
        let s = try schedule("calendars", tasks:
            t.task(1, "Three days", hours: 24)
            + t.task(2, "Late shift day", hours: 8, "<CalendarUID>2</CalendarUID>")
            + t.task(3, "After the late shift", hours: 8, t.link(2)), calendars: calendars)
        XCTAssertEqual(s.tasks["Three days"]?.earlyFinish, at("2026-01-08T17:00"))
        XCTAssertEqual(s.tasks["Late shift day"]?.earlyStart, at("2026-01-05T13:00"))
        XCTAssertEqual(s.tasks["Late shift day"]?.earlyFinish, at("2026-01-05T21:00"))
        XCTAssertEqual(s.tasks["After the late shift"]?.earlyStart, at("2026-01-06T08:00"))
    }

    func testSummaryMilestoneAndProgressOfAnImportedPlan() throws {
        let t = Self.self
        // Status Wednesday: A did its first day on Monday and resumes its last day on Thursday.
        let s = try schedule("progress", tasks:
            t.task(1, "Phase", hours: 16, "<Summary>1</Summary>")
            + t.task(2, "A", hours: 16, level: 2,
                     "<ActualStart>2026-01-05T08:00:00</ActualStart><RemainingDuration>PT8H0M0S</RemainingDuration><PercentComplete>50</PercentComplete>")
            + t.task(3, "Done", hours: 0, level: 2, "<Milestone>1</Milestone>" + t.link(2))
            + t.task(4, "After the phase", hours: 8, t.link(1)), status: "2026-01-07")
        XCTAssertEqual(s.tasks["A"]?.earlyFinish, at("2026-01-08T17:00"))
        XCTAssertEqual(s.tasks["Done"]?.earlyStart, at("2026-01-08T17:00"))
        XCTAssertEqual(s.tasks["Phase"]?.earlyFinish, at("2026-01-08T17:00"))
        XCTAssertEqual(s.tasks["After the phase"]?.earlyStart, at("2026-01-09T08:00"))
    }

    func testManualTaskOfAnImportedPlanKeepsItsDates() throws {
        let t = Self.self
        let s = try schedule("manual", tasks:
            t.task(1, "Manual", hours: 16, "<Manual>1</Manual><Start>2026-01-07T08:00:00</Start><Finish>2026-01-08T17:00:00</Finish>")
            + t.task(2, "After", hours: 8, t.link(1)))
        XCTAssertEqual(s.tasks["Manual"]?.earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(s.tasks["After"]?.earlyStart, at("2026-01-09T08:00"))
    }

    func testCycleInAnImportedPlanIsReported() throws {
        let t = Self.self
        let s = try schedule("cycle", tasks: t.task(1, "A", hours: 8, t.link(2)) + t.task(2, "B", hours: 8, t.link(1)) + t.task(3, "C", hours: 8))
        XCTAssertEqual(s.problems.map(\.kind), [.cycle])
        XCTAssertNil(s.tasks["A"]?.earlyStart)
        XCTAssertEqual(s.tasks["C"]?.earlyStart, at("2026-01-05T08:00"))
    }
}
