import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// `pmo.worktime` on stored calendars, against days worked out by hand from the calendars of
/// Tests/PMOStoreTests/Fixtures/mspdi/calendars.xml:
/// - Standard (C1): Monday-Friday 08:00-12:00, 13:00-17:00; exceptions: 2026-12-05 (a
///   Saturday) worked 08:00-12:00, 2026-12-25 off, Thanksgiving (fourth Thursday of
///   November, 2026-2030) off, every second Friday from 2027-01-01 to 2027-02-26 off; work
///   week Summer 2027-07-05 to 2027-08-27 with Friday 08:00-12:00.
/// - Ana (C2), based on Standard: Monday off, Saturday 09:00-13:00, 2026-12-24 off.
/// - Crane (C3), based on Standard, lists nothing.
/// December 2026 starts on a Tuesday and has 23 weekdays.
final class WorkTimeTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PMOStoreTests/Fixtures/mspdi/calendars.xml").path
        let store = try PortfolioStore()
        _ = try MSPDIImporter().importFile(at: fixture, into: store)
        lua = try LuaState()
        try PMOSession(store: store, today: Day("2026-11-27")).install(in: lua)
        _ = try lua.run("std, ana, crane = pmo.calendar('calendars/C1'), pmo.calendar('calendars/C2'), pmo.calendar('calendars/C3')",
                        name: "=setup")
    }

    func run(_ code: String) throws -> LuaValue { try lua.run(code, name: "=test").first ?? .nil }

    func testAWeekdayIsWorkingAndAWeekendDayIsNot() throws {
        XCTAssertEqual(try run("return std:is_working('2026-12-07')"), .boolean(true))   // Monday
        XCTAssertEqual(try run("return std:is_working('2026-12-06')"), .boolean(false))  // Sunday
    }

    func testAHolidayIsNotWorking() throws {
        XCTAssertEqual(try run("return std:is_working('2026-12-25')"), .boolean(false))
    }

    func testASaturdayExceptionIsWorkedForItsTimesOnly() throws {
        XCTAssertEqual(try run("return std:working_minutes('2026-12-05')").intValue, 240)
        XCTAssertEqual(try run("return std:is_working('2026-12-12')"), .boolean(false))
    }

    /// 23 weekdays, less Christmas (a Friday), plus the worked Saturday 5th.
    func testWorkingDaysOfDecemberCountHolidaysAndWorkedWeekends() throws {
        XCTAssertEqual(try run("return std:working_days('2026-12-01', '2026-12-31')").intValue, 23)
    }

    /// Minutes 480-719 and 780-1019 of a Monday are working time; 479, 720 and 1020 are not.
    func testAMinuteIsWorkingInsideItsRangesAndNotAtTheirEnds() throws {
        XCTAssertEqual(try run("""
            local out = {}
            for _, m in ipairs({479, 480, 719, 720, 779, 780, 1019, 1020}) do out[#out + 1] = tostring(std:is_working('2026-12-07', m)) end
            return table.concat(out, ' ')
            """).stringValue, "false true true false false true true false")
    }

    /// The fourth Thursday of November: 2026-11-26 and 2027-11-25, not 2027-11-18.
    func testAYearlyPositionalExceptionFallsOnTheFourthThursdayOfNovember() throws {
        XCTAssertEqual(try run("return std:is_working('2026-11-26')"), .boolean(false))
        XCTAssertEqual(try run("return std:is_working('2027-11-25')"), .boolean(false))
        XCTAssertEqual(try run("return std:is_working('2027-11-18')"), .boolean(true))
    }

    /// Every second Friday from 2027-01-01: January 2027 has 21 weekdays, of which the
    /// Fridays 1st, 15th and 29th are off (the 8th and 22nd are worked).
    func testAWeeklyExceptionEveryTwoWeeksTakesEverySecondFriday() throws {
        XCTAssertEqual(try run("return std:working_days('2027-01-01', '2027-01-31')").intValue, 18)
        XCTAssertEqual(try run("return std:is_working('2027-01-08')"), .boolean(true))
        XCTAssertEqual(try run("return std:is_working('2027-01-15')"), .boolean(false))
    }

    /// In the Summer work week Friday is 08:00-12:00; Thursday keeps the default week, and
    /// the Friday after the work week is a full day again.
    func testAWorkWeekReplacesTheDaysItListsBetweenItsDates() throws {
        XCTAssertEqual(try run("return std:working_minutes('2027-07-09')").intValue, 240)
        XCTAssertEqual(try run("return std:working_minutes('2027-07-08')").intValue, 480)
        XCTAssertEqual(try run("return std:working_minutes('2027-09-03')").intValue, 480)
    }

    /// Ana: Monday off and Saturday 09:00-13:00 (her own), Tuesday from Standard.
    func testADerivedCalendarInheritsTheDaysItDoesNotList() throws {
        XCTAssertEqual(try run("return ana:is_working('2026-12-07')"), .boolean(false))
        XCTAssertEqual(try run("return ana:working_minutes('2026-12-12')").intValue, 240)
        XCTAssertEqual(try run("return ana:working_minutes('2026-12-08')").intValue, 480)
    }

    /// Standard's worked Saturday (2026-12-05, 08:00-12:00) is an exception, so it comes
    /// before Ana's own Saturday (09:00-13:00).
    func testABaseCalendarsExceptionComesBeforeTheDerivedCalendarsWeek() throws {
        XCTAssertEqual(try run("""
            local t = ana:working_times('2026-12-05')
            return #t .. ':' .. t[1].from .. '-' .. t[1].to
            """).stringValue, "1:480-720")
    }

    /// Ana in December 2026: Tuesday to Saturday, 23 days, less her leave (Thursday 24th) and
    /// Standard's Christmas (Friday 25th).
    func testADerivedCalendarCountsItsOwnAndItsBasesHolidays() throws {
        XCTAssertEqual(try run("return ana:working_days('2026-12-01', '2026-12-31')").intValue, 21)
    }

    /// 2026-2035 has 2,608 weekdays; less five Thanksgivings (2026-11-26, 2027-11-25,
    /// 2028-11-23, 2029-11-22, 2030-11-28), Christmas 2026 and five Fridays off, plus the
    /// worked Saturday: 2,598. (The Summer Fridays are short days, still worked.)
    func testTenYearsOfWorkingDaysCountEveryException() throws {
        XCTAssertEqual(try run("return std:working_days('2026-01-01', '2035-12-31')").intValue, 2598)
    }

    func testACalendarListingNothingIsItsBase() throws {
        XCTAssertEqual(try run("return crane:working_days('2026-12-01', '2026-12-31')").intValue, 23)
    }

    func testProjectTaskAndResourceReachTheirCalendars() throws {
        XCTAssertEqual(try run("""
            return pmo.project('calendars'):calendar().id .. ' ' .. pmo.task('calendars/T1'):calendar().id .. ' '
              .. tostring(pmo.task('calendars/T2'):calendar()) .. ' ' .. pmo.resource('calendars/R1'):calendar().name
            """).stringValue, "calendars/C1 calendars/C3 nil Ana")
    }

    /// The week of Sunday 2026-12-06 on Standard: five days of 480 minutes.
    func testWorkingMinutesOverAWeek() throws {
        XCTAssertEqual(try run("return std:working_minutes('2026-12-06', '2026-12-12')").intValue, 2400)
    }

    func testWorkingTimesOfADayOffIsEmptyAndNamesTheException() throws {
        XCTAssertEqual(try run("""
            local t, row = std:working_times('2026-12-25')
            return #t .. ' ' .. row.name
            """).stringValue, "0 Christmas")
    }

    /// Monday 08:00 plus 480 working minutes ends at 17:00 the same day, not 08:00 Tuesday.
    func testAddingADayOfWorkFromTheStartEndsAtTheDaysEnd() throws {
        XCTAssertEqual(try run("local d, m = std:add_working_minutes('2026-12-07', 480, 480) return tostring(d) .. ' ' .. m").stringValue,
                       "2026-12-07 1020")
    }

    /// Monday 10:00 plus 480: 120 to noon, 240 in the afternoon, 120 on Tuesday from 08:00.
    func testAddingWorkCarriesOverTheLunchBreakAndTheNight() throws {
        XCTAssertEqual(try run("local d, m = std:add_working_minutes('2026-12-07', 600, 480) return tostring(d) .. ' ' .. m").stringValue,
                       "2026-12-08 600")
    }

    /// Friday 2026-12-04 15:00 plus 240: 120 on Friday, 120 on the worked Saturday from 08:00.
    func testAddingWorkUsesAWorkedWeekendException() throws {
        XCTAssertEqual(try run("local d, m = std:add_working_minutes('2026-12-04', 900, 240) return tostring(d) .. ' ' .. m").stringValue,
                       "2026-12-05 600")
    }

    /// Thursday 2026-12-24 17:00 plus 60: Christmas Friday and the weekend are skipped.
    func testAddingWorkSkipsAHolidayAndTheWeekend() throws {
        XCTAssertEqual(try run("local d, m = std:add_working_minutes('2026-12-24', 1020, 60) return tostring(d) .. ' ' .. m").stringValue,
                       "2026-12-28 540")
    }

    /// 12:30 is in the lunch break: 30 working minutes end at 13:30.
    func testAddingWorkFromABreakStartsAtTheNextRange() throws {
        XCTAssertEqual(try run("local d, m = std:add_working_minutes('2026-12-07', 750, 30) return tostring(d) .. ' ' .. m").stringValue,
                       "2026-12-07 810")
    }

    func testACalendarWithoutWorkingTimeCannotAddWork() throws {
        XCTAssertThrowsError(try run("""
            pmo.transaction(function(tx) tx:insert('calendar', { id = 'calendars/C9', project_id = 'calendars', is_base = true }) end)
            return pmo.calendar('calendars/C9'):add_working_minutes('2026-12-07', 480, 1)
            """)) { error in
            XCTAssertTrue("\(error)".contains("no working time in the ten years after 2026-12-07"), "\(error)")
        }
    }

    func testABadDateIsAnArgumentError() throws {
        XCTAssertThrowsError(try run("return std:is_working('2026-13-01')")) { error in
            XCTAssertTrue("\(error)".contains("bad argument #2 to 'is_working'"), "\(error)")
        }
    }

    func testASpanThatEndsBeforeItStartsIsAnArgumentError() throws {
        XCTAssertThrowsError(try run("return std:working_days('2026-12-31', '2026-12-01')")) { error in
            XCTAssertTrue("\(error)".contains("bad argument #3 to 'working_days'"), "\(error)")
        }
    }

    func testAMinuteOutOfTheDayIsAnArgumentError() throws {
        XCTAssertThrowsError(try run("return std:is_working('2026-12-07', 1440)")) { error in
            XCTAssertTrue("\(error)".contains("bad argument #3 to 'is_working'"), "\(error)")
        }
    }

    /// An exception written as known from 2099-06-01 (a date after the import, whenever the
    /// test runs) makes Monday 2026-12-07 a day off when read as of that date, not as of the
    /// day before.
    func testWorkingTimeIsReadAsOfTheSessionsDate() throws {
        XCTAssertEqual(try run("""
            pmo.asof('2099-06-01')
            pmo.transaction(function(tx)
              tx:insert('calendar_exception', { id = 'calendars/C1/E2026-12-07', calendar_id = 'calendars/C1',
                from_date = '2026-12-07', to_date = '2026-12-07', working = false })
            end)
            local after = pmo.calendar('calendars/C1'):is_working('2026-12-07')
            pmo.asof('2099-05-31')
            local before = pmo.calendar('calendars/C1'):is_working('2026-12-07')
            return tostring(before) .. ' ' .. tostring(after)
            """).stringValue, "true false")
    }

    /// Twenty million working minutes (some 160 years of 480-minute days) end past the 100
    /// years a calendar is resolved for.
    func testWorkEndingMoreThanAHundredYearsAwayIsAnError() throws {
        XCTAssertThrowsError(try run("return std:add_working_minutes('2026-12-07', 480, 20000000)")) { error in
            XCTAssertTrue("\(error)".contains("end more than 100 years after 2026-12-07"), "\(error)")
        }
    }

    /// A calendar record held after its calendar was deleted no longer answers.
    func testACalendarNoLongerStoredIsAnArgumentError() throws {
        XCTAssertThrowsError(try run("""
            local c = pmo.calendar('calendars/C3')
            pmo.transaction(function(tx) tx:delete(c) end)
            return c:is_working('2026-12-07')
            """)) { error in
            XCTAssertTrue("\(error)".contains("bad argument #1 to 'is_working' (no calendar \"calendars/C3\""), "\(error)")
        }
    }

    /// Ana's Christmas is Standard's: the row that decides it is Standard's exception.
    func testTheRowDecidingADerivedCalendarsDayCanBeItsBases() throws {
        XCTAssertEqual(try run("""
            local t, row = ana:working_times('2026-12-25')
            return #t .. ' ' .. row.id .. ' ' .. row.name
            """).stringValue, "0 calendars/C1/E2026-12-25 Christmas")
    }

    /// Ana's Tuesday is Standard's week day (type 3).
    func testADayTypeADerivedCalendarDoesNotListIsDecidedByItsBasesWeekDay() throws {
        XCTAssertEqual(try run("""
            local t, row = ana:working_times('2026-12-08')
            return #t .. ' ' .. row.id
            """).stringValue, "2 calendars/C1/D3")
    }
}
