import GRDB
import PMOModel

/// The stored calendars as `CalendarTimelines`: the rows of `calendars`,
/// `calendar_work_weeks`, `calendar_week_days`, `calendar_exceptions` and `calendar_times`,
/// read through whatever views are in force (a `scriptRead` at a past point reads them as
/// they were then).
public enum CalendarQuery {
    /// The calendars of the projects `projectIds` (nil: every project), with every calendar
    /// their base chains reach (a base calendar of another project included).
    public static func read(_ db: Database, projectIds: [String]?) throws -> CalendarTimelines {
        let all = try WorkCalendar.fetchAll(db, sql: "SELECT * FROM calendars ORDER BY id")
        guard let projectIds else { return try timelines(db, all) }
        let wanted = Set(projectIds)
        return try timelines(db, closure(of: all.filter { wanted.contains($0.projectId) }.map(\.id), in: all))
    }

    /// Calendar `calendarId` and the calendars its base chain reaches (none when it is not
    /// stored).
    public static func read(_ db: Database, chainOf calendarId: String) throws -> CalendarTimelines {
        let all = try WorkCalendar.fetchAll(db, sql: "SELECT * FROM calendars ORDER BY id")
        return try timelines(db, closure(of: [calendarId], in: all))
    }

    /// The calendars `ids` and their bases, in `all`'s order.
    static func closure(of ids: [String], in all: [WorkCalendar]) -> [WorkCalendar] {
        var byId: [String: WorkCalendar] = [:]
        for c in all { byId[c.id] = c }
        var keep = Set<String>(), stack = ids
        while let id = stack.popLast() {
            guard !keep.contains(id), let c = byId[id] else { continue }
            keep.insert(id)
            if let b = c.baseCalendarId { stack.append(b) }
        }
        return all.filter { keep.contains($0.id) }
    }

    static func timelines(_ db: Database, _ calendars: [WorkCalendar]) throws -> CalendarTimelines {
        guard !calendars.isEmpty else { return CalendarTimelines() }
        var weeks: [CalendarWorkWeek] = [], days: [CalendarWeekDay] = [], exceptions: [CalendarException] = []
        var times: [CalendarTime] = []
        if calendars.count <= perCalendarReads {
            // A few calendars (a chain, a project's): their rows by calendar, through the
            // tables' calendar_id indexes.
            for c in calendars {
                weeks += try CalendarWorkWeek.fetchAll(db, sql: "SELECT * FROM calendar_work_weeks WHERE calendar_id = ?", arguments: [c.id])
                days += try CalendarWeekDay.fetchAll(db, sql: "SELECT * FROM calendar_week_days WHERE calendar_id = ?", arguments: [c.id])
                exceptions += try CalendarException.fetchAll(db, sql: "SELECT * FROM calendar_exceptions WHERE calendar_id = ?", arguments: [c.id])
                times += try CalendarTime.fetchAll(db, sql: """
                    SELECT * FROM calendar_times
                    WHERE week_day_id IN (SELECT id FROM calendar_week_days WHERE calendar_id = ?)
                       OR exception_id IN (SELECT id FROM calendar_exceptions WHERE calendar_id = ?)
                    """, arguments: [c.id, c.id])
            }
        } else {
            // Many: whole tables, one statement each, the calendars' rows kept.
            let ids = Set(calendars.map(\.id))
            weeks = try CalendarWorkWeek.fetchAll(db, sql: "SELECT * FROM calendar_work_weeks").filter { ids.contains($0.calendarId) }
            days = try CalendarWeekDay.fetchAll(db, sql: "SELECT * FROM calendar_week_days").filter { ids.contains($0.calendarId) }
            exceptions = try CalendarException.fetchAll(db, sql: "SELECT * FROM calendar_exceptions").filter { ids.contains($0.calendarId) }
            let owners = Set(days.map(\.id)).union(exceptions.map(\.id))
            times = try CalendarTime.fetchAll(db, sql: "SELECT * FROM calendar_times")
                .filter { t in t.weekDayId.map(owners.contains) ?? false || t.exceptionId.map(owners.contains) ?? false }
        }
        // CalendarRules orders each calendar's rows by id itself.
        return CalendarTimelines(calendars: calendars, workWeeks: weeks, weekDays: days, exceptions: exceptions, times: times)
    }

    /// Up to this many calendars are read calendar by calendar; more, table by table.
    static let perCalendarReads = 40
}
