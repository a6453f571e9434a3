/// A working-time calendar of a project (MS Project's base calendars, and the calendars of
/// its resources and tasks): which days are worked and when, with exceptions.
///
/// Stored as the source writes it: a calendar's own week days, exceptions and work weeks,
/// plus the calendar it is based on. A day type the calendar does not list is the base
/// calendar's (MSPDI leaves it out when it is inherited); `pmo.calendar` resolves it on read.
public struct WorkCalendar: Codable, Hashable, Sendable {
    /// Stable id from the project and the source's calendar UID, e.g. `PRJ-042/C3`.
    public var id: String
    /// The project whose file defined it.
    public var projectId: String
    /// Name, e.g. `Standard`, `Night Shift`, or the resource's name for a resource calendar.
    public var name: String?
    /// True for a base calendar (one that others, and resources, can be based on).
    public var isBase: Bool
    /// The calendar whose week days and exceptions this one inherits where it lists none.
    public var baseCalendarId: String?

    /// Creates a calendar.
    public init(id: String, projectId: String, name: String? = nil, isBase: Bool = false, baseCalendarId: String? = nil) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.isBase = isBase
        self.baseCalendarId = baseCalendarId
    }
}

/// A named period of a calendar with a week of its own (MS Project 2007+ "work weeks"):
/// between its dates, its week days replace the calendar's default week.
public struct CalendarWorkWeek: Codable, Hashable, Sendable {
    /// `<calendar id>/W<from date>`, e.g. `PRJ-042/C1/W2026-07-01`.
    public var id: String
    /// The calendar.
    public var calendarId: String
    /// Name as written.
    public var name: String?
    /// First day of the period.
    public var fromDate: Day
    /// Last day of the period.
    public var toDate: Day

    /// Creates a work week.
    public init(id: String, calendarId: String, name: String? = nil, fromDate: Day, toDate: Day) {
        self.id = id
        self.calendarId = calendarId
        self.name = name
        self.fromDate = fromDate
        self.toDate = toDate
    }
}

/// One day of the week of a calendar (or of one of its work weeks): worked or not.
public struct CalendarWeekDay: Codable, Hashable, Sendable {
    /// `<calendar id>/D<day type>`, or `<work week id>/D<day type>`.
    public var id: String
    /// The calendar.
    public var calendarId: String
    /// The work week it belongs to; nil for the calendar's default week.
    public var workWeekId: String?
    /// 1 = Sunday ... 7 = Saturday (MSPDI `DayType`).
    public var dayType: Int
    /// True when the day has working time (its times are `CalendarTime` rows).
    public var working: Bool

    /// Creates a week day.
    public init(id: String, calendarId: String, workWeekId: String? = nil, dayType: Int, working: Bool) {
        self.id = id
        self.calendarId = calendarId
        self.workWeekId = workWeekId
        self.dayType = dayType
        self.working = working
    }
}

/// An exception to a calendar's week: days off (a holiday) or days with other working times
/// (a Saturday worked), once or recurring.
///
/// The recurrence is kept as MS Project 2007+ writes it (MSPDI `Exception`): `recurrenceType`
/// 1 daily, 2 yearly on a day of a month, 3 yearly on a position (the fourth Thursday of
/// November), 4 monthly on a day, 5 monthly on a position, 6 weekly, 7 daily by count, 8
/// weekdays by count; nil for an exception on every day from `fromDate` to `toDate`. The
/// exception applies on the days between its two dates that the recurrence selects
/// (`pmo.calendar` applies it; docs/importers.md states the rule).
public struct CalendarException: Codable, Hashable, Sendable {
    /// `<calendar id>/E<from date>`, e.g. `PRJ-042/C1/E2026-12-25`.
    public var id: String
    /// The calendar.
    public var calendarId: String
    /// Name as written (`Christmas`).
    public var name: String?
    /// First day it may apply.
    public var fromDate: Day
    /// Last day it may apply.
    public var toDate: Day
    /// True when the days it selects are worked (their times are `CalendarTime` rows).
    public var working: Bool
    /// MSPDI `Type`, 1-8 (above); nil when not recurring.
    public var recurrenceType: Int?
    /// MSPDI `Occurrences`: how many times it recurs.
    public var occurrences: Int?
    /// MSPDI `Period`: every n days, weeks, months or years.
    public var period: Int?
    /// MSPDI `DaysOfWeek`: for weekly ones, a sum of 1 Sunday, 2 Monday, 4, 8, 16, 32, 64 Saturday.
    public var daysOfWeek: Int?
    /// MSPDI `MonthDay`: the day of the month, 1-31.
    public var monthDay: Int?
    /// MSPDI `MonthItem`: 0 day, 1 weekday, 2 weekend day, 3 Sunday ... 9 Saturday.
    public var monthItem: Int?
    /// MSPDI `MonthPosition`: 0 first, 1 second, 2 third, 3 fourth, 4 last.
    public var monthPosition: Int?
    /// MSPDI `Month`: 0 January ... 11 December.
    public var month: Int?

    /// Creates an exception.
    public init(id: String, calendarId: String, name: String? = nil, fromDate: Day, toDate: Day, working: Bool,
                recurrenceType: Int? = nil, occurrences: Int? = nil, period: Int? = nil, daysOfWeek: Int? = nil,
                monthDay: Int? = nil, monthItem: Int? = nil, monthPosition: Int? = nil, month: Int? = nil) {
        self.id = id
        self.calendarId = calendarId
        self.name = name
        self.fromDate = fromDate
        self.toDate = toDate
        self.working = working
        self.recurrenceType = recurrenceType
        self.occurrences = occurrences
        self.period = period
        self.daysOfWeek = daysOfWeek
        self.monthDay = monthDay
        self.monthItem = monthItem
        self.monthPosition = monthPosition
        self.month = month
    }
}

/// One working time range of a week day or an exception, in minutes from midnight.
public struct CalendarTime: Codable, Hashable, Sendable {
    /// `<week day or exception id>/T<n>`, n from 1 in the day's order.
    public var id: String
    /// The week day it belongs to (or nil).
    public var weekDayId: String?
    /// The exception it belongs to (or nil).
    public var exceptionId: String?
    /// Start, 0-1439 (08:00 is 480).
    public var fromMinute: Int
    /// End, 1-1440, after the start (17:00 is 1020; midnight at the end of the day is 1440).
    public var toMinute: Int

    /// Creates a working time range.
    public init(id: String, weekDayId: String? = nil, exceptionId: String? = nil, fromMinute: Int, toMinute: Int) {
        self.id = id
        self.weekDayId = weekDayId
        self.exceptionId = exceptionId
        self.fromMinute = fromMinute
        self.toMinute = toMinute
    }
}
