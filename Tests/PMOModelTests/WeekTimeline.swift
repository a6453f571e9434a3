import Days
import PMOModel

/// A test calendar written independently of the engine: MS Project's Standard week (Monday to
/// Friday, 08:00-12:00 and 13:00-17:00) or a 24-hour week, with whole-day holidays. Its counts
/// start at 2026-01-08 (negative before), as a timeline's origin is its own choice.
final class WeekTimeline: WorkTimeline {
    private lazy var origin: Int = before(20_461)   // 2026-01-08
    /// Working minutes of each weekday, Monday first, as (from, to) minute-of-day intervals.
    let week: [[(Int, Int)]]
    let holidays: [Int32]
    private let perDay: [Int]
    private let perWeek: Int

    init(week: [[(Int, Int)]], holidays: [Day] = []) {
        self.week = week
        self.holidays = holidays.map(\.daysSinceEpoch).sorted()
        perDay = week.map { $0.reduce(0) { $0 + $1.1 - $1.0 } }
        perWeek = perDay.reduce(0, +)
    }

    static func standard(holidays: [Day] = []) -> WeekTimeline {
        let day = [(480, 720), (780, 1020)]
        return WeekTimeline(week: [day, day, day, day, day, [], []], holidays: holidays)
    }

    static func twentyFourHours() -> WeekTimeline {
        WeekTimeline(week: Array(repeating: [(0, 1440)], count: 7))
    }

    /// Monday = 0 (1970-01-01 was a Thursday).
    private func weekday(_ day: Int) -> Int { ((day + 3) % 7 + 7) % 7 }

    private func isHoliday(_ day: Int) -> Bool { holidays.contains(Int32(truncatingIfNeeded: day)) }

    /// Working minutes in the days before `day` (from day 0, 1970-01-01).
    private func before(_ day: Int) -> Int {
        let weeks = day >= 0 ? day / 7 : (day - 6) / 7
        var total = weeks * perWeek
        var d = weeks * 7
        while d < day { total += perDay[weekday(d)]; d += 1 }
        for h in holidays where Int(h) < day && Int(h) >= 0 { total -= perDay[weekday(Int(h))] }
        return total
    }

    func worked(at m: Moment) -> Int {
        let day = Int(m.day.daysSinceEpoch)
        var total = before(day) - origin
        if !isHoliday(day) {
            for (from, to) in week[weekday(day)] { total += max(0, min(m.minuteOfDay, to) - from) }
        }
        return total
    }

    /// The day holding the `w + 1`th working minute (start) or the `w`th (finish).
    private func day(containing w: Int, finish: Bool) -> Int {
        var lo = -1, hi = max(7, (w / max(1, perWeek) + 2) * 7 + holidays.count * 7)
        // smallest day d with before(d + 1) > w (start) or >= w (finish)
        while lo + 1 < hi {
            let mid = (lo + hi) / 2
            let after = before(mid + 1)
            if finish ? after >= w : after > w { hi = mid } else { lo = mid }
        }
        return hi
    }

    func startMoment(worked count: Int) -> Moment {
        let w = count + origin
        let d = day(containing: w, finish: false)
        var r = w - before(d)
        for (from, to) in week[weekday(d)] {
            if r < to - from { return Moment(day: Day(daysSinceEpoch: Int32(truncatingIfNeeded: d)), minuteOfDay: from + r) }
            r -= to - from
        }
        return Moment(day: Day(daysSinceEpoch: Int32(truncatingIfNeeded: d + 1)))
    }

    func finishMoment(worked count: Int) -> Moment {
        let w = count + origin
        if w <= 0 { return Moment(minutes: 0) }
        let d = day(containing: w, finish: true)
        var r = w - before(d)
        for (from, to) in week[weekday(d)] {
            if r <= to - from { return Moment(day: Day(daysSinceEpoch: Int32(truncatingIfNeeded: d)), minuteOfDay: from + r) }
            r -= to - from
        }
        return Moment(day: Day(daysSinceEpoch: Int32(truncatingIfNeeded: d + 1)))
    }
}

/// Calendars by id for the tests; nil id: the standard calendar of `CalendarTimelines` (helper
/// "time"'s, the one pmo uses), unless the test gives another.
final class TestCalendars: WorkTimelines {
    var byId: [String: any WorkTimeline]
    let standard: any WorkTimeline

    init(standard: (any WorkTimeline)? = nil, _ byId: [String: any WorkTimeline] = [:]) {
        self.standard = standard ?? CalendarTimelines().timeline(for: nil) ?? WeekTimeline.standard()
        self.byId = byId
    }

    func timeline(for calendarId: String?) -> (any WorkTimeline)? {
        guard let id = calendarId else { return standard }
        return byId[id]
    }
}
