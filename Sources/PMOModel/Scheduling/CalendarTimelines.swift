import Days

/// The stored calendars as the critical path engine asks them: one `WorkTimeline` per
/// calendar, its days resolved by `CalendarRules` (the one definition of working time, which
/// `pmo.worktime` answers from too).
///
/// Calendars whose rules are the same (the same exceptions, weeks and days through their base
/// chains, whatever their ids) share one timeline, so a portfolio of projects that each carry
/// a copy of `Standard` resolves its days once.
public final class CalendarTimelines: WorkTimelines {
    /// The compiled rules.
    public let rules: CalendarRules
    private var timelines: [Int: CalendarTimeline] = [:]
    private var byShape: [CalendarRules.Shape: CalendarTimeline] = [:]
    /// Timelines of `addWorkingMinutes`, started at a day it was asked about (and started
    /// again when asked beyond their horizon).
    fileprivate var anchored: [Int: CalendarTimeline] = [:]

    /// The calendars of the stored rows (`calendars`, `calendar_work_weeks`,
    /// `calendar_week_days`, `calendar_exceptions`, `calendar_times`).
    public init(calendars: [WorkCalendar] = [], workWeeks: [CalendarWorkWeek] = [], weekDays: [CalendarWeekDay] = [],
                exceptions: [CalendarException] = [], times: [CalendarTime] = []) {
        rules = CalendarRules(calendars: calendars, workWeeks: workWeeks, weekDays: weekDays,
                              exceptions: exceptions, times: times)
    }

    /// The timeline of calendar `calendarId`; nil id: the standard calendar (Monday to
    /// Friday, 08:00-12:00 and 13:00-17:00). Nil for an unknown id.
    public func timeline(for calendarId: String?) -> (any WorkTimeline)? {
        calendarTimeline(for: calendarId)
    }

    /// `timeline(for:)` as its concrete type.
    public func calendarTimeline(for calendarId: String?) -> CalendarTimeline? {
        guard let c = rules.calendarIndex(calendarId) else { return nil }
        if let t = timelines[c] { return t }
        let shape = rules.shape(c)
        let t = byShape[shape] ?? CalendarTimeline(rules: rules, calendar: c)
        byShape[shape] = t
        timelines[c] = t
        return t
    }
}

extension CalendarTimelines {
    /// The working days from `from` to `to`, both included, on calendar `calendarId` (nil:
    /// standard); nil for an unknown calendar. A day marked working with no times counts.
    public func workingDays(calendarId: String?, from: Day, to: Day) -> Int? {
        guard let c = rules.calendarIndex(calendarId) else { return nil }
        var count = 0, n = Int(from.daysSinceEpoch)
        let last = Int(to.daysSinceEpoch)
        while n <= last {
            if rules.resolve(n, calendar: c).isWorking { count += 1 }
            n += 1
        }
        return count
    }

    /// The working minutes from the start of `from` to the end of `to` on calendar
    /// `calendarId` (nil: standard); nil for an unknown calendar.
    public func workingMinutes(calendarId: String?, from: Day, to: Day) -> Int? {
        guard let c = rules.calendarIndex(calendarId) else { return nil }
        var total = 0, n = Int(from.daysSinceEpoch)
        let last = Int(to.daysSinceEpoch)
        while n <= last {
            total += rules.resolve(n, calendar: c).minutes
            n += 1
        }
        return total
    }

    /// What `addWorkingMinutes` found.
    public enum Addition: Equatable, Sendable {
        /// The work ends at `minute` (1-1440) of `day`: a range's end, never the next range's
        /// start (17:00, not 08:00 the next day).
        case ends(day: Day, minute: Int)
        /// The calendar has no working time for `noWorkDays` days from `idleFrom` (the
        /// first day of the run) before the work is done.
        case noWorkingTime(idleFrom: Day)
        /// The work would end past the timeline's horizon (`CalendarTimeline.horizonDays`).
        case beyondHorizon
    }

    /// Days without working time after which `addWorkingMinutes` gives up: ten years (3,660
    /// days), as `pmo.worktime` always did.
    public static let noWorkDays = 3660

    /// Where `minutes` (more than 0) working minutes from minute `minute` (0-1440) of `day` end
    /// on calendar `calendarId` (nil: standard); nil for an unknown calendar. The work ends
    /// where the calendar's timeline says (`finishMoment`), unless a run of more than
    /// `noWorkDays` days without working time comes first.
    public func addWorkingMinutes(calendarId: String?, day: Day, minute: Int, minutes: Int) -> Addition? {
        guard let c = rules.calendarIndex(calendarId) else { return nil }
        let start = Moment(day: day, minuteOfDay: minute)
        let t: CalendarTimeline
        if let a = anchored[c], a.reaches(start) { t = a } else {
            t = CalendarTimeline(rules: rules, calendar: c)
            anchored[c] = t
        }
        let w0 = t.worked(at: start)
        let (target, overflow) = w0.addingReportingOverflow(minutes)
        let startDay = Int(day.daysSinceEpoch)
        // The first day of a run of days without work (the start's day when nothing is
        // worked after the start on it) and the day work is done.
        func idleRun(upTo endDay: Int) -> Int? {
            var idleFrom = startDay, n = startDay
            while n <= endDay {
                let from = n == startDay ? start : Moment(day: Day(daysSinceEpoch: Int32(clamping: n)))
                let to = Moment(day: Day(daysSinceEpoch: Int32(clamping: n + 1)))
                if t.worked(at: to) > t.worked(at: from) {
                    idleFrom = n + 1
                } else if n - idleFrom + 1 > CalendarTimelines.noWorkDays {
                    return idleFrom
                }
                n += 1
            }
            return nil
        }
        let end = overflow ? nil : Optional(t.finishMoment(worked: target))
        if let end, t.worked(at: end) == target {
            // A finish at midnight is the end of the previous day's last range.
            let endDay = end.minuteOfDay == 0 ? Int(end.day.daysSinceEpoch) - 1 : Int(end.day.daysSinceEpoch)
            if endDay - startDay > CalendarTimelines.noWorkDays, let idle = idleRun(upTo: endDay) {
                return .noWorkingTime(idleFrom: Day(daysSinceEpoch: Int32(clamping: idle)))
            }
            return .ends(day: Day(daysSinceEpoch: Int32(clamping: endDay)), minute: end.minuteOfDay == 0 ? 1440 : end.minuteOfDay)
        }
        // Not reached within the horizon: a long run without work, or simply too far.
        let horizon = t.horizonEnd
        let lastWorked = t.worked(at: horizon)
        var idleFrom = startDay
        if lastWorked > w0 {
            let last = t.finishMoment(worked: lastWorked)
            idleFrom = (last.minuteOfDay == 0 ? Int(last.day.daysSinceEpoch) - 1 : Int(last.day.daysSinceEpoch)) + 1
        }
        if Int(horizon.day.daysSinceEpoch) - idleFrom > CalendarTimelines.noWorkDays {
            if let idle = idleRun(upTo: idleFrom - 1) { return .noWorkingTime(idleFrom: Day(daysSinceEpoch: Int32(clamping: idle))) }
            return .noWorkingTime(idleFrom: Day(daysSinceEpoch: Int32(clamping: idleFrom)))
        }
        return .beyondHorizon
    }
}

/// Working time on one calendar as a count: `worked(at:)` is the working minutes from an
/// origin to a moment, and `startMoment`/`finishMoment` map a count back to moments. Each
/// answer is O(1) or O(log days).
///
/// A calendar whose days repeat every week (no exception and no work week on its chain: the
/// standard calendar, a demo project's) is counted by arithmetic on its week, with nothing
/// stored per day. Any other keeps, for a span of days, the working minutes worked before each day's start
/// and each day's ranges; it resolves more days (both ways, doubling) when asked beyond the
/// span. The span never grows past `horizonDays` (100 years) on either side of the first day
/// asked about: a moment beyond counts as that limit, and a count of minutes the calendar does
/// not reach within it (a calendar with no working time at all) maps to the limit's moment, so
/// no question loops for ever.
public final class CalendarTimeline: WorkTimeline {
    /// Days the span may reach on each side of the first day asked about: 100 years.
    public static let horizonDays = 36_525
    /// Days resolved at least each time the span grows: a project's few weeks cost a few
    /// weeks (10,000 timelines of a calendar with ten holidays a year, 200 questions each over
    /// 40 days: 1.0 s with 366-day chunks, 0.45 s with 64, rows and rules built included; -O,
    /// loaded 2-core machine).
    static let chunkDays = 64

    private let rules: CalendarRules
    private let calendar: Int
    // The span's state is read on every question, so its properties skip Swift's dynamic
    // exclusivity checks (`@exclusivity(unchecked)`), which doubled the cost of a question
    // (2,000,000 random questions over three years: 0.33 s checked, 0.15 s unchecked, -O, on
    // a loaded 2-core machine). The class is single-threaded (`WorkTimeline`) and no access
    // overlaps another: each method reads, or grows the span, never both at once.
    /// First day of the span (days since 1970-01-01), and the span's limits.
    @exclusivity(unchecked) private var lo = 0
    @exclusivity(unchecked) private var loLimit = 0
    @exclusivity(unchecked) private var hiLimit = 0
    /// `cum[i]`: working minutes from the origin to the start of day `lo + i`; one more entry
    /// than days, the last the end of the span.
    @exclusivity(unchecked) private var cum: [Int] = []
    /// Per day of the span, the index of its ranges in `patterns`.
    @exclusivity(unchecked) private var dayPattern: [Int32] = []
    /// The distinct days' ranges, flat: pattern `p`'s ranges are `rangeFrom[k]..<rangeTo[k]`
    /// for `k` in `patternFirst[p]..<patternFirst[p + 1]` (one flat array, no array per day to
    /// retain on the hot path); and each pattern's minutes.
    @exclusivity(unchecked) private var rangeFrom: [Int] = []
    @exclusivity(unchecked) private var rangeTo: [Int] = []
    @exclusivity(unchecked) private var patternFirst: [Int] = [0]
    @exclusivity(unchecked) private var patternMinutes: [Int] = []
    private var patternIndex: [[WorkingRange]: Int32] = [:]
    /// The pattern of each of the rules' hours (`Hours.id`; 0 a day no calendar lists), -1
    /// until met.
    @exclusivity(unchecked) private var patternOfHours: [Int32] = []
    /// Whether the first question was asked (and the limits set).
    @exclusivity(unchecked) private var begun = false
    /// A calendar whose days repeat every week (no exception and no work week on its whole
    /// chain, some working time) is counted by arithmetic, with no span: its seven days'
    /// patterns from Sunday, the minutes worked in the week before each, and the week's.
    @exclusivity(unchecked) private var weekly = false
    @exclusivity(unchecked) private var weekPattern: [Int32] = []
    @exclusivity(unchecked) private var weekPrefix: [Int] = []
    @exclusivity(unchecked) private var weekMinutes = 0
    /// A Sunday: 1970-01-04.
    static let epochSunday = 3

    /// Days of `Day`'s range: 0001-01-01 and 9999-12-31.
    static let firstDay = -719_162
    static let lastDay = 2_932_896

    fileprivate init(rules: CalendarRules, calendar: Int) {
        self.rules = rules
        self.calendar = calendar
        patternOfHours = [Int32](repeating: -1, count: rules.hoursCount)
        guard rules.repeatsWeekly(calendar) else { return }
        var prefix = [0]
        for k in 0..<7 {
            let p = pattern(of: CalendarTimeline.epochSunday + k)
            weekPattern.append(p)
            prefix.append(prefix[k] + patternMinutes[Int(p)])
        }
        guard prefix[7] > 0 else { return }
        weekPrefix = prefix
        weekMinutes = prefix[7]
        weekly = true
    }

    /// Days in the span.
    private var hi: Int { lo + dayPattern.count }

    private func pattern(of n: Int) -> Int32 {
        let id = rules.decide(n, calendar: calendar)
        // Each row's hours map to a pattern once (by id, with no hashing of ranges).
        if id < patternOfHours.count, patternOfHours[id] >= 0 { return patternOfHours[id] }
        let p = internedPattern(rules.ranges(ofHours: id))
        if id < patternOfHours.count { patternOfHours[id] = p }
        return p
    }

    private func internedPattern(_ ranges: [WorkingRange]) -> Int32 {
        if let p = patternIndex[ranges] { return p }
        let p = Int32(truncatingIfNeeded: patternMinutes.count)
        for r in ranges {
            rangeFrom.append(r.from)
            rangeTo.append(r.to)
        }
        patternFirst.append(rangeFrom.count)
        patternMinutes.append(ranges.reduce(0) { $0 + ($1.to - $1.from) })
        patternIndex[ranges] = p
        return p
    }

    /// Starts the span at day `d` (the origin) on the first question.
    private func begin(_ d: Int) {
        let d0 = min(max(d, CalendarTimeline.firstDay), CalendarTimeline.lastDay)
        lo = d0
        loLimit = max(CalendarTimeline.firstDay, d0 - CalendarTimeline.horizonDays)
        hiLimit = min(CalendarTimeline.lastDay + 1, d0 + CalendarTimeline.horizonDays)
        begun = true
        if weekly { return }
        cum = [0]
        dayPattern = []
        grow(to: min(hiLimit, d0 + CalendarTimeline.chunkDays))
    }

    /// Resolves days up to (excluding) `end`.
    private func grow(to end: Int) {
        var n = hi
        guard end > n else { return }
        dayPattern.reserveCapacity(end - lo)
        cum.reserveCapacity(end - lo + 1)
        var total = cum[cum.count - 1]
        while n < end {
            let p = pattern(of: n)
            dayPattern.append(p)
            total += patternMinutes[Int(p)]
            cum.append(total)
            n += 1
        }
    }

    /// Resolves days from `start` to the span's first, keeping the origin's count.
    private func growBack(to start: Int) {
        guard start < lo else { return }
        let count = lo - start
        var newPatterns = [Int32](repeating: 0, count: count)
        var newCum = [Int](repeating: 0, count: count)
        var total = cum[0]
        var n = lo - 1, i = count - 1
        while i >= 0 {
            let p = pattern(of: n)
            newPatterns[i] = p
            total -= patternMinutes[Int(p)]
            newCum[i] = total
            n -= 1
            i -= 1
        }
        dayPattern = newPatterns + dayPattern
        cum = newCum + cum
        lo = start
    }

    private func growForward() {
        grow(to: min(hiLimit, hi + max(dayPattern.count, CalendarTimeline.chunkDays)))
    }

    private func growBackward() {
        growBack(to: max(loLimit, lo - max(dayPattern.count, CalendarTimeline.chunkDays)))
    }

    /// Makes day `d` part of the span (`d` within the limits).
    private func ensure(_ d: Int) {
        if !begun { begin(d) }
        if d >= hi { grow(to: min(hiLimit, max(d + 1, hi + max(dayPattern.count, CalendarTimeline.chunkDays)))) }
        if d < lo { growBack(to: max(loLimit, min(d, lo - max(dayPattern.count, CalendarTimeline.chunkDays)))) }
    }

    /// Working minutes from the origin to moment `m` (a moment beyond the horizon counts as
    /// the horizon).
    public func worked(at m: Moment) -> Int {
        if !begun { begin(CalendarRules.floorDiv(m.minutes, Moment.minutesPerDay)) }
        let mm = min(max(m.minutes, loLimit * Moment.minutesPerDay), hiLimit * Moment.minutesPerDay)
        var d = CalendarRules.floorDiv(mm, Moment.minutesPerDay)
        var minute = mm - d * Moment.minutesPerDay
        if d >= hiLimit { d = hiLimit - 1; minute = Moment.minutesPerDay }
        if weekly { return weeklyWorked(day: d, minute: minute) }
        ensure(d)
        let i = d - lo
        var w = cum[i]
        let p = Int(dayPattern[i])
        var k = patternFirst[p]
        let end = patternFirst[p + 1]
        while k < end {
            let from = rangeFrom[k]
            if minute <= from { break }
            w += min(minute, rangeTo[k]) - from
            k += 1
        }
        return w
    }

    /// Grows the span until `cum` holds a value above (`above`) or not above `w`, as far as
    /// the limits allow.
    private func reach(_ w: Int, strictlyBelowFirst: Bool) {
        if !begun { begin(0) }
        // (Compared, not added to: `w` may be any count, `Int.max` included.)
        while strictlyBelowFirst ? cum[cum.count - 1] <= w : cum[cum.count - 1] < w, hi < hiLimit { growForward() }
        while strictlyBelowFirst ? cum[0] > w : cum[0] >= w, lo > loLimit { growBackward() }
    }

    /// The first index `j` of `cum` with `cum[j] > w` (or `>= w` when `inclusive`), from 1.
    private func firstIndex(above w: Int, inclusive: Bool) -> Int {
        var a = 1, b = cum.count - 1
        while a < b {
            let mid = (a + b) / 2
            if inclusive ? cum[mid] >= w : cum[mid] > w { b = mid } else { a = mid + 1 }
        }
        return a
    }

    /// The start of the working minute after `w` minutes worked: where work resumes (08:00
    /// Monday after a Friday ending at 17:00).
    public func startMoment(worked w: Int) -> Moment {
        if weekly { return weeklyStart(w) }
        reach(w, strictlyBelowFirst: true)
        if cum[cum.count - 1] <= w { return Moment(minutes: hi * Moment.minutesPerDay) }
        if cum[0] > w { return Moment(minutes: lo * Moment.minutesPerDay) }
        let i = firstIndex(above: w, inclusive: false) - 1
        var left = w - cum[i]
        let p = Int(dayPattern[i])
        var k = patternFirst[p]
        let end = patternFirst[p + 1]
        while k < end {
            let length = rangeTo[k] - rangeFrom[k]
            if left < length { return Moment(minutes: (lo + i) * Moment.minutesPerDay + rangeFrom[k] + left) }
            left -= length
            k += 1
        }
        return Moment(minutes: (lo + i + 1) * Moment.minutesPerDay)   // not reached: cum[i + 1] > w
    }

    /// The end of the `w`th working minute: where work of `w` minutes from the origin ends
    /// (17:00 Friday, not 08:00 Monday).
    public func finishMoment(worked w: Int) -> Moment {
        if weekly { return weeklyFinish(w) }
        reach(w, strictlyBelowFirst: false)
        if cum[cum.count - 1] < w { return Moment(minutes: hi * Moment.minutesPerDay) }
        if cum[0] >= w { return Moment(minutes: lo * Moment.minutesPerDay) }
        let i = firstIndex(above: w, inclusive: true) - 1
        var left = w - cum[i]
        let p = Int(dayPattern[i])
        var k = patternFirst[p]
        let end = patternFirst[p + 1]
        while k < end {
            let length = rangeTo[k] - rangeFrom[k]
            if left <= length { return Moment(minutes: (lo + i) * Moment.minutesPerDay + rangeFrom[k] + left) }
            left -= length
            k += 1
        }
        return Moment(minutes: (lo + i + 1) * Moment.minutesPerDay)   // not reached: cum[i + 1] >= w
    }

    // MARK: - A calendar that repeats every week

    /// Working minutes from the epoch Sunday's start to minute `minute` of day `d`.
    private func weeklyWorked(day d: Int, minute: Int) -> Int {
        let k = d - CalendarTimeline.epochSunday
        let week = CalendarRules.floorDiv(k, 7)
        let i = k - week * 7
        var w = week * weekMinutes + weekPrefix[i]
        let p = Int(weekPattern[i])
        var r = patternFirst[p]
        let end = patternFirst[p + 1]
        while r < end {
            let from = rangeFrom[r]
            if minute <= from { break }
            w += min(minute, rangeTo[r]) - from
            r += 1
        }
        return w
    }

    /// The moment minute `left` (0 = the first) of the working time of day `d` of the week
    /// starts (`finish` false) or ends (`finish` true, `left` from 1).
    private func weeklyMoment(week: Int, left r: Int, finish: Bool) -> Moment {
        var i = 0
        while i < 6, finish ? weekPrefix[i + 1] < r : weekPrefix[i + 1] <= r { i += 1 }
        var left = r - weekPrefix[i]
        let day = CalendarTimeline.epochSunday + week * 7 + i
        let p = Int(weekPattern[i])
        var k = patternFirst[p]
        let end = patternFirst[p + 1]
        while k < end {
            let length = rangeTo[k] - rangeFrom[k]
            if finish ? left <= length : left < length { return Moment(minutes: day * Moment.minutesPerDay + rangeFrom[k] + left) }
            left -= length
            k += 1
        }
        return Moment(minutes: (day + 1) * Moment.minutesPerDay)   // not reached: the day holds minute r
    }

    private func weeklyStart(_ w: Int) -> Moment {
        if !begun { begin(0) }
        if w >= weeklyWorked(day: hiLimit - 1, minute: Moment.minutesPerDay) { return Moment(minutes: hiLimit * Moment.minutesPerDay) }
        if w < weeklyWorked(day: loLimit, minute: 0) { return Moment(minutes: loLimit * Moment.minutesPerDay) }
        let week = CalendarRules.floorDiv(w, weekMinutes)
        return weeklyMoment(week: week, left: w - week * weekMinutes, finish: false)
    }

    private func weeklyFinish(_ w: Int) -> Moment {
        if !begun { begin(0) }
        if w > weeklyWorked(day: hiLimit - 1, minute: Moment.minutesPerDay) { return Moment(minutes: hiLimit * Moment.minutesPerDay) }
        if w <= weeklyWorked(day: loLimit, minute: 0) { return Moment(minutes: loLimit * Moment.minutesPerDay) }
        let week = CalendarRules.floorDiv(w - 1, weekMinutes)
        return weeklyMoment(week: week, left: w - week * weekMinutes, finish: true)
    }

    /// Whether moment `m` is within the horizon (always, before the first question).
    public func reaches(_ m: Moment) -> Bool {
        !begun || (m.minutes >= loLimit * Moment.minutesPerDay && m.minutes <= hiLimit * Moment.minutesPerDay)
    }

    /// The end of the horizon (the start of the day after the last the span may reach).
    public var horizonEnd: Moment { Moment(minutes: hiLimit * Moment.minutesPerDay) }
}
