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
    /// with no working minutes, not MS Project's default 08:00-17:00: MPXJ's MSPDI reader
    /// gives a working `WeekDay` the `WorkingTimes` it lists and no others (its default hours
    /// fill only a base calendar's day with no hours entry at all), and `pmo.worktime` has
    /// always counted it so.
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
    /// A day's working time as one row (a week day or an exception) gives it.
    struct Hours: Hashable {
        var working: Bool
        var ranges: [WorkingRange]
    }

    /// An exception, compiled: plain values only, so trying one on a day copies no array.
    /// `kind` `notRecurring`: not recurring; `monthDay` 0 and `month` -1: not given; `hours` the id of
    /// its hours.
    struct Exception: Hashable {
        var from: Int
        var to: Int
        var kind: Int
        var period: Int
        var daysOfWeek: Int
        var monthDay: Int
        var monthItem: Int
        var monthPosition: Int
        var month: Int
        var hours: Int
    }

    /// Where a day type's hours come from when no exception applies: a work week's day
    /// (between `from` and `to`) or a default week's (every day).
    struct WeekCandidate: Hashable {
        var from: Int
        var to: Int
        var hours: Int
    }

    /// The shape of a chain of calendars, with hours by content: equal shapes resolve every
    /// day the same.
    struct Shape: Hashable {
        var exceptions: [Exception]
        var weeks: [WeekCandidate]
        var weekStarts: [Int]
    }

    /// Each row's hours by id; id 0 stands for a day no calendar lists (not worked).
    private(set) var hours: [Hours] = [Hours(working: false, ranges: [])]
    /// The row each hours id was compiled from (nil for id 0 and the standard calendar's).
    private var ruleOfHours: [ResolvedDay.Rule?] = [nil]
    /// Each hours id's content number (equal hours, equal number), for shapes.
    private var contentOfHours: [Int] = [0]

    /// Calendar id -> index.
    private var index: [String: Int] = [:]
    /// Index of the standard calendar (no id), after the stored ones.
    let standardIndex: Int
    /// Per calendar, the exceptions of its chain in the order they are tried (its own by id,
    /// then its base's...): `chainExceptions[exceptionStart[c]..<exceptionStart[c + 1]]`.
    private let chainExceptions: [Exception]
    private let exceptionStart: [Int]
    /// Per calendar and day type, the week candidates of its chain in the order they are
    /// tried: `weekCandidates[weekStart[c * 7 + t - 1]..<weekStart[c * 7 + t]]`.
    private let weekCandidates: [WeekCandidate]
    private let weekStart: [Int]
    /// Per calendar, whether its chain has no exception and no work week.
    private let weekly: [Bool]

    /// Number of hours ids (the timelines' lookup tables are this long).
    var hoursCount: Int { hours.count }

    /// `Exception.kind` of an exception that is not recurring (MSPDI has no such `Type`).
    static let notRecurring = Int.min

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
        var hours = self.hours, ruleOfHours = self.ruleOfHours, contentOfHours = self.contentOfHours
        var contents: [Hours: Int] = [hours[0]: 0]
        func addHours(_ h: Hours, _ rule: ResolvedDay.Rule?) -> Int {
            hours.append(h)
            ruleOfHours.append(rule)
            if let k = contents[h] { contentOfHours.append(k) } else {
                contents[h] = contents.count
                contentOfHours.append(contents.count - 1)
            }
            return hours.count - 1
        }
        func rowHours(_ id: String, _ working: Bool, _ rule: ResolvedDay.Rule) -> Int {
            addHours(Hours(working: working, ranges: working ? CalendarRules.merged(timesOf[id] ?? []) : []), rule)
        }

        // A calendar's own rules: exceptions by id, work weeks by id with their days by type,
        // default days by type, base.
        struct Own {
            var exceptions: [Exception] = []
            var weeks: [(from: Int, to: Int, days: [Int])] = []
            var days = [Int](repeating: 0, count: 8)
            var base: Int?
        }
        var own: [Own] = []
        var index: [String: Int] = [:]
        for c in calendars where index[c.id] == nil {
            index[c.id] = own.count
            own.append(Own())
        }
        // Rows in id order, as the store lists them, so the first applying exception is the
        // same whatever order the caller gives them in.
        for e in exceptions.sorted(by: { $0.id < $1.id }) {
            guard let c = index[e.calendarId] else { continue }
            own[c].exceptions.append(Exception(
                from: Int(e.fromDate.daysSinceEpoch), to: Int(e.toDate.daysSinceEpoch), kind: e.recurrenceType ?? CalendarRules.notRecurring,
                period: max(1, e.period ?? 1), daysOfWeek: e.daysOfWeek ?? 0, monthDay: e.monthDay ?? 0,
                monthItem: e.monthItem ?? 0, monthPosition: e.monthPosition ?? 0, month: e.month ?? -1,
                hours: rowHours(e.id, e.working, .exception(e.id))))
        }
        var weekIndex: [String: (calendar: Int, week: Int)] = [:]
        for w in workWeeks.sorted(by: { $0.id < $1.id }) {
            guard let c = index[w.calendarId] else { continue }
            weekIndex[w.id] = (c, own[c].weeks.count)
            own[c].weeks.append((Int(w.fromDate.daysSinceEpoch), Int(w.toDate.daysSinceEpoch), [Int](repeating: 0, count: 8)))
        }
        for d in weekDays.sorted(by: { $0.id < $1.id }) {
            guard let c = index[d.calendarId], (1...7).contains(d.dayType) else { continue }
            let h = rowHours(d.id, d.working, .weekDay(d.id))
            // A week day of a work week of another calendar, or of none, is of the default week
            // (as pmo.worktime filed it).
            if let wid = d.workWeekId, let at = weekIndex[wid], at.calendar == c {
                own[c].weeks[at.week].days[d.dayType] = h
            } else {
                own[c].days[d.dayType] = h
            }
        }
        for c in calendars {
            guard let i = index[c.id], let b = c.baseCalendarId, b != c.id, let bi = index[b] else { continue }
            own[i].base = bi
        }
        var standard = Own()
        for t in 1...7 {
            standard.days[t] = addHours((2...6).contains(t) ? Hours(working: true, ranges: CalendarRules.standardRanges)
                                                               : Hours(working: false, ranges: []), nil)
        }
        standardIndex = own.count
        own.append(standard)

        // Each calendar's chain (itself, then its bases, each once, at most 33), flattened.
        var chainExceptions: [Exception] = [], exceptionStart = [0]
        var weekCandidates: [WeekCandidate] = [], weekStart = [0]
        var weekly: [Bool] = []
        for start in own.indices {
            var chain: [Int] = [], seen = Set<Int>(), at: Int? = start
            while let i = at, !seen.contains(i), chain.count < CalendarRules.maxChain {
                chain.append(i)
                seen.insert(i)
                at = own[i].base
            }
            for i in chain { chainExceptions += own[i].exceptions }
            exceptionStart.append(chainExceptions.count)
            for t in 1...7 {
                for i in chain {
                    for w in own[i].weeks where w.days[t] != 0 {
                        weekCandidates.append(WeekCandidate(from: w.from, to: w.to, hours: w.days[t]))
                    }
                    if own[i].days[t] != 0 {
                        weekCandidates.append(WeekCandidate(from: Int.min, to: Int.max, hours: own[i].days[t]))
                    }
                }
                weekStart.append(weekCandidates.count)
            }
            weekly.append(chain.allSatisfy { own[$0].exceptions.isEmpty && own[$0].weeks.isEmpty })
        }
        self.hours = hours
        self.ruleOfHours = ruleOfHours
        self.contentOfHours = contentOfHours
        self.index = index
        self.chainExceptions = chainExceptions
        self.exceptionStart = exceptionStart
        self.weekCandidates = weekCandidates
        self.weekStart = weekStart
        self.weekly = weekly
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
        let id = decide(n, calendar: c)
        let h = hours[id]
        return ResolvedDay(isWorking: h.working, ranges: h.working ? h.ranges : [], rule: ruleOfHours[id])
    }

    /// The id of the hours that decide day `n` on calendar `c` (0: no calendar of the chain
    /// lists the day): steps 1 to 3 above.
    func decide(_ n: Int, calendar c: Int) -> Int {
        var facts = DayFacts(n)
        var k = exceptionStart[c]
        let exceptionEnd = exceptionStart[c + 1]
        while k < exceptionEnd {
            if CalendarRules.applies(chainExceptions[k], &facts) { return chainExceptions[k].hours }
            k += 1
        }
        let slot = c * 7 + facts.type - 1
        k = weekStart[slot]
        let weekEnd = weekStart[slot + 1]
        while k < weekEnd {
            let w = weekCandidates[k]
            if n >= w.from && n <= w.to { return w.hours }
            k += 1
        }
        return 0
    }

    /// The working ranges of hours `id` (empty when not worked).
    func ranges(ofHours id: Int) -> [WorkingRange] {
        let h = hours[id]
        return h.working ? h.ranges : []
    }

    /// Whether calendar `c`'s days depend on their day type alone: no calendar of its chain
    /// has an exception or a work week.
    func repeatsWeekly(_ c: Int) -> Bool { weekly[c] }

    /// The shape of calendar `c`'s chain (for sharing one timeline between calendars whose
    /// rules are the same).
    func shape(_ c: Int) -> Shape {
        var exceptions = Array(chainExceptions[exceptionStart[c]..<exceptionStart[c + 1]])
        for i in exceptions.indices { exceptions[i].hours = contentOfHours[exceptions[i].hours] }
        var weeks = Array(weekCandidates[weekStart[c * 7]..<weekStart[c * 7 + 7]])
        for i in weeks.indices { weeks[i].hours = contentOfHours[weeks[i].hours] }
        let starts = (0...7).map { weekStart[c * 7 + $0] - weekStart[c * 7] }
        return Shape(exceptions: exceptions, weeks: weeks, weekStarts: starts)
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
            default: return t + 2 == item   // (not item - 2: item is stored data, any integer)
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
        return count - 1 == position
    }

    /// A day, with its type and (once asked) its date, for the exceptions tried on it.
    struct DayFacts {
        let n: Int
        let type: Int
        private var date: (year: Int, month: Int, day: Int)?

        init(_ n: Int) {
            self.n = n
            self.type = CalendarRules.dayType(n)
        }

        /// Year, month and day, computed once.
        mutating func civil() -> (year: Int, month: Int, day: Int) {
            if let date { return date }
            let c = CalendarRules.civil(n)
            date = c
            return c
        }
    }

    /// Whether exception `e` applies on the day of `facts` (the recurrence rules above).
    static func applies(_ e: Exception, _ facts: inout DayFacts) -> Bool {
        let n = facts.n
        guard n >= e.from, n <= e.to else { return false }
        let kind = e.kind
        if kind == CalendarRules.notRecurring { return true }
        switch kind {
        case 1, 7:
            return floorMod(n - e.from, e.period) == 0
        case 8:
            let t = facts.type
            return t >= 2 && t <= 6
        case 6:
            let t = facts.type
            guard e.daysOfWeek & (1 << (t - 1)) != 0 else { return false }
            let week = floorDiv(n - (t - 1), 7)
            let firstWeek = floorDiv(e.from - (dayType(e.from) - 1), 7)
            return floorMod(week - firstWeek, e.period) == 0
        case 4, 5:
            let (y, m, d) = facts.civil()
            let (fy, fm, _) = civil(e.from)
            guard floorMod((y - fy) * 12 + (m - fm), e.period) == 0 else { return false }
            if kind == 4 { return d == e.monthDay }
            return positional(n, item: e.monthItem, position: e.monthPosition)
        case 2, 3:
            let (_, m, d) = facts.civil()
            guard m - 1 == e.month else { return false }
            if kind == 2 { return d == e.monthDay }
            return positional(n, item: e.monthItem, position: e.monthPosition)
        default:
            return false
        }
    }
}
