import Days
import PMOModel
import XCTest

/// `CalendarTimelines` and `CalendarRules` on calendars written here, against days and
/// moments worked out by hand. December 2026 starts on a Tuesday; 2026-12-07 is a Monday.
/// "Standard" (C1) works Monday to Friday 08:00-12:00 and 13:00-17:00 (480-720, 780-1020).
final class CalendarTimelinesTests: XCTestCase {
    func day(_ s: String) -> Day { Day(s) ?? Day(daysSinceEpoch: 0) }

    /// `yyyy-mm-ddThh:mm`.
    func at(_ s: String) -> Moment {
        let parts = s.split(separator: "T")
        let hm = parts[1].split(separator: ":")
        return Moment(day: day(String(parts[0])), minuteOfDay: (Int(hm[0]) ?? 0) * 60 + (Int(hm[1]) ?? 0))
    }

    /// Rows of a calendar: its default week (day type -> ranges; nil ranges: not worked), as
    /// week-day and time rows.
    struct Rows {
        var calendars: [WorkCalendar] = []
        var weeks: [CalendarWorkWeek] = []
        var days: [CalendarWeekDay] = []
        var exceptions: [CalendarException] = []
        var times: [CalendarTime] = []

        mutating func calendar(_ id: String, base: String? = nil) {
            calendars.append(WorkCalendar(id: id, projectId: "P", isBase: base == nil, baseCalendarId: base))
        }

        mutating func weekDay(_ calendar: String, _ type: Int, _ ranges: [(Int, Int)]?, week: String? = nil) {
            let id = "\(week ?? calendar)/D\(type)"
            days.append(CalendarWeekDay(id: id, calendarId: calendar, workWeekId: week, dayType: type, working: ranges != nil))
            for (k, r) in (ranges ?? []).enumerated() {
                times.append(CalendarTime(id: "\(id)/T\(k + 1)", weekDayId: id, fromMinute: r.0, toMinute: r.1))
            }
        }

        /// Monday to Friday 08:00-12:00, 13:00-17:00; Saturday and Sunday listed off.
        mutating func standardWeek(_ calendar: String) {
            weekDay(calendar, 1, nil)
            for t in 2...6 { weekDay(calendar, t, [(480, 720), (780, 1020)]) }
            weekDay(calendar, 7, nil)
        }

        mutating func exception(_ e: CalendarException, _ ranges: [(Int, Int)] = []) {
            exceptions.append(e)
            for (k, r) in ranges.enumerated() {
                times.append(CalendarTime(id: "\(e.id)/T\(k + 1)", exceptionId: e.id, fromMinute: r.0, toMinute: r.1))
            }
        }

        var timelines: CalendarTimelines {
            CalendarTimelines(calendars: calendars, workWeeks: weeks, weekDays: days, exceptions: exceptions, times: times)
        }
    }

    func standard() -> Rows {
        var rows = Rows()
        rows.calendar("C1")
        rows.standardWeek("C1")
        return rows
    }

    /// Standard with a holiday on 2040-01-02, far from the days the tests ask about: the same
    /// answers, from a span of resolved days rather than from the weekly arithmetic a calendar
    /// without exceptions gets.
    func standardWithAFarHoliday() -> Rows {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2040-01-02", calendarId: "C1", fromDate: day("2040-01-02"),
                                         toDate: day("2040-01-02"), working: false))
        return rows
    }

    /// Standard's timeline both ways: by weekly arithmetic, and from a span of days.
    func standardTimelines() throws -> [(String, any WorkTimeline)] {
        [("weekly", try timeline(standard())), ("span", try timeline(standardWithAFarHoliday()))]
    }

    func timeline(_ rows: Rows, _ id: String? = "C1") throws -> any WorkTimeline {
        try XCTUnwrap(rows.timelines.timeline(for: id))
    }

    func minutes(_ rows: Rows, _ id: String, _ d: String) throws -> Int {
        try XCTUnwrap(rows.timelines.rules.resolve(day(d), calendarId: id)).minutes
    }

    // MARK: - Timelines

    func testTheLunchBreakIsNotWorked() throws {
        for (mode, t) in try standardTimelines() {
            XCTAssertEqual(t.worked(at: at("2026-12-07T12:30")) - t.worked(at: at("2026-12-07T08:00")), 240, mode)
            XCTAssertEqual(t.worked(at: at("2026-12-07T13:00")) - t.worked(at: at("2026-12-07T12:00")), 0, mode)
            XCTAssertEqual(t.worked(at: at("2026-12-07T13:30")) - t.worked(at: at("2026-12-07T11:30")), 60, mode)
        }
    }

    func testWorkAfterTheLunchBreakResumesAt13() throws {
        for (mode, t) in try standardTimelines() {
            XCTAssertEqual(t.startMoment(worked: t.worked(at: at("2026-12-07T12:00"))), at("2026-12-07T13:00"), mode)
        }
    }

    func testTheWeekendIsSkipped() throws {
        for (mode, t) in try standardTimelines() {
            XCTAssertEqual(t.worked(at: at("2026-12-14T08:00")) - t.worked(at: at("2026-12-11T17:00")), 0, mode)
            XCTAssertEqual(t.startMoment(worked: t.worked(at: at("2026-12-11T17:00"))), at("2026-12-14T08:00"), mode)
            // A week: five days of 480.
            XCTAssertEqual(t.worked(at: at("2026-12-14T00:00")) - t.worked(at: at("2026-12-07T00:00")), 2400, mode)
        }
    }

    /// Thursday 2026-12-24 16:00 plus 120: 60 on Thursday, Christmas Friday and the weekend
    /// skipped, 60 on Monday from 08:00.
    func testAHolidayExceptionIsSkipped() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-25", calendarId: "C1", name: "Christmas",
                                         fromDate: day("2026-12-25"), toDate: day("2026-12-25"), working: false))
        let t = try timeline(rows)
        XCTAssertEqual(t.finishMoment(worked: t.worked(at: at("2026-12-24T16:00")) + 120), at("2026-12-28T09:00"))
    }

    /// Friday 2026-12-04 15:00 plus 240: 120 on Friday, 120 on the Saturday worked 08:00-12:00.
    func testAWorkingSaturdayExceptionIsWorkedForItsTimes() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-05", calendarId: "C1", fromDate: day("2026-12-05"),
                                         toDate: day("2026-12-05"), working: true), [(480, 720)])
        let t = try timeline(rows)
        XCTAssertEqual(t.finishMoment(worked: t.worked(at: at("2026-12-04T15:00")) + 240), at("2026-12-05T10:00"))
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-05"), 240)
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-12"), 0)
    }

    /// Ana, based on Standard: Monday off and Saturday 09:00-13:00 of her own, the other days
    /// Standard's, and Standard's Christmas.
    func testADerivedCalendarInheritsTheDaysAndExceptionsItDoesNotList() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-25", calendarId: "C1", fromDate: day("2026-12-25"),
                                         toDate: day("2026-12-25"), working: false))
        rows.calendar("C2", base: "C1")
        rows.weekDay("C2", 2, nil)
        rows.weekDay("C2", 7, [(540, 780)])
        XCTAssertEqual(try minutes(rows, "C2", "2026-12-07"), 0)      // Monday
        XCTAssertEqual(try minutes(rows, "C2", "2026-12-08"), 480)    // Tuesday, Standard's
        XCTAssertEqual(try minutes(rows, "C2", "2026-12-12"), 240)    // Saturday, her own
        XCTAssertEqual(try minutes(rows, "C2", "2026-12-25"), 0)      // Standard's Christmas
        let t = try timeline(rows, "C2")
        // Friday 16:00 plus 120: 60 on Friday, Saturday 09:00-10:00.
        XCTAssertEqual(t.finishMoment(worked: t.worked(at: at("2026-12-11T16:00")) + 120), at("2026-12-12T10:00"))
    }

    /// A base calendar's exception comes before the derived calendar's own week (step 1).
    func testABaseCalendarsExceptionComesBeforeTheDerivedWeek() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-05", calendarId: "C1", fromDate: day("2026-12-05"),
                                         toDate: day("2026-12-05"), working: true), [(480, 720)])
        rows.calendar("C2", base: "C1")
        rows.weekDay("C2", 7, [(540, 780)])
        let d = try XCTUnwrap(rows.timelines.rules.resolve(day("2026-12-05"), calendarId: "C2"))
        XCTAssertEqual(d.ranges, [WorkingRange(from: 480, to: 720)])
        XCTAssertEqual(d.rule, .exception("C1/E2026-12-05"))
    }

    /// Summer work week 2027-07-05 to 2027-08-27: Friday 08:00-12:00; Thursday keeps the
    /// default week, and the Friday after the period is a full day again.
    func testAWorkWeekReplacesTheDaysItListsBetweenItsDates() throws {
        var rows = standard()
        rows.weeks.append(CalendarWorkWeek(id: "C1/W2027-07-05", calendarId: "C1", name: "Summer",
                                           fromDate: day("2027-07-05"), toDate: day("2027-08-27")))
        rows.weekDay("C1", 6, [(480, 720)], week: "C1/W2027-07-05")
        XCTAssertEqual(try minutes(rows, "C1", "2027-07-09"), 240)
        XCTAssertEqual(try minutes(rows, "C1", "2027-07-08"), 480)
        XCTAssertEqual(try minutes(rows, "C1", "2027-09-03"), 480)
        let t = try timeline(rows)
        // Friday 2027-07-09 08:00 to Monday 08:00: 240.
        XCTAssertEqual(t.worked(at: at("2027-07-12T08:00")) - t.worked(at: at("2027-07-09T08:00")), 240)
    }

    /// Christmas every year (type 2, month 11 = December, day 25) from 2026 to 2030.
    func testAYearlyExceptionRecursOnItsDay() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-25", calendarId: "C1", fromDate: day("2026-12-25"),
                                         toDate: day("2030-12-25"), working: false, recurrenceType: 2, monthDay: 25, month: 11))
        XCTAssertEqual(try minutes(rows, "C1", "2028-12-25"), 0)      // a Monday
        XCTAssertEqual(try minutes(rows, "C1", "2028-12-26"), 480)
        XCTAssertEqual(try minutes(rows, "C1", "2027-11-25"), 480)    // another month
        XCTAssertEqual(try minutes(rows, "C1", "2031-12-25"), 480)    // after its last date (a Thursday)
    }

    /// Thanksgiving: the fourth (position 3) Thursday (item 7) of November (month 10): 2026-11-26
    /// and 2027-11-25, not 2027-11-18.
    func testAYearlyPositionalExceptionFallsOnTheFourthThursdayOfNovember() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-11-26", calendarId: "C1", fromDate: day("2026-11-26"),
                                         toDate: day("2030-11-28"), working: false, recurrenceType: 3,
                                         monthItem: 7, monthPosition: 3, month: 10))
        XCTAssertEqual(try minutes(rows, "C1", "2026-11-26"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2027-11-25"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2027-11-18"), 480)
    }

    /// Every second Friday (type 6, period 2, days 32) from 2027-01-01: the 1st and 15th off,
    /// the 8th worked.
    func testAWeeklyExceptionEveryTwoWeeksTakesEverySecondFriday() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2027-01-01", calendarId: "C1", fromDate: day("2027-01-01"),
                                         toDate: day("2027-02-26"), working: false, recurrenceType: 6, period: 2, daysOfWeek: 32))
        XCTAssertEqual(try minutes(rows, "C1", "2027-01-01"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2027-01-08"), 480)
        XCTAssertEqual(try minutes(rows, "C1", "2027-01-15"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2027-01-14"), 480)
    }

    /// The last (position 4) weekday (item 1) of every month (type 5): 2027-01-29 (a Friday)
    /// and 2027-02-26 off, 2027-01-28 worked; the 15th of every second month (type 4) from
    /// January 2027: 2027-03-15 off, 2027-02-15 worked.
    func testMonthlyExceptionsByDayAndByPosition() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2027-01-29", calendarId: "C1", fromDate: day("2027-01-29"),
                                         toDate: day("2027-12-31"), working: false, recurrenceType: 5, period: 1,
                                         monthItem: 1, monthPosition: 4))
        rows.exception(CalendarException(id: "C1/E2027-01-15", calendarId: "C1", fromDate: day("2027-01-15"),
                                         toDate: day("2027-12-31"), working: false, recurrenceType: 4, period: 2, monthDay: 15))
        XCTAssertEqual(try minutes(rows, "C1", "2027-01-29"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2027-02-26"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2027-01-28"), 480)
        XCTAssertEqual(try minutes(rows, "C1", "2027-03-15"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2027-02-15"), 480)
    }

    /// Every third day (type 1, period 3) from Monday 2026-12-07: the 7th and 10th off, the
    /// 8th and 9th worked.
    func testADailyExceptionTakesEveryPeriodthDay() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-07", calendarId: "C1", fromDate: day("2026-12-07"),
                                         toDate: day("2026-12-31"), working: false, recurrenceType: 1, period: 3))
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-07"), 0)
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-08"), 480)
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-09"), 480)
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-10"), 0)
    }

    /// Friday 17:00: work of the count there ends there (finish), work after it starts on
    /// Monday 08:00 (start).
    func testStartAndFinishMomentsDifferAtTheDaysEnd() throws {
        for (mode, t) in try standardTimelines() {
            let w = t.worked(at: at("2026-12-11T17:00"))
            XCTAssertEqual(t.finishMoment(worked: w), at("2026-12-11T17:00"), mode)
            XCTAssertEqual(t.startMoment(worked: w), at("2026-12-14T08:00"), mode)
        }
    }

    /// At Monday 08:00 the last minute worked ended on Friday at 17:00.
    func testTheFinishOfTheCountAtADaysStartIsThePreviousWorkingDaysEnd() throws {
        for (mode, t) in try standardTimelines() {
            let w = t.worked(at: at("2026-12-14T08:00"))
            XCTAssertEqual(t.finishMoment(worked: w), at("2026-12-11T17:00"), mode)
            XCTAssertEqual(t.startMoment(worked: w), at("2026-12-14T08:00"), mode)
        }
    }

    /// Monday 10:00 less 120 minutes is Monday 08:00 (start) or Friday 17:00 (finish); 720
    /// less reaches Thursday 15:00 (120 on Monday, 480 on Friday, 120 on Thursday).
    func testNegativeMinutesCountBackwards() throws {
        for (mode, t) in try standardTimelines() {
            let w = t.worked(at: at("2026-12-14T10:00"))
            XCTAssertEqual(t.startMoment(worked: w - 120), at("2026-12-14T08:00"), mode)
            XCTAssertEqual(t.finishMoment(worked: w - 120), at("2026-12-11T17:00"), mode)
            XCTAssertEqual(t.startMoment(worked: w - 720), at("2026-12-10T15:00"), mode)
        }
    }

    /// Asked first in 2026, then about 2020: the span grows back and the counts still agree
    /// with the calendar (a week of 2,400 minutes).
    func testTheTimelineGrowsBackBeforeTheFirstDayAsked() throws {
        for (mode, t) in try standardTimelines() {
            _ = t.worked(at: at("2026-12-07T08:00"))
            XCTAssertEqual(t.worked(at: at("2020-06-08T00:00")) - t.worked(at: at("2020-06-01T00:00")), 2400, mode)
            XCTAssertEqual(t.startMoment(worked: t.worked(at: at("2020-06-05T17:00"))), at("2020-06-08T08:00"), mode)
        }
    }

    func testZeroMinutesFromALunchBreakStartsAfterIt() throws {
        for (mode, t) in try standardTimelines() {
            XCTAssertEqual(t.startMoment(worked: t.worked(at: at("2026-12-07T12:30"))), at("2026-12-07T13:00"), mode)
            XCTAssertEqual(t.finishMoment(worked: t.worked(at: at("2026-12-07T12:30"))), at("2026-12-07T12:00"), mode)
        }
    }

    /// A calendar with no working time: the count never moves, and a minute of work maps to
    /// the horizon, 100 years (36,525 days) after the first day asked about: 2026-12-07 plus
    /// 36,524 days (24 leap days to 2126) is 2126-12-07, plus one is 2126-12-08.
    func testACalendarWithoutWorkingTimeEndsAtTheHorizon() throws {
        var rows = Rows()
        rows.calendar("C9")
        let t = try timeline(rows, "C9")
        let w = t.worked(at: at("2026-12-07T08:00"))
        XCTAssertEqual(t.worked(at: at("2030-01-01T08:00")), w)
        XCTAssertEqual(t.startMoment(worked: w + 1), at("2126-12-08T00:00"))
        XCTAssertEqual(t.finishMoment(worked: w + 1), at("2126-12-08T00:00"))
    }

    func testADayMarkedWorkingWithNoTimesIsWorkedWithNoMinutes() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-05", calendarId: "C1", fromDate: day("2026-12-05"),
                                         toDate: day("2026-12-05"), working: true))
        let d = try XCTUnwrap(rows.timelines.rules.resolve(day("2026-12-05"), calendarId: "C1"))
        XCTAssertTrue(d.isWorking)
        XCTAssertEqual(d.minutes, 0)
    }

    /// C5 based on C6 and C6 on C5: C5's Monday is C6's, and resolving ends.
    func testACycleOfBaseCalendarsEnds() throws {
        var rows = Rows()
        rows.calendar("C5", base: "C6")
        rows.calendar("C6", base: "C5")
        rows.weekDay("C6", 2, [(480, 1020)])
        XCTAssertEqual(try minutes(rows, "C5", "2026-12-07"), 540)
        XCTAssertEqual(try minutes(rows, "C5", "2026-12-08"), 0)
    }

    func testADayNoCalendarListsIsNotWorkedAndHasNoRule() throws {
        var rows = Rows()
        rows.calendar("C1")
        rows.weekDay("C1", 2, [(480, 1020)])
        let d = try XCTUnwrap(rows.timelines.rules.resolve(day("2026-12-08"), calendarId: "C1"))
        XCTAssertEqual(d, ResolvedDay(isWorking: false, ranges: [], rule: nil))
    }

    func testNoCalendarIdIsTheStandardCalendar() throws {
        let t = try XCTUnwrap(CalendarTimelines().timeline(for: nil))
        XCTAssertEqual(t.worked(at: at("2026-12-14T00:00")) - t.worked(at: at("2026-12-07T00:00")), 2400)
        XCTAssertEqual(t.startMoment(worked: t.worked(at: at("2026-12-07T12:00"))), at("2026-12-07T13:00"))
    }

    func testAnUnknownCalendarHasNoTimeline() {
        XCTAssertNil(CalendarTimelines().timeline(for: "nope"))
    }

    /// Two projects' copies of Standard, with their own ids, share one timeline.
    func testCalendarsWithTheSameRulesShareATimeline() throws {
        var rows = standard()
        rows.calendar("C7")
        rows.standardWeek("C7")
        let timelines = rows.timelines
        let a = try XCTUnwrap(timelines.timeline(for: "C1")), b = try XCTUnwrap(timelines.timeline(for: "C7"))
        XCTAssertTrue(a === b)
    }

    /// Overlapping times (08:00-12:00 and 11:00-13:00) count once: 300 minutes.
    func testOverlappingTimesAreMerged() throws {
        var rows = Rows()
        rows.calendar("C1")
        rows.weekDay("C1", 2, [(480, 720), (660, 780)])
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-07"), 300)
    }

    // MARK: - pmo.worktime's questions

    /// December 2026 on Standard with Christmas off: 23 weekdays less one.
    func testWorkingDaysCountTheDaysWorkedBetweenTwoDates() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2026-12-25", calendarId: "C1", fromDate: day("2026-12-25"),
                                         toDate: day("2026-12-25"), working: false))
        XCTAssertEqual(rows.timelines.workingDays(calendarId: "C1", from: day("2026-12-01"), to: day("2026-12-31")), 22)
    }

    /// A round-the-clock Monday (00:00-24:00): an hour from 23:00 ends at minute 1440 of the
    /// Monday, not at 00:00 on Tuesday.
    func testWorkEndingAtMidnightEndsAtMinute1440OfItsDay() throws {
        var rows = Rows()
        rows.calendar("C1")
        rows.weekDay("C1", 2, [(0, 1440)])
        XCTAssertEqual(rows.timelines.addWorkingMinutes(calendarId: "C1", day: day("2026-12-07"), minute: 1380, minutes: 60),
                       .ends(day: day("2026-12-07"), minute: 1440))
    }

    /// Standard with eleven years off from 2027-01-01 to 2037-12-31: work from Thursday
    /// 2026-12-31 17:00 meets more than ten years without working time, counted from the 31st
    /// (nothing is worked on it after 17:00).
    func testAddingWorkAcrossTenYearsWithoutWorkingTimeStops() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E2027-01-01", calendarId: "C1", fromDate: day("2027-01-01"),
                                         toDate: day("2037-12-31"), working: false))
        XCTAssertEqual(rows.timelines.addWorkingMinutes(calendarId: "C1", day: day("2026-12-31"), minute: 1020, minutes: 60),
                       .noWorkingTime(idleFrom: day("2026-12-31")))
    }

    /// Twenty million minutes of a 480-minute day are 41,667 working days, some 160 years.
    func testAddingWorkPastTheHorizonSaysSo() throws {
        XCTAssertEqual(standard().timelines.addWorkingMinutes(calendarId: "C1", day: day("2026-12-07"), minute: 480, minutes: 20_000_000),
                       .beyondHorizon)
    }

    /// A year from Monday 2026-12-07: 52 weeks of 2,400 minutes; and its last working
    /// minute ends on Friday 2027-12-03 at 17:00.
    func testAYearOfStandardWeeksCounts124800Minutes() throws {
        for (mode, t) in try standardTimelines() {
            let w = t.worked(at: at("2026-12-07T00:00"))
            XCTAssertEqual(t.worked(at: at("2027-12-06T00:00")) - w, 124_800, mode)
            XCTAssertEqual(t.finishMoment(worked: w + 124_800), at("2027-12-03T17:00"), mode)
            XCTAssertEqual(t.startMoment(worked: w + 124_800), at("2027-12-06T08:00"), mode)
        }
    }

    /// Asked first in 2026, a moment 101 years before counts as the horizon's start, 100
    /// years (36,525 days) back: 2026-12-07 less 36,525 days is 1926-12-07 (25 leap days
    /// between, 1928 to 2024), and the counts of the two are equal.
    func testAMomentBeyondTheHorizonCountsAsTheHorizon() throws {
        for (mode, t) in try standardTimelines() {
            _ = t.worked(at: at("2026-12-07T08:00"))
            XCTAssertEqual(t.worked(at: at("1925-12-07T10:00")), t.worked(at: at("1926-12-07T00:00")), mode)
            XCTAssertEqual(t.startMoment(worked: t.worked(at: at("1925-12-07T10:00")) - 1), at("1926-12-07T00:00"), mode)
        }
    }

    /// Stored values out of MSPDI's ranges (a month, item or position at Int's limits, a
    /// period below 1) select no day and stop nothing: Monday 2026-12-07 keeps its 480 minutes.
    func testAnExceptionWithOutOfRangeFieldsSelectsNoDay() throws {
        var rows = standard()
        rows.exception(CalendarException(id: "C1/E1", calendarId: "C1", fromDate: day("2026-12-01"), toDate: day("2026-12-31"),
                                         working: false, recurrenceType: 3, monthItem: Int.min, monthPosition: Int.max, month: Int.max))
        rows.exception(CalendarException(id: "C1/E2", calendarId: "C1", fromDate: day("2026-12-01"), toDate: day("2026-12-31"),
                                         working: false, recurrenceType: 5, period: Int.min, monthItem: 4, monthPosition: Int.max))
        XCTAssertEqual(try minutes(rows, "C1", "2026-12-07"), 480)
    }

    /// Counts at Int's limits map to the horizon's ends (asked first on 2026-12-07: 1926-12-07
    /// and 2126-12-08), by either way of counting.
    func testCountsAtIntsLimitsMapToTheHorizon() throws {
        for (mode, t) in try standardTimelines() {
            _ = t.worked(at: at("2026-12-07T08:00"))
            XCTAssertEqual(t.startMoment(worked: Int.max), at("2126-12-08T00:00"), mode)
            XCTAssertEqual(t.finishMoment(worked: Int.max), at("2126-12-08T00:00"), mode)
            XCTAssertEqual(t.startMoment(worked: Int.min), at("1926-12-07T00:00"), mode)
            XCTAssertEqual(t.finishMoment(worked: Int.min), at("1926-12-07T00:00"), mode)
        }
    }
}
