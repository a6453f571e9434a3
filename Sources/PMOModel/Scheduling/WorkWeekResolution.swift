import Days

/// One range of working time in a day: minutes from midnight, `to` excluded (08:00-12:00 is
/// 480-720).
public struct WorkingRange: Hashable, Sendable {
    /// First working minute, 0-1439.
    public var from: Int
    /// The minute after the last working one, 1-1440.
    public var to: Int

    /// A range; callers keep `0 <= from < to <= 1440`.
    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }
}

/// How one day is worked on a calendar, and the stored row that says so.
public struct ResolvedDay: Hashable, Sendable {
    /// The row that decides a day.
    public enum Rule: Hashable, Sendable {
        /// A `CalendarException` (its id).
        case exception(String)
        /// A `CalendarWeekDay` of a work week or of the default week (its id).
        case weekDay(String)
    }

    /// The day is a working day. A day marked working with no times listed is a working day
    /// with no working minutes (as `pmo.worktime` has always counted it).
    public var isWorking: Bool
    /// Its working time, in order, not overlapping; empty on a day off.
    public var ranges: [WorkingRange]
    /// The row that decides the day; nil when no calendar of the chain lists the day (it is
    /// then not worked) and for the standard calendar (which has no rows).
    public var rule: Rule?

    /// A resolved day.
    public init(isWorking: Bool, ranges: [WorkingRange], rule: Rule?) {
        self.isWorking = isWorking
        self.ranges = ranges
        self.rule = rule
    }

    /// Working minutes of the day.
    public var minutes: Int { ranges.reduce(0) { $0 + ($1.to - $1.from) } }
}

/// The rules of a set of stored calendars, compiled once: which days each calendar works and
/// when. This is the one definition of working time in pmo: `CalendarTimelines` (the critical
/// path engine's working time) and `pmo.worktime` (through the host) both answer from it.
///
/// A day is resolved as MS Project resolves it (Microsoft, "Change working days for the
/// project calendar"; MPXJ's `ProjectCalendar` reads MSPDI the same way):
/// 1. an exception that applies on the day, the calendar's own first, else its base
///    calendar's (a holiday of `Standard` is a holiday of every calendar based on it, unless
///    that calendar has its own exception on the day);
/// 2. else the week: the calendar's work week whose dates hold the day, else its default week,
///    at the day's type (MSPDI `DayType`, 1 Sunday ... 7 Saturday); a day type the calendar
///    does not list is its base calendar's, found the same way;
/// 3. a day no calendar of the chain lists is not worked.
///
/// Recurring exceptions apply between their two dates (MSPDI `TimePeriod`, which MS Project
/// writes as the first and last occurrence, so `Occurrences` is not needed) on the days their
/// `recurrenceType` selects (MSPDI `Exception/Type`, Microsoft's Project XML schema reference):
/// nil, every day; 1 daily and 7 daily by count, every `period` days from the first; 8 weekdays
/// by count, Monday to Friday; 6 weekly, the days in `daysOfWeek` (1 Sunday, 2 Monday ... 64
/// Saturday) of every `period`th week (weeks from Sunday) from the first's; 4 monthly, day
/// `monthDay` of every `period`th month; 5 monthly by position, the `monthPosition`th (0 first
/// ... 3 fourth, 4 last) `monthItem` (0 day, 1 weekday, 2 weekend day, 3 Sunday ... 9
/// Saturday) of every `period`th month; 2 yearly, day `monthDay` of `month` (0 January ... 11
/// December); 3 yearly by position, as 5 in `month`. A period below 1 counts as 1; an unknown
/// type selects no day.
///
/// Base chains are followed through at most 33 calendars and never twice through the same
/// one, so a cycle of base calendars ends. Times are clipped to the day (0-1440) and
/// overlapping ranges merged.
public final class CalendarRules {
    /// A day's working time as a week day or an exception gives it.
    struct Hours: Hashable {
        var working: Bool
        var ranges: [WorkingRange]
    }

    struct Exception: Hashable {
        var from: Int
        var to: Int
        var kind: Int?
        var period: Int
        var daysOfWeek: Int
        var monthDay: Int?
        var monthItem: Int
        var monthPosition: Int
        var month: Int?
        var hours: Hours
    }

    struct Week: Hashable {
        var from: Int
        var to: Int
        /// Indexed by day type 1...7 (index 0 unused).
        var days: [Hours?]
    }

    /// A calendar's own rules; `ruleIds` name the rows (not part of the shape two calendars
    /// share when their timelines are the same).
    struct Compiled {
        var exceptions: [Exception] = []
        var exceptionIds: [String] = []
        var weeks: [Week] = []
        var weekDayIds: [[String?]] = []
        var days: [Hours?] = Array(repeating: nil, count: 8)
        var dayIds: [String?] = Array(repeating: nil, count: 8)
        var base: Int?
    }

    /// The shape of a chain of calendars: equal shapes resolve every day the same.
    struct Shape: Hashable {
        var exceptions: [[Exception]]
        var weeks: [[Week]]
        var days: [[Hours?]]
    }

    var compiled: [Compiled] = []
    /// Calendar id -> index in `compiled`.
    var index: [String: Int] = [:]
    /// Index of the standard calendar (no id), last in `compiled`.
    let standardIndex: Int
    /// Each calendar's chain: itself, then its bases, each once, at most 33.
    var chains: [[Int]] = []

    /// Most calendars a base chain is followed through (as `pmo.worktime` did: depth 32).
    static let maxChain = 33

    /// MS Project's standard calendar (the `Standard` base calendar a new project gets):
    /// Monday to Friday, 08:00-12:00 and 13:00-17:00.
    public static let standardRanges = [WorkingRange(from: 480, to: 720), WorkingRange(from: 780, to: 1020)]

    /// Compiles the calendars from their stored rows. Rows naming a calendar, week or day not
    /// among them are ignored.
    public init(calendars: [WorkCalendar], workWeeks: [CalendarWorkWeek], weekDays: [CalendarWeekDay],
                exceptions: [CalendarException], times: [CalendarTime]) {
        var timesOf: [String: [WorkingRange]] = [:]
        for t in times {
            let r = WorkingRange(from: max(0, min(t.fromMinute, 1440)), to: max(0, min(t.toMinute, 1440)))
            guard r.from < r.to else { continue }
            if let w = t.weekDayId { timesOf[w, default: []].append(r) }
            if let e = t.exceptionId { timesOf[e, default: []].append(r) }
        }
        func hours(_ id: String, _ working: Bool) -> Hours {
            Hours(working: working, ranges: working ? CalendarRules.merged(timesOf[id] ?? []) : [])
        }
        for (i, c) in calendars.enumerated() where index[c.id] == nil {
            index[c.id] = i
            compiled.append(Compiled())
        }
        // Rows in id order, as the store lists them, so the first applying exception is the
        // same whatever order the caller gives them in.
        for e in exceptions.sorted(by: { $0.id < $1.id }) {
            guard let c = index[e.calendarId] else { continue }
            compiled[c].exceptions.append(Exception(
                from: Int(e.fromDate.daysSinceEpoch), to: Int(e.toDate.daysSinceEpoch), kind: e.recurrenceType,
                period: max(1, e.period ?? 1), daysOfWeek: e.daysOfWeek ?? 0, monthDay: e.monthDay,
                monthItem: e.monthItem ?? 0, monthPosition: e.monthPosition ?? 0, month: e.month,
                hours: hours(e.id, e.working)))
            compiled[c].exceptionIds.append(e.id)
        }
        var weekIndex: [String: (calendar: Int, week: Int)] = [:]
        for w in workWeeks.sorted(by: { $0.id < $1.id }) {
            guard let c = index[w.calendarId] else { continue }
            weekIndex[w.id] = (c, compiled[c].weeks.count)
            compiled[c].weeks.append(Week(from: Int(w.fromDate.daysSinceEpoch), to: Int(w.toDate.daysSinceEpoch),
                                          days: Array(repeating: nil, count: 8)))
            compiled[c].weekDayIds.append(Array(repeating: nil, count: 8))
        }
        for d in weekDays.sorted(by: { $0.id < $1.id }) {
            guard let c = index[d.calendarId], (1...7).contains(d.dayType) else { continue }
            let h = hours(d.id, d.working)
            // A week day of a work week of another calendar, or of none, is of the default week
            // (as pmo.worktime filed it).
            if let wid = d.workWeekId, let at = weekIndex[wid], at.calendar == c {
                compiled[c].weeks[at.week].days[d.dayType] = h
                compiled[c].weekDayIds[at.week][d.dayType] = d.id
            } else {
                compiled[c].days[d.dayType] = h
                compiled[c].dayIds[d.dayType] = d.id
            }
        }
        for c in calendars {
            guard let i = index[c.id], let b = c.baseCalendarId, b != c.id, let bi = index[b] else { continue }
            compiled[i].base = bi
        }
        var standard = Compiled()
        for t in 1...7 {
            standard.days[t] = (2...6).contains(t) ? Hours(working: true, ranges: CalendarRules.standardRanges)
                : Hours(working: false, ranges: [])
        }
        standardIndex = compiled.count
        compiled.append(standard)
        chains = compiled.indices.map { start in
            var chain: [Int] = [], seen = Set<Int>(), at: Int? = start
            while let i = at, !seen.contains(i), chain.count < CalendarRules.maxChain {
                chain.append(i)
                seen.insert(i)
                at = compiled[i].base
            }
            return chain
        }
    }

    /// The ranges in order, overlapping or touching ones merged.
    static func merged(_ ranges: [WorkingRange]) -> [WorkingRange] {
        var out: [WorkingRange] = []
        for r in ranges.sorted(by: { ($0.from, $0.to) < ($1.from, $1.to) }) {
            if let last = out.last, r.from <= last.to {
                out[out.count - 1].to = max(last.to, r.to)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// The index of calendar `id` (nil id: the standard calendar); nil for an unknown id.
    func calendarIndex(_ id: String?) -> Int? {
        guard let id else { return standardIndex }
        return index[id]
    }

    /// Whether `id` names one of the calendars.
    public func contains(_ id: String) -> Bool { index[id] != nil }

    /// Day `day` on calendar `calendarId` (nil: the standard calendar); nil for an unknown
    /// calendar.
    public func resolve(_ day: Day, calendarId: String?) -> ResolvedDay? {
        guard let c = calendarIndex(calendarId) else { return nil }
        return resolve(Int(day.daysSinceEpoch), calendar: c)
    }

    /// Day number `n` (days since 1970-01-01) on calendar index `c`.
    func resolve(_ n: Int, calendar c: Int) -> ResolvedDay {
        let (hours, rule) = decide(n, calendar: c)
        guard let hours, hours.working else { return ResolvedDay(isWorking: false, ranges: [], rule: rule) }
        return ResolvedDay(isWorking: true, ranges: hours.ranges, rule: rule)
    }

    /// The hours that decide day `n` on calendar `c`, and the row they come from.
    func decide(_ n: Int, calendar c: Int) -> (Hours?, ResolvedDay.Rule?) {
        let chain = chains[c]
        for i in chain {
            let cal = compiled[i]
            for (k, e) in cal.exceptions.enumerated() where CalendarRules.applies(e, n) {
                return (e.hours, .exception(cal.exceptionIds[k]))
            }
        }
        let t = CalendarRules.dayType(n)
        for i in chain {
            let cal = compiled[i]
            for (k, w) in cal.weeks.enumerated() where n >= w.from && n <= w.to {
                if let h = w.days[t] { return (h, cal.weekDayIds[k][t].map(ResolvedDay.Rule.weekDay)) }
            }
            if let h = cal.days[t] { return (h, cal.dayIds[t].map(ResolvedDay.Rule.weekDay)) }
        }
        return (nil, nil)
    }

    /// The shape of calendar `c`'s chain (for sharing one timeline between calendars whose
    /// rules are the same).
    func shape(_ c: Int) -> Shape {
        let chain = chains[c]
        return Shape(exceptions: chain.map { compiled[$0].exceptions }, weeks: chain.map { compiled[$0].weeks },
                     days: chain.map { compiled[$0].days })
    }

    // MARK: - Day arithmetic (proleptic Gregorian, as `Day`)

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }

    /// MSPDI day type of day number `n`: 1 Sunday ... 7 Saturday (1970-01-01 was a Thursday, 5).
    static func dayType(_ n: Int) -> Int { floorMod(n + 4, 7) + 1 }

    /// Year, month (1-12) and day of day number `n` (clamped to `Day`'s range, years 1-9999).
    static func civil(_ n: Int) -> (year: Int, month: Int, day: Int) {
        Day(daysSinceEpoch: Int32(clamping: n)).components
    }

    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        guard let d = Day(year: year, month: month, day: day) else { return 0 }
        return Int(d.daysSinceEpoch)
    }

    /// Whether day number `n` is the `position`th (0-3, 4 last) `item` of its month (MSPDI
    /// `MonthPosition`, `MonthItem`).
    static func positional(_ n: Int, item: Int, position: Int) -> Bool {
        func matches(_ k: Int) -> Bool {
            let t = dayType(k)
            switch item {
            case 0: return true
            case 1: return t >= 2 && t <= 6
            case 2: return t == 1 || t == 7
            default: return t == item - 2
            }
        }
        guard matches(n) else { return false }
        let (y, m, _) = civil(n)
        let first = dayNumber(year: y, month: m, day: 1)
        let last = first + Day.daysInMonth(year: y, month: m) - 1
        if position == 4 {
            var k = n + 1
            while k <= last { if matches(k) { return false }; k += 1 }
            return true
        }
        var count = 0, k = first
        while k <= n { if matches(k) { count += 1 }; k += 1 }
        return count == position + 1
    }

    /// Whether exception `e` applies on day number `n` (the recurrence rules above).
    static func applies(_ e: Exception, _ n: Int) -> Bool {
        guard n >= e.from, n <= e.to else { return false }
        guard let kind = e.kind else { return true }
        switch kind {
        case 1, 7:
            return floorMod(n - e.from, e.period) == 0
        case 8:
            let t = dayType(n)
            return t >= 2 && t <= 6
        case 6:
            let t = dayType(n)
            guard e.daysOfWeek & (1 << (t - 1)) != 0 else { return false }
            let week = floorDiv(n - (t - 1), 7)
            let firstWeek = floorDiv(e.from - (dayType(e.from) - 1), 7)
            return floorMod(week - firstWeek, e.period) == 0
        case 4, 5:
            let (y, m, d) = civil(n)
            let (fy, fm, _) = civil(e.from)
            guard floorMod((y - fy) * 12 + (m - fm), e.period) == 0 else { return false }
            if kind == 4 { return d == e.monthDay }
            return positional(n, item: e.monthItem, position: e.monthPosition)
        case 2, 3:
            let (_, m, d) = civil(n)
            guard let month = e.month, m == month + 1 else { return false }
            if kind == 2 { return d == e.monthDay }
            return positional(n, item: e.monthItem, position: e.monthPosition)
        default:
            return false
        }
    }
}
